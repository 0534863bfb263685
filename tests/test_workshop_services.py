"""Workshop use cases on both engines: an SQLite file and a real PostgreSQL database."""

from __future__ import annotations

import threading

import pytest

from teambuilder.analysis.identity import subject_key
from teambuilder.catalogue import EXAMPLES_DIR, workshop_guide
from teambuilder.roster_io import load_roster
from teambuilder.scoring import score
from teambuilder.store import NotFound, Store, open_store
from teambuilder.workshop.codes import JoinRateLimiter
from teambuilder.workshop.models import NOBODY
from teambuilder.workshop.votes import VoteError
from teambuilder.workshop_services import (
    JoinRefused,
    WorkshopClosed,
    ballot,
    close_workshop,
    facilitator_view,
    join_workshop,
    move_to_step,
    open_workshop,
    reveal_votes,
    vote_agreement,
    vote_coverage,
)

STARTUP = load_roster(EXAMPLES_DIR / "startup_hero.csv")
TEAM = STARTUP.team_names()[0]
HERO = "Meghan Okafor"


@pytest.fixture
def store(database_url: str) -> Store:
    opened = open_store(database_url)
    yield opened
    opened.close()


@pytest.fixture
def limiter() -> JoinRateLimiter:
    return JoinRateLimiter(workshop_guide().limits)


def join(store: Store, code: str, limiter: JoinRateLimiter, client: str = "phone") -> str:
    return join_workshop(store, code, client=client, limiter=limiter).participant_id


def test_the_room_votes_and_the_facilitator_sees_the_tally_only_after_revealing(store, limiter):
    opened = open_workshop(store, STARTUP, TEAM)
    phones = [join(store, opened.code.lower(), limiter, f"p{i}") for i in range(9)]
    for index, phone in enumerate(phones):
        vote_coverage(store, phone, "mlops_engineer", HERO if index < 7 else NOBODY)

    hidden = facilitator_view(store, opened.token)
    reveal_votes(store, opened.token)
    shown = facilitator_view(store, opened.token)

    assert (hidden.participants, hidden.voters, hidden.votes) == (9, 9, 9)
    assert hidden.results is None
    mlops = next(p for p in shown.results.positions if p.position == "mlops_engineer")
    assert mlops.sentence == f"7 of 9 say {HERO}; 2 say nobody."
    assert not mlops.disagrees


def test_a_changed_vote_replaces_the_first_one(store, limiter):
    opened = open_workshop(store, STARTUP, TEAM)
    phone = join(store, opened.code, limiter)

    vote_coverage(store, phone, "tech_lead", NOBODY)
    vote_coverage(store, phone, "tech_lead", HERO)
    reveal_votes(store, opened.token)

    tech = next(
        p
        for p in facilitator_view(store, opened.token).results.positions
        if p.position == "tech_lead"
    )
    assert tech.counts == ((HERO, 1),)
    assert ballot(store, phone).my_positions == {"tech_lead": HERO}


