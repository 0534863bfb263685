"""The presentation view and the panels beside the pitch, through Streamlit's AppTest."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.presentation import ranked_warnings
from teambuilder.roster_io import load_roster
from teambuilder.scoring import score
from teambuilder.share import SharedState, encode_state
from views import live

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
STARTUP = score(load_roster(EXAMPLES_DIR / "startup_hero.csv")).teams[0]


def present() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["view"] = "present"
    return at.run()


def step_text(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in at.markdown)


def test_the_view_link_opens_the_presentation_without_sidebar_or_editor():
    at = present()

    assert not at.exception
    assert at.title[0].value == "Loopwise"
    assert [h.value for h in at.header][:2] == [
        "Health :red[52/100 · at risk]",
        "Bus factor :red[1]",
    ]
    assert len(at.sidebar.children) == 0 or not at.sidebar.text_input
    assert not at.get("arrow_data_frame") and not at.get("data_editor")
    layout = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]
    assert layout["meta"]["orientation"] == "landscape"


def test_the_warnings_come_costliest_first_and_next_moves_on():
    ranked = ranked_warnings(STARTUP)
    at = present()

    assert f"Warning 1 of {len(ranked)}" in step_text(at)
    assert f"### {ranked[0].warning.title}" in step_text(at)
    at.button(key="present-next").click().run()

    assert f"Warning 2 of {len(ranked)}" in step_text(at)
    assert f"### {ranked[1].warning.title}" in step_text(at)
    assert ranked[0].points >= ranked[1].points


def test_publishing_writes_the_facilitators_team_and_step_to_its_channel():
    at = present()
    channel = at.session_state[live.CHANNEL_KEY]
    at.button(key="present-next").click().run()

    published = live.read(channel)

    assert published is not None
    assert published.team == "Loopwise" and published.step == 1
    people = {(p.name, p.fte) for p in live.roster_of(published).people}
    expected = {(p.name, p.fte) for p in load_roster(EXAMPLES_DIR / "startup_hero.csv").people}
    assert people == expected


def test_the_formation_page_ranks_warnings_by_cost_and_pages_them():
    at = AppTest.from_file(APP, default_timeout=30).run()

    text = step_text(at)
    assert "8 warnings, costliest first" in text
    cards = [str(m.value) for m in at.markdown if str(m.value).startswith(":material/")]
    ranked = ranked_warnings(STARTUP)
    assert len(cards) == 8  # one page holds eight
    assert [c.split("**")[1] for c in cards] == [e.warning.title for e in ranked]
    assert "Platform engineer rests on Meghan Okafor alone" in cards[-1]
    assert "0 points (a repeat" in cards[-1]
    assert all(
        m.help and m.help.startswith("What to do")
        for m in at.markdown
        if str(m.value).startswith(":material/")
    )


def test_the_health_breakdown_puts_points_first_and_marks_repeats():
    at = AppTest.from_file(APP, default_timeout=30).run()

    table = at.dataframe[0].value
    assert next(iter(table.columns)) == "Points"
    assert sorted(table["Points"]) == [-8] * 6 + [0] * 2
    repeats = table[table["Points"] == 0]
    assert all(about.endswith("a repeat: counts nothing") for about in repeats["About"])


def test_each_step_is_one_element_so_its_severity_and_points_belong_to_its_title():
    # Issue 11: the enterprise example's critical overload once read "warning, -8 points":
    # the heading of the next warning, drawn above the overload's title not yet redrawn.
    roster = load_roster(EXAMPLES_DIR / "enterprise_middle_management.json")
    ranked = ranked_warnings(score(roster).team("Claims Automation"))
    assert "OVERLOADED" in [entry.warning.code for entry in ranked]
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["view"] = "present"
    at.query_params["roster"] = encode_state(SharedState(roster=roster))
    at.run()

    for number, entry in enumerate(ranked, start=1):
        (element,) = [str(m.value) for m in at.markdown if "Warning " in str(m.value)]
        assert f"**Warning {number} of {len(ranked)}**" in element
        assert f"{entry.warning.severity.value} · −{entry.points} points" in element
        assert f"### {entry.warning.title}" in element
        assert entry.warning.message.split(" ")[0] in element
        if entry.warning.code == "OVERLOADED":
            assert "critical · −15 points" in element and "Person overloaded" in element
        if number < len(ranked):
            at.button(key="present-next").click().run()


def follower(channel: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["view"] = "present"
    at.query_params["follow"] = channel
    return at.run()


def test_a_follower_reads_the_laptops_channel_from_the_database():
    laptop = present()
    laptop.button(key="present-next").click().run()
    channel = laptop.session_state[live.CHANNEL_KEY]

    projector = follower(channel)  # another session: it shares nothing but the database

    assert not projector.exception
    assert "Warning 2 of" in step_text(projector)
    assert projector.title[0].value == "Loopwise"


def test_a_rerun_that_changes_nothing_makes_no_channel_query(monkeypatch):
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args):
        if "follow_channels" in statement:
            statements.append(statement)

    at = present()
    event.listen(Engine, "before_cursor_execute", seen)
    try:
        at.run()
        assert statements == []  # nothing changed: compared in the session, not queried
        at.button(key="present-next").click().run()
        assert any(s.lstrip().upper().startswith("UPDATE") for s in statements)
    finally:
        event.remove(Engine, "before_cursor_execute", seen)


def test_an_unusable_database_is_said_on_the_follower_and_the_laptop_keeps_working(
    tmp_path, monkeypatch
):
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"not a database at all" * 100)
    monkeypatch.setenv("TEAMBUILDER_DATABASE_URL", f"sqlite:///{broken}")

    projector = follower("AAAAAAAAAAAAAAAAAAAAAA")
    laptop = present()
    laptop.button(key="present-next").click().run()

    assert not projector.exception
    words = " ".join(str(w.value) for w in projector.warning)
    assert "the database is unavailable" in words and "file is not a database" in words
    assert not projector.error  # not "nothing to follow": it cannot tell yet
    assert not laptop.exception
    assert "Warning 2 of" in step_text(laptop)
    assert any("second screen cannot follow now" in str(w.value) for w in laptop.warning)
