"""The one Markdown escaper: shared by the pages and the Markdown report."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teambuilder import export
from teambuilder.markup import JOINER, markdown_escape
from views.common import plain

HOSTILE = ["<b>x</b>", "http://evil.example", ":material/home:", "=1+1", "www.evil.example"]


def as_read(escaped: str) -> str:
    return re.sub(r"\\(.)", r"\1", escaped).replace(JOINER, "")


def test_the_pages_and_the_report_use_the_same_escaper():
    assert export.markdown_escape is markdown_escape
    for text in HOSTILE:
        assert plain(text) == markdown_escape(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_reads_as_typed_and_matches_no_pattern(text):
    escaped = markdown_escape(text)

    assert as_read(escaped) == text
    assert not re.search(r"(?<!\\)[<>:.+=]", escaped.replace(JOINER, ""))
    assert "http://" not in escaped
    assert ":material/" not in escaped
    assert "www." not in escaped


def test_an_address_with_an_at_sign_is_no_mention_or_mail_link():
    assert markdown_escape("@anna") == JOINER + "@anna"
    assert "a@b" not in markdown_escape("a@b.example")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Zl", "Zp", "Cc"))))
def test_any_single_line_reads_back_as_typed(text):
    assert as_read(markdown_escape(text)) == text.replace(JOINER, "")
