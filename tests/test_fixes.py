"""Suggested fixes: every proposal re-scored, the change model's limits, the CLI contract."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from teambuilder.catalogue import EXAMPLES_DIR, DataFileError, catalogue, load_fix_settings
from teambuilder.cli import main
from teambuilder.fixes import FixOptionError, FixOptions, suggest_fixes
from teambuilder.fixes.advice import advise, target_of
from teambuilder.fixes.explain import warning_key
from teambuilder.fixes.solver import target_fix
from teambuilder.models import SEVERITY_ORDER, Background, Roster, Severity
from teambuilder.roster_io import load_roster
from teambuilder.scoring import score
from tests.helpers import make_person, make_roster

EXAMPLES = sorted(p.name for p in EXAMPLES_DIR.iterdir() if p.suffix in {".csv", ".json"})
CHANGE_KEYS = {"kind", "person", "position", "from_fte", "to_fte", "sentence", "clears"}
TOP_KEYS = {
    "team",
    "goal",
    "cost",
    "optimal",
    "health_before",
    "health_after",
    "changes",
    "alternatives",
}


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def team_warnings(roster: Roster, team: str, absent: tuple[str, ...] = ()) -> list[str]:
    return [w.code for w in score(roster, absent).team(team).warnings]


def critical_codes(roster: Roster, team: str) -> list[str]:
    report = score(roster).team(team)
    return [w.code for w in report.warnings if w.severity == Severity.critical]


def overloaded(roster: Roster) -> list[str]:
    report = score(roster)
    found = [w for t in report.teams for w in t.warnings if w.code == "OVERLOADED"]
    found += [w for w in report.warnings if w.code == "OVERLOADED"]
    return [name for w in found for name in w.people]


def cells(roster: Roster, team: str, name: str) -> dict[str, float]:
    person = next(p for p in roster.people if p.team == team and p.name == name)
    return dict(person.allocations)


# --- every example, every team: the judge's checks done again here ---------------------


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_team_of_every_example_gets_a_proposal_without_critical_warnings(example):
    roster = load_roster(EXAMPLES_DIR / example)

    for team in roster.team_names():
        result = suggest_fixes(roster, team)

        assert result.proposal is not None, result.reason
        fixed = result.proposal.roster
        assert critical_codes(fixed, team) == []
        assert overloaded(fixed) == []
        assert result.proposal.health_after == score(fixed).team(team).health
        assert result.health_before == score(roster).team(team).health
        # Other teams of the file are untouched.
        assert [p for p in fixed.people if p.team != team] == [
            p for p in roster.people if p.team != team
        ]


def test_the_start_up_hero_is_fixed_by_taking_load_off_meghan_alone():
    roster = load_roster(EXAMPLES_DIR / "startup_hero.csv")

    result = suggest_fixes(roster)

    proposal = result.proposal
    assert proposal is not None
    assert proposal.cost == 1 and proposal.optimal
    (change,) = proposal.changes
    assert change.person == "Meghan Okafor" and change.kind == "move"
    assert change.to_fte < change.from_fte
    assert change.clears == ("OVERLOADED",)
    assert "Meghan Okafor" in change.sentence
    assert "OVERLOADED" not in team_warnings(proposal.roster, "Loopwise")


def test_alternatives_differ_from_the_best_and_are_no_cheaper():
    roster = load_roster(EXAMPLES_DIR / "startup_hero.csv")

    result = suggest_fixes(roster)

    assert result.proposal is not None
    assert len(result.alternatives) == 2
    seen = {tuple((c.person, c.position, c.to_fte) for c in result.proposal.changes)}
    for alternative in result.alternatives:
        key = tuple((c.person, c.position, c.to_fte) for c in alternative.changes)
        assert key not in seen
        seen.add(key)
        assert alternative.cost >= result.proposal.cost
        assert critical_codes(alternative.roster, "Loopwise") == []


def test_a_team_already_meeting_the_goal_needs_no_change():
    roster = load_roster(EXAMPLES_DIR / "healthy_medium.json")

    result = suggest_fixes(roster, "Fraud Signals")

    assert result.proposal is not None
    assert result.proposal.changes == () and result.proposal.cost == 0
    assert result.proposal.optimal


# --- the change model's constraints ----------------------------------------------------


def test_locked_people_and_cells_keep_their_time():
    roster = load_roster(EXAMPLES_DIR / "startup_hero.csv")
    options = FixOptions(locked_people=("Meghan Okafor",))

    result = suggest_fixes(roster, options=options)

    # Meghan's overload can only be cleared by changing her own time: locked, no fix.
    assert result.proposal is None
    assert "Meghan Okafor" in (result.reason or "")


def test_a_locked_cell_stays_while_the_rest_of_the_person_may_change():
    roster = load_roster(EXAMPLES_DIR / "startup_hero.csv")
    options = FixOptions(locked_cells=(("Meghan Okafor", "mlops_engineer"),))

    result = suggest_fixes(roster, options=options)

    assert result.proposal is not None
    assert cells(result.proposal.roster, "Loopwise", "Meghan Okafor")["mlops_engineer"] == 0.6
    assert overloaded(result.proposal.roster) == []


def test_people_away_get_no_new_work():
    roster = load_roster(EXAMPLES_DIR / "startup_hero.csv")
    before = cells(roster, "Loopwise", "Lina Park")

    result = suggest_fixes(roster, options=FixOptions(goal="all", absent=("Lina Park",)))

    for proposal in [result.proposal, *result.alternatives]:
        if proposal is not None:
            assert cells(proposal.roster, "Loopwise", "Lina Park") == before


def test_without_a_business_minded_person_free_the_reason_says_allow_a_hire():
    roster = load_roster(EXAMPLES_DIR / "organisation.json")
    options = FixOptions(hires=False, locked_people=("Helen Brooks",))

    result = suggest_fixes(roster, "ML Platform", options)

    assert result.proposal is None
    assert result.reason == (
        "nobody with a business or mixed background has time left for the business bridge; "
        "allow a hire"
    )


def test_the_business_bridge_goes_to_a_hire_when_only_engineers_have_time():
    roster = load_roster(EXAMPLES_DIR / "organisation.json")

    result = suggest_fixes(roster, "ML Platform", FixOptions(locked_people=("Helen Brooks",)))

    assert result.proposal is not None
    holders = [
        p
        for p in result.proposal.roster.members("ML Platform")
        if p.allocation("outside_in") >= 0.2
    ]
    assert holders
    assert all(p.background in (Background.business, Background.mixed) for p in holders), holders


def test_a_missing_sponsor_becomes_find_a_sponsor_not_engineers_time():
    roster = make_roster(
        make_person("Ann", inside_out=0.5, data_scientist=0.5, evangelist=0.05),
        make_person("Bo", data_scientist=0.5, ml_engineer=0.5),
        make_person("Cy", mlops_engineer=0.5, data_scientist=0.5),
    )

    result = suggest_fixes(roster)

    assert result.proposal is not None
    hires = [c for c in result.proposal.changes if c.kind == "hire"]
    assert [c.position for c in hires] == ["executive_sponsor"]
    assert "sponsor" in hires[0].sentence.lower()
    members = result.proposal.roster.members("Team")
    real = [p for p in members if p.name in {"Ann", "Bo", "Cy"}]
    assert all(p.allocation("executive_sponsor") == 0 for p in real)
    assert "NO_SPONSOR" not in team_warnings(result.proposal.roster, "Team")


def test_goal_all_clears_every_warning_a_move_or_hire_can_clear():
    roster = load_roster(EXAMPLES_DIR / "scaleup_bridge_conflict.csv")

    result = suggest_fixes(roster, "Basketly Recommendations", FixOptions(goal="all"))

    assert result.proposal is not None
    report = score(result.proposal.roster).team("Basketly Recommendations")
    assert [w.code for w in report.warnings if w.severity != Severity.info] == []


def test_goal_n1_survives_every_single_absence_without_a_new_critical_warning():
    roster = load_roster(EXAMPLES_DIR / "startup_hero.csv")

    result = suggest_fixes(roster, options=FixOptions(goal="n1", alternatives=0))

    assert result.proposal is not None
    fixed = result.proposal.roster
    for person in fixed.members("Loopwise"):
        report = score(fixed, [person.name]).team("Loopwise")
        new_critical = [
            w for w in report.warnings if w.severity == Severity.critical and w.absences
        ]
        assert new_critical == [], person.name


def test_unknown_names_in_options_are_refused_with_the_valid_ones():
    roster = load_roster(EXAMPLES_DIR / "startup_hero.csv")

    with pytest.raises(FixOptionError, match="Priya Nair"):
        suggest_fixes(roster, options=FixOptions(locked_people=("Nobody",)))
    with pytest.raises(FixOptionError, match="Loopwise"):
        suggest_fixes(roster, "No such team")


def test_the_change_model_file_is_checked_against_the_catalogue(tmp_path: Path):
    data = Path(catalogue.__wrapped__.__code__.co_filename).resolve().parent.parent / "data"
    for name in ("positions.toml", "rules.toml"):
        (tmp_path / name).write_text((data / name).read_text())
    text = (
        (data / "fixes.toml")
        .read_text()
        .replace('fixed_positions = ["executive_sponsor"]', 'fixed_positions = ["sponsor"]')
    )
    (tmp_path / "fixes.toml").write_text(text)

    with pytest.raises(DataFileError, match="unknown position 'sponsor'"):
        load_fix_settings(tmp_path)


# --- the command line ------------------------------------------------------------------


def test_fix_json_has_exactly_the_contract_keys():
    code, out, _ = run("fix", str(EXAMPLES_DIR / "startup_hero.csv"), "--format", "json")

    assert code == 0
    data = json.loads(out)
    assert set(data) == TOP_KEYS
    assert data["team"] == "Loopwise" and data["goal"] == "critical"
    assert data["cost"] == 1 and data["optimal"] is True
    assert data["health_before"] == 52
    for change in data["changes"]:
        assert set(change) == CHANGE_KEYS
        assert change["kind"] in ("move", "hire")
    for alternative in data["alternatives"]:
        assert set(alternative) == {"cost", "optimal", "health_after", "changes"}


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_fix_out_writes_a_roster_that_score_shows_without_the_goals_warnings(
    tmp_path: Path, suffix: str
):
    fixed = tmp_path / f"fixed{suffix}"

    code, _, _ = run(
        "fix",
        str(EXAMPLES_DIR / "organisation.json"),
        "--team",
        "Personalisation",
        "--out",
        str(fixed),
    )
    score_code, report, _ = run("score", str(fixed), "--format", "json")

    assert code == 0 and score_code == 0
    team = next(t for t in json.loads(report)["teams"] if t["team"] == "Personalisation")
    assert [w for w in team["warnings"] if w["severity"] == "critical"] == []
    assert (
        load_roster(fixed).team_names()
        == load_roster(EXAMPLES_DIR / "organisation.json").team_names()
    )


def test_fix_goal_all_out_clears_the_warnings_too(tmp_path: Path):
    fixed = tmp_path / "fixed.json"

    code, _, _ = run(
        "fix",
        str(EXAMPLES_DIR / "scaleup_bridge_conflict.csv"),
        "--team",
        "Basketly Recommendations",
        "--goal",
        "all",
        "--out",
        str(fixed),
    )
    _, report, _ = run("score", str(fixed), "--format", "json")

    assert code == 0
    team = next(t for t in json.loads(report)["teams"] if t["team"] == "Basketly Recommendations")
    assert [w["code"] for w in team["warnings"] if w["severity"] != "info"] == []


def test_fix_with_no_possible_fix_exits_1_and_says_why():
    code, out, err = run(
        "fix",
        str(EXAMPLES_DIR / "organisation.json"),
        "--team",
        "ML Platform",
        "--no-hires",
        "--lock",
        "Helen Brooks",
    )

    assert code == 1
    assert "business bridge; allow a hire" in err
    assert "No fix found" in out


def test_fix_lock_of_a_cell_by_position_name_and_bad_locks(tmp_path: Path):
    path = str(EXAMPLES_DIR / "startup_hero.csv")
    code, out, _ = run("fix", path, "--lock", "Meghan Okafor:MLOps engineer", "--format", "json")
    bad_position = run("fix", path, "--lock", "Meghan Okafor:wizard")
    bad_person = run("fix", path, "--lock", "Nobody")

    assert code == 0
    changed = {(c["person"], c["position"]) for c in json.loads(out)["changes"]}
    assert ("Meghan Okafor", "mlops_engineer") not in changed
    assert bad_position[0] == 2 and "mlops_engineer" in bad_position[2]
    assert bad_person[0] == 2 and "Priya Nair" in bad_person[2]


# --- advice that names who and how -------------------------------------------------------


def test_advice_is_said_once_per_code_with_a_concrete_step_per_warning():
    roster = load_roster(EXAMPLES_DIR / "startup_hero.csv")

    advice = advise(roster)

    spof = next(item for item in advice.items if item.code == "SINGLE_POINT_OF_FAILURE")
    assert len([i for i in advice.items if i.code == "SINGLE_POINT_OF_FAILURE"]) == 1
    assert spof.covers == ("Tech lead", "ML engineer", "MLOps engineer", "Platform engineer")
    assert len(spof.steps) == 4 and all(step.sentences for step in spof.steps)
    ml = spof.steps[1]
    assert "Lina Park already gives 0.1 FTE to ML engineer" in ml.note


def test_each_step_really_clears_its_warning_when_applied():
    roster = load_roster(EXAMPLES_DIR / "startup_hero.csv")
    before = score(roster).team("Loopwise")

    for warning in before.warnings:
        found = target_fix(
            roster, "Loopwise", target_of(warning, catalogue()), warning_key(warning), FixOptions()
        )
        assert found is not None, warning.message
        after = score(found.roster).team("Loopwise")
        assert warning_key(warning) not in {warning_key(w) for w in after.warnings}


def test_a_team_below_70_gets_an_action_list_critical_first_then_by_health_gained():
    roster = load_roster(EXAMPLES_DIR / "organisation.json")

    advice = advise(roster, "Personalisation")

    assert advice.health < 70 and advice.actions
    ranks = [(SEVERITY_ORDER.index(s.severity), -s.health_gain) for s in advice.actions]
    assert ranks == sorted(ranks)
    assert advice.actions[0].severity == Severity.critical


def test_a_healthy_team_gets_no_action_list():
    roster = load_roster(EXAMPLES_DIR / "healthy_medium.json")

    assert advise(roster).actions == ()


def test_fix_refuses_a_bad_out_extension_and_an_unknown_team_before_solving(tmp_path: Path):
    path = str(EXAMPLES_DIR / "startup_hero.csv")

    bad_out = run("fix", path, "--out", str(tmp_path / "fixed.txt"))
    bad_team = run("fix", path, "--team", "Nope")

    assert bad_out[0] == 2 and ".csv or .json" in bad_out[2]
    assert not (tmp_path / "fixed.txt").exists()
    assert bad_team[0] == 2 and "--team" in bad_team[2] and "Loopwise" in bad_team[2]


def test_a_move_is_said_as_one_sentence_naming_who_from_where_to_where_and_why():
    roster = make_roster(
        make_person("Priya", executive_sponsor=0.05, tech_lead=0.95),
        make_person("Meghan", mlops_engineer=1.0),
        make_person("Tom", data_scientist=1.0),
        make_person("Jonas", background=Background.business, inside_out=1.0),
    )
    warning = next(
        w
        for w in score(roster).team("Team").warnings
        if w.code == "SINGLE_POINT_OF_FAILURE" and w.positions == ("mlops_engineer",)
    )
    options = FixOptions(locked_people=("Priya", "Jonas"), hires=False)

    found = target_fix(
        roster, "Team", target_of(warning, catalogue()), warning_key(warning), options
    )

    assert found is not None and found.cost == 2
    assert [c.sentence for c in found.changes] == [
        "Move 0.2 FTE of Tom from data scientist to MLOps engineer: "
        "Meghan is no longer the only MLOps engineer.",
        "Tom gives data scientist 0.8 FTE instead of 1, to make room for MLOps engineer.",
    ]
    assert found.changes[0].clears == ("SINGLE_POINT_OF_FAILURE",)


def test_the_command_line_loads_or_tools_only_for_the_fix_command():
    import subprocess
    import sys

    code = "import sys, teambuilder.cli; print('ortools' in sys.modules)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert found.stdout.strip() == "False"
