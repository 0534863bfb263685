"""The small word helpers: a count agrees with its noun."""

from __future__ import annotations

import pytest

from teambuilder.wording import counted


@pytest.mark.parametrize(
    ("count", "singular", "plural", "expected"),
    [
        (0, "answer", None, "0 answers"),
        (1, "answer", None, "1 answer"),
        (2, "row problem", None, "2 row problems"),
        (1, "person", "people", "1 person"),
        (3, "person", "people", "3 people"),
    ],
)
def test_a_count_agrees_with_its_noun(count, singular, plural, expected):
    assert counted(count, singular, plural) == expected
