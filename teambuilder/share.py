"""Share links: what the dashboard shows (roster, team, who is away, page) as a URL token.

A token is a version, a dot, then URL-safe base64 (no padding) of zlib-compressed,
compact JSON::

    1.eNqrVipKLS7NKVGyUkrLz1eqBQA...
    {"roster": {...}, "team": "Fraud", "away": ["Meghan"], "page": "formation"}

Values equal to their defaults are left out. The roster is the JSON roster format, and
a token's roster is checked exactly as a JSON file is, so a bad one gets the same
messages ("shared link, people[3] ('Ann'), field 'fte': ..."). Anything else that is
not a token made here is refused with a :class:`ShareLinkError` in plain words.

Why this encoding: JSON with the files' field names keeps one format and one set of
checks; deflate shrinks its repeated keys to almost nothing. Short keys and position
numbers for allocations would save only 11-20% more (measured on the example rosters
and on generated teams), and would tie old links to the order of the catalogue.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from collections.abc import Sequence
from typing import Annotated, Any, Self

from pydantic import StringConstraints, ValidationError, model_validator

from teambuilder.models import Frozen, Roster
from teambuilder.roster_io import read_json_text
from teambuilder.validation import Problem, RosterError, shown

__all__ = [
    "MAX_JSON_BYTES",
    "MAX_LINK_CHARS",
    "VERSION",
    "ShareLinkError",
    "SharedState",
    "decode_state",
    "encode_state",
    "link_fits",
]

VERSION = "1"
# The longest token a link may carry. A link's first request goes through whatever
# proxy sits in front of the app, and the usual limits there are 8 KB for the whole
# request line ("GET /?share=<token> HTTP/1.1": Apache's LimitRequestLine is 8,190,
# nginx's default buffer 8,192 bytes). 8,000 leaves room for the rest of that line;
# browsers take far longer addresses (Chrome 2 MB), and Streamlit passes the query on
# as it is. A 100-person team takes about 3,000 characters; about 360 people fit.
MAX_LINK_CHARS = 8_000
# Decompressed JSON is refused beyond this: a link of 8,000 characters holds some 50 KB
# of roster JSON, while deflate can unpack it to 6 MB (a bomb).
MAX_JSON_BYTES = 1_000_000

SOURCE = "shared link"
_TOKEN_BODY = re.compile(r"[A-Za-z0-9_-]*")
_FIELDS = ("roster", "team", "away", "page")
_DAMAGED = (
    "this share link is damaged: it was changed or cut when it was copied; copy the "
    "whole link again, or ask for the roster file"
)

Page = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,39}$")]


class ShareLinkError(ValueError):
    """A token that is not a share link made here; ``message`` says why in plain words.

    ``problems`` lists the roster's problems when the token's roster is the trouble.
    """

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = tuple(problems)


class SharedState(Frozen):
    """What a share link restores: the roster, the team shown, who is away, the page.

    ``team`` is one of the roster's teams (empty: the first); ``away`` names people in
    the roster; ``page`` is a short page name such as ``formation``.
    """

    roster: Roster
    team: str = ""
    away: tuple[str, ...] = ()
    page: Page = "formation"

    @model_validator(mode="after")
    def _refers_to_the_roster(self) -> Self:
        teams = self.roster.team_names()
        if self.team and self.team not in teams:
            raise ValueError(
                f"the team shown, {self.team!r}, is not a team of the roster "
                f"({', '.join(repr(name) for name in teams) or 'it has none'})"
            )
        names = {person.name for person in self.roster.people}
        unknown = [name for name in self.away if name not in names]
        if unknown:
            raise ValueError(
                f"{', '.join(repr(name) for name in unknown)} marked away "
                f"{'is' if len(unknown) == 1 else 'are'} not in the roster"
            )
        return self


def encode_state(state: SharedState) -> str:
    """The share token of ``state``: ``1.`` then URL-safe base64, 20-30 characters a person.

    Check :func:`link_fits` before putting it in a link; a big roster may not fit.
    Allocations of 0 are not kept (as in files): they mean the same as none.
    """
    document = state.model_dump(mode="json", exclude_defaults=True)
    text = json.dumps(document, separators=(",", ":"), ensure_ascii=False)
    packed = zlib.compress(text.encode("utf-8"), 9)  # models hold no lone surrogates
    return f"{VERSION}.{_base64(packed)}"


def link_fits(token: str) -> bool:
    """Whether ``token`` is short enough for a link (else offer the roster file)."""
    return len(token) <= MAX_LINK_CHARS


def decode_state(token: str) -> SharedState:
    """The state a token holds; :class:`ShareLinkError` for anything else.

    Spaces and line breaks (picked up when a link is wrapped in an e-mail) and base64
    padding are ignored. The roster goes through the same checks as a JSON roster file.
    """
    if not isinstance(token, str):
        raise ShareLinkError("a share link is text")
    if len(token) <= 2 * MAX_LINK_CHARS:  # else too long anyway: no need to look closer
        token = "".join(token.split())
    if not token:
        raise ShareLinkError("the share link is empty")
    if len(token) > MAX_LINK_CHARS:
        raise ShareLinkError(
            f"this share link is {len(token):,} characters long; the app makes them at "
            f"most {MAX_LINK_CHARS:,} long, so it is not one of its links"
        )
    version, dot, body = token.partition(".")
    if not dot or not version.isascii() or not version.isdigit():
        raise ShareLinkError(
            "this is not a share link of the app (those start with a version such as "
            f"'{VERSION}.'); copy the whole link again"
        )
    if version != VERSION:
        raise ShareLinkError(
            f"this link was made by another version of the app (link format {version}; "
            f"this one reads format {VERSION}); ask for the roster file instead"
        )
    document = _unpack(body.rstrip("="))
    return _state(document)


def _base64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unpack(body: str) -> object:
    """The JSON document in a token's body, or a ShareLinkError."""
    if not _TOKEN_BODY.fullmatch(body) or len(body) % 4 == 1:
        raise ShareLinkError(_DAMAGED)
    try:
        packed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError):
        raise ShareLinkError(_DAMAGED) from None
    if _base64(packed) != body:  # a changed last character can decode to the same bytes
        raise ShareLinkError(_DAMAGED)
    inflater = zlib.decompressobj()
    try:
        # max_length: a bomb stops here, with its rest left in unconsumed_tail.
        raw = inflater.decompress(packed, MAX_JSON_BYTES + 1)
    except zlib.error:
        raise ShareLinkError(_DAMAGED) from None
    if len(raw) > MAX_JSON_BYTES or inflater.unconsumed_tail:
        raise ShareLinkError(
            f"this share link unpacks to more than {MAX_JSON_BYTES:,} bytes, far more than "
            "any roster the app puts in a link; it was not made by the app"
        )
    if not inflater.eof:
        raise ShareLinkError(
            "this share link is cut short: its end is missing; copy the whole link again"
        )
    if inflater.unused_data:
        raise ShareLinkError(_DAMAGED)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ShareLinkError(_DAMAGED) from None

    def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            raise ValueError("a key appears twice")
        return result

    def no_constants(name: str) -> Any:
        raise ValueError(f"{name} is not a JSON number")

    try:
        return json.loads(text, object_pairs_hook=unique_keys, parse_constant=no_constants)
    except (ValueError, RecursionError):
        raise ShareLinkError(_DAMAGED) from None


