"""The Files and sharing page through AppTest: upload, confirm, undo, links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.models import Roster, TeamSettings
from teambuilder.roster_io import load_roster
from teambuilder.share import SharedState, decode_state, encode_state

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
FILES = "views/files.py"
PAGES = ["views/formation.py", "views/people.py", "views/guide.py", "views/files.py"]
VALID_CSV = (
    b"team,name,fte,executive_sponsor,inside_out,data_scientist,mlops_engineer\n"
    b"Uploaded FC,Uma,1,0.1,0.5,,\n"
    b"Uploaded FC,Ned,1,,,1,\n"
    b"Uploaded FC,Ola,1,,,,1\n"
)


def shown(text: str) -> str:
    """Markdown as a reader sees it: the app escapes user text with backslashes."""
    return re.sub(r"\\(.)", r"\1", text)


def on_files_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.switch_page(FILES)
    at.run()
    return at


def team_title(at: AppTest) -> str:
    at.switch_page("views/formation.py")
    at.run()
    return str(at.title[0].value)


def test_a_valid_upload_waits_for_confirmation_before_replacing_the_roster():
    at = on_files_page()

    at.file_uploader(key="upload").upload("team.csv", VALID_CSV, "text/csv")
    at.run()

    assert not at.exception
    assert "team.csv is valid: 3 rows in 1 team: " in shown(at.success[0].value)
    assert at.session_state["workspace"].team_names == ["Loopwise"]


def test_confirming_an_upload_replaces_the_roster_and_undo_brings_it_back():
    at = on_files_page()
    at.file_uploader(key="upload").upload("team.csv", VALID_CSV, "text/csv")
    at.run()

    at.button(key="confirm-upload").click()
    at.run()

    assert not at.exception
    assert team_title(at) == "Uploaded FC"
    at.switch_page(FILES)
    at.run()
    at.button(key="undo").click()
    at.run()
    assert team_title(at) == "Loopwise"


def test_an_invalid_upload_lists_every_problem_and_keeps_the_roster():
    at = on_files_page()
    bad = b"name,fte,ml_engineer\nAda,abc,0.5\nBob,0.5,2\n"

    at.file_uploader(key="upload").upload("bad.csv", bad, "text/csv")
    at.run()

    assert not at.exception
    (error,) = at.error
    message = shown(error.value)
    assert "your roster is unchanged" in message
    assert "line 2" in message and "line 3" in message
    assert at.session_state["workspace"].team_names == ["Loopwise"]


def test_garbage_named_like_a_spreadsheet_gets_a_clear_message():
    at = on_files_page()

    at.file_uploader(key="upload").upload("team.xlsx", b"\x00\x01garbage", "application/zip")
    at.run()

    assert not at.exception
    assert "cannot be used" in at.error[0].value


def test_a_blank_team_starts_with_an_empty_roster():
    at = on_files_page()

    at.button(key="start-blank").click()
    at.run()

    assert not at.exception
    assert at.session_state["workspace"].team_names == ["New team"]


def test_the_people_page_of_a_blank_team_says_why_it_has_no_chart():
    at = on_files_page()
    at.button(key="start-blank").click()
    at.run()
    at.switch_page("views/people.py")
    at.run()

    assert not at.exception
    assert not at.get("plotly_chart")
    assert "Nobody in this team yet" in at.info[0].value


def test_a_shared_link_opens_the_same_team_in_a_new_session():
    roster = load_roster(EXAMPLES_DIR / "organisation.json")
    token = encode_state(
        SharedState(roster=roster, team="Personalisation", away=["Zoe Evans"], page="formation")
    )
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["roster"] = token

    at.run()

    assert not at.exception
    assert at.title[0].value == "Personalisation"
    assert at.session_state["workspace"].away == ["Zoe Evans"]
    assert "Only because Zoe Evans is away" in shown(" ".join(c.value for c in at.caption))


def test_a_tampered_link_says_so_and_shows_the_example():
    roster = load_roster(EXAMPLES_DIR / "startup_hero.csv")
    token = encode_state(SharedState(roster=roster, team="Loopwise", away=[], page="formation"))
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["roster"] = token[:-7] + "AAAAAAA"

    at.run()

    assert not at.exception
    assert "This link cannot be opened" in at.error[0].value
    assert at.title[0].value == "Loopwise"


def test_the_share_section_offers_a_link_that_round_trips():
    at = on_files_page()

    link = at.code[0].value

    assert "?roster=" in link
    fresh = AppTest.from_file(APP, default_timeout=30)
    fresh.query_params["roster"] = link.split("?roster=", 1)[1]
    fresh.run()
    assert fresh.title[0].value == "Loopwise"


def confirm_upload(at: AppTest, name: str, data: bytes, mime: str) -> None:
    at.file_uploader(key="upload").upload(name, data, mime)
    at.run()
    at.button(key="confirm-upload").click()
    at.run()


def link_to(state: SharedState) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["roster"] = encode_state(state)
    return at


@pytest.mark.parametrize(
    ("name", "data", "mime"),
    [
        ("empty.json", b'{"people": []}', "application/json"),
        ("header.csv", b"team,name,fte\n", "text/csv"),
    ],
)
def test_an_empty_roster_file_opens_as_one_new_team(name, data, mime):
    at = on_files_page()

    confirm_upload(at, name, data, mime)

    assert not at.exception
    assert at.session_state["workspace"].team_names == ["New team"]
    for page in PAGES:
        at.switch_page(page)
        at.run()
        assert not at.exception, page
    assert team_title(at) == "New team"


def test_a_shared_link_with_an_empty_roster_opens_a_new_team():
    at = link_to(SharedState(roster=Roster(), page="formation"))

    at.run()

    assert not at.exception
    assert at.title[0].value == "New team"


def test_the_bad_link_message_goes_once_another_roster_is_opened():
    roster = load_roster(EXAMPLES_DIR / "startup_hero.csv")
    token = encode_state(SharedState(roster=roster, team="Loopwise", away=[], page="formation"))
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["roster"] = token[:-7] + "AAAAAAA"
    at.run()
    assert "This link cannot be opened" in at.error[0].value
    at.switch_page(FILES)
    at.run()

    at.selectbox(key="files-example").set_value("organisation.json")
    at.button(key="files-load-example").click()
    at.run()

    assert not at.exception
    assert not at.error
    assert at.title[0].value == "Demand Forecasting"


def test_a_link_with_a_long_sponsor_cadence_opens():
    roster = Roster(teams=(TeamSettings(name="Slow FC", sponsor_update_weeks=60),))
    at = link_to(SharedState(roster=roster, page="formation"))

    at.run()

    assert not at.exception
    assert at.number_input(key="cadence-Slow FC-0").value == 60


def test_a_link_to_a_page_the_app_does_not_have_opens_the_formation():
    roster = load_roster(EXAMPLES_DIR / "startup_hero.csv")
    at = link_to(SharedState(roster=roster, team="Loopwise", page="no-such-page"))

    at.run()

    assert not at.exception
    assert at.title[0].value == "Loopwise"
    assert at.get("plotly_chart")


def share_caption(at: AppTest) -> str:
    return next(shown(c.value) for c in at.main.caption if "Opens this team" in c.value)


def test_the_share_section_names_the_rows_and_managers_its_link_leaves_out():
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.session_state["editor-Loopwise-0"] = {
        "edited_rows": {0: {"fte": 7.0}},  # Priya Nair: FTE must be at most 1
        "added_rows": [{"title": "Analyst", "fte": 2.0}],  # no name, bad FTE
        "deleted_rows": [],
    }
    at.run()

    at.switch_page(FILES)
    at.run()

    notes = [shown(w.value) for w in at.warning]
    share_note = next(n for n in notes if n.startswith("The link leaves out"))
    assert "Priya Nair (row 1 of Loopwise)" in share_note
    assert "a row without a name (row 6 of Loopwise)" in share_note
    assert "Meghan Okafor's manager, Priya Nair" in share_note
    assert any(n.startswith("These files leave out") for n in notes)
    assert "the roster without what is listed above" in share_caption(at)
    token = at.code[0].value.split("?roster=", 1)[1]
    assert "Priya Nair" not in {p.name for p in decode_state(token).roster.people}


def test_the_share_section_says_nothing_is_left_out_of_a_clean_roster():
    at = on_files_page()

    assert not [w for w in at.warning if "leave" in w.value]
    assert "the roster and who is away" in share_caption(at)
