"""Problems found in a roster, and the bounded log the readers collect them in."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "MAX_COLUMN_CHARS",
    "MAX_MESSAGE_CHARS",
    "MAX_PROBLEMS",
    "Problem",
    "ProblemLog",
    "RosterError",
    "RosterIssue",
    "where_of",
]

# At most this many problems are kept and listed; the rest are counted ("and 12,345
# more"), so a file where every row is wrong costs no more than one with a few mistakes.
MAX_PROBLEMS = 100
# Every message and column label is cut to these lengths (a header cell or a key can be
# megabytes long); nothing a user needs to read is longer.
MAX_MESSAGE_CHARS = 1000
MAX_COLUMN_CHARS = 60


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a roster, located precisely enough to fix it.

    ``row`` is the physical line number in a CSV file (the header is line 1) or the row
    number in a table; ``None`` for JSON and for problems with the whole input.
    ``column`` is the CSV column or, for JSON, the field (``allocations.ml_engineer``).
    ``record`` names the row for people ("line 4", "row 3", "people[3] ('Meghan')").
    Message, column and record are cut to a bounded length.
    """

    source: str
    row: int | None
    column: str | None
    message: str
    record: str | None = None
    kind: Literal["table", "json"] = "table"

    def __post_init__(self) -> None:
        if len(self.message) > MAX_MESSAGE_CHARS:
            object.__setattr__(self, "message", self.message[: MAX_MESSAGE_CHARS - 3] + "...")
        if self.column is not None and len(self.column) > MAX_COLUMN_CHARS:
            object.__setattr__(self, "column", self.column[: MAX_COLUMN_CHARS - 3] + "...")
        if self.record is not None and len(self.record) > MAX_COLUMN_CHARS * 2:
            object.__setattr__(self, "record", self.record[: MAX_COLUMN_CHARS * 2 - 3] + "...")
        if len(self.source) > MAX_COLUMN_CHARS * 4:
            object.__setattr__(self, "source", self.source[: MAX_COLUMN_CHARS * 4 - 3] + "...")

    def __str__(self) -> str:
        parts = [self.source]
        if self.record:
            parts.append(self.record)
        elif self.row is not None:
            parts.append(f"line {self.row}")
        if self.column is not None:
            word = "field" if self.kind == "json" else "column"
            parts.append(f"{word} {self.column!r}")
        return f"{', '.join(parts)}: {self.message}"

    @property
    def where(self) -> str:
        """What an omitted problem is counted under: its column or field, or the file."""
        return where_of(self.row, self.column, self.kind)


def where_of(row: int | None, column: str | None, kind: str = "table") -> str:
    """How omitted problems at ``row`` and ``column`` are counted: "column 'fte'"."""
    if column is None:
        return "the whole file" if row is None else "whole rows"
    if len(column) > MAX_COLUMN_CHARS:
        column = column[: MAX_COLUMN_CHARS - 3] + "..."
    return f"{'field' if kind == 'json' else 'column'} {column!r}"


class RosterError(Exception):
    """A roster could not be read.

    ``problems`` holds the first :data:`MAX_PROBLEMS` problems in order; ``omitted``
    counts the others by where they are (``"column 'fte'"``), ``total`` is how many
    there are in all, and ``rows`` is every row or line number that has a problem, also
    the omitted ones (the editor leaves those rows out).
    """

    def __init__(
        self,
        problems: Iterable[Problem],
        omitted: Mapping[str, int] | None = None,
        rows: Iterable[int] | None = None,
    ) -> None:
        self.problems = list(problems)
        self.omitted: dict[str, int] = dict(omitted or {})
        more = sum(self.omitted.values())
        self.total = len(self.problems) + more
        self.rows = frozenset(
            rows if rows is not None else (p.row for p in self.problems if p.row is not None)
        )
        lines = [str(problem) for problem in self.problems]
        if more:
            lines.append(_more_line(self.omitted))
        super().__init__("\n".join(lines))


def _more_line(omitted: Mapping[str, int]) -> str:
    more = sum(omitted.values())
    biggest = sorted(omitted.items(), key=lambda item: -item[1])
    parts = [f"{count:,} in {where}" for where, count in biggest[:5]]
    if len(biggest) > 5:
        parts.append(f"{sum(count for _, count in biggest[5:]):,} elsewhere")
    return f"... and {more:,} more problems of the same kinds ({', '.join(parts)})"


class ProblemLog:
    """Collects problems in a bounded space: the first ``limit`` by ``order`` are kept.

    Once ``limit`` are kept, a problem that sorts after all of them is only counted, so
    adding costs O(1) for the many problems of a file wrong on every row (and amortised
    O(log limit) otherwise); memory stays O(limit), plus one integer per row that has a
    problem. :meth:`beyond` lets a caller count such problems without building them.
    """

    def __init__(self, order: Callable[[Problem], Any], limit: int = MAX_PROBLEMS) -> None:
        self._order = order
        self._limit = limit
        self._kept: list[tuple[Any, int, Problem]] = []
        self._cutoff: Any = None  # the order of the last kept problem, once limit are kept
        self._omitted: dict[str, int] = {}
        self._rows: set[int] = set()
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def beyond(self, order: Any) -> bool:
        """Whether a problem of this order (added now) would only be counted."""
        return self._cutoff is not None and order >= self._cutoff

    def count(self, where: str, row: int | None) -> None:
        """Count a problem that :meth:`beyond` says is not kept, by where it is."""
        self._count += 1
        if row is not None:
            self._rows.add(row)
        self._omitted[where] = self._omitted.get(where, 0) + 1

    def add(self, problem: Problem, order: Any = None) -> None:
        key = self._order(problem) if order is None else order
        if self.beyond(key):
            self.count(problem.where, problem.row)
            return
        self._count += 1
        if problem.row is not None:
            self._rows.add(problem.row)
        self._kept.append((key, self._count, problem))
        if len(self._kept) >= 2 * self._limit:
            self._trim()

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    def absorb(self, error: RosterError) -> None:
        """Take in another error's problems, its omitted counts and its rows."""
        self.extend(error.problems)
        for where, count in error.omitted.items():
            self._omitted[where] = self._omitted.get(where, 0) + count
            self._count += count
        self._rows.update(error.rows)

    def _trim(self) -> None:
        self._kept.sort(key=lambda item: (item[0], item[1]))
        for _, _, problem in self._kept[self._limit :]:
            self._omitted[problem.where] = self._omitted.get(problem.where, 0) + 1
        del self._kept[self._limit :]
        if len(self._kept) == self._limit:
            self._cutoff = self._kept[-1][0]

    def error(self) -> RosterError:
        self._trim()
        return RosterError((p for _, _, p in self._kept), self._omitted, self._rows)


@dataclass(frozen=True, slots=True)
class RosterIssue:
    """A problem found by :func:`roster_problems`, keyed by record index and field."""

    section: Literal["people", "teams"]
    index: int
    field: str | None
    message: str