def _state(document: object) -> SharedState:
    if not isinstance(document, dict) or "roster" not in document:
        raise ShareLinkError(_DAMAGED)
    unknown = [key for key in document if key not in _FIELDS]
    if unknown:
        raise ShareLinkError(f"{_DAMAGED} (it holds an unknown field, {shown(unknown[0])})")
    try:
        roster = read_json_text(json.dumps(document["roster"], ensure_ascii=False), SOURCE)
    except RosterError as error:
        count = error.total  # the listed problems and those only counted
        raise ShareLinkError(
            f"the roster in this share link has {count:,} problem{'s' if count != 1 else ''}:\n"
            + str(error),
            error.problems,
        ) from None
    try:
        return SharedState.model_validate({**document, "roster": roster})
    except ValidationError as error:
        raise ShareLinkError(
            "; ".join(_explain(detail) for detail in error.errors(include_url=False))
        ) from None


def _explain(detail: Any) -> str:
    """A pydantic error about the link's own fields, in plain words."""
    field = str(detail["loc"][0]) if detail["loc"] else ""
    if detail["type"] == "value_error":
        return str(detail.get("ctx", {}).get("error", detail["msg"]))
    if field == "team":
        return f"the team shown, {shown(detail['input'])}, is not a team name"
    if field == "away":
        return "the people marked away are not a list of names"
    if field == "page":
        return f"the page, {shown(detail['input'])}, is not a page name such as 'formation'"
    return _DAMAGED
