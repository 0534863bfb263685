"""The Import page with a mapping kept in the working roster: offered and pre-selected
for an export with its columns, named as missing for one without them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from streamlit.testing.v1 import AppTest

from teambuilder.hr_import import apply_mapping, guess_mapping, import_record, load_export
from teambuilder.large import workspace_for

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PAGE = "views/import_hr.py"
HR = Path(__file__).parent / "fixtures" / "hr"


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.switch_page(PAGE)
    at.run()
    at.file_uploader(key="hr-upload").upload(name, data, "text/csv").run()
    return at


def field(at: AppTest, target: str):
    return next(s for s in at.selectbox if s.key.startswith(f"hr-field-{target}-"))


def start_choice(at: AppTest):
    return next(r for r in at.radio if r.key.startswith("hr-start-"))


def with_a_column_more(name: str) -> bytes:
    """The same export a month later, with a column the HR system added."""
    lines = (HR / name).read_text().splitlines()
    title, header, *rows = lines  # workday_like.csv has a title line above its header
    return "\n".join([title, header + ",Badge", *(row + ",B-1" for row in rows)]).encode()


def imported_with_location_as_team() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    upload(at, "workday_like.csv", (HR / "workday_like.csv").read_bytes())
    field(at, "team").set_value("Location").run()
    next(b for b in at.button if b.key.startswith("hr-open-")).click().run()
    return at


def test_opening_an_import_keeps_the_mapping_the_user_settled_on():
    at = imported_with_location_as_team()
    kept = at.session_state["workspace"].hr_import

    assert not at.exception
    assert kept is not None
    assert kept.columns["Location"] == "team"
    assert "Supervisory Organization" not in kept.columns
    assert kept.file_name == "workday_like.csv"
    assert kept.fte_unit == "hours"


def test_the_next_export_starts_from_the_kept_mapping_and_can_still_change():
    at = imported_with_location_as_team()
    day = f"{at.session_state['workspace'].hr_import.recorded_at:%d %B %Y}".lstrip("0")

    upload(at, "workday_december.csv", with_a_column_more("workday_like.csv"))

    assert not at.exception
    assert start_choice(at).value == "The mapping saved with this roster"
    assert any(f"Using the mapping saved with this roster on {day}" in c.value for c in at.caption)
    assert field(at, "team").value == "Location"
    assert any("Badge" in c.value for c in at.caption if c.value.startswith("Ignored"))

    field(at, "title").set_value("Hire Date").run()  # still a form to correct
    assert field(at, "title").value == "Hire Date"

    start_choice(at).set_value("The guess from the column names").run()
    assert field(at, "team").value == "Supervisory Organization"
    assert field(at, "title").value == "Business Title"


def test_an_export_without_the_kept_columns_names_them_and_uses_the_guess():
    at = imported_with_location_as_team()

    upload(at, "bamboohr_like.csv", (HR / "bamboohr_like.csv").read_bytes())
    warning = "\n".join(w.value for w in at.warning)

    assert not at.exception
    assert "lacks 10 of its columns" in warning
    assert "Employee ID, Worker, Business Title" in warning
    assert not [r for r in at.radio if r.key.startswith("hr-start-")]
    assert field(at, "name").value == "(not used)"  # bamboohr has first and last names
    assert field(at, "first_name").value == "First Name"


def test_a_scenario_roster_carrying_a_mapping_offers_it_too():
    # What opening a scenario does: the roster, hr_import included, becomes the workspace.
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    table = load_export(HR / "personio_like.csv")
    mapping = guess_mapping(table).model_copy(update={"team": "Pricing squad"})
    record = import_record(table, mapping, "personio_like.csv", datetime(2026, 10, 5, tzinfo=UTC))
    roster = apply_mapping(table, mapping).roster.model_copy(update={"hr_import": record})
    at.session_state["workspace"] = workspace_for(roster, label="Scenario")

    upload(at, "personio_like.csv", (HR / "personio_like.csv").read_bytes())

    assert any(
        "Using the mapping saved with this roster on 5 October 2026" in c.value for c in at.caption
    )
    one_team = next(t for t in at.text_input if t.key.startswith("hr-one-team-"))
    assert one_team.value == "Pricing squad"
