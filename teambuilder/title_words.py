"""The words of job titles, as data: what each word says and how the parts combine.

Loaded from ``data/titles.toml`` by :mod:`teambuilder.catalogue`; read by
:mod:`teambuilder.titles`. Models only, so the catalogue can import them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from teambuilder.models import Frozen

PartKind = Literal["level", "domain", "craft", "seniority", "filler"]
PART_KINDS: tuple[PartKind, ...] = ("level", "domain", "craft", "seniority", "filler")


class TitleRule(Frozen):
    """One way the parts of a title combine; the first rule that fits a title wins.

    A condition left out fits anything; ``"none"`` in a list fits a title without
    that kind of part. ``hands_on`` rules describe people who do the work themselves,
    so a lead or staff level adds the tech lead seat (``level_extras``).
    """

    level: tuple[str, ...] | None = None
    domain: tuple[str, ...] | None = None
    craft: tuple[str, ...] | None = None
    positions: dict[str, float] = Field(default_factory=dict)
    hands_on: bool = False
    why: str = Field(min_length=10)


class LevelExtra(Frozen):
    position: str
    confidence: float = Field(gt=0, le=1)
    why: str = Field(min_length=10)


class TitleWords(Frozen):
    """Everything ``data/titles.toml`` holds."""

    # Gender and similar markers job ads add, e.g. "(m/w/d)"; removed before reading.
    markers: tuple[str, ...] = ()
    # Tokens that only grade seniority, e.g. "l5", "ii" (regular expressions, whole token).
    seniority_patterns: tuple[str, ...] = ()
    # Highest first: when a title holds several level words, the highest counts.
    level_order: tuple[str, ...]
    # Domains that give way to a more specific one ("software" next to "ml infra").
    generic_domains: tuple[str, ...] = ()
    # A phrase (lowercase words, accents removed) -> one or more "kind:value" parts.
    words: dict[str, tuple[str, ...]]
    level_extras: dict[str, LevelExtra] = Field(default_factory=dict)
    # Confidence kept per word of the title that no entry explains.
    unknown_word_factor: float = Field(gt=0, le=1)
    # Confidence kept when a hands-on rule fits a title that names no craft ("Sr DS").
    no_craft_factor: float = Field(gt=0, le=1)
    # Confidence of a title whose parts are exactly those of a position's alias.
    alias_confidence: float = Field(gt=0, le=1)
    rules: tuple[TitleRule, ...] = Field(min_length=1)
