"""The command line: same files, same scoring, exit codes a script can rely on."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from teambuilder.catalogue import EXAMPLES_DIR, catalogue
from teambuilder.cli import main
from teambuilder.models import Report
from teambuilder.roster_io import load_roster
from teambuilder.scoring import score

STARTUP = EXAMPLES_DIR / "startup_hero.csv"
HEALTHY = EXAMPLES_DIR / "healthy_medium.json"


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_score_prints_each_team_with_health_coverage_and_warnings():
    code, out, _ = run("score", str(STARTUP))

    assert code == 0
    assert "Loopwise: small team (5 people)" in out
    assert "MLOps engineer rests on Meghan Okafor alone" in out
    assert "What to do:" in out


def test_score_says_each_piece_of_advice_once_per_team():
    report = score(load_roster(STARTUP)).team("Loopwise")
    repeated = [w for w in report.warnings if w.code == "SINGLE_POINT_OF_FAILURE"]
    assert len(repeated) > 1  # the start-up rests on its heroes in several positions

    _, out, _ = run("score", str(STARTUP), "--no-advice")

    assert out.count(repeated[0].advice) == 1
    assert out.count("What to do: as for the single point of failure above.") == len(repeated) - 1
    for warning in repeated:
        assert warning.message in out


def test_score_as_json_is_exactly_the_report_model():
    code, out, _ = run("score", str(STARTUP), "--format", "json")

    assert code == 0
    parsed = Report.model_validate(json.loads(out))
    assert parsed == score(load_roster(STARTUP))


def test_absent_people_are_scored_as_gone_and_named_in_the_output():
    code, out, _ = run("score", str(STARTUP), "--absent", "Meghan Okafor")

    assert code == 0
    assert "Away: Meghan Okafor" in out
    assert "(only because Meghan Okafor is away)" in out


def test_an_absence_naming_nobody_exits_2_and_lists_the_people():
    code, _, err = run("score", str(STARTUP), "--absent", "Nobody")

    assert code == 2
    assert "Nobody" in err
    assert "Meghan Okafor" in err


@pytest.mark.parametrize(
    ("example", "fail_on", "expected"),
    [
        (STARTUP, None, 0),
        (STARTUP, "warning", 1),
        (STARTUP, "critical", 0),  # the start-up is not mission-critical: warnings only
        (EXAMPLES_DIR / "scaleup_bridge_conflict.csv", "critical", 1),
        (HEALTHY, "warning", 0),
    ],
)
def test_fail_on_exits_1_only_when_a_warning_that_severe_is_raised(example, fail_on, expected):
    args = ["score", str(example)] + (["--fail-on", fail_on] if fail_on else [])

    code, _, _ = run(*args)

    assert code == expected


def test_an_invalid_file_exits_2_with_every_problem_on_stderr(tmp_path: Path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,fte,ml_engineer\nAda,abc,0.5\nBob,0.5,2\n", encoding="utf-8")

    code, out, err = run("score", str(bad))

    assert code == 2
    assert out == ""
    assert "line 2" in err and "'fte'" in err
    assert "line 3" in err and "'ml_engineer'" in err


def test_a_missing_file_exits_2_with_a_message(tmp_path: Path):
    code, _, err = run("validate", str(tmp_path / "nope.csv"))

    assert code == 2
    assert "nope.csv" in err


def test_validate_counts_rows_and_teams():
    code, out, _ = run("validate", str(EXAMPLES_DIR / "organisation.json"))

    assert code == 0
    assert "18 rows in 3 teams" in out


def test_convert_csv_to_json_and_back_is_lossless(tmp_path: Path):
    as_json = tmp_path / "team.json"
    back = tmp_path / "team.csv"

    assert run("convert", str(STARTUP), str(as_json))[0] == 0
    assert run("convert", str(as_json), str(back))[0] == 0

    assert load_roster(back) == load_roster(STARTUP)
    assert back.read_text("utf-8") == run_convert_text(STARTUP, tmp_path)


def run_convert_text(source: Path, folder: Path) -> str:
    target = folder / "direct.csv"
    run("convert", str(source), str(target))
    return target.read_text("utf-8")


def test_positions_lists_every_position_with_its_description():
    code, out, _ = run("positions")

    assert code == 0
    for position in catalogue().positions:
        assert position.id in out
        assert position.description[:30] in out


def test_suggest_maps_a_title_to_positions():
    code, out, _ = run("suggest", "Senior MLOps Engineer")

    assert code == 0
    assert out.splitlines()[0].startswith("mlops_engineer")


def test_suggest_says_so_when_nothing_matches():
    code, out, _ = run("suggest", "Pastry Chef")

    assert code == 0
    assert "No position matches" in out


def test_schema_prints_the_json_schema_of_the_roster_format():
    code, out, _ = run("schema")

    schema = json.loads(out)
    assert code == 0
    assert set(schema["properties"]) == {
        "teams",
        "people",
        "accepted_risks",
        "workshops",
        "hr_import",
    }


def test_the_module_runs_as_a_program():
    result = subprocess.run(
        [sys.executable, "-m", "teambuilder", "score", str(STARTUP), "--fail-on", "warning"],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 1
    assert "Loopwise" in result.stdout
