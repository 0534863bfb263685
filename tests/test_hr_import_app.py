"""The Import page through AppTest: guess, correct, preview, accept, open."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PAGE = "views/import_hr.py"
HR = Path(__file__).parent / "fixtures" / "hr"


def on_import_page(name: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(PAGE)
    at.run()
    data = (HR / name).read_bytes()
    at.file_uploader(key="hr-upload").upload(name, data, "text/csv").run()
    return at


def field(at: AppTest, target: str):
    return next(s for s in at.selectbox if s.key.startswith(f"hr-field-{target}-"))


def frame_with(at: AppTest, column: str):
    return next(f.value for f in at.dataframe if column in f.value.columns)


def test_the_guessed_mapping_is_shown_for_correction_with_a_preview():
    at = on_import_page("workday_like.csv")

    preview = frame_with(at, "Problems")

    assert not at.exception
    assert at.title[0].value == "Import an HR export"
    assert field(at, "name").value == "Worker"
    assert field(at, "manager_id").value == "Manager ID"
    assert field(at, "fte").value == "(not used)"
    assert list(preview["Name"][:3]) == ["Amara Osei", "Jonas Weber", "Li Wei"]
    assert any("Hire Date, Location, Cost Center" in c.value for c in at.caption)
    assert any("9 people in 2 teams: " in s.value for s in at.success)


def test_a_correction_changes_what_is_read():
    at = on_import_page("workday_like.csv")

    field(at, "team").set_value("Location").run()
    preview = frame_with(at, "Problems")

    assert preview.loc[0, "Team"] == "London"
    assert any("Supervisory Organization" in c.value for c in at.caption)


def test_a_column_chosen_twice_is_refused_with_its_name():
    at = on_import_page("workday_like.csv")

    field(at, "title").set_value("Worker").run()

    assert any("Worker" in e.value and "one field" in e.value for e in at.error)


def test_problems_are_listed_by_line_and_the_exports_column():
    at = on_import_page("broken_export.csv")

    text = "\n".join(e.value for e in at.error)

    assert "line 4, column 'FTE'" in text
    assert "line 7, column 'Worker Status'" in text
    assert not any(b.key and b.key.startswith("hr-open-") for b in at.button)


def test_positions_count_only_once_accepted():
    at = on_import_page("workday_like.csv")
    open_button = next(b for b in at.button if b.key.startswith("hr-open-"))

    assert any("0 of 9 people get a position" in c.value for c in at.caption)
    assert any("Nobody gets a position yet" in w.value for w in at.warning)
    next(b for b in at.button if b.key.startswith("hr-accept-all-")).click().run()
    assert any("9 of 9 people get a position" in c.value for c in at.caption)
    assert not any("Nobody gets a position yet" in w.value for w in at.warning)

    open_button = next(b for b in at.button if b.key.startswith("hr-open-"))
    open_button.click().run()
    ws = at.session_state["workspace"]

    assert sorted(ws.team_names) == ["Data Platform", "Forecasting"]
    table = ws.tables["Data Platform"]
    sofia = table[table["name"] == "Sofia Rossi"].iloc[0]
    assert sofia["mlops_engineer"] == 0.8
    assert bool(sofia["absent"]) is False
