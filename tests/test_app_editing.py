"""Editing the roster through AppTest: the one-person form, undo and redo of every change."""

from __future__ import annotations

import json
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from views.common import JOINER

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
FIRST_EDITOR = "editor-Loopwise-0"


def fresh_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    return at


def by_label(widgets, label: str):
    found = [w for w in widgets if w.label == label]
    assert len(found) == 1, [w.label for w in widgets]
    return found[0]


def names(at: AppTest, team: str = "Loopwise") -> list[str]:
    return list(at.session_state["workspace"].tables[team]["name"])


def people_metric(at: AppTest) -> str:
    return next(str(m.value) for m in at.metric if m.label == "People")


def pitch_text(at: AppTest) -> str:
    return json.dumps(json.loads(at.get("plotly_chart")[0].proto.spec))


def add_person(at: AppTest, name: str, title: str = "", fte: float | None = None) -> None:
    by_label(at.text_input, "Name").set_value(name)
    if title:
        by_label(at.text_input, "Job title").set_value(title)
    if fte is not None:
        by_label(at.number_input, "FTE").set_value(fte)
    by_label(at.button, "Add to the team").click()
    at.run()
    assert not at.exception


def sidebar_note(at: AppTest) -> str:
    """The sidebar's first caption as a reader sees it (the app escapes Markdown)."""
    return re.sub(r"\\(.)", r"\1", at.sidebar.caption[0].value).replace(JOINER, "")


def click_sidebar(at: AppTest, label: str) -> None:
    by_label(at.sidebar.button, label).click()
    at.run()
    assert not at.exception


def test_a_person_added_with_the_form_gets_the_positions_their_title_suggests():
    at = fresh_app()

    add_person(at, "Nova Quinn", title="Senior MLOps Engineer", fte=0.8)

    table = at.session_state["workspace"].tables["Loopwise"]
    row = table[table["name"] == "Nova Quinn"].iloc[0]
    assert row["title"] == "Senior MLOps Engineer"
    assert row["fte"] == 0.8
    assert row["mlops_engineer"] == 0.8  # pre-selected from the title, given the whole FTE
    assert people_metric(at) == "6"
    assert "Nova Quinn" in pitch_text(at)


def test_a_job_title_preselects_its_positions_as_chips_before_saving():
    at = fresh_app()

    by_label(at.text_input, "Job title").set_value("Data Scientist")
    at.run()

    assert picked_chips(at) == ["Data scientist"]


def picked_chips(at: AppTest) -> list[str]:
    """The form's chips drawn as picked (primary buttons), in the catalogue's order."""
    return [b.label for b in at.button if b.key and "-chip-" in b.key and b.proto.type == "primary"]


def click_chip(at: AppTest, label: str) -> None:
    next(b for b in at.button if b.key and "-chip-" in b.key and b.label == label).click()
    at.run()
    assert not at.exception


def test_a_chip_clicked_survives_a_later_title_change_and_is_saved_with_its_share():
    at = fresh_app()
    by_label(at.text_input, "Name").set_value("Nova Quinn")
    by_label(at.text_input, "Job title").set_value("Data Scientist")
    at.run()
    click_chip(at, "Architect")
    assert picked_chips(at) == ["Data scientist", "Architect"]

    # A new title brings its own suggestions; the chip clicked on stays picked.
    by_label(at.text_input, "Job title").set_value("ML Engineer")
    at.run()
    assert picked_chips(at) == ["ML engineer", "Architect"]
    click_chip(at, "ML engineer")  # a suggested chip clicked off stays off
    by_label(at.number_input, "FTE as Architect").set_value(0.3)
    by_label(at.button, "Add to the team").click()
    at.run()

    table = at.session_state["workspace"].tables["Loopwise"]
    row = table[table["name"] == "Nova Quinn"].iloc[0]
    assert row["architect"] == 0.3
    assert row["ml_engineer"] != row["ml_engineer"]  # empty (NaN): clicked off
    assert row["data_scientist"] != row["data_scientist"]  # the old title's suggestion went


def test_the_form_changes_and_removes_an_existing_person():
    at = fresh_app()
    by_label(at.selectbox, "Add or change").set_value(2)  # Tom Becker, row 3
    at.run()
    assert by_label(at.text_input, "Name").value == "Tom Becker"

    by_label(at.number_input, "FTE").set_value(0.5)
    by_label(at.button, "Save changes").click()
    at.run()

    table = at.session_state["workspace"].tables["Loopwise"]
    assert table.loc[table["name"] == "Tom Becker", "fte"].item() == 0.5
    by_label(at.selectbox, "Add or change").set_value(2)
    at.run()
    by_label(at.button, "Remove from the team").click()
    at.run()
    assert "Tom Becker" not in names(at)
    assert people_metric(at) == "4"


