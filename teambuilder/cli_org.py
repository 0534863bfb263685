"""`teambuilder org`: the figures across every team of a roster file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TextIO

from teambuilder.organisation import (
    organisation,
    organisation_text,
    resilience_to_single_absences,
)
from teambuilder.roster_io import load_roster
from teambuilder.scoring import score


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "org",
        help="every team at once: coverage, health, bus factor, shared and key people",
    )
    command.add_argument("file", type=Path, help="roster file (.csv, .json or .xlsx)")
    command.add_argument("--format", choices=["text", "json"], default="text")


def run(args: argparse.Namespace, out: TextIO) -> int:
    roster = load_roster(args.file)
    org = organisation(roster, score(roster), resilience=resilience_to_single_absences(roster))
    if args.format == "json":
        json.dump(org.model_dump(mode="json"), out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        out.write(organisation_text(org))
    return 0
