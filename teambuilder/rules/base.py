"""A rule's shape: its check gives findings (facts), its words are made from them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from teambuilder.catalogue import Catalogue
from teambuilder.models import Coverage, RuleWarning, Severity, TeamReport
from teambuilder.wording import join_names

if TYPE_CHECKING:
    from teambuilder.rules.context import TeamContext


class Finding(NamedTuple):
    """What a check found: the code, the positions and people involved, and the facts
    that made it fire (FTE found and required, who is away, ...). No words yet.

    Immutable, and a named tuple rather than a frozen dataclass: checks make thousands
    (the stress test, hundreds of thousands), and a tuple is built four times faster.
    """

    code: str
    severity: Severity
    positions: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()
    facts: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Action:
    """A to-do for the report; ``names_absences``: it already says who is away."""

    text: str
    names_absences: bool = False


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule's home: its code, what it is about, its check and its words.

    ``about`` is "person" for warnings about one person (the pitch colours that
    person's link), "position" otherwise. The severity, title and advice are the rule's
    row in data/rules.toml.
    """

    code: str
    about: Literal["person", "position"]
    check: Callable[[TeamContext], list[Finding]]
    message: Callable[[Finding, Catalogue], str]
    action: Callable[[RuleWarning, TeamReport, Catalogue], Action | None]


# --- Words shared by several rules -------------------------------------------------------


def position_names(cat: Catalogue, positions: Iterable[str], last: str = "and") -> str:
    return join_names((cat.name_of(pid) for pid in positions), last=last)


def coverage(team: TeamReport, position: str) -> Coverage | None:
    try:
        return team.coverage_of(position)
    except KeyError:
        return None


def holders(team: TeamReport, position: str) -> str:
    """Who holds a position in the report, in words ('nobody' when no one does)."""
    entry = coverage(team, position)
    return join_names(entry.people) if entry and entry.people else "nobody"
