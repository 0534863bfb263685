"""User text is shown as typed: no links, icons or emoji made from a name (issue 9a)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from teambuilder.share import SharedState, encode_state
from tests.helpers import make_person, make_roster
from views.common import JOINER, SEVERITY_ICONS, plain

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")

# What Streamlit's Markdown turns into links or icons once escapes are read: the GFM
# autolink literal patterns (mdast-util-gfm-autolink-literal) and Streamlit's icon and
# emoji shortcodes.
LINK_OR_ICON = [
    re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.IGNORECASE),
    re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)"),
    re.compile(r":material/[\w-]+:"),
    re.compile(r":[\w+-][\w+-]*:"),
]
TRICKY = [
    "Visit https://evil.example/x now",
    "www.evil.example",
    "http://a.b",
    "Team :material/home: and :smile:",
    "Write to ann@example.com",
    "WWW.SHOUT.EXAMPLE at 10:30",
    "[click](https://evil.example) <img src=x onerror=alert(1)>",
]


def as_read(markdown: str) -> str:
    """The text a Markdown parser makes of ``markdown``: backslash escapes resolved."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


@pytest.mark.parametrize("text", TRICKY)
def test_plain_text_holds_no_link_icon_or_emoji_pattern_and_reads_as_typed(text):
    shown = as_read(plain(text))

    assert [p.pattern for p in LINK_OR_ICON if p.search(shown)] == []
    assert shown.replace(JOINER, "") == text


def test_a_team_and_a_person_named_like_links_and_icons_are_shown_as_typed():
    team = "Visit https://evil.example/x :material/home:"
    person = "ann@example.com www.ann.example"
    roster = make_roster(
        make_person(person, team=team, mlops_engineer=0.4, platform_engineer=0.4),
        make_person("Bob", team=team, tech_lead=0.3, ml_engineer=0.4, mlops_engineer=0.3),
    )
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["roster"] = encode_state(SharedState(roster=roster, team=team))

    at.run()

    assert not at.exception
    assert as_read(at.title[0].value).replace(JOINER, "") == team
    kinds = ("title", "caption", "markdown", "error", "warning", "success", "info")
    rendered = [str(e.value) for kind in kinds for e in getattr(at, kind)]
    rendered += [str(e.value) for e in at.sidebar.caption]
    assert any(person.split()[0] in as_read(v).replace(JOINER, "") for v in rendered)
    for value in rendered:
        read = as_read(value)
        for icon in SEVERITY_ICONS.values():  # the app's own icons, not user text
            read = read.replace(icon, "")
        assert [p.pattern for p in LINK_OR_ICON if p.search(read)] == [], value
