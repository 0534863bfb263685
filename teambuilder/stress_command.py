"""``teambuilder stress FILE``: the N-1/N-2 stress test on the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from teambuilder.analysis.stress import (
    DEPTHS,
    TeamStress,
    describe,
    stress_json,
    stress_test,
    summary,
)
from teambuilder.roster_io import load_roster
from teambuilder.validation import Problem, RosterError

# Runs of more combinations than this report their progress on stderr (about a second).
PROGRESS_ABOVE = 5_000
WORST_SHOWN = 10


def add_parser(commands: Any) -> None:
    """Register the subcommand on the CLI's subparsers."""
    cmd = commands.add_parser(
        "stress",
        help="every absence of one, two (or three) people of each team, worst first",
        description="Score each team as if every single person, every pair (and, for teams "
        "of up to 15, every three) were away; rank the combinations worst first.",
    )
    cmd.add_argument("file", type=Path, help="roster file (.csv, .json or .xlsx)")
    cmd.add_argument("--team", metavar="NAME", help="only this team (default: every team)")
    cmd.add_argument(
        "--depth",
        type=int,
        choices=DEPTHS,
        default=2,
        help="1: each person alone; 2: also every pair (default); 3: also every three "
        "(teams of up to 15 people; larger teams stop at pairs)",
    )
    cmd.add_argument("--format", choices=["text", "json"], default="text")


class _Progress:
    """Progress on stderr in steps of 10%, for runs long enough to wonder about."""

    def __init__(self, err: TextIO) -> None:
        self.err = err
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        if total <= PROGRESS_ABOVE:
            return
        step = 10 * done // total
        if step > self.shown:
            self.shown = step
            self.err.write(f"stress: {done:,} of {total:,} combinations ({10 * step}%)\n")
            self.err.flush()


def write_text(results: list[TeamStress], out: TextIO) -> None:
    for number, result in enumerate(results):
        if number:
            out.write("\n")
        count = len(result.combinations)
        out.write(f"{result.team}: N-{result.depth}, {count:,} combinations\n")
        out.write(f"  {summary(result)} (share of absences raising no new critical warning)\n")
        out.write(f"  Today: health {result.health}, bus factor {result.bus_factor}\n")
        if not count:
            out.write("  Nobody present to be away.\n")
            continue
        worst = result.worst(WORST_SHOWN)
        out.write(f"  Worst {len(worst)}:\n")
        for place, combo in enumerate(worst, start=1):
            codes = f" [{', '.join(combo.new_critical)}]" if combo.new_critical else ""
            out.write(
                f"  {place:>3}. health {combo.health:>3}, bus factor {combo.bus_factor}: "
                f"{describe(combo)}{codes}\n"
            )


def run(args: argparse.Namespace, out: TextIO, err: TextIO | None = None) -> int:
    roster = load_roster(args.file)
    teams = roster.team_names()
    if args.team is not None and args.team not in teams:
        raise RosterError(
            [
                Problem(
                    source=str(args.file),
                    row=None,
                    column=None,
                    message=f"--team: no team {args.team!r}; teams: {', '.join(teams)}",
                )
            ]
        )
    chosen = [args.team] if args.team is not None else teams
    results = stress_test(
        roster, depth=args.depth, teams=chosen, progress=_Progress(err or sys.stderr)
    )
    if args.format == "json":
        json.dump(stress_json(results), out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        write_text(results, out)
    return 0