def test_a_person_without_a_name_is_not_added_and_the_form_says_why():
    at = fresh_app()

    by_label(at.text_input, "Job title").set_value("ML engineer")
    by_label(at.button, "Add to the team").click()
    at.run()

    assert "Type a name first" in at.error[0].value
    assert len(names(at)) == 5


def test_undo_and_redo_take_back_and_redo_a_person_added():
    at = fresh_app()
    add_person(at, "Nova Quinn", title="ML engineer")

    click_sidebar(at, "Undo")

    assert "Nova Quinn" not in names(at)
    assert people_metric(at) == "5"
    assert "Undone: Nova Quinn added." in sidebar_note(at)
    click_sidebar(at, "Redo")
    assert "Nova Quinn" in names(at)
    assert people_metric(at) == "6"


def test_undo_takes_back_an_edit_in_the_table():
    at = fresh_app()
    at.session_state[FIRST_EDITOR] = {
        "edited_rows": {2: {"platform_engineer": 0.5}},  # Tom Becker
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    table = at.session_state["workspace"].tables["Loopwise"]
    assert table.loc[2, "platform_engineer"] == 0.5

    click_sidebar(at, "Undo")

    table = at.session_state["workspace"].tables["Loopwise"]
    assert table.loc[2, "platform_engineer"] != 0.5
    assert "an edit of Tom Becker" in sidebar_note(at)


def test_undo_takes_back_added_and_deleted_rows_of_the_table():
    at = fresh_app()
    at.session_state[FIRST_EDITOR] = {
        "edited_rows": {},
        "added_rows": [{"name": "Row Added", "fte": 1.0}],
        "deleted_rows": [0],  # Priya Nair
    }
    at.run()
    assert "Row Added" in names(at) and "Priya Nair" not in names(at)

    click_sidebar(at, "Undo")

    assert names(at) == ["Priya Nair", "Meghan Okafor", "Tom Becker", "Lina Park", "Jonas Weber"]


def test_undo_brings_back_the_roster_before_an_example_was_opened_and_redo_reopens_it():
    at = fresh_app()
    at.switch_page("views/files.py")
    at.run()
    at.selectbox(key="files-example").set_value("organisation.json")
    at.button(key="files-load-example").click()
    at.run()
    assert at.session_state["workspace"].team_names[0] == "Demand Forecasting"

    click_sidebar(at, "Undo")
    assert at.session_state["workspace"].team_names == ["Loopwise"]
    click_sidebar(at, "Redo")
    assert at.session_state["workspace"].team_names[0] == "Demand Forecasting"


def test_the_suggested_positions_filled_in_can_be_undone():
    at = fresh_app()
    at.session_state[FIRST_EDITOR] = {
        "edited_rows": {},
        "added_rows": [{"name": "Nova", "title": "Data Scientist", "fte": 1.0}],
        "deleted_rows": [],
    }
    at.run()
    at.button(key="suggest-Loopwise-0").click()
    at.run()
    table = at.session_state["workspace"].tables["Loopwise"]
    assert table.loc[table["name"] == "Nova", "data_scientist"].item() == 1.0

    click_sidebar(at, "Undo")

    table = at.session_state["workspace"].tables["Loopwise"]
    assert table.loc[table["name"] == "Nova", "data_scientist"].isna().all()


def test_sixty_changes_are_undone_one_by_one_and_redone():
    at = fresh_app()
    for number in range(60):
        add_person(at, f"Person {number:02d}")
    assert len(names(at)) == 65

    for number in reversed(range(60)):
        click_sidebar(at, "Undo")
        assert names(at)[-1] == (f"Person {number - 1:02d}" if number else "Jonas Weber")
    assert len(names(at)) == 5
    for _ in range(60):
        click_sidebar(at, "Redo")
    assert len(names(at)) == 65
    assert names(at)[-1] == "Person 59"


def test_nothing_to_undo_is_said_and_changes_nothing():
    at = fresh_app()

    click_sidebar(at, "Undo")

    assert "Nothing to undo." in sidebar_note(at)
    assert len(names(at)) == 5


def test_a_problem_is_listed_under_the_table_by_row_and_the_pitch_keeps_the_rest():
    at = fresh_app()
    at.session_state[FIRST_EDITOR] = {
        "edited_rows": {},
        "added_rows": [{"name": "Half Filled", "ml_engineer": 0.5}],  # no FTE
        "deleted_rows": [],
    }

    at.run()

    (error,) = at.error
    assert "**Row 6 \\(Half Filled\\)**: column 'FTE'" in error.value
    assert "row 6 of Loopwise is left off the pitch" in error.value
    assert "Meghan Okafor" in pitch_text(at)
    assert people_metric(at) == "5"
