"""Job titles as people write them -> the positions they most likely hold.

A title is read as parts (see ``data/titles.toml``): a level ("head", "staff", "VP"),
domains ("data science", "ML infra", "cloud") and a craft ("engineer", "analyst").
Seniority words ("senior", "II", "L5") are recognised and set aside: they say how senior
someone is, not what they do. The parts are combined by the first rule of the data file
that fits, each giving positions with a confidence and a reason; a title whose parts are
exactly those of a position's alias ("machine learning engineer") is that position.

    "Head of DS"        -> head + data science -> executive_sponsor 0.70, inside_out 0.65
    "Staff SWE, ML Infra" -> staff + mlops + engineer -> mlops_engineer, tech_lead
    "Chef"              -> nothing, and the reading says why

Case, punctuation, accents and word order do not change the reading.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache

from teambuilder.catalogue import Catalogue, catalogue, title_words
from teambuilder.models import Frozen
from teambuilder.title_words import TitleRule, TitleWords

MIN_SCORE = 0.35  # suggest_positions leaves out guesses below this confidence
MAX_PHRASE_WORDS = 4

__all__ = [
    "MIN_SCORE",
    "PositionGuess",
    "Suggestion",
    "TitlePart",
    "TitleReading",
    "read_title",
    "suggest_positions",
]


class TitlePart(Frozen):
    """A phrase of the title and what it says (kind "unknown" when nothing does)."""

    text: str
    kind: str
    value: str


class PositionGuess(Frozen):
    position: str
    confidence: float
    reason: str


class TitleReading(Frozen):
    """What a job title says: its parts, and the positions they point to, best first.

    ``note`` says in words what was found, or why nothing fits.
    """

    title: str
    parts: tuple[TitlePart, ...]
    positions: tuple[PositionGuess, ...]
    note: str

    @property
    def fits(self) -> bool:
        return bool(self.positions)


class Suggestion(Frozen):
    position: str
    score: float
    matched: str
    reason: str = ""


# --- Reading ------------------------------------------------------------------------


def _plain_words(title: str, words: TitleWords) -> list[str]:
    """Lowercase words without accents, markers such as (m/w/d), or punctuation."""
    text = unicodedata.normalize("NFKD", title.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("ß", "ss")
    for marker in words.markers:
        text = text.replace(marker, " ")
    text = text.replace("&", " and ").replace("+", " and ")
    return [w for w in re.split(r"[^a-z0-9]+", text) if w]


@cache
def _seniority_pattern(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\Z")


def _parts(words_of_title: list[str], words: TitleWords) -> list[TitlePart]:
    """Longest phrases first, left to right; words nobody explains are "unknown"."""
    pattern = _seniority_pattern(words.seniority_patterns)
    found: list[TitlePart] = []
    i = 0
    while i < len(words_of_title):
        for size in range(min(MAX_PHRASE_WORDS, len(words_of_title) - i), 0, -1):
            phrase = " ".join(words_of_title[i : i + size])
            meaning = words.words.get(phrase)
            if meaning is not None:
                for part in meaning:
                    kind, _, value = part.partition(":")
                    found.append(TitlePart(text=phrase, kind=kind, value=value))
                i += size
                break
        else:
            word = words_of_title[i]
            if pattern is not None and pattern.match(word):
                found.append(TitlePart(text=word, kind="seniority", value=word))
            else:
                found.append(TitlePart(text=word, kind="unknown", value=word))
            i += 1
    return found


def _fits(condition: tuple[str, ...] | None, value: str | None) -> bool:
    if condition is None:
        return True
    return (value or "none") in condition


def _first_rule(
    words: TitleWords, level: str | None, domain: str | None, craft: str | None
) -> TitleRule | None:
    for rule in words.rules:
        if _fits(rule.level, level) and _fits(rule.domain, domain) and _fits(rule.craft, craft):
            return rule
    return None


_DOMAIN_WORDS = {"ml": "ML", "mlops": "MLOps", "data_science": "data science", "other": ""}


def _describe(
    parts: list[TitlePart], level: str | None, domain: str | None, craft: str | None
) -> str:
    """The parts a rule was given, in words: "head + data science + engineer"."""
    said = []
    for kind, value in (("level", level), ("domain", domain), ("craft", craft)):
        if value is None:
            continue
        text = next(p.text for p in parts if p.kind == kind and p.value == value)
        if kind == "domain":
            said.append(_DOMAIN_WORDS.get(value, value.replace("_", " ")) or repr(text))
        else:
            said.append(value)
    return " + ".join(said)


Signature = frozenset[tuple[str, str]]


def _signature(parts: list[TitlePart]) -> Signature:
    """What a title says, ignoring seniority and filler: for comparing with aliases."""
    return frozenset((p.kind, p.value) for p in parts if p.kind not in ("seniority", "filler"))


_ALIASES: dict[tuple[int, int], tuple[Catalogue, TitleWords, dict[Signature, str]]] = {}


def _alias_signatures(cat: Catalogue, words: TitleWords) -> dict[Signature, str]:
    """Each alias of the catalogue as a signature, worked out once per catalogue."""
    key = (id(cat), id(words))
    cached = _ALIASES.get(key)
    if cached is not None and cached[0] is cat and cached[1] is words:
        return cached[2]
    found: dict[Signature, str] = {}
    for position in cat.positions:
        for alias in position.aliases:
            signature = _signature(_parts(_plain_words(alias, words), words))
            if signature:
                found.setdefault(signature, position.id)
    _ALIASES[key] = (cat, words, found)
    return found


def read_title(
    title: str, *, cat: Catalogue | None = None, words: TitleWords | None = None
) -> TitleReading:
    """Read a job title as parts and combine them into ranked positions.

    Every guess has a confidence (0-1) and a reason in words. A title that fits no
    position gets no guesses and a note saying why.
    """
    cat = cat or catalogue()
    words = words or title_words()
    parts = _parts(_plain_words(title, words), words)
    levels = [p.value for p in parts if p.kind == "level"]
    # Sorted, so that word order never changes the answer or its reason.
    domains = sorted({p.value for p in parts if p.kind == "domain"})
    crafts = sorted({p.value for p in parts if p.kind == "craft"})
    unknown = [p.text for p in parts if p.kind == "unknown"]
    seniority = [p.text for p in parts if p.kind == "seniority"]

    if not parts:
        return TitleReading(title=title, parts=(), positions=(), note="the title is empty")
    level = min(levels, key=_rank(words)) if levels else None
    specific = [d for d in domains if d not in words.generic_domains]
    used_domains: list[str | None] = list(specific or domains) or [None]
    used_crafts: list[str | None] = list(crafts) or [None]

    best: dict[str, PositionGuess] = {}

    def offer(position: str, confidence: float, reason: str) -> None:
        confidence = round(min(confidence, 1.0), 2)
        current = best.get(position)
        if confidence > 0 and (current is None or confidence > current.confidence):
            best[position] = PositionGuess(position=position, confidence=confidence, reason=reason)

    penalty = words.unknown_word_factor ** len(unknown)
    why_nothing: list[str] = []
    if levels or domains or crafts:
        for domain in used_domains:
            for craft in used_crafts:
                rule = _first_rule(words, level, domain, craft)
                described = _describe(parts, level, domain, craft)
                if rule is None:
                    continue
                if not rule.positions:
                    why_nothing.append(f"{described}: {rule.why}")
                    continue
                factor = penalty * (words.no_craft_factor if rule.hands_on and not craft else 1)
                for position, confidence in rule.positions.items():
                    offer(position, confidence * factor, f"{described}: {rule.why}")
                extra = words.level_extras.get(level or "")
                if rule.hands_on and extra is not None:
                    offer(extra.position, extra.confidence * penalty, f"{level}: {extra.why}")

    alias = _alias_signatures(cat, words).get(_signature(parts))
    if alias is not None:
        kinds = ("level", "domain", "craft", "unknown")
        said = sorted(
            {(kinds.index(p.kind), p.value) for p in parts if p.kind in kinds},
        )
        described = " + ".join(
            _describe(parts, None, value, None) if kinds[k] == "domain" else value
            for k, value in said
        )
        offer(
            alias,
            words.alias_confidence,
            f"{described}: a usual title of the {cat.name_of(alias)} position",
        )

    order = cat.position_ids.index
    ranked = sorted(best.values(), key=lambda g: (-g.confidence, order(g.position)))
    return TitleReading(
        title=title,
        parts=tuple(parts),
        positions=tuple(ranked),
        note=_note(ranked, why_nothing, unknown, seniority, cat),
    )


def _rank(words: TitleWords) -> Callable[[str], int]:
    order = {value: index for index, value in enumerate(words.level_order)}
    return lambda value: order.get(value, len(order))


def _note(
    ranked: list[PositionGuess],
    why_nothing: list[str],
    unknown: list[str],
    seniority: list[str],
    cat: Catalogue,
) -> str:
    if ranked:
        best = ranked[0]
        note = f"most likely {cat.name_of(best.position)} ({best.reason})"
        if unknown:
            note += f"; not understood: {', '.join(repr(w) for w in unknown)}"
        return note
    if why_nothing:
        return "; ".join(dict.fromkeys(why_nothing))
    if seniority and not unknown:
        return (
            f"{', '.join(repr(w) for w in seniority)} says how senior someone is, not what "
            "they do; no position fits"
        )
    return (
        f"no word of this title names ML, data or product work "
        f"({', '.join(repr(w) for w in unknown)}); no position fits"
    )


# --- The short answer (the editor's suggestions, `teambuilder suggest`) -------------


def suggest_positions(title: str, *, cat: Catalogue | None = None) -> list[Suggestion]:
    """The positions a job title suggests, best first (empty when nothing fits).

    The guesses of :func:`read_title` with a confidence of at least ``MIN_SCORE``;
    ``matched`` names the parts of the title that led there.
    """
    reading = read_title(title, cat=cat)
    return [
        Suggestion(
            position=guess.position,
            score=guess.confidence,
            matched=guess.reason.partition(": ")[0],
            reason=guess.reason,
        )
        for guess in reading.positions
        if guess.confidence >= MIN_SCORE
    ]
