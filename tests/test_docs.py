"""The README stays true: every warning code and position is documented there."""

from __future__ import annotations

from pathlib import Path

import pytest

from teambuilder.catalogue import catalogue

README = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")


@pytest.mark.parametrize("code", [rule.code for rule in catalogue().rules])
def test_every_warning_code_has_a_row_in_the_readme(code):
    assert f"| `{code}` |" in README


@pytest.mark.parametrize("position", catalogue().position_ids)
def test_every_position_has_a_row_in_the_readme(position):
    assert f"| `{position}` |" in README


def test_the_readme_gives_the_two_commands():
    assert "make run" in README
    assert "make test" in README
