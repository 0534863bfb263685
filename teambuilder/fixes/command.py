"""The ``teambuilder fix`` command: the cheapest changes for one team, as text or JSON."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from teambuilder.catalogue import catalogue, fix_settings
from teambuilder.fixes.model import FixOptionError, FixOptions, FixResult, Proposal
from teambuilder.fixes.settings import GOALS, FixSettings
from teambuilder.models import Roster, TeamReport
from teambuilder.roster_io import load_roster, write_roster

if TYPE_CHECKING:
    from teambuilder.fixes.advice import TeamAdvice

EXIT_OK, EXIT_NO_FIX = 0, 1
GOAL_WORDS = {
    "critical": "clear every critical warning",
    "all": "clear every warning",
    "n1": "clear every critical warning and survive any single absence",
}


def add_parser(commands: Any) -> None:
    """Register ``fix`` on the command line's subparsers."""
    cmd = commands.add_parser(
        "fix",
        help="suggest the fewest changes that clear a team's warnings",
        description="Find the cheapest changes of time and hires that meet the goal, "
        "checked by the same scoring as `score`. Exit 1 when no fix exists.",
    )
    cmd.add_argument("file", type=Path, help="roster file (.csv, .json or .xlsx)")
    cmd.add_argument("--team", metavar="T", help="the team to fix (default: the file's first)")
    cmd.add_argument(
        "--goal",
        choices=GOALS,
        default="critical",
        help="critical: clear critical warnings (default); all: every warning; "
        "n1: critical, and no new critical warning when any one person is away",
    )
    cmd.add_argument("--no-hires", action="store_true", help="change people's time only")
    cmd.add_argument(
        "--lock",
        action="append",
        default=[],
        metavar="NAME",
        help='keep a person\'s time as it is ("Priya Nair"), or one cell '
        '("Priya Nair:tech_lead"); repeat for several',
    )
    cmd.add_argument("--format", choices=["text", "json"], default="text")
    cmd.add_argument(
        "--no-advice",
        action="store_true",
        help="text format: leave out the advice warning by warning and the action list",
    )
    cmd.add_argument(
        "--out",
        type=Path,
        metavar="FIXED",
        help="write the fixed roster here (.csv or .json)",
    )


