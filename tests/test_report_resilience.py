"""The one-page report's Resilience section: the N-1 and N-2 figures, the three worst."""

from __future__ import annotations

import io
import re

from teambuilder import export
from teambuilder.analysis.stress import stress_test
from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.cli import main
from teambuilder.markup import JOINER
from teambuilder.roster_io import load_roster
from teambuilder.scoring import score

STARTUP = EXAMPLES_DIR / "startup_hero.csv"


def as_read(markdown: str) -> str:
    """The Markdown as a reader sees it: backslash escapes and word joiners gone."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(JOINER, "")


def startup():
    roster = load_roster(STARTUP)
    report = score(roster)
    return report.teams[0], report, export.team_resilience(roster, "Loopwise")


def test_the_markdown_report_gives_the_figures_and_the_three_worst_combinations():
    team_report, report, resilience = startup()

    text = as_read(export.report_markdown(team_report, report, resilience=resilience))

    section = text.split("## Resilience\n", 1)[1].split("\n## ", 1)[0]
    assert "40% of single absences (N-1) and 10% of pairs away (N-2)" in section
    worst = [line for line in section.splitlines() if re.match(r"\d\. ", line)]
    assert len(worst) == 3
    assert worst[0] == (
        "1. Priya Nair and Jonas Weber away: health 7, nobody holds Executive sponsor, "
        "Evangelist, Delivery bridge (inside-out) or Tech lead"
    )


def test_the_html_report_has_the_section_with_names_escaped():
    roster = load_roster(STARTUP)
    renamed = roster.model_copy(
        update={
            "people": tuple(
                p.model_copy(update={"name": "<b>Priya</b>"}) if p.name == "Priya Nair" else p
                for p in roster.people
            )
        }
    )
    report = score(renamed)
    resilience = export.team_resilience(renamed, "Loopwise")

    page = export.report_html(report.teams[0], report, draw=False, resilience=resilience)

    assert "<h2>Resilience</h2>" in page
    assert "&lt;b&gt;Priya&lt;/b&gt; and Jonas Weber away: health 7" in page
    assert "<b>Priya</b>" not in page


def test_without_resilience_the_report_has_no_such_section():
    team_report, report, _ = startup()

    assert "Resilience" not in export.report_markdown(team_report, report)
    assert "Resilience" not in export.report_html(team_report, report, draw=False)


def test_a_team_of_one_says_there_are_no_pairs():
    roster = load_roster(STARTUP)
    alone = roster.model_copy(update={"people": roster.people[:1]})
    (result,) = stress_test(alone)
    report = score(alone)

    text = as_read(export.report_markdown(report.teams[0], report, resilience=result))

    assert "raise no new critical warning; there are no pairs to test." in text


def test_the_command_line_report_carries_the_section(tmp_path):
    target = tmp_path / "report.md"

    code = main(
        ["export", str(STARTUP), "--to", "report-md", "--out", str(target)],
        out=io.StringIO(),
        err=io.StringIO(),
    )

    assert code == 0
    assert "## Resilience" in target.read_text(encoding="utf-8")
