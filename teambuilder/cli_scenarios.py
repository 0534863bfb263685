"""The command line's scenario commands: ``scenario save|list|history|show`` and ``compare``.

Each takes ``--db URL`` (default: the app's database, see teambuilder.store). Exit codes
beyond the usual: 3 a save on a stale version was refused, 4 the database is unavailable.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from teambuilder import services
from teambuilder.analysis.compare import compare, comparison_json, comparison_text
from teambuilder.models import Roster
from teambuilder.roster_io import load_roster, write_roster
from teambuilder.services import TeamSummary
from teambuilder.store import Store, open_store, opened

Handler = Callable[[argparse.Namespace, TextIO], int]
EXIT_OK = 0


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database URL (default: $TEAMBUILDER_DATABASE_URL, else the app's SQLite file)",
    )


def _format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=["text", "json"], default="text")


def add_commands(commands: Any) -> dict[str, Handler]:
    """Add ``scenario`` and ``compare`` to the main parser; returns their handlers."""
    scenario = commands.add_parser(
        "scenario", help="save, list and reopen named scenarios (every save a new version)"
    )
    actions = scenario.add_subparsers(dest="action", required=True, metavar="ACTION")

    save = actions.add_parser("save", help="save a roster file as the next version of NAME")
    save.add_argument("file", type=Path, help="roster file (.csv, .json or .xlsx)")
    save.add_argument("--name", required=True, help="the scenario's name (up to 200 characters)")
    save.add_argument(
        "--base-version",
        type=int,
        metavar="V",
        help="the version this roster was made from; refused (exit 3) if NAME moved on since",
    )
    save.add_argument("--note", default="", help="a few words about this version")
    _db_option(save)

    listing = actions.add_parser("list", help="every scenario with its health per team")
    _format_option(listing)
    _db_option(listing)

    past = actions.add_parser("history", help="every version of one scenario")
    past.add_argument("name")
    _format_option(past)
    _db_option(past)

    show = actions.add_parser("show", help="write a version of a scenario to a roster file")
    show.add_argument("name")
    show.add_argument("--version", type=int, metavar="V", help="default: the latest")
    show.add_argument("--out", required=True, type=Path, help="the file (.csv or .json)")
    _db_option(show)

    compare_cmd = commands.add_parser(
        "compare",
        help="compare two rosters or scenarios: changes, warnings, health and bus factor",
        description="A and B are roster files or scenario:NAME[@VERSION].",
    )
    compare_cmd.add_argument("a", metavar="A")
    compare_cmd.add_argument("b", metavar="B")
    _format_option(compare_cmd)
    _db_option(compare_cmd)
    return {"scenario": _cmd_scenario, "compare": _cmd_compare}


def _when(value: Any) -> str:
    return str(value.strftime("%Y-%m-%d %H:%M UTC"))


def _health(teams: dict[str, TeamSummary]) -> str:
    parts = [f"{team} {s.health}/100 (bus factor {s.bus_factor})" for team, s in teams.items()]
    return ", ".join(parts)


def _dump(document: object, out: TextIO) -> None:
    json.dump(document, out, indent=2, ensure_ascii=False)
    out.write("\n")


def _teams_json(teams: dict[str, TeamSummary]) -> dict[str, Any]:
    return {team: s.model_dump() for team, s in teams.items()}


def _save(store: Store, args: argparse.Namespace, out: TextIO) -> int:
    roster = load_roster(args.file)
    saved = services.save_scenario(
        store, args.name, roster, base_version=args.base_version, note=args.note
    )
    out.write(f"{saved.version}\n")
    return EXIT_OK


def _list(store: Store, args: argparse.Namespace, out: TextIO) -> int:
    found = services.list_scenarios(store)
    if args.format == "json":
        _dump(
            [
                {
                    "name": s.name,
                    "version": s.version,
                    "updated_at": s.updated_at.isoformat(),
                    "created_at": s.created_at.isoformat(),
                    "teams": _teams_json(s.teams),
                    "branched_from": s.branched_from,
                    "branched_from_version": s.branched_from_version,
                    "view_token": s.view_token,
                    "edit_token": s.edit_token,
                }
                for s in found
            ],
            out,
        )
        return EXIT_OK
    if not found:
        out.write("No scenarios yet: `teambuilder scenario save FILE --name NAME` saves one.\n")
    for s in found:
        out.write(f"{s.name}  (version {s.version}, {_when(s.updated_at)})\n")
        out.write(f"    {_health(s.teams) or 'no team'}\n")
    return EXIT_OK


def _history(store: Store, args: argparse.Namespace, out: TextIO) -> int:
    versions = services.history(store, args.name)
    if args.format == "json":
        _dump(
            [
                {
                    "version": v.number,
                    "created_at": v.created_at.isoformat(),
                    "note": v.note,
                    "away": list(v.away),
                    "teams": _teams_json(v.teams),
                }
                for v in versions
            ],
            out,
        )
        return EXIT_OK
    for v in versions:
        note = f"  {v.note}" if v.note else ""
        out.write(f"version {v.number}  {_when(v.created_at)}{note}\n")
        out.write(f"    {_health(v.teams) or 'no team'}\n")
    return EXIT_OK


def _show(store: Store, args: argparse.Namespace, out: TextIO) -> int:
    snapshot = services.open_scenario(store, args.name, args.version)
    write_roster(snapshot.roster, args.out)
    out.write(
        f"wrote {args.out} ({snapshot.name}, version {snapshot.version}, "
        f"{len(snapshot.roster.people)} rows)\n"
    )
    if snapshot.away:
        out.write(f"(saved with away: {', '.join(snapshot.away)}; --absent NAME scores that)\n")
    return EXIT_OK


ACTIONS = {"save": _save, "list": _list, "history": _history, "show": _show}


def _cmd_scenario(args: argparse.Namespace, out: TextIO) -> int:
    with opened(args.db) as store:
        return ACTIONS[args.action](store, args, out)


@contextmanager
def _lazy_store(url: str | None) -> Iterator[Callable[[], Store]]:
    """Open the database only if a side names a scenario."""
    holder: list[Store] = []

    def get() -> Store:
        if not holder:
            holder.append(open_store(url))
        return holder[0]

    try:
        yield get
    finally:
        for store in holder:
            store.close()


def _side(reference: str, store: Callable[[], Store]) -> tuple[Roster, tuple[str, ...], str]:
    if reference.startswith(services.SCENARIO_PREFIX):
        snapshot = services.open_reference(store(), reference)
        return snapshot.roster, snapshot.away, snapshot.label
    return load_roster(reference), (), reference


def _cmd_compare(args: argparse.Namespace, out: TextIO) -> int:
    with _lazy_store(args.db) as store:
        roster_a, away_a, label_a = _side(args.a, store)
        roster_b, away_b, label_b = _side(args.b, store)
    result = compare(
        roster_a, roster_b, away_a=away_a, away_b=away_b, label_a=label_a, label_b=label_b
    )
    if args.format == "json":
        _dump(comparison_json(result), out)
    else:
        out.write(comparison_text(result))
    return EXIT_OK