def parse_locks(locks: list[str]) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """'Name' locks a person, 'Name:position' one cell (position id or shown name)."""
    cat = catalogue()
    by_name = {p.name.lower(): p.id for p in cat.positions} | {pid: pid for pid in cat.position_ids}
    people: list[str] = []
    cells: list[tuple[str, str]] = []
    for lock in locks:
        name, _, position = lock.partition(":")
        name = name.strip()
        if not position:
            people.append(name)
            continue
        pid = by_name.get(position.strip().lower())
        if pid is None:
            raise FixOptionError(
                f"--lock {lock!r}: unknown position {position.strip()!r}; "
                f"positions: {', '.join(cat.position_ids)}"
            )
        cells.append((name, pid))
    return tuple(people), tuple(cells)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    # Imported here: OR-Tools takes a while to load, and only this command needs it.
    from teambuilder.fixes.advice import advise
    from teambuilder.fixes.solver import suggest_fixes

    if args.out is not None and args.out.suffix.lower() not in (".csv", ".json"):
        raise FixOptionError(
            f"--out {args.out}: a fixed roster is written as .csv or .json, "
            f"not {args.out.suffix or 'a file without an extension'}"
        )
    roster = load_roster(args.file)
    teams = roster.team_names()
    if args.team is not None and args.team not in teams:
        raise FixOptionError(
            f"--team: no team {args.team!r} in {args.file}; teams: {', '.join(teams)}"
        )
    people, cells = parse_locks(args.lock)
    options = FixOptions(
        goal=args.goal, hires=not args.no_hires, locked_people=people, locked_cells=cells
    )
    result = suggest_fixes(roster, args.team, options)
    if args.out is not None and result.proposal is not None:
        write_roster(result.proposal.roster, args.out)
    if args.format == "json":
        json.dump(result.to_json(), out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        write_text(result, out)
        if not args.no_advice:
            write_advice(advise(roster, result.team, hires=not args.no_hires), out)
        if args.out is not None and result.proposal is not None:
            out.write(f"\nWrote the fixed roster to {args.out}\n")
    if result.proposal is None:
        err.write(f"{result.team}: no fix found: {result.reason}\n")
        return EXIT_NO_FIX
    return EXIT_OK


def _write_changes(proposal: Proposal, out: TextIO, indent: str) -> None:
    for number, change in enumerate(proposal.changes, start=1):
        out.write(f"{indent}{number}. {change.sentence}\n")
        if change.clears:
            out.write(f"{indent}   clears {', '.join(change.clears)}\n")


def write_text(result: FixResult, out: TextIO) -> None:
    out.write(f"{result.team}: goal: {GOAL_WORDS[result.goal]}\n")
    found = result.proposal
    if found is None:
        out.write(f"  No fix found: {result.reason}.\n")
        out.write(f"  Health stays {result.health_before}/100.\n")
        return
    if not found.changes:
        out.write(
            f"  Nothing to change: the goal is already met (health {found.health_after}/100).\n"
        )
        return
    proof = "proven the cheapest" if found.optimal else "the cheapest found in the time allowed"
    out.write(
        f"  {len(found.changes)} change{'s' if len(found.changes) != 1 else ''}, cost "
        f"{found.cost} ({proof}); health {result.health_before} -> {found.health_after}/100\n"
    )
    _write_changes(found, out, "  ")
    for message in found.out_of_reach:
        out.write(f"  Left as it is (no move or hire changes it): {message}\n")
    for letter, alternative in zip("ABCDEFGHIJ", result.alternatives, strict=False):
        out.write(
            f"\n  Alternative {letter}: cost {alternative.cost}, health "
            f"{alternative.health_after}/100\n"
        )
        _write_changes(alternative, out, "    ")


def write_advice(advice: TeamAdvice, out: TextIO) -> None:
    """Each code's advice once, the cheapest step per warning, and the action list."""
    if not advice.items:
        return
    out.write("\n  Advice, warning by warning:\n")
    for item in advice.items:
        out.write(f"  {item.title} ({'; '.join(item.covers)}): {item.advice}\n")
        for step in item.steps:
            if step.sentences:
                out.write(f"    - {step.sentences[0]}")
                more = len(step.sentences) - 1
                out.write(
                    f" (and {more} more change{'s' if more != 1 else ''})\n" if more else "\n"
                )
            elif not step.searched:
                out.write("    - (no step worked out within the time allowed)\n")
            if step.note:
                out.write(f"      {step.note}\n")
    if advice.actions:
        out.write(f"\n  Action list (health {advice.health}/100):\n")
        for number, step in enumerate(advice.actions, start=1):
            gain = f", health +{step.health_gain}" if step.health_gain else ""
            out.write(f"  {number}. {step.warning} [{step.severity.value}{gain}]\n")
            for sentence in step.sentences:
                out.write(f"     - {sentence}\n")


def write_what_to_change(advice: TeamAdvice, out: TextIO, limit: int) -> None:
    """The score report's short list: the first ``limit`` steps, one line each."""
    from teambuilder.fixes.advice import what_to_change

    steps = what_to_change(advice)
    if not steps:
        if any(item.steps for item in advice.items):
            out.write(
                "  What to change: no single move or hire clears one of these warnings alone; "
                "teambuilder fix looks for changes that work together.\n"
            )
        return
    out.write("  What to change (the cheapest step per warning, most needed first):\n")
    for number, step in enumerate(steps[:limit], start=1):
        gain = f", health +{step.health_gain}" if step.health_gain else ""
        more = len(step.sentences) - 1
        extra = f" (and {more} more change{'s' if more != 1 else ''})" if more else ""
        out.write(f"  {number}. [{step.code}{gain}] {step.sentences[0]}{extra}\n")
    if len(steps) > limit:
        out.write(f"  ... and {len(steps) - limit} more; teambuilder fix lists every change.\n")


def what_to_change_writer(
    roster: Roster, absent: Sequence[str], out: TextIO, settings: FixSettings | None = None
) -> Callable[[TeamReport], None]:
    """For ``teambuilder score``: write each team's "What to change" list after it, for
    the first ``[advice] report_teams`` teams of the file."""
    from teambuilder.fixes.advice import advise

    settings = settings or fix_settings()
    done: list[str] = []

    def write(team: TeamReport) -> None:
        if not team.warnings:
            return
        if len(done) >= settings.advice.report_teams:
            out.write(
                f"  What to change: worked out for the first {settings.advice.report_teams} "
                f'teams only; run teambuilder fix FILE --team "{team.team}".\n'
            )
            return
        done.append(team.team)
        advice = advise(roster, team.team, tuple(absent), settings=settings)
        write_what_to_change(advice, out, settings.advice.report_steps)

    return write
