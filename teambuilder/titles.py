"""Job title → the positions it most likely maps to, from the catalogue's aliases."""

from __future__ import annotations

import re

from teambuilder.catalogue import Catalogue, catalogue
from teambuilder.models import Frozen

# Words that say how senior someone is, not what they do.
SENIORITY = frozenset({"senior", "sr", "junior", "jr", "associate", "intern", "i", "ii", "iii"})
MIN_SCORE = 0.35
SYNONYMS = {"machine learning": "ml", "artificial intelligence": "ai", "&": " and "}


class Suggestion(Frozen):
    position: str
    score: float
    matched: str


def _tokens(text: str) -> list[str]:
    lowered = text.lower()
    for long, short in SYNONYMS.items():
        lowered = lowered.replace(long, short)
    return [t for t in re.split(r"[^a-z0-9]+", lowered) if t and t not in SENIORITY]


def suggest_positions(title: str, *, cat: Catalogue | None = None) -> list[Suggestion]:
    """The positions a job title suggests, best first (empty when nothing fits).

    An alias whose words all appear in the title scores by how much of the title it
    explains (1.0 for an exact match); partial overlaps score lower.
    """
    cat = cat or catalogue()
    words = _tokens(title)
    if not words:
        return []
    title_set = set(words)
    best: dict[str, Suggestion] = {}
    for position in cat.positions:
        for alias in position.aliases:
            alias_words = set(_tokens(alias))
            if not alias_words:
                continue
            shared = alias_words & title_set
            if not shared:
                continue
            if alias_words <= title_set:
                value = len(alias_words) / len(title_set)
            else:
                value = 0.5 * len(shared) / len(alias_words | title_set)
            if value < MIN_SCORE:
                continue
            current = best.get(position.id)
            if current is None or value > current.score:
                best[position.id] = Suggestion(
                    position=position.id, score=round(value, 3), matched=alias
                )
    return sorted(best.values(), key=lambda s: (-s.score, cat.position_ids.index(s.position)))
