"""The dashboard through Streamlit's AppTest: pages render, edits and absences take effect."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from teambuilder.catalogue import EXAMPLES_DIR, catalogue
from teambuilder.roster_io import load_roster
from teambuilder.scoring import score
from teambuilder.workspace import table_from_records
from views.common import JOINER, only_because

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
EXAMPLES = sorted(p.name for p in EXAMPLES_DIR.iterdir() if p.suffix in {".csv", ".json"})
PAGES = ["views/formation.py", "views/people.py", "views/guide.py", "views/files.py"]
FIRST_EDITOR = "editor-Loopwise-0"  # the default example's team, before any reload


def fresh_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=30)


def no_edits() -> dict[str, object]:
    return {"edited_rows": {}, "added_rows": [], "deleted_rows": []}


def pitch(at: AppTest) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [e.value for e in at.error]
    parts += [c.value for c in at.caption]
    return "\n".join(str(p) for p in parts)


def unescaped(text: str) -> str:
    """Markdown as a reader sees it: the app escapes user text with backslashes."""
    return re.sub(r"\\(.)", r"\1", text)


def metric(at: AppTest, label: str) -> str:
    return next(str(m.value) for m in at.metric if m.label.startswith(label))


def positions_held_by(figure: dict, name: str) -> set[str]:
    """Position ids whose marker lists ``name`` among its people (hover or label)."""
    found = set()
    for trace in figure["data"]:
        ids = trace.get("customdata") or []
        hovers = trace.get("hovertext") or trace.get("text") or []
        if isinstance(hovers, str):
            hovers = [hovers] * len(ids)
        for position_id, hover in zip(ids, hovers, strict=False):
            pid = position_id[0] if isinstance(position_id, list) else position_id
            if isinstance(hover, str) and name in hover:
                found.add(pid)
    return found


def test_first_visit_shows_an_example_team_and_its_pitch():
    at = fresh_app()

    at.run()

    assert not at.exception
    assert at.title[0].value == "Loopwise"
    assert len(at.get("plotly_chart")) == 1
    assert "Single point of failure" in texts(at)


@pytest.mark.parametrize("example", EXAMPLES)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_every_example(example, page):
    at = fresh_app()
    at.run()
    at.switch_page("views/files.py")
    at.run()
    at.selectbox(key="files-example").set_value(example)
    at.button(key="files-load-example").click()
    at.run()

    at.switch_page(page)
    at.run()

    assert not at.exception
    assert not at.error
    if page in ("views/formation.py", "views/people.py"):
        assert at.get("plotly_chart")


def test_an_edit_in_the_roster_editor_changes_the_pitch_and_the_warnings():
    at = fresh_app()
    at.run()
    before = pitch(at)
    assert "Platform engineer rests on Meghan Okafor alone" in texts(at)
    edits = no_edits()
    edits["edited_rows"] = {2: {"platform_engineer": 0.5, "data_scientist": 0.5}}  # Tom Becker
    at.session_state[FIRST_EDITOR] = edits

    at.run()

    assert not at.exception
    assert "Platform engineer rests on Meghan Okafor alone" not in texts(at)
    after = pitch(at)
    assert after != before
    assert "platform_engineer" in positions_held_by(after, "Tom Becker")
    assert "platform_engineer" not in positions_held_by(before, "Tom Becker")


def test_edits_survive_a_visit_to_another_page():
    at = fresh_app()
    at.run()
    edits = no_edits()
    edits["edited_rows"] = {2: {"platform_engineer": 0.5, "data_scientist": 0.5}}
    at.session_state[FIRST_EDITOR] = edits
    at.run()

    at.switch_page("views/guide.py")
    at.run()
    at.switch_page("views/formation.py")
    at.run()

    assert "platform_engineer" in positions_held_by(pitch(at), "Tom Becker")
    assert "Platform engineer rests on Meghan Okafor alone" not in texts(at)


def test_marking_someone_away_changes_the_pitch_and_names_the_new_warnings():
    at = fresh_app()
    at.run()
    before = pitch(at)

    at.multiselect(key="away-0").set_value(["Meghan Okafor"])
    at.run()

    assert not at.exception
    shown = texts(at)
    assert "Only because Meghan Okafor is away" in shown
    assert pitch(at) != before
    expected = score(load_roster(EXAMPLES_DIR / "startup_hero.csv"), ["Meghan Okafor"])
    assert metric(at, "Bus factor") == str(expected.team("Loopwise").bus_factor)


def test_a_broken_row_is_explained_and_the_other_rows_stay_on_the_pitch():
    at = fresh_app()
    at.run()
    edits = no_edits()
    edits["added_rows"] = [{"name": "Half Filled", "ml_engineer": 0.5}]  # no FTE
    at.session_state[FIRST_EDITOR] = edits

    at.run()

    assert not at.exception
    (error,) = at.error
    assert "row 6" in error.value
    assert "column 'FTE'" in error.value
    assert "Meghan Okafor" in json.dumps(pitch(at))
    assert metric(at, "People") == "5"


def test_a_name_with_html_is_shown_as_text():
    at = fresh_app()
    at.run()
    evil = "<img src=x onerror=alert(1)>"
    edits = no_edits()
    edits["added_rows"] = [{"name": evil, "fte": 1.0, "outside_in": 0.5}]
    at.session_state[FIRST_EDITOR] = edits

    at.run()

    assert not at.exception
    figure = json.dumps(pitch(at))
    assert "<img" not in figure
    assert "&lt;img" in figure
    assert all("<img" not in str(m.value) or "\\<img" in str(m.value) for m in at.markdown)


def test_changing_the_size_tier_changes_the_requirements():
    at = fresh_app()
    at.run()
    assert metric(at, "Size tier") == "small"

    at.selectbox(key="size-Loopwise-0").set_value("medium")
    at.run()

    assert metric(at, "Size tier") == "medium"
    assert "a medium team needs it" in texts(at)


def test_title_suggestions_fill_in_positions():
    at = fresh_app()
    at.run()
    # AppTest replays a seeded editor edit for one run only, and a button click resends the
    # editor's empty state; so the new row goes into the workspace's table directly.
    workspace = at.session_state["workspace"]
    table = workspace.tables["Loopwise"]
    new_row = {"name": "Nova", "title": "Senior MLOps Engineer", "fte": 1.0, "absent": False}
    workspace.tables["Loopwise"] = table_from_records([*table.to_dict("records"), new_row])
    workspace.version += 1
    at.run()
    assert "Suggested positions from job titles" in texts(at)

    at.button(key="suggest-Loopwise-1").click()
    at.run()

    assert not at.exception
    assert "mlops_engineer" in positions_held_by(pitch(at), "Nova")
    assert "MLOps engineer rests on Meghan Okafor alone" not in texts(at)


def test_someone_away_stays_away_while_their_row_has_a_typo():
    at = fresh_app()
    at.run()
    at.multiselect(key="away-0").set_value(["Meghan Okafor"])
    at.run()
    edits = no_edits()
    edits["edited_rows"] = {1: {"fte": 0.0}}  # Meghan Okafor: FTE must be above 0
    at.session_state[FIRST_EDITOR] = edits

    at.run()

    assert not at.exception
    assert at.session_state["workspace"].away == ["Meghan Okafor"]
    at.run()  # the typo fixed: AppTest replays a seeded edit for one run only
    assert at.session_state["workspace"].away == ["Meghan Okafor"]
    assert "Meghan Okafor" in texts(at)


def test_picking_someone_away_changes_the_health_in_the_same_run_and_clearing_restores_it():
    at = fresh_app()
    at.run()
    assert metric(at, "Health") == "52/100"

    at.multiselect(key="away-0").set_value(["Meghan Okafor"])
    at.run()

    away_health = int(metric(at, "Health").split("/")[0])
    assert away_health < 52
    at.multiselect(key="away-0").set_value([])
    at.run()
    assert metric(at, "Health") == "52/100"
    assert "Only because" not in texts(at)


def test_renaming_the_team_shows_it_under_its_new_name_everywhere():
    at = fresh_app()
    at.run()

    at.text_input(key="team-name-Loopwise-0").set_value("  Loopwise United ")
    at.run()

    assert not at.exception
    assert at.title[0].value == "Loopwise United"
    assert at.session_state["team"] == "Loopwise United"
    assert metric(at, "People") == "5"


def test_a_long_team_name_is_cut_at_the_limit_and_every_row_stays():
    at = fresh_app()
    at.run()
    assert at.text_input(key="team-name-Loopwise-0").max_chars == 120

    at.text_input(key="team-name-Loopwise-0").set_value("x" * 130)
    at.run()

    assert not at.exception
    assert at.title[0].value == "x" * 120
    assert metric(at, "People") == "5"


def test_a_blank_team_name_is_refused_and_the_team_stays():
    at = fresh_app()
    at.run()

    at.text_input(key="team-name-Loopwise-0").set_value("   ")
    at.run()

    assert not at.exception
    assert "A team needs a name" in at.sidebar.error[0].value
    assert at.title[0].value == "Loopwise"
    assert metric(at, "People") == "5"


def test_the_size_tiers_are_labelled_with_the_catalogues_head_counts():
    at = fresh_app()
    at.run()

    labels = at.selectbox(key="size-Loopwise-0").options

    small, medium, _ = catalogue().tiers
    assert f"Small (up to {small.max_people} people)" in labels
    assert f"Medium ({small.max_people + 1} to {medium.max_people} people)" in labels
    assert f"Large (over {medium.max_people} people)" in labels


def test_a_new_row_with_only_a_job_title_is_offered_positions_by_its_row_number():
    at = fresh_app()
    at.run()
    workspace = at.session_state["workspace"]
    table = workspace.tables["Loopwise"]
    new_row = {"title": "Senior MLOps Engineer"}  # no name yet
    workspace.tables["Loopwise"] = table_from_records([*table.to_dict("records"), new_row])
    workspace.version += 1

    at.run()

    assert not at.exception
    offer = next(m.value for m in at.markdown if "Suggested positions" in m.value)
    assert "**row 6**" in offer
    assert "nan" not in offer


def test_an_edit_in_one_team_shows_the_rows_it_leaves_out_of_other_teams():
    at = fresh_app()
    at.run()
    at.switch_page("views/files.py")
    at.run()
    at.selectbox(key="files-example").set_value("organisation.json")
    at.button(key="files-load-example").click()
    at.run()
    at.switch_page("views/formation.py")
    at.run()
    edits = no_edits()
    edits["edited_rows"] = {0: {"fte": 0.5}}  # Helen Brooks, also in two other teams
    at.session_state["editor-Demand Forecasting-1"] = edits

    at.run()

    assert not at.exception
    (error,) = at.error
    message = unescaped(error.value)
    assert "row 1 of Personalisation and row 1 of ML Platform are left off" in message
    assert "Personalisation, row 1 (Helen Brooks), column 'FTE'" in message
    assert "ML Platform, row 1 (Helen Brooks), column 'FTE'" in message
    assert "0.5 on row 1 of Demand Forecasting" in message


LINK = "[click](https://evil.example)"
TAG = "<img src=x onerror=alert(1)>"
ESCAPED_LINK = r"\[click\]\(https\:" + JOINER + r"//evil\.example\)"
ESCAPED_TAG = r"\<img src=x onerror=alert\(1\)\>"


def rendered_markdown(at: AppTest) -> list[str]:
    """Every value Streamlit renders as markdown: titles, captions, alerts and text."""
    kinds = ("title", "header", "subheader", "caption", "markdown")
    kinds += ("error", "warning", "success", "info")
    return [str(element.value) for kind in kinds for element in getattr(at, kind)]


def test_a_team_name_and_a_file_name_with_links_or_html_are_shown_as_text():
    evil = f"Evil {LINK} {TAG}"
    at = fresh_app()
    at.run()
    at.switch_page("views/files.py")
    at.run()
    csv = f"team,name,fte,tech_lead\n{evil},Ann,1,1\n".encode()
    at.file_uploader(key="upload").upload(f"{LINK}{TAG}.csv", csv, "text/csv")
    at.run()
    assert ESCAPED_LINK in at.success[0].value and ESCAPED_TAG in at.success[0].value

    at.button(key="confirm-upload").click()
    at.run()
    shown = {}
    for page in ("views/formation.py", "views/people.py"):
        at.switch_page(page)
        at.run()
        assert not at.exception
        shown[page] = rendered_markdown(at)

    formation, people = shown["views/formation.py"], shown["views/people.py"]
    assert at.title[0].value == f"People and load: Evil {ESCAPED_LINK} {ESCAPED_TAG}"
    assert f"Evil {ESCAPED_LINK} {ESCAPED_TAG}" in formation  # the title
    assert f"File\\: {ESCAPED_LINK}{ESCAPED_TAG}\\.csv" in people  # the sidebar caption
    for value in formation + people:
        assert not re.search(r"(?<!\\)<img|(?<!\\)\[click", value), value


@pytest.mark.parametrize(
    ("absences", "said"),
    [
        (["Ann"], "Only because Ann is away"),
        (["Ann", "Bob"], "Only because Ann and Bob are away"),
        (["Ann", "Bob", "Cy"], "Only because Ann, Bob and Cy are away"),
    ],
)
def test_a_warning_says_whose_absence_it_depends_on(absences, said):
    assert only_because(absences) == said


def test_the_health_breakdown_names_warnings_by_their_titles():
    at = fresh_app()

    at.run()

    warnings = list(at.dataframe[0].value["Warning"])
    titles = {rule.title for rule in catalogue().rules}
    assert warnings and set(warnings) <= titles
    assert "Single point of failure" in warnings


@pytest.mark.parametrize(
    ("page", "fte"),
    [("views/formation.py", 0.35), ("views/people.py", 0.45), ("views/files.py", 0.55)],
)
def test_a_page_parses_the_roster_once_per_change_and_not_on_a_plain_rerun(page, fte, monkeypatch):
    import views.state

    at = fresh_app()
    at.run()
    at.switch_page(page)
    at.run()
    calls = []
    parse = views.state.parse_workspace
    monkeypatch.setattr(views.state, "parse_workspace", lambda ws: calls.append(ws) or parse(ws))

    at.run()
    plain_rerun = len(calls)
    ws = at.session_state["workspace"]
    team = next(iter(ws.tables))
    table = ws.tables[team].copy()
    table.loc[0, "fte"] = fte  # an FTE no other test gives: no cached roster has it
    ws.tables[team] = table
    ws.version += 1  # as a change from code does: the editor starts from the new table
    at.run()

    assert not at.exception
    assert plain_rerun == 0
    assert len(calls) == 1


def test_the_position_guide_writes_job_titles_as_titles():
    at = fresh_app()
    at.run()
    at.switch_page("views/guide.py")
    at.run()

    titles = [str(c.value) for c in at.caption if str(c.value).startswith("Typical titles: ")]

    assert not at.exception
    assert len(titles) == len(catalogue().positions)
    assert titles[0].startswith("Typical titles: CEO, CTO, CIO, CDO, Chief data officer")
    assert "VP data and AI" in titles[0]
    assert "MLOps engineer, ML platform engineer" in "\n".join(titles)
    assert "DevOps engineer" in "\n".join(titles) and "SRE" in "\n".join(titles)
