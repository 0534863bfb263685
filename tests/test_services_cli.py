"""The scenario commands and compare, on both engines, through the real command line."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.cli import main
from teambuilder.roster_io import load_roster, write_roster
from teambuilder.scoring import score
from tests.helpers import make_person

ROOT = Path(__file__).resolve().parent.parent
STARTUP = EXAMPLES_DIR / "startup_hero.csv"
ORGANISATION = EXAMPLES_DIR / "organisation.json"


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def hired(tmp_path: Path) -> Path:
    roster = load_roster(STARTUP)
    hire = make_person("Ana Hire", team="Loopwise", platform_engineer=0.5, mlops_engineer=0.5)
    path = tmp_path / "hired.json"
    write_roster(roster.model_copy(update={"people": (*roster.people, hire)}), path)
    return path


def test_save_prints_each_new_version(database_url, hired):
    first = run("scenario", "save", str(STARTUP), "--name", "Plan", "--db", database_url)
    second = run("scenario", "save", str(hired), "--name", "Plan", "--db", database_url)

    assert first == (0, "1\n", "")
    assert second == (0, "2\n", "")


def test_save_on_a_stale_base_version_exits_3_and_says_why(database_url, hired):
    run("scenario", "save", str(STARTUP), "--name", "Plan", "--db", database_url)
    run("scenario", "save", str(hired), "--name", "Plan", "--db", database_url)

    code, out, err = run(
        "scenario",
        "save",
        str(hired),
        "--name",
        "Plan",
        "--base-version",
        "1",
        "--db",
        database_url,
    )

    assert (code, out) == (3, "")
    assert "since version 1 (it is at version 2 now)" in err
    assert run("scenario", "history", "Plan", "--db", database_url)[1].count("version ") == 2


def test_the_exit_code_3_reaches_the_shell(database_url, hired):
    run("scenario", "save", str(STARTUP), "--name", "Plan", "--db", database_url)
    run("scenario", "save", str(hired), "--name", "Plan", "--db", database_url)

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "teambuilder",
            "scenario",
            "save",
            str(hired),
            "--name",
            "Plan",
            "--base-version",
            "1",
            "--db",
            database_url,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 3
    assert "Traceback" not in result.stderr


def test_list_as_text_and_json_shows_health_per_team(database_url):
    run("scenario", "save", str(ORGANISATION), "--name", "Org 🚀", "--db", database_url)

    _, text, _ = run("scenario", "list", "--db", database_url)
    code, document, _ = run("scenario", "list", "--format", "json", "--db", database_url)

    assert code == 0
    listed = json.loads(document)
    assert [s["name"] for s in listed] == ["Org 🚀"]
    expected = {t.team: t.health for t in score(load_roster(ORGANISATION)).teams}
    assert {team: s["health"] for team, s in listed[0]["teams"].items()} == expected
    assert text.startswith("Org 🚀  (version 1, ")
    for team, health in expected.items():
        assert f"{team} {health}/100" in text


def test_history_lists_versions_newest_first(database_url, hired):
    run("scenario", "save", str(STARTUP), "--name", "Plan", "--note", "today", "--db", database_url)
    run("scenario", "save", str(hired), "--name", "Plan", "--db", database_url)

    _, document, _ = run("scenario", "history", "Plan", "--format", "json", "--db", database_url)

    versions = json.loads(document)
    assert [v["version"] for v in versions] == [2, 1]
    assert versions[1]["note"] == "today"


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_show_writes_a_file_that_scores_exactly_as_the_saved_roster(
    database_url, hired, tmp_path, suffix
):
    run("scenario", "save", str(ORGANISATION), "--name", "Org", "--db", database_url)
    run("scenario", "save", str(hired), "--name", "Org", "--db", database_url)
    out = tmp_path / f"org-v1{suffix}"

    code, text, _ = run(
        "scenario", "show", "Org", "--version", "1", "--out", str(out), "--db", database_url
    )

    assert code == 0 and text.startswith(f"wrote {out} (Org, version 1,")
    saved, written = load_roster(ORGANISATION), load_roster(out)
    if suffix == ".csv":  # CSV carries no team settings: compare what it can carry
        assert [(t.team, t.health) for t in score(written).teams] == [
            (t.team, t.health) for t in score(saved.model_copy(update={"teams": ()})).teams
        ]
    else:
        assert score(written) == score(saved)


def test_unknown_scenarios_and_versions_exit_2_with_a_message(database_url):
    run("scenario", "save", str(STARTUP), "--name", "Plan", "--db", database_url)

    assert run("scenario", "history", "Nope", "--db", database_url)[::2] == (
        2,
        "there is no scenario called 'Nope'\n",
    )
    code, _, err = run(
        "scenario", "show", "Plan", "--version", "5", "--out", "x.json", "--db", database_url
    )
    assert (code, err) == (2, "'Plan' has no version 5; its versions are 1 to 1\n")


def test_a_name_over_200_characters_is_refused(database_url):
    code, _, err = run("scenario", "save", str(STARTUP), "--name", "x" * 201, "--db", database_url)

    assert code == 2
    assert "at most 200 characters" in err


def test_a_database_that_is_down_exits_4_with_a_message():
    code, _, err = run("scenario", "list", "--db", "postgresql+psycopg://u:pw@127.0.0.1:1/x")

    assert code == 4
    assert err.startswith("the postgresql database at 127.0.0.1:1/x cannot be used")
    assert ":pw@" not in err


def test_compare_two_versions_of_a_scenario_as_json(database_url, hired):
    run("scenario", "save", str(STARTUP), "--name", "Plan", "--db", database_url)
    run("scenario", "save", str(hired), "--name", "Plan", "--db", database_url)

    code, out, _ = run(
        "compare", "scenario:Plan@1", "scenario:Plan", "--format", "json", "--db", database_url
    )

    assert code == 0
    document = json.loads(out)
    assert (document["a"], document["b"]) == ("Plan (version 1)", "Plan (version 2)")
    sentences = [c["sentence"] for c in document["changes"]]
    assert (
        "Ana Hire joins Loopwise (1 FTE: MLOps engineer 0.5, Platform engineer 0.5)." in sentences
    )
    for change in document["changes"]:
        assert set(change) >= {"kind", "person", "position", "before", "after", "sentence"}
    health = document["teams"]["Loopwise"]["health"]
    assert health == {
        "a": score(load_roster(STARTUP)).teams[0].health,
        "b": score(load_roster(hired)).teams[0].health,
    }
    assert set(document["teams"]["Loopwise"]["bus_factor"]) == {"a", "b"}
    assert isinstance(document["warnings_added"], list)
    assert isinstance(document["warnings_removed"], list)


def test_compare_a_file_with_a_scenario_as_text(database_url, hired):
    run("scenario", "save", str(hired), "--name", "Hire", "--db", database_url)

    code, out, _ = run("compare", str(STARTUP), "scenario:Hire", "--db", database_url)

    assert code == 0
    assert out.startswith(f"A: {STARTUP}\nB: Hire (version 1)\n")
    assert "Ana Hire joins Loopwise" in out


def test_compare_two_files_needs_no_database(hired):
    code, out, _ = run("compare", str(STARTUP), str(hired), "--db", "postgresql://x@127.0.0.1:1/x")

    assert code == 0 and "Ana Hire joins Loopwise" in out
