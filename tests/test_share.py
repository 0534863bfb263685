"""Share links: what goes in comes back out; anything else is refused in plain words."""

from __future__ import annotations

import base64
import json
import re
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.models import Roster
from teambuilder.roster_io import load_roster
from teambuilder.share import (
    MAX_JSON_BYTES,
    MAX_LINK_CHARS,
    SharedState,
    ShareLinkError,
    decode_state,
    encode_state,
    link_fits,
)
from tests.helpers import make_person, make_roster
from tests.test_roster_io import json_values, rosters

EXAMPLES = sorted(EXAMPLES_DIR.iterdir())
BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def token_of(document: object, *, version: str = "1") -> str:
    """A token made by hand around any JSON document (or raw bytes)."""
    raw = document if isinstance(document, bytes) else json.dumps(document).encode()
    packed = base64.urlsafe_b64encode(zlib.compress(raw)).rstrip(b"=").decode()
    return f"{version}.{packed}"


def refusal(token: object) -> str:
    with pytest.raises(ShareLinkError) as caught:
        decode_state(token)  # type: ignore[arg-type]
    assert caught.value.message == str(caught.value)
    return caught.value.message


def small_state() -> SharedState:
    roster = make_roster(
        make_person("Ann", tech_lead=0.5), make_person("Bob", 0.5, reports_to="Ann")
    )
    return SharedState(roster=roster, team="Team", away=("Bob",), page="people")


# --- Round trips --------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_comes_back_from_its_link_as_it_went_in(path: Path) -> None:
    roster = load_roster(path)
    state = SharedState(roster=roster, team=roster.team_names()[-1], away=(roster.people[0].name,))

    token = encode_state(state)

    assert decode_state(token) == state
    assert link_fits(token)


def test_a_state_of_defaults_comes_back_too() -> None:
    state = SharedState(roster=Roster())

    assert decode_state(encode_state(state)) == state
    assert (state.team, state.away, state.page) == ("", (), "formation")


@st.composite
def states(draw: st.DrawFn) -> SharedState:
    roster = draw(rosters())
    names = sorted({person.name for person in roster.people})
    return SharedState(
        roster=roster,
        team=draw(st.sampled_from(["", *roster.team_names()])),
        away=tuple(draw(st.lists(st.sampled_from(names), unique=True, max_size=3))),
        page=draw(st.sampled_from(["formation", "people", "guide", "report-2"])),
    )


@settings(max_examples=100, deadline=None)
@given(states())
def test_any_state_comes_back_from_its_link(state: SharedState) -> None:
    token = encode_state(state)

    assert re.fullmatch(r"1\.[A-Za-z0-9_-]+", token)
    assert decode_state(token) == state


def test_a_token_is_a_fraction_of_the_json_file() -> None:
    path = EXAMPLES_DIR / "organisation.json"

    token = encode_state(SharedState(roster=load_roster(path), team="ML Platform"))

    assert len(token) < len(path.read_bytes()) / 4


def test_a_link_fits_while_the_token_is_within_the_limit() -> None:
    assert link_fits("1." + "A" * (MAX_LINK_CHARS - 2))
    assert not link_fits("1." + "A" * (MAX_LINK_CHARS - 1))


def test_a_hundred_people_fit_in_a_link() -> None:
    people = [
        make_person(
            f"Person {i:03}",
            title=["Data Scientist", "ML Engineer", "MLOps Engineer"][i % 3],
            reports_to="Person 000" if i else None,
            **{["data_scientist", "ml_engineer", "mlops_engineer"][i % 3]: 0.8, "evangelist": 0.1},
        )
        for i in range(100)
    ]
    state = SharedState(roster=make_roster(*people), team="Team")

    assert link_fits(encode_state(state))


def test_spaces_line_breaks_and_padding_picked_up_in_a_mail_are_ignored() -> None:
    token = encode_state(small_state())
    wrapped = " " + "\n".join(token[i : i + 70] for i in range(0, len(token), 70)) + "==\r\n"

    assert decode_state(wrapped) == small_state()


# --- Refused tokens: a ShareLinkError in plain words, never anything else ---------------

DAMAGED = "damaged"


