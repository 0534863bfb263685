"""The command line: the same roster files and the same scoring as the dashboard.

Exit codes: 0 done, 1 a ``--fail-on`` threshold was met, 2 invalid input (or an export
that cannot be made here, such as an image without Chromium).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TextIO, cast

from teambuilder import cli_import, cli_org, cli_scenarios, export, stress_command
from teambuilder.catalogue import catalogue
from teambuilder.fixes import command as fix_command
from teambuilder.fixes.advice import advise
from teambuilder.fixes.model import FixOptionError
from teambuilder.models import SEVERITY_ORDER, Report, Roster, RuleWarning, Severity, TeamReport
from teambuilder.roster_io import (
    RosterError,
    json_schema,
    load_roster,
    roster_to_bytes,
    write_roster,
)
from teambuilder.scoring import UnknownPersonError, score
from teambuilder.store import StoreError
from teambuilder.titles import suggest_positions
from teambuilder.wording import are_away, fmt

EXIT_OK, EXIT_FAIL_ON, EXIT_INVALID = 0, 1, 2
EXPORT_FORMATS = (
    "png",
    "svg",
    "png-landscape",
    "svg-landscape",
    "html",
    "report-md",
    "report-html",
    "report-pdf",
    "csv",
    "json",
)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-26") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="teambuilder",
        description="Check who covers which position of an ML/MLOps team.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    score_cmd = commands.add_parser("score", help="score a roster file and list its warnings")
    score_cmd.add_argument("file", type=Path, help="roster file (.csv, .json or .xlsx)")
    score_cmd.add_argument(
        "--absent",
        action="append",
        default=[],
        metavar="NAME",
        help="treat this person as away (repeat for several)",
    )
    score_cmd.add_argument("--format", choices=["text", "json"], default="text")
    score_cmd.add_argument(
        "--fail-on",
        choices=["critical", "warning"],
        help="exit 1 when a warning of this severity or worse is raised",
    )
    score_cmd.add_argument(
        "--no-advice",
        action="store_true",
        help="text format: leave out each team's 'What to change' list (the solver's steps)",
    )

    validate_cmd = commands.add_parser("validate", help="check a roster file; list every problem")
    validate_cmd.add_argument("file", type=Path)

    convert_cmd = commands.add_parser("convert", help="convert a roster between CSV and JSON")
    convert_cmd.add_argument("source", type=Path, metavar="IN")
    convert_cmd.add_argument("target", type=Path, metavar="OUT")

    commands.add_parser("positions", help="list the positions of the catalogue")

    suggest_cmd = commands.add_parser("suggest", help="positions a job title most likely maps to")
    suggest_cmd.add_argument("title", help='a job title, e.g. "Senior MLOps Engineer"')

    commands.add_parser("schema", help="print the JSON Schema of the JSON roster format")

    export_cmd = commands.add_parser(
        "export",
        help="write a team's formation (png, svg, html), its one-page report or the roster",
        description="png/svg/html: the formation for a slide (png-landscape and "
        "svg-landscape: 16:9, the pitch across); report-*: the one-page report; "
        "csv/json: the roster again (people named by --absent marked away).",
    )
    export_cmd.add_argument("file", type=Path, help="roster file (.csv or .json)")
    export_cmd.add_argument("--to", required=True, choices=EXPORT_FORMATS, help="what to write")
    export_cmd.add_argument("--out", required=True, type=Path, metavar="PATH", help="where")
    export_cmd.add_argument(
        "--team", metavar="NAME", help="the team to export (default: the file's first team)"
    )
    export_cmd.add_argument(
        "--absent",
        action="append",
        default=[],
        metavar="NAME",
        help="treat this person as away (repeat for several)",
    )
    export_cmd.add_argument(
        "--date",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="the date shown on images and reports (default: today)",
    )
    stress_command.add_parser(commands)
    COMMANDS.update(cli_scenarios.add_commands(commands))  # scenario, compare
    fix_command.add_parser(commands)
    cli_import.add_parser(commands)
    cli_org.add_parser(commands)
    return parser


def _severity_label(severity: Severity) -> str:
    return severity.value.upper()


def _write_warning(out: TextIO, warning: RuleWarning, *, advice_said: bool = False) -> None:
    out.write(f"  {_severity_label(warning.severity):<8} {warning.code}: {warning.message}\n")
    if warning.absences:
        out.write(f"           (only because {are_away(warning.absences)})\n")
    if warning.accepted is not None:
        accepted = warning.accepted
        when = (
            f"review due since {accepted.review_on.isoformat()}"
            if accepted.due
            else f"until {accepted.review_on.isoformat()}"
        )
        out.write(
            f"           Accepted as a risk by {accepted.owner} ({when}): {accepted.rationale}\n"
        )
    if advice_said:  # the same advice for another position or person: said once above
        out.write(f"           What to do: as for the {warning.title.lower()} above.\n")
    else:
        out.write(f"           What to do: {warning.advice}\n")


def _write_team(out: TextIO, team: TeamReport) -> None:
    cat = catalogue()
    tier_note = "set" if team.tier_was_set else f"{team.head_count} people"
    out.write(f"{team.team}: {team.tier} team ({tier_note})")
    out.write(f", health {team.health}/100, bus factor {team.bus_factor}\n")
    if team.absent:
        out.write(f"  Away: {', '.join(team.absent)}\n")
    out.write("  Coverage:\n")
    for entry in team.coverage:
        needed = ""
        if entry.required:
            wanted = []
            if entry.required_fte:
                wanted.append(f"{fmt(entry.required_fte)} FTE")
            count = entry.required_people
            wanted.append(f"{count} {'person' if count == 1 else 'people'}")
            needed = f" (needs {', '.join(wanted)})"
        elif entry.status == "missing":
            continue
        holders = ", ".join(entry.people) or "-"
        name = cat.name_of(entry.position)
        out.write(f"    {name:<30} {entry.status:<8} {fmt(entry.fte):>5} FTE  {holders}{needed}\n")
    if not team.warnings:
        out.write("  No warnings.\n")
    said: set[str] = set()
    for warning in team.warnings:
        _write_warning(out, warning, advice_said=warning.advice in said)
        said.add(warning.advice)
    deductions = ", ".join(
        f"{d.code} -{d.points}" for d in team.health_breakdown.deductions if d.points
    )
    breakdown = team.health_breakdown
    out.write(f"  Health: {breakdown.start}" + (f" minus {deductions}" if deductions else ""))
    if breakdown.cap is not None:
        out.write(f", capped at {breakdown.cap}")
    out.write(f" = {breakdown.score}\n")


def write_text_report(
    report: Report, out: TextIO, after_team: Callable[[TeamReport], None] | None = None
) -> None:
    for index, team in enumerate(report.teams):
        if index:
            out.write("\n")
        _write_team(out, team)
        if after_team is not None:
            after_team(team)
    if report.warnings:
        out.write("\nAcross teams:\n")
        for warning in report.warnings:
            _write_warning(out, warning)


def _worst(report: Report) -> Severity | None:
    found = [w.severity for t in report.teams for w in t.warnings] + [
        w.severity for w in report.warnings
    ]
    for severity in SEVERITY_ORDER:
        if severity in found:
            return severity
    return None


def _cmd_score(args: argparse.Namespace, out: TextIO) -> int:
    roster = load_roster(args.file)
    report = score(roster, args.absent)
    if args.format == "json":
        json.dump(report.model_dump(mode="json"), out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif args.no_advice:
        write_text_report(report, out)
    else:
        advice = fix_command.what_to_change_writer(roster, args.absent, out)
        write_text_report(report, out, after_team=advice)
    worst = _worst(report)
    if args.fail_on and worst is not None:
        threshold = SEVERITY_ORDER.index(Severity(args.fail_on))
        if SEVERITY_ORDER.index(worst) <= threshold:
            return EXIT_FAIL_ON
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    roster = load_roster(args.file)
    teams = roster.team_names()
    out.write(
        f"{args.file}: valid, {len(roster.people)} rows in {len(teams)} "
        f"team{'s' if len(teams) != 1 else ''} ({', '.join(teams)})\n"
    )
    return EXIT_OK


def _cmd_convert(args: argparse.Namespace, out: TextIO) -> int:
    roster = load_roster(args.source)
    write_roster(roster, args.target)
    out.write(f"wrote {args.target} ({len(roster.people)} rows)\n")
    return EXIT_OK


def _cmd_positions(args: argparse.Namespace, out: TextIO) -> int:
    for position in catalogue().positions:
        critical = ", critical" if position.critical else ""
        out.write(f"{position.id:<20} {position.name} ({position.line}{critical})\n")
        out.write(f"{'':<20} {position.description}\n")
        out.write(f"{'':<20} Typical titles: {', '.join(position.aliases)}\n")
    return EXIT_OK


def _cmd_suggest(args: argparse.Namespace, out: TextIO) -> int:
    suggestions = suggest_positions(args.title)
    if not suggestions:
        out.write(f"No position matches {args.title!r}; see `teambuilder positions`.\n")
    for suggestion in suggestions:
        name = catalogue().name_of(suggestion.position)
        out.write(
            f"{suggestion.position:<20} {name:<30} {suggestion.score:.2f}"
            f"  (matches {suggestion.matched!r})\n"
        )
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    json.dump(json_schema(), out, indent=2)
    out.write("\n")
    return EXIT_OK


def _pick_team(roster: Roster, wanted: str | None, source: Path) -> str:
    teams = roster.team_names()
    if not teams:
        raise export.ExportError(f"{source}: the roster has no team to export")
    if wanted is None:
        return teams[0]
    if wanted not in teams:
        raise export.ExportError(
            f"--team: no team {wanted!r} in {source}; teams: {', '.join(teams)}"
        )
    return wanted


def _roster_for_export(roster: Roster, team: str | None, absent: Sequence[str]) -> Roster:
    """The roster as it will be written: one team if asked, absences marked."""
    away = set(absent)
    people = tuple(
        person.model_copy(update={"absent": True}) if person.name in away else person
        for person in roster.people
        if team is None or person.team == team
    )
    teams = tuple(t for t in roster.teams if team is None or t.name == team)
    risks = tuple(r for r in roster.accepted_risks if team is None or r.team == team)
    held = tuple(w for w in roster.workshops if team is None or w.team == team)
    return Roster(teams=teams, people=people, accepted_risks=risks, workshops=held)


def _export_bytes(args: argparse.Namespace, roster: Roster, report: Report, team: str) -> bytes:
    when: date | None = args.date
    if args.to in ("csv", "json"):
        chosen = _roster_for_export(roster, args.team, args.absent)
        return roster_to_bytes(chosen, f"roster.{args.to}")
    team_report = report.team(team)
    if args.to.startswith("report-"):
        inputs = export.ReportInputs(
            team_report,
            report,
            when=when,
            resilience=export.team_resilience(_roster_for_export(roster, None, args.absent), team),
            advice=advise(roster, team, tuple(args.absent)),  # the report's concrete changes
            risks=roster.accepted_risks,
            workshops=roster.workshops,
        )
        return export.one_page_report(
            cast(export.ReportKind, args.to.removeprefix("report-")), inputs
        )
    if args.to == "png":
        return export.formation_image(team_report, "png", when=when)
    if args.to == "svg":
        return export.formation_image(team_report, "svg", when=when)
    if args.to == "png-landscape":
        return export.formation_image(team_report, "png", when=when, layout="landscape")
    if args.to == "svg-landscape":
        return export.formation_image(team_report, "svg", when=when, layout="landscape")
    return export.formation_html(team_report, when=when).encode("utf-8")


def _cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    roster = load_roster(args.file)
    team = _pick_team(roster, args.team, args.file)
    # Scoring checks --absent names even for csv/json, which then mark them away.
    report = score(roster, args.absent)
    data = _export_bytes(args, roster, report, team)
    try:
        args.out.write_bytes(data)
    except OSError as error:
        raise export.ExportError(
            f"{args.out}: cannot write here: {error.strerror or error}"
        ) from None
    what = team if args.to not in ("csv", "json") or args.team else "all teams"
    out.write(f"wrote {args.out} ({args.to}, {what}, {len(data)} bytes)\n")
    return EXIT_OK


COMMANDS = {
    "score": _cmd_score,
    "validate": _cmd_validate,
    "convert": _cmd_convert,
    "positions": _cmd_positions,
    "suggest": _cmd_suggest,
    "schema": _cmd_schema,
    "export": _cmd_export,
    "stress": stress_command.run,
    "import": cli_import.run,
    "org": cli_org.run,
}


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    args = _parser().parse_args(argv)
    try:
        if args.command == "fix":
            return fix_command.run(args, out, err)
        return COMMANDS[args.command](args, out)
    except RosterError as error:
        err.write(f"{error}\n")
        return EXIT_INVALID
    except UnknownPersonError as error:
        err.write(f"--absent: {error}\n")
        return EXIT_INVALID
    except export.ExportError as error:
        err.write(f"{error}\n")
        return EXIT_INVALID
    except StoreError as error:  # 2 not found or bad name, 3 stale version, 4 database down
        err.write(f"{error}\n")
        return error.exit_code
    except FixOptionError as error:
        err.write(f"{error}\n")
        return EXIT_INVALID
    except OSError as error:
        err.write(f"{error.filename or ''}: {error.strerror or error}\n")
        return EXIT_INVALID
    except MemoryError:  # the readers bound their memory; this is the last resort
        err.write("the input needs more memory than this machine has; try a smaller file\n")
        return EXIT_INVALID


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
