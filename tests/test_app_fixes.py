"""The Suggested fixes page through AppTest: suggest, see both formations, apply, undo."""

from __future__ import annotations

import json
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from teambuilder.scoring import score
from views.state import WORKSPACE_KEY

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PAGE = "views/fixes.py"


def open_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(PAGE)
    at.run()
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in at.error] + [s.value for s in at.success]
    # Markdown is escaped by views.common.plain: read it back as the page shows it.
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p) for p in parts))


def working_roster_report(at: AppTest):
    from teambuilder.workspace import parse_workspace

    return score(parse_workspace(at.session_state[WORKSPACE_KEY]).roster).team("Loopwise")


def test_the_page_shows_advice_and_an_action_list_before_any_suggestion():
    at = open_page()

    assert not at.exception
    assert at.title[0].value == "Suggested fixes: Loopwise"
    page = texts(at)
    assert "Lina Park already gives 0.1 FTE to ML engineer" in page
    assert "Action list (health 52/100)" in [s.value for s in at.subheader]


def test_suggest_draws_the_proposal_with_changed_positions_ringed_and_apply_makes_it_the_roster():
    at = open_page()

    at.button(key="fix-run").click().run()

    assert not at.exception
    assert [m.value for m in at.metric][:3] == ["52/100", "60/100", "1"]
    charts = at.get("plotly_chart")
    after = json.loads(charts[0].proto.spec)
    now = json.loads(charts[1].proto.spec)
    assert not [t for t in now["data"] if t.get("meta") == "changed"]
    rings = [t for t in after["data"] if t.get("meta") == "changed"]
    assert rings and rings[0]["customdata"] == ["mlops_engineer"]
    assert "Meghan Okafor gives MLOps engineer 0.4 FTE instead of 0.6" in texts(at)

    at.button(key="fix-apply").click().run()

    assert not at.exception
    report = working_roster_report(at)
    assert "OVERLOADED" not in [w.code for w in report.warnings]
    assert "The fix is applied" in texts(at)

    at.button(key="undo").click().run()

    assert "OVERLOADED" in [w.code for w in working_roster_report(at).warnings]


def test_no_hires_with_everyone_locked_says_why_there_is_no_fix():
    at = open_page()
    at.checkbox(key="fix-no-hires").check()
    at.multiselect(key="fix-locked").set_value(["Meghan Okafor"])
    at.run()

    at.button(key="fix-run").click().run()

    assert not at.exception
    assert any("No fix found" in e.value and "Meghan Okafor" in e.value for e in at.error)


def test_changing_the_options_marks_the_last_suggestion_as_stale():
    at = open_page()
    at.button(key="fix-run").click().run()

    at.radio(key="fix-goal").set_value("all").run()

    assert any("suggest again" in i.value for i in at.info)
