"""The Scenarios and Compare pages through AppTest, on a real SQLite file.

(The same services run on PostgreSQL in test_services.py; the browser tests use both.)
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from teambuilder import services
from teambuilder.analysis.stress import stress_test
from teambuilder.catalogue import EXAMPLES_DIR, catalogue
from teambuilder.formation import PHONE
from teambuilder.roster_io import load_roster
from teambuilder.store import open_store
from tests.helpers import make_person

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
STARTUP = load_roster(EXAMPLES_DIR / "startup_hero.csv")
ORGANISATION = load_roster(EXAMPLES_DIR / "organisation.json")
SCENARIOS, COMPARE = "views/scenarios.py", "views/compare.py"


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    monkeypatch.setenv("TEAMBUILDER_DATABASE_URL", url)
    store = open_store(url)
    yield store
    store.close()


def page(path: str, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if path:
        at.switch_page(path)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [e.value for e in at.error]
    parts += [c.value for c in at.caption] + [s.value for s in at.success]
    parts += [t.value for t in at.text] + [w.value for w in at.warning]
    return unescaped("\n".join(str(p) for p in parts))


def unescaped(text: str) -> str:
    """Markdown as a reader sees it: the app escapes user text with backslashes and puts
    invisible word joiners (U+2060) where a link or an icon code could start."""
    return re.sub(r"\\(.)", r"\1", text).replace("\u2060", "")


def sidebar_label(at: AppTest) -> str:
    return unescaped(str(at.sidebar.caption[0].value))


def table_with(at: AppTest, column: str):
    """The (only) table on the page that has this column."""
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert len(found) == 1, [list(d.value.columns) for d in at.dataframe]
    return found[0]


def hired():
    hire = make_person("Ana Hire", team="Loopwise", platform_engineer=0.5, mlops_engineer=0.5)
    return STARTUP.model_copy(update={"people": (*STARTUP.people, hire)})


def test_saving_the_roster_of_the_tab_creates_a_scenario_in_the_database(db):
    at = page(SCENARIOS)
    at.text_input(key="save-name").input("Hire in Q3")

    click(at, "save-new")

    listed = services.list_scenarios(db)
    assert [(s.name, s.version) for s in listed] == [("Hire in Q3", 1)]
    assert services.open_scenario(db, "Hire in Q3").roster.people == STARTUP.people
    assert "Saved 'Hire in Q3' as version 1" in texts(at)
    assert at.query_params["scenario"] == listed[0].edit_token


def test_a_name_that_is_taken_is_not_saved_over(db):
    services.save_scenario(db, "Plan", ORGANISATION)
    at = page(SCENARIOS)
    at.text_input(key="save-name").input("Plan")

    click(at, "save-new")

    assert "Saving did not work: there is already a scenario called 'Plan'" in texts(at)
    assert [v.number for v in services.history(db, "Plan")] == [1]


def test_opening_a_scenario_replaces_the_roster_and_the_address_bar_reopens_it(db):
    saved = services.save_scenario(db, "Organisation", ORGANISATION)
    at = page(SCENARIOS)

    click(at, f"open-{saved.id}")

    assert sidebar_label(at) == "Scenario: Organisation (version 1)"
    assert at.query_params["scenario"] == saved.edit_token
    team_picker = at.sidebar.selectbox[0]
    assert list(team_picker.options) == ORGANISATION.team_names()


def test_saving_again_adds_a_version_and_the_history_lists_both(db):
    saved = services.save_scenario(db, "Plan", STARTUP)
    at = page("", scenario=saved.edit_token)
    at.switch_page(SCENARIOS)
    at.run()

    click(at, "save-next")

    assert [v.number for v in services.history(db, "Plan")] == [2, 1]
    history = table_with(at, "Saved")
    assert list(history["Version"]) == [2, 1]


def test_restore_makes_version_one_the_latest_again(db):
    services.save_scenario(db, "Plan", STARTUP)
    saved = services.save_scenario(db, "Plan", hired())
    at = page(SCENARIOS)
    at.selectbox(key=f"version-pick-{saved.id}").set_value(1)
    at.run()

    click(at, f"restore-{saved.id}")

    versions = services.history(db, "Plan")
    assert (versions[0].number, versions[0].note) == (3, "Restored version 1")
    assert services.open_scenario(db, "Plan").roster == STARTUP


def test_a_stale_save_is_refused_and_can_be_saved_as_a_branch(db):
    saved = services.save_scenario(db, "Plan", STARTUP)
    at = page("", scenario=saved.edit_token)
    at.switch_page(SCENARIOS)
    at.run()
    services.save_scenario(db, "Plan", hired(), base_version=1)  # another tab saved meanwhile

    click(at, "save-next")

    assert "Not saved:" in texts(at)
    assert "it is at version 2 now" in texts(at)
    assert services.open_scenario(db, "Plan").roster == hired()
    click(at, "stale-branch")
    assert services.open_scenario(db, "Plan (branch)").roster.people == STARTUP.people
    assert [v.number for v in services.history(db, "Plan")] == [2, 1]


def test_a_stale_save_can_reload_the_latest_version_instead(db):
    saved = services.save_scenario(db, "Plan", STARTUP)
    at = page("", scenario=saved.edit_token)
    at.switch_page(SCENARIOS)
    at.run()
    services.save_scenario(db, "Plan", hired(), base_version=1)
    click(at, "save-next")

    click(at, "stale-reload")

    assert sidebar_label(at) == "Scenario: Plan (version 2)"
    assert "Not saved:" not in texts(at)


def test_a_view_link_opens_read_only_and_an_edit_link_can_save(db):
    saved = services.save_scenario(db, "Plan", STARTUP)

    viewer = page(SCENARIOS, scenario=saved.view_token)
    editor = page(SCENARIOS, scenario=saved.edit_token)

    assert sidebar_label(viewer) == "Scenario: Plan (version 1, view only)"
    assert not [b for b in viewer.button if b.key == "save-next"]
    assert "view-only link" in texts(viewer)
    assert [b.label for b in editor.button if b.key == "save-next"] == [
        "Save as version 2 of this scenario"
    ]
    assert viewer.query_params["scenario"] == saved.view_token


def test_a_link_that_opens_nothing_says_so_and_keeps_the_example(db):
    at = page("", scenario="not-a-real-link-id")

    assert "does not open anything" in texts(at)
    assert sidebar_label(at).startswith("Example")


def test_delete_and_undo_from_the_page(db):
    saved = services.save_scenario(db, "Gone soon", STARTUP)
    at = page(SCENARIOS)

    click(at, f"delete-{saved.id}")
    assert services.list_scenarios(db) == []
    click(at, "undo-delete")

    assert [s.name for s in services.list_scenarios(db)] == ["Gone soon"]


def test_names_are_shown_as_typed_never_as_markup(db):
    name = "<b>Bold</b> **stars** :material/home: http://evil.example"
    services.save_scenario(db, name, STARTUP)

    at = page(SCENARIOS)

    table = table_with(at, "Scenario")
    assert list(table["Scenario"]) == [name]
    assert name in [t.value.split(" · ")[0] for t in at.text]


def test_compare_shows_both_formations_numbers_and_the_changes(db):
    services.save_scenario(db, "Now", STARTUP)
    services.save_scenario(db, "With a hire", hired())
    at = page(COMPARE)
    at.selectbox(key="compare-A").select_index(2)  # options: the tab, With a hire, Now
    at.selectbox(key="compare-B").select_index(1)
    at.run()

    assert not at.exception
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    titles = [c["layout"]["title"]["text"] for c in charts]
    assert len(charts) == 2 and titles[0].startswith("A · Loopwise") and titles[1].startswith("B")
    # Half a page wide each: the narrow column's layout, so that no label overlaps another.
    assert [c["layout"]["meta"]["canvas"][0] for c in charts] == [PHONE.width, PHONE.width]
    changes = list(table_with(at, "Change")["Change"])
    assert "Ana Hire joins Loopwise (1 FTE: MLOps engineer 0.5, Platform engineer 0.5)." in changes
    named = [w for d in at.dataframe if "What" in d.value.columns for w in d.value["Warning"]]
    titles = {rule.title for rule in catalogue().rules}
    assert named and set(named) <= titles, named  # "Single point of failure", not its code
    metrics = {m.label: m.value for m in at.metric}
    assert set(metrics) == {
        "Health A", "Health B", "Bus factor A", "Bus factor B",
        "Resilience A", "Resilience B",
    }  # fmt: skip
    shares = [stress_test(r, depth=1)[0].n1 for r in (STARTUP, hired())]  # A: now, B: the hire
    assert metrics["Resilience A"] == f"{shares[0] * 100:.0f}%"
    assert metrics["Resilience B"] == f"{shares[1] * 100:.0f}%"
    delta = next(m for m in at.metric if m.label == "Resilience B").delta
    assert delta == f"{(shares[1] - shares[0]) * 100:+.0f} points"


def test_an_unusable_database_keeps_the_roster_and_says_saving_is_unavailable(
    tmp_path, monkeypatch
):
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"not a database at all" * 100)
    monkeypatch.setenv("TEAMBUILDER_DATABASE_URL", f"sqlite:///{broken}")

    at = page(SCENARIOS)

    assert "Saving is unavailable" in texts(at)
    assert "file is not a database" in texts(at)
    assert sidebar_label(at).startswith("Example")
    at.switch_page("views/formation.py")
    at.run()
    assert not at.exception and at.get("plotly_chart")
    at.switch_page(COMPARE)
    at.run()
    assert not at.exception and "Saving is unavailable" in texts(at)


def test_a_postgresql_server_that_is_down_says_saving_is_unavailable(monkeypatch):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens there once closed
    monkeypatch.setenv(
        "TEAMBUILDER_DATABASE_URL", f"postgresql+psycopg://planner:pw@127.0.0.1:{port}/teams"
    )

    at = page(SCENARIOS)

    assert f"Saving is unavailable: the postgresql database at 127.0.0.1:{port}/teams" in texts(at)
    assert ":pw@" not in texts(at)
    assert sidebar_label(at).startswith("Example")


def test_the_same_scenario_on_both_sides_compares_its_last_two_versions(db):
    services.save_scenario(db, "Plan", STARTUP)
    services.save_scenario(db, "Plan", hired(), base_version=1)
    (plan,) = services.list_scenarios(db)
    at = page(COMPARE)
    at.selectbox(key="compare-A").select_index(1)  # options: the tab, Plan
    at.selectbox(key="compare-B").select_index(1)
    at.run()

    assert not at.exception
    assert at.selectbox(key=f"compare-A-version-{plan.id}-earlier").value == 1
    assert at.selectbox(key=f"compare-B-version-{plan.id}").value == 2
    changes = list(table_with(at, "Change")["Change"])
    assert "Ana Hire joins Loopwise (1 FTE: MLOps engineer 0.5, Platform engineer 0.5)." in changes
