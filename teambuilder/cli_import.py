"""`teambuilder import`: an HR export -> a roster file, through a column mapping."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from teambuilder.catalogue import catalogue
from teambuilder.hr_import import (
    ExportTable,
    HrMapping,
    apply_mapping,
    guess_mapping,
    import_record,
    load_export,
    mapping_from_json,
    mapping_of_record,
    mapping_to_json,
    missing_columns,
    proposals_accepted,
)
from teambuilder.roster_io import load_roster, write_roster
from teambuilder.validation import Problem, RosterError


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "import",
        help="turn an HR export (its own column names) into a roster file",
        description="Read an HR export (.csv or .xlsx) through a column mapping (a JSON "
        "file; --guess prints the guessed one to start from). Positions read from job "
        "titles are listed as proposals; they are written only with --accept-positions.",
    )
    command.add_argument("export", type=Path, metavar="EXPORT", help="the HR export")
    command.add_argument("--mapping", type=Path, metavar="MAPPING.json", help="column mapping")
    command.add_argument(
        "--mapping-from",
        type=Path,
        metavar="ROSTER.json",
        help="use the column mapping kept in this roster (by an earlier import)",
    )
    command.add_argument("--out", type=Path, metavar="ROSTER.json", help="roster to write")
    command.add_argument(
        "--guess", action="store_true", help="print the guessed mapping as JSON and stop"
    )
    command.add_argument("--team", metavar="NAME", help="put everyone in this one team")
    command.add_argument(
        "--accept-positions",
        action="store_true",
        help="give each person the position proposed from their job title",
    )


def run(args: argparse.Namespace, out: TextIO) -> int:
    table = load_export(args.export)
    if args.mapping is not None and args.mapping_from is not None:
        sys.stderr.write("teambuilder import: give --mapping or --mapping-from, not both\n")
        return 2
    if args.mapping_from is not None:
        mapping = mapping_kept_in(args.mapping_from, table)
    elif args.mapping is not None:
        try:
            text = args.mapping.read_bytes()
        except OSError as error:
            raise RosterError(
                [Problem(str(args.mapping), None, None, f"cannot read: {error.strerror}")]
            ) from None
        mapping = mapping_from_json(text, str(args.mapping))
    else:
        mapping = guess_mapping(table)
    if args.team:
        mapping = mapping.model_copy(update={"team": args.team})
    if args.guess:
        out.write(mapping_to_json(mapping))
        return 0
    if args.out is None:
        sys.stderr.write("teambuilder import: --out ROSTER.json is needed (or --guess)\n")
        return 2
    if args.mapping is None and args.mapping_from is None:
        sys.stderr.write(
            "no --mapping given: using the guessed one (save it with --guess and correct it):\n"
            + mapping_to_json(mapping)
        )
    result = apply_mapping(table, mapping)
    roster = proposals_accepted(result) if args.accept_positions else result.roster
    # A JSON roster keeps the mapping, for the next export (--mapping-from); CSV cannot.
    kept = import_record(table, mapping, args.export.name, datetime.now(UTC))
    roster = roster.model_copy(update={"hr_import": kept})
    write_roster(roster, args.out)
    teams = roster.team_names()
    out.write(
        f"read {len(roster.people)} people in {len(teams)} team(s) from {args.export}: "
        f"{', '.join(teams)}\n"
    )
    if result.ignored:
        out.write(f"columns ignored: {', '.join(result.ignored)}\n")
    for note in result.notes:
        out.write(f"note: {note}\n")
    verb = "given" if args.accept_positions else "proposed (not written; --accept-positions)"
    out.write(f"positions {verb}:\n")
    cat = catalogue()
    for proposal in result.proposals:
        where = result.source_rows.get((proposal.team, proposal.name), "")
        if proposal.position:
            said = (
                f"{cat.name_of(proposal.position)} ({proposal.confidence:.2f}: {proposal.reason})"
            )
        else:
            said = f"none ({proposal.reason})"
        out.write(f"  {where}: {proposal.name} ({proposal.title or 'no title'}) -> {said}\n")
    out.write(f"wrote {args.out}\n")
    return 0


def mapping_kept_in(path: Path, table: ExportTable) -> HrMapping:
    """The mapping a roster file keeps, if ``table`` has every column it was kept from."""
    roster = load_roster(path)
    source = str(path)
    kept = roster.hr_import
    if kept is None:
        raise RosterError(
            [
                Problem(
                    source,
                    None,
                    "hr_import",
                    "this roster keeps no column mapping (it was not written by "
                    "`teambuilder import` or the Import an HR export page as JSON); "
                    "use --mapping or the guess",
                )
            ]
        )
    missing = missing_columns(kept, table)
    if missing:
        raise RosterError(
            [
                Problem(
                    table.source,
                    table.header_row,
                    None,
                    f"the mapping kept in {source} (from {kept.file_name}, "
                    f"{kept.recorded_at:%Y-%m-%d}) needs the column(s) "
                    f"{', '.join(repr(c) for c in missing)}, which this export lacks; "
                    "use --mapping or the guess (--guess) instead",
                )
            ]
        )
    return mapping_of_record(kept)
