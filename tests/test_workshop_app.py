"""The Workshop page and the phone page through AppTest, on a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from teambuilder.analysis.identity import subject_key
from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.roster_io import load_roster
from teambuilder.scoring import score
from teambuilder.store import open_store
from teambuilder.workshop_services import facilitator_view, open_workshop

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
WORKSHOP = "views/workshop.py"
STARTUP = load_roster(EXAMPLES_DIR / "startup_hero.csv")
TEAM = STARTUP.team_names()[0]
HERO = "Meghan Okafor"


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'workshop.sqlite3'}"
    monkeypatch.setenv("TEAMBUILDER_DATABASE_URL", url)
    store = open_store(url)
    yield store
    store.close()


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def facilitator() -> AppTest:
    at = run(AppTest.from_file(APP, default_timeout=30))
    at.switch_page(WORKSHOP)
    return run(at)


def phone(code: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["join"] = code
    return run(at)


def all_text(at: AppTest) -> str:
    parts = [t.value for t in at.text] + [c.value for c in at.caption]
    parts += [m.value for m in at.markdown] + [e.value for e in at.error]
    parts += [s.value for s in at.success] + [i.value for i in at.info]
    return "\n".join(str(p) for p in parts)


def test_starting_a_workshop_shows_a_join_code_and_keeps_it_in_the_address_bar(db):
    at = facilitator()

    at.button(key="workshop-start").click()
    run(at)

    token = at.query_params["workshop"]
    code = facilitator_view(db, token).code
    assert at.metric[0].value.replace(" ", "") == code
    assert "Votes are hidden until you reveal them." in all_text(at)
    assert "0 joined · 0 voted · 0 answers so far" in all_text(at)


def test_a_phone_joins_votes_and_the_facilitator_sees_it_once_revealed(db):
    opened = open_workshop(db, STARTUP, TEAM)
    at = phone(opened.code)
    assert not at.sidebar.children or not at.sidebar.text_input  # no roster settings here

    at.button[0].click()  # the form's Join button: the code came from the link
    run(at)
    at.selectbox(key="pos-mlops_engineer").set_value(HERO)
    run(at)
    key = subject_key(TEAM, score(STARTUP).team(TEAM).warnings[0])
    at.radio(key=f"agree-{key}").set_value("Strongly agree")
    run(at)

    view = facilitator_view(db, opened.token)
    assert (view.participants, view.voters, view.votes) == (1, 1, 2)
    fac = AppTest.from_file(APP, default_timeout=30)
    fac.query_params["workshop"] = opened.token
    run(fac)
    fac.switch_page(WORKSHOP)
    run(fac)
    assert "1 of 1 say" not in all_text(fac)
    assert "1 joined · 1 voted · 2 answers so far" in all_text(fac)
    fac.button(key="workshop-reveal").click()
    run(fac)
    assert "MLOps engineer" not in all_text(fac)  # step 1 is about the sponsor
    for _ in range(2):
        fac.button(key="ws-next").click()
        run(fac)
    assert "Step 3 of 5" in all_text(fac)
    assert f"MLOps engineer: 1 of 1 says {HERO}." in all_text(fac)
    assert "The room: 1 of 1 agree, 0 disagree (on average: strongly agree)." in all_text(fac)


def test_a_wrong_code_on_the_phone_says_so_and_offers_the_form_again(db):
    open_workshop(db, STARTUP, TEAM)
    at = phone("ACDEF3")

    at.button[0].click()
    run(at)

    assert "No open workshop has the code ACDEF3" in all_text(at)
    assert at.text_input[0].value == "ACDEF3"


def test_a_closed_workshop_thanks_the_phone_and_accepts_no_more_votes(db):
    at = facilitator()
    at.button(key="workshop-start").click()
    run(at)
    code = at.metric[0].value.replace(" ", "")
    voter = phone(code)
    voter.button[0].click()
    run(voter)

    at.checkbox(key="workshop-close-confirm").check()
    run(at)
    at.button(key="workshop-close").click()
    run(at)
    run(voter)

    assert "This workshop is closed; its results are frozen." in all_text(at)
    assert "This workshop has ended." in all_text(voter)
    assert not voter.selectbox


def test_the_participants_server_offers_the_join_page_and_nothing_else(db):
    opened = open_workshop(db, STARTUP, TEAM)
    at = AppTest.from_file(str(ROOT / "join_app.py"), default_timeout=30)
    at.query_params["join"] = opened.code
    run(at)

    assert [t.value for t in at.title] == ["Join the workshop"]
    assert not at.sidebar.children
    at.button[0].click()
    run(at)
    assert at.selectbox(key="pos-mlops_engineer")


def test_the_step_pitch_frames_a_position_where_the_revealed_room_disagrees(db):
    opened = open_workshop(db, STARTUP, TEAM)
    for _ in range(3):  # the roster says Meghan; the room says nobody
        at = phone(opened.code)
        at.button[0].click()
        run(at)
        at.selectbox(key="pos-mlops_engineer").set_value("Nobody")
        run(at)
    fac = AppTest.from_file(APP, default_timeout=30)
    fac.query_params["workshop"] = opened.token
    run(fac)
    fac.switch_page(WORKSHOP)
    run(fac)
    for _ in range(2):
        fac.button(key="ws-next").click()
        run(fac)

    def framed() -> list[list[str]]:
        spec = json.loads(fac.get("plotly_chart")[0].proto.spec)
        return [
            t["customdata"] for t in spec["data"] if (t.get("meta") or {}).get("role") == "room"
        ]

    assert framed() == []  # hidden votes mark nothing
    fac.button(key="workshop-reveal").click()
    run(fac)

    assert framed() == [["mlops_engineer"]]
    assert "A square marks a position where the room disagrees with the roster." in all_text(fac)


def test_the_agenda_reads_as_sentences_without_a_colon_after_a_question(db):
    at = facilitator()
    lines = [str(t.value) for t in at.text if str(t.value)[:2] in {f"{n}." for n in range(1, 10)}]
    assert len(lines) == 5, lines
    assert not [line for line in lines if "?:" in line], lines
    assert any(line.startswith("4. Who is away? Holidays") for line in lines), lines
    assert any(line.startswith("1. Sponsor and evangelist: ") for line in lines), lines