def test_the_same_phone_voting_twice_at_once_keeps_one_vote(store, limiter):
    opened = open_workshop(store, STARTUP, TEAM)
    phone = join(store, opened.code, limiter)
    errors: list[BaseException] = []

    def cast(choice: str) -> None:
        try:
            vote_coverage(store, phone, "architect", choice)
        except BaseException as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=cast, args=(c,)) for c in (HERO, NOBODY, HERO, NOBODY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    reveal_votes(store, opened.token)
    architect = next(
        p
        for p in facilitator_view(store, opened.token).results.positions
        if p.position == "architect"
    )
    assert architect.total == 1


def test_agreement_with_a_warning_is_counted_with_its_note_as_plain_text(store, limiter):
    opened = open_workshop(store, STARTUP, TEAM)
    report = score(STARTUP).team(TEAM)
    key = subject_key(TEAM, report.warnings[0])
    first, second = join(store, opened.code, limiter, "a"), join(store, opened.code, limiter, "b")

    vote_agreement(store, first, key, 5, "<script>alert(1)</script> she is on call\nevery week")
    vote_agreement(store, second, key, 2)
    reveal_votes(store, opened.token)

    result = next(
        w for w in facilitator_view(store, opened.token).results.warnings if w.warning == key
    )
    assert result.levels == (0, 1, 0, 0, 1)
    assert result.notes == ("<script>alert(1)</script> she is on call every week",)
    with pytest.raises(VoteError, match="at most 280 characters"):
        vote_agreement(store, first, key, 4, "x" * 281)
    with pytest.raises(VoteError, match="from 1 to 5"):
        vote_agreement(store, first, key, 6)


def test_a_vote_for_someone_outside_the_team_changes_nothing(store, limiter):
    opened = open_workshop(store, STARTUP, TEAM)
    phone = join(store, opened.code, limiter)

    with pytest.raises(VoteError, match="not in this team"):
        vote_coverage(store, phone, "tech_lead", "Robert'); DROP TABLE workshop_votes;--")

    assert facilitator_view(store, opened.token).votes == 0


def test_closing_freezes_the_results_and_the_code_stops_working(store, limiter):
    opened = open_workshop(store, STARTUP, TEAM)
    phone = join(store, opened.code, limiter)
    vote_coverage(store, phone, "mlops_engineer", HERO)

    frozen = close_workshop(store, opened.token)

    assert frozen.closed_at is not None
    with pytest.raises(JoinRefused, match=f"No open workshop has the code {opened.code}"):
        join(store, opened.code, limiter, "late-phone")
    with pytest.raises(WorkshopClosed):
        vote_coverage(store, phone, "mlops_engineer", NOBODY)
    with pytest.raises(WorkshopClosed):
        reveal_votes(store, opened.token, False)
    view = facilitator_view(store, opened.token)
    assert not view.is_open
    assert view.results == frozen
    assert close_workshop(store, opened.token) == frozen


def test_wrong_codes_are_rate_limited_per_phone_and_the_right_code_still_works_elsewhere(
    store, limiter
):
    opened = open_workshop(store, STARTUP, TEAM)
    per_window = workshop_guide().limits.join_attempts_per_window

    for _ in range(per_window):
        with pytest.raises(JoinRefused, match="No open workshop"):
            join(store, "AAAAAA" if opened.code != "AAAAAA" else "CCCCCC", limiter, "guesser")

    with pytest.raises(JoinRefused, match="Too many wrong codes") as refused:
        join(store, opened.code, limiter, "guesser")
    assert refused.value.wait_seconds > 0
    assert join(store, opened.code, limiter, "honest-phone")


def test_a_typo_in_the_code_says_what_a_code_looks_like(store, limiter):
    open_workshop(store, STARTUP, TEAM)

    with pytest.raises(JoinRefused, match="has 6 characters; 4 were given"):
        join(store, "AC3D", limiter)


def test_the_workshop_votes_on_the_roster_as_it_was_opened(store, limiter):
    opened = open_workshop(store, STARTUP, TEAM, away=[HERO, "Someone not in the team"])
    phone = join(store, opened.code, limiter)

    view = facilitator_view(store, opened.token)
    seen = ballot(store, phone)

    assert view.roster == STARTUP
    assert view.away == (HERO,)
    assert HERO in seen.people
    assert NOBODY not in seen.people
    assert "mlops_engineer" in seen.positions


def test_steps_move_within_the_agenda(store):
    opened = open_workshop(store, STARTUP, TEAM)

    move_to_step(store, opened.token, 2)

    assert facilitator_view(store, opened.token).step == 2
    with pytest.raises(VoteError, match="steps 1 to 5"):
        move_to_step(store, opened.token, 5)


def test_an_unknown_workshop_or_phone_is_named_as_such(store):
    with pytest.raises(NotFound, match="workshop link is not known"):
        facilitator_view(store, "not-a-token")
    with pytest.raises(NotFound, match="join again with the code"):
        ballot(store, "not-a-participant")


def test_two_open_workshops_never_share_a_code(store):
    codes = {open_workshop(store, STARTUP, TEAM).code for _ in range(25)}

    assert len(codes) == 25
