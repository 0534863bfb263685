"""The Organisation page through AppTest: every team at once, at 500 teams too."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.roster_io import load_roster
from teambuilder.workspace import workspace_from_roster
from tests.test_organisation import organisation_roster

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PAGE = "views/organisation.py"


def on_org_page(roster=None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if roster is not None:
        at.session_state["workspace"] = workspace_from_roster(roster, label="Test")
    at.run()
    at.switch_page(PAGE)
    at.run()
    return at


def grid(at: AppTest):
    return next(frame for frame in at.dataframe if "Team" in frame.value.columns)


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_the_example_organisation_shows_every_team_and_its_figures():
    at = on_org_page(load_roster(EXAMPLES_DIR / "organisation.json"))

    frame = grid(at).value

    assert not at.exception
    assert at.title[0].value == "Organisation"  # the page title, as on every page
    assert list(frame["Team"]) == ["Demand Forecasting", "Personalisation", "ML Platform"]
    assert list(frame["Health"]) == [40, 30, 55]
    assert frame.loc[1, "PLT"] == "✕"  # missing
    assert frame.loc[1, "OPS"] == "◆"  # thin
    assert frame.loc[0, "TL"] == "○"  # not needed at its size
    assert metric(at, "Teams") == "3"
    assert any(
        "Ravi Iyer alone holds a critical position in 2 teams" in w.value for w in at.warning
    )


def test_the_shared_and_key_people_are_named():
    at = on_org_page(load_roster(EXAMPLES_DIR / "organisation.json"))

    tables = {tuple(f.value.columns): f.value for f in at.dataframe}
    shared = next(v for k, v in tables.items() if "Load (FTE)" in k and "Status" in k)
    key = next(v for k, v in tables.items() if "Teams hurt" in k)

    assert shared.iloc[0]["Person"] == "Ravi Iyer"
    assert shared.iloc[0]["Status"] == "overloaded"
    assert key.iloc[0]["Person"] == "Ravi Iyer"
    assert key.iloc[0]["Teams hurt"] == 2


def test_filters_keep_only_the_teams_asked_for():
    at = on_org_page(load_roster(EXAMPLES_DIR / "organisation.json"))

    at.text_input(key="org-search").input("person").run()
    assert list(grid(at).value["Team"]) == ["Personalisation"]

    at.text_input(key="org-search").input("").run()
    at.multiselect(key="org-gaps").set_value(["BIZ"]).run()
    assert list(grid(at).value["Team"]) == ["ML Platform"]

    at.multiselect(key="org-gaps").set_value([]).run()
    at.slider(key="org-health").set_value((35, 100)).run()
    assert list(grid(at).value["Team"]) == ["Demand Forecasting", "ML Platform"]


def test_five_hundred_teams_render_with_a_row_each():
    at = on_org_page(organisation_roster(500))

    frame = grid(at).value

    assert not at.exception
    assert len(frame) == 500
    assert metric(at, "Teams") == "500"
    assert any(
        "Platform 00, Platform 01" in w.value
        and "45 more each alone hold" in w.value
        and "in 10 teams" in w.value
        for w in at.warning
    )


def test_an_edited_team_changes_the_figures_on_the_next_visit():
    roster = load_roster(EXAMPLES_DIR / "organisation.json")
    at = on_org_page(roster)
    before = grid(at).value.loc[2, "BIZ"]
    ws = at.session_state["workspace"]
    table = ws.tables["ML Platform"].copy()
    table.loc[0, "outside_in"] = 0.5  # someone takes the business bridge
    ws.tables["ML Platform"] = table

    at.run()

    assert before == "✕"
    assert grid(at).value.loc[2, "BIZ"] == "●"


def test_resilience_is_added_on_request_as_a_column():
    at = on_org_page(load_roster(EXAMPLES_DIR / "organisation.json"))
    assert "N-1" not in grid(at).value.columns

    at.toggle(key="org-resilience").set_value(True)
    at.run()

    frame = grid(at).value
    assert not at.exception
    assert list(frame["N-1"]) == [20, 43, 67]


def test_another_visit_and_a_filter_neither_read_nor_score_the_teams_again(monkeypatch):
    import views.state

    at = on_org_page(organisation_roster(60))
    calls: list[str] = []
    parse, score = views.state.parse_workspace, views.state.score
    monkeypatch.setattr(
        views.state, "parse_workspace", lambda ws: calls.append("parse") or parse(ws)
    )
    monkeypatch.setattr(views.state, "score", lambda *a: calls.append("score") or score(*a))

    at.switch_page("views/formation.py")
    at.run()
    at.switch_page(PAGE)
    at.run()
    at.text_input(key="org-search").input("Team 01").run()

    assert not at.exception
    assert calls == []
    assert len(grid(at).value) == 10  # Team 010 to Team 019


def test_the_narrow_grid_names_each_teams_gaps_in_one_column():
    at = on_org_page(load_roster(EXAMPLES_DIR / "organisation.json"))

    at.toggle(key="org-narrow").set_value(True).run()

    frame = grid(at).value
    assert not at.exception
    assert list(frame.columns) == ["Team", "Health", "Bus factor", "Gaps"]
    assert list(frame["Gaps"]) == ["none", "◆OPS ✕PLT", "✕BIZ"]


def test_the_page_opens_with_its_title_before_any_control():
    at = on_org_page(load_roster(EXAMPLES_DIR / "organisation.json"))

    kinds = [node.type for node in at.main]

    assert not at.exception
    assert "title" in kinds and "toggle" in kinds, kinds
    assert kinds.index("title") < kinds.index("toggle"), kinds


def test_the_count_of_teams_shown_agrees_with_one_team():
    at = on_org_page(load_roster(EXAMPLES_DIR / "startup_hero.csv"))

    assert not at.exception
    assert "Showing 1 of 1 team. Sort by clicking a column header." in [c.value for c in at.caption]