@pytest.mark.parametrize(
    ("token", "fragment"),
    [
        pytest.param("", "empty", id="empty"),
        pytest.param(" \n ", "empty", id="blank"),
        pytest.param(None, "is text", id="not text"),
        pytest.param("hello", "not a share link", id="random word"),
        pytest.param("https://example.com/?share=abc", "not a share link", id="a whole address"),
        pytest.param(".eJwDAAAAAAE", "not a share link", id="no version"),
        pytest.param("v1.eJwDAAAAAAE", "not a share link", id="word version"),
        pytest.param("١.eJwDAAAAAAE", "not a share link", id="non-ascii digit"),
        pytest.param("2.eJwDAAAAAAE", "another version of the app (link format 2", id="newer"),
        pytest.param("0.eJwDAAAAAAE", "link format 0", id="older"),
        pytest.param("1.", "cut short", id="no body"),
        pytest.param("1.abc$def", DAMAGED, id="not base64"),
        pytest.param("1.ab+/", DAMAGED, id="standard base64"),
        pytest.param("1.abcde", DAMAGED, id="impossible length"),
        pytest.param("1.SGVsbG8", DAMAGED, id="not compressed"),
        pytest.param("1." + "A" * MAX_LINK_CHARS, "8,002 characters long", id="too long"),
        pytest.param("1." + " A" * 10**6, "2,000,002 characters long", id="huge"),
        pytest.param(token_of(b"\xff\xfe"), DAMAGED, id="not utf-8"),
        pytest.param(token_of(b"{not json"), DAMAGED, id="not json"),
        pytest.param(token_of(b'{"roster": {}, "team": NaN}'), DAMAGED, id="NaN"),
        pytest.param(token_of(b"[" * 100_000 + b"]" * 100_000), DAMAGED, id="nested deep"),
        pytest.param(token_of([1, 2]), DAMAGED, id="json list"),
        pytest.param(token_of({"team": "T"}), DAMAGED, id="no roster"),
        pytest.param(token_of({"roster": {}, "x": 1}), "unknown field, 'x'", id="unknown field"),
        pytest.param(token_of(b'{"roster": {}, "roster": {}}'), DAMAGED, id="duplicate key"),
        pytest.param(
            token_of({"roster": {}, "team": "Fraud"}),
            "the team shown, 'Fraud', is not a team of the roster (it has none)",
            id="unknown team",
        ),
        pytest.param(
            token_of({"roster": {"people": [{"team": "T", "name": "A", "fte": 1}]}, "away": "A"}),
            "not a list of names",
            id="away not a list",
        ),
        pytest.param(
            token_of({"roster": {}, "away": ["Zed", "Yo"]}),
            "'Zed', 'Yo' marked away are not in the roster",
            id="away unknown",
        ),
        pytest.param(
            token_of({"roster": {}, "page": "<script>"}),
            "the page, '<script>', is not a page name",
            id="bad page",
        ),
        pytest.param(token_of({"roster": {}, "team": 5}), "5, is not a team name", id="team 5"),
    ],
)
def test_what_is_not_a_link_made_here_is_refused_with_a_reason(
    token: object, fragment: str
) -> None:
    assert fragment in refusal(token)


def test_a_roster_with_problems_is_refused_with_the_json_files_messages() -> None:
    roster = {"people": [{"team": "T", "name": "Ann", "fte": 2}, {"team": "T", "name": 5}]}

    with pytest.raises(ShareLinkError) as caught:
        decode_state(token_of({"roster": roster, "team": "T"}))

    assert caught.value.message.splitlines() == [
        "the roster in this share link has 3 problems:",
        *(str(problem) for problem in caught.value.problems),
    ]
    assert [(p.source, p.record, p.column) for p in caught.value.problems] == [
        ("shared link", "people[0] ('Ann')", "fte"),
        ("shared link", "people[1]", "name"),
        ("shared link", "people[1]", "fte"),
    ]
    assert "2 is more than 1" in caught.value.problems[0].message


def test_a_decompression_bomb_is_stopped_at_the_limit() -> None:
    bomb = token_of(b'{"roster": {"people": [' + b" " * (5 * MAX_JSON_BYTES) + b"]}}")

    assert len(bomb) < MAX_LINK_CHARS
    assert "unpacks to more than 1,000,000 bytes" in refusal(bomb)


def test_a_token_cut_anywhere_is_refused() -> None:
    token = encode_state(small_state())

    for end in range(len(token)):
        refusal(token[:end])


def test_any_character_changed_anywhere_is_refused_or_changes_nothing() -> None:
    token = encode_state(small_state())
    unchanged = 0

    for index, character in enumerate(token):
        for other in BASE64URL + ".":
            if other == character:
                continue
            try:
                state = decode_state(token[:index] + other + token[index + 1 :])
            except ShareLinkError:
                continue
            # Deflate ignores a few bits (padding, unused code lengths); the checksum
            # catches every change to what the link holds.
            assert state == small_state()
            unchanged += 1

    assert unchanged < len(token) / 10


def test_extra_characters_after_a_token_are_refused() -> None:
    token = encode_state(small_state())

    for extra in ["A", "AA", "AAAA", "Zm9v"]:
        refusal(token + extra)


# --- Fuzzing: any text gives a SharedState or a ShareLinkError, nothing else ------------


def outcome(token: str) -> None:
    try:
        state = decode_state(token)
    except ShareLinkError as error:
        assert error.message
    else:
        assert isinstance(state, SharedState)


@settings(max_examples=3000, deadline=None)
@given(st.text() | st.text(BASE64URL + "=.").map(lambda body: "1." + body))
def test_any_text_gives_a_state_or_a_share_link_error(token: str) -> None:
    outcome(token)


@settings(max_examples=1000, deadline=None)
@given(st.binary(max_size=300))
def test_any_compressed_bytes_give_a_state_or_a_share_link_error(raw: bytes) -> None:
    outcome(token_of(raw))


@settings(max_examples=200, deadline=None)
@given(
    st.fixed_dictionaries(
        {"roster": json_values | st.fixed_dictionaries({"people": st.lists(json_values)})},
        optional={"team": json_values, "away": json_values, "page": json_values},
    )
)
def test_link_shaped_noise_gives_a_state_or_a_share_link_error(document: object) -> None:
    outcome(token_of(document))
