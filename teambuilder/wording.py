"""Small helpers for the words the tool says: numbers, lists of names, is/are."""

from __future__ import annotations

from collections.abc import Iterable


def fmt(value: float) -> str:
    """An FTE for people: 0.5, 1, 1.25 (no trailing zeros)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def join_names(names: Iterable[str], last: str = "and") -> str:
    """'Ann', 'Ann and Bob', 'Ann, Bob and Cy'."""
    items = list(names)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def are_away(names: Iterable[str]) -> str:
    """'Ann is away', 'Ann and Bob are away'."""
    items = list(names)
    return f"{join_names(items)} {'is' if len(items) == 1 else 'are'} away"


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """'1 answer', '0 answers', '3 row problems': a number and its noun, agreed."""
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"
