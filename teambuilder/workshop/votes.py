"""Tallies of the room's votes: who people think covers each position, and agreement.

One vote per participant per question: a later vote replaces an earlier one (the store
keeps only the latest; ``latest_votes`` does the same for a plain list).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from teambuilder.models import TeamReport, WorkshopResults
from teambuilder.wording import join_names
from teambuilder.workshop.models import NOBODY, AgreementVote, CoverageVote, WorkshopLimits

VoteT = TypeVar("VoteT", CoverageVote, AgreementVote)


class VoteError(ValueError):
    """A vote that cannot be taken as given; the message says what is allowed."""


def clean_note(text: str, limits: WorkshopLimits) -> str:
    """A note as plain text: control characters dropped, spaces collapsed, length checked."""
    kept = "".join(
        " " if ch in "\t\r\n" else ch
        for ch in text
        if ch in "\t\r\n" or unicodedata.category(ch)[0] != "C"
    )
    note = " ".join(kept.split())
    if len(note) > limits.note_max_chars:
        raise VoteError(
            f"a note may have at most {limits.note_max_chars} characters; this one has {len(note)}"
        )
    return note


def coverage_choices(report: TeamReport) -> tuple[str, ...]:
    """What a participant may answer for a position: the team's people, or nobody."""
    return (*(person.name for person in report.people), NOBODY)


def check_coverage_vote(vote: CoverageVote, report: TeamReport) -> None:
    positions = {entry.position for entry in report.coverage}
    if vote.position not in positions:
        raise VoteError(f"unknown position {vote.position!r}")
    if vote.choice not in coverage_choices(report):
        raise VoteError(f"{vote.choice!r} is not in this team; choose a person or '{NOBODY}'")


def latest_votes(votes: Iterable[VoteT]) -> list[VoteT]:
    """The last vote of each participant on each question, in the order they came."""
    latest: dict[tuple[str, str], VoteT] = {}
    for vote in votes:
        question = vote.position if isinstance(vote, CoverageVote) else vote.warning
        latest.pop((vote.participant, question), None)
        latest[(vote.participant, question)] = vote
    return list(latest.values())


@dataclass(frozen=True)
class PositionTally:
    position: str
    counts: tuple[tuple[str, int], ...]  # choice and votes, most votes first
    total: int
    roster_says: tuple[str, ...]  # who holds it in the roster (empty: nobody)

    @property
    def agreeing(self) -> int:
        """Votes that match the roster: a holder, or nobody when nobody holds it."""
        expected = set(self.roster_says) or {NOBODY}
        return sum(count for choice, count in self.counts if choice in expected)

    @property
    def disagrees(self) -> bool:
        """The room's most common answer is not what the roster says."""
        if not self.total:
            return False
        top = self.counts[0][1]
        leaders = {choice for choice, count in self.counts if count == top}
        expected = set(self.roster_says) or {NOBODY}
        return not leaders & expected

    def sentence(self) -> str:
        """'7 of 9 say Meghan Okafor; 2 say nobody.'"""
        if not self.total:
            return "No votes yet."
        parts = []
        for index, (choice, count) in enumerate(self.counts):
            who = "nobody" if choice == NOBODY else choice
            verb = "says" if count == 1 else "say"
            parts.append(
                f"{count} of {self.total} {verb} {who}" if index == 0 else f"{count} {verb} {who}"
            )
        return "; ".join(parts) + "."


def tally_coverage(votes: Sequence[CoverageVote], report: TeamReport) -> dict[str, PositionTally]:
    per_position: dict[str, Counter[str]] = {entry.position: Counter() for entry in report.coverage}
    for vote in latest_votes(votes):
        if vote.position in per_position:
            per_position[vote.position][vote.choice] += 1
    order = {name: index for index, name in enumerate(coverage_choices(report))}
    tallies = {}
    for entry in report.coverage:
        counter = per_position[entry.position]
        counts = tuple(
            sorted(counter.items(), key=lambda item: (-item[1], order.get(item[0], len(order))))
        )
        tallies[entry.position] = PositionTally(
            position=entry.position,
            counts=counts,
            total=sum(counter.values()),
            roster_says=entry.people,
        )
    return tallies


@dataclass(frozen=True)
class AgreementTally:
    warning: str
    levels: tuple[int, ...]  # votes per level, 1 to 5
    notes: tuple[str, ...]

    @property
    def total(self) -> int:
        return sum(self.levels)

    @property
    def mean(self) -> float | None:
        if not self.total:
            return None
        return sum(level * count for level, count in enumerate(self.levels, start=1)) / self.total

    def sentence(self, labels: Sequence[str]) -> str:
        if not self.total:
            return "No votes yet."
        agree = sum(self.levels[3:])
        disagree = sum(self.levels[:2])
        mean = self.mean or 0.0
        label = labels[min(len(labels) - 1, max(0, round(mean) - 1))]
        return f"{agree} of {self.total} agree, {disagree} disagree (on average: {label.lower()})."


def tally_agreement(
    votes: Sequence[AgreementVote], warnings: Iterable[str]
) -> dict[str, AgreementTally]:
    keys = list(dict.fromkeys(warnings))
    levels: dict[str, list[int]] = {key: [0, 0, 0, 0, 0] for key in keys}
    notes: dict[str, list[str]] = {key: [] for key in keys}
    for vote in latest_votes(votes):
        if vote.warning not in levels:
            continue
        levels[vote.warning][vote.level - 1] += 1
        if vote.note:
            notes[vote.warning].append(vote.note)
    return {
        key: AgreementTally(warning=key, levels=tuple(levels[key]), notes=tuple(notes[key]))
        for key in keys
    }


def disagreement_summary(tallies: dict[str, PositionTally], position_name: dict[str, str]) -> str:
    """One line for the facilitator: where the room and the roster part ways."""
    split = [position_name.get(pid, pid) for pid, tally in tallies.items() if tally.disagrees]
    if not split:
        return "The room agrees with the roster on every position voted on."
    return f"The room disagrees with the roster on {join_names(split)}."


def room_disagrees(
    results: WorkshopResults | None, positions: Sequence[str] = ()
) -> dict[str, str]:
    """Position id -> the room's tally in words, where the room's vote differs from the
    roster (only ``positions``, when given); nothing while the votes are hidden."""
    if results is None:
        return {}
    return {
        result.position: result.sentence
        for result in results.positions
        if result.disagrees and (not positions or result.position in positions)
    }
