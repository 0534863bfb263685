"""The "What to change" list of `teambuilder score`, read against the solver's answer."""

from __future__ import annotations

import io
import re

import pytest

from teambuilder.catalogue import EXAMPLES_DIR, catalogue, fix_settings
from teambuilder.cli import main
from teambuilder.fixes import FixOptionError, FixOptions
from teambuilder.fixes.advice import advise, target_of, what_to_change
from teambuilder.fixes.command import what_to_change_writer
from teambuilder.fixes.explain import warning_key
from teambuilder.fixes.solver import target_fix
from teambuilder.roster_io import load_roster
from teambuilder.scoring import score

STARTUP = EXAMPLES_DIR / "startup_hero.csv"
LINE = re.compile(
    r"^  (\d+)\. \[([A-Z_]+)(?:, health \+(\d+))?\] (.+?)(?: \(and \d+ more changes?\))?$"
)


def run(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    assert err.getvalue() == ""
    return code, out.getvalue()


def listed(text: str) -> list[tuple[str, int, str]]:
    """(code, health gain, first sentence) of each line of the What to change list."""
    lines = text.splitlines()
    start = lines.index("  What to change (the cheapest step per warning, most needed first):")
    found = []
    for line in lines[start + 1 :]:
        match = LINE.match(line)
        if match is None:
            break
        found.append((match[2], int(match[3] or 0), match[4]))
    return found


def test_the_start_up_is_told_what_to_change_step_by_step_as_the_solver_finds_it():
    roster = load_roster(STARTUP)
    code, text = run("score", str(STARTUP))
    rows = listed(text)

    assert code == 0
    assert len(rows) == fix_settings().advice.report_steps == 5
    report = score(roster).team("Loopwise")
    # Meghan's overload, the warning with one obvious cheapest step: the same step the
    # solver finds for that warning alone, and the health it really gains.
    (overload,) = [w for w in report.warnings if w.code == "OVERLOADED"]
    found = target_fix(
        roster,
        "Loopwise",
        target_of(overload, catalogue()),
        warning_key(overload),
        FixOptions(alternatives=0),
    )
    assert found is not None and found.cost == 1
    gain = score(found.roster).team("Loopwise").health - report.health
    assert ("OVERLOADED", gain, found.changes[0].sentence) in rows
    assert "Meghan Okafor gives MLOps engineer 0.4 FTE instead of 0.6" in found.changes[0].sentence
    assert "OVERLOADED" not in [w.code for w in score(found.roster).team("Loopwise").warnings]
    # Every line is a warning of the team, the most health first (all are warnings here).
    assert {code for code, _, _ in rows} <= {w.code for w in report.warnings}
    assert [g for _, g, _ in rows] == sorted((g for _, g, _ in rows), reverse=True)
    steps = what_to_change(advise(roster, "Loopwise"))
    assert f"  ... and {len(steps) - 5} more; teambuilder fix lists every change." in text


def test_no_advice_leaves_the_list_out_and_a_team_without_warnings_gets_none():
    _, without = run("score", str(STARTUP), "--no-advice")
    _, healthy = run("score", str(EXAMPLES_DIR / "healthy_medium.json"))

    assert "What to change" not in without
    assert "What to change" not in healthy
    assert without.startswith("Loopwise: small team (5 people), health 52/100")


def test_an_absence_is_advised_with_that_person_away():
    code, text = run("score", str(STARTUP), "--absent", "Meghan Okafor")

    assert code == 0
    assert "Away: Meghan Okafor" in text
    # With Meghan away nobody may be given more work on her behalf: no step names her.
    assert all("Meghan Okafor takes on" not in sentence for _, _, sentence in listed(text))


def test_only_the_first_teams_of_a_large_file_are_worked_out():
    roster = load_roster(EXAMPLES_DIR / "organisation.json")
    settings = fix_settings()
    one_team = settings.model_copy(
        update={"advice": settings.advice.model_copy(update={"report_teams": 1})}
    )
    out = io.StringIO()
    write = what_to_change_writer(roster, (), out, one_team)

    for team in score(roster).teams:
        write(team)

    text = out.getvalue()
    assert text.count("What to change (the cheapest step") <= 1
    others = [t for t in roster.team_names()[1:] if score(roster).team(t).warnings]
    assert others
    for team in others:
        assert f'run teambuilder fix FILE --team "{team}"' in text


def test_advise_names_the_teams_when_asked_for_one_that_is_not_there():
    with pytest.raises(FixOptionError, match="teams: Loopwise"):
        advise(load_roster(STARTUP), "Nope")
