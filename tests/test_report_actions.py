"""The one-page report's action list (the solver's concrete changes) and its accepted risks.

Every expectation is read from the engine: ``fixes.advice.advise`` for the changes,
``score()`` with the roster's accepted risks for what is accepted, due or open.
"""

from __future__ import annotations

import io
import re
import shutil
from datetime import date

import pytest
from markupsafe import escape

from teambuilder import export
from teambuilder.analysis.identity import subject_key
from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.cli import main
from teambuilder.export.content import (
    CHANGES_SHOWN,
    STEPS_SHOWN,
    Change,
    change_effect,
    change_line,
    concrete_changes,
)
from teambuilder.fixes.advice import advise
from teambuilder.markup import JOINER
from teambuilder.models import AcceptedRisk, Roster, Severity
from teambuilder.roster_io import load_roster, roster_to_json
from teambuilder.scoring import score

STARTUP = EXAMPLES_DIR / "startup_hero.csv"
WHEN = date(2026, 11, 26)
HOSTILE = "<b>x</b> http://evil.example :material/home: =1+1"


def as_read(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown).replace(JOINER, "")


def html_text(page: str) -> str:
    """The page's text as a reader sees it (tags dropped, entities read)."""
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", page))


@pytest.fixture(scope="module")
def startup():
    roster = load_roster(STARTUP)
    report = score(roster)
    return roster, report, advise(roster, "Loopwise")


def head(sentence: str) -> str:
    """A step without its reasons, as the one page says it."""
    return re.split(r"(?<!To hire): ", sentence, maxsplit=1)[0].rstrip(".")


def test_the_action_list_holds_the_solvers_cheapest_changes_in_rank(startup):
    _, report, advice = startup
    team = report.team("Loopwise")
    steps = [s for item in advice.items for s in item.steps if s.sentences]
    assert steps, "the start-up has warnings a move or a hire clears"

    page = html_text(export.report_html(team, report, when=WHEN, draw=False, advice=advice))
    md = as_read(export.report_markdown(team, report, when=WHEN, advice=advice))

    changes = page.split("Action list", 1)[1].split("How the health score", 1)[0]
    shown = concrete_changes(advice)[:CHANGES_SHOWN]
    positions = []
    for change in shown:
        first = head(change.sentences[0])
        assert first in changes
        assert first in md
        positions.append(changes.index(first))
        gain = f"health +{change.health_gain}" if change.health_gain > 0 else "health unchanged"
        assert f"{gain} alone" in changes
    assert positions == sorted(positions)
    # Critical first, then by health gained (ties: the cheaper first).
    order = [(c.severity != Severity.critical, -c.health_gain, c.cost) for c in shown]
    assert order == sorted(order)
    assert not [w for w in team.warnings if w.severity == Severity.critical]
    left = len(concrete_changes(advice)) - CHANGES_SHOWN
    if left > 0:
        assert f"{left} more change(s)" in changes


def test_each_critical_warning_keeps_its_action_with_the_solvers_change_beside_it():
    roster = load_roster(EXAMPLES_DIR / "scaleup_bridge_conflict.csv")
    report = score(roster)
    team = report.teams[0]
    advice = advise(roster, team.team)
    critical = [w for w in team.warnings if w.severity == Severity.critical]
    assert critical

    page = export.report_html(team, report, draw=False, advice=advice)
    section = page.split("<h2>Action list</h2>", 1)[1].split("</section>", 1)[0]
    items = [html_text(li) for li in section.split("<li>")[1:]]

    for warning in critical:
        todo = export.content.action(warning, team)
        assert any(item.startswith(todo) for item in items)
    for warning in critical:
        steps = [
            s for i in advice.items for s in i.steps if s.warning == warning.message and s.sentences
        ]
        for step in steps:
            assert head(step.sentences[0]) in html_text(section)
    assert "Cheapest change: " in html_text(section)


def test_a_long_change_is_cut_to_its_first_steps_without_their_reasons():
    sentences = tuple(
        f"Move 0.{n} FTE of Ann (Ops: day shift) to tech lead: Bo is no longer the only one."
        for n in range(1, STEPS_SHOWN + 3)
    )
    change = Change(sentences, ("x",), ("SINGLE_POINT_OF_FAILURE",), Severity.warning, 8, 1)

    line = change_line(change)

    assert line.startswith("Move 0.1 FTE of Ann (Ops: day shift) to tech lead; Move 0.2")
    assert "no longer the only" not in line
    assert line.endswith("; and 2 more step(s).")
    assert change_effect(change) == "clears Single point of failure; health +8 alone"


def test_the_existing_actions_stay_and_a_team_without_advice_says_so():
    roster = load_roster(EXAMPLES_DIR / "healthy_medium.json")
    report = score(roster)
    team = report.teams[0]
    advice = advise(roster, team.team)

    page = export.report_html(team, report, draw=False, advice=advice)

    assert concrete_changes(advice) == []
    assert "No critical warnings: nothing urgent." in page
    assert "What to change" not in page


def accept(roster: Roster, warning_code: str, *, review: date, owner: str, why: str) -> Roster:
    """The roster with its first team's first warning of ``warning_code`` (or of severity
    critical, for "critical") accepted as a risk."""
    report = score(roster, today=WHEN)
    team = report.teams[0]
    warning = next(
        w
        for w in team.warnings
        if w.code == warning_code or (warning_code == "critical" and w.severity == "critical")
    )
    risk = AcceptedRisk(
        team=team.team,
        warning=subject_key(team.team, warning),
        code=warning.code,
        owner=owner,
        rationale=why,
        review_on=review,
        accepted_on=date(2026, 11, 1),
    )
    return roster.model_copy(update={"accepted_risks": (*roster.accepted_risks, risk)})


def test_an_accepted_risk_is_listed_apart_with_who_why_and_when():
    roster = accept(
        load_roster(STARTUP),
        "TOO_MANY_HATS",
        review=date(2027, 3, 1),
        owner=HOSTILE,
        why="We demo monthly <i>anyway</i>",
    )
    report = score(roster, today=WHEN)
    team = report.teams[0]
    accepted = [w for w in team.warnings if w.accepted is not None]
    assert len(accepted) == 1 and not accepted[0].accepted.due  # type: ignore[union-attr]
    warning = accepted[0]

    page = export.report_html(team, report, when=WHEN, draw=False, risks=roster.accepted_risks)
    md = export.report_markdown(team, report, when=WHEN, risks=roster.accepted_risks)

    assert "<b>x</b>" not in page and "<i>anyway</i>" not in page
    text = html_text(page)
    risks = text.split("Accepted risks", 1)[1].split("How the health score", 1)[0]
    assert warning.message in risks
    assert f"Accepted by {HOSTILE} on 2026-11-01, review on 2027-03-01" in risks
    assert "We demo monthly <i>anyway</i>" in risks
    open_section = text.split("Open warnings and what to do", 1)[1]
    assert warning.message not in open_section
    read = as_read(md)
    assert "## Accepted risks" in read and "## Open warnings" in read
    assert warning.message not in read.split("## Open warnings", 1)[1]
    assert f"Accepted by {HOSTILE} on 2026-11-01, review on 2027-03-01" in read
    assert "http://evil" not in md and ":material/home:" not in md


def test_an_accepted_critical_warning_asks_for_no_action_until_its_review():
    scaleup = load_roster(EXAMPLES_DIR / "scaleup_bridge_conflict.csv")
    roster = accept(scaleup, "critical", review=date(2027, 1, 1), owner="Priya", why="Soon")
    before = score(scaleup, today=WHEN)
    after = score(roster, today=WHEN)
    actions_before = export.action_items(before.teams[0], before)
    actions_after = export.action_items(after.teams[0], after)

    accepted = next(w for w in after.teams[0].warnings if w.accepted is not None)
    assert accepted.severity == Severity.critical
    action = export.content.action(accepted, after.teams[0])
    assert action in actions_before
    assert action not in actions_after


def test_an_expired_acceptance_shows_as_back_among_the_open_warnings():
    roster = accept(
        load_roster(STARTUP), "TOO_MANY_HATS", review=date(2026, 11, 20), owner="Ann", why="x"
    )
    report = score(roster, today=WHEN)
    team = report.teams[0]
    warning = next(w for w in team.warnings if w.code == "TOO_MANY_HATS")
    assert warning.accepted is not None and warning.accepted.due

    text = html_text(export.report_html(team, report, when=WHEN, draw=False))

    assert "Accepted risks" not in text
    assert warning.message in text
    assert "(back: accepted by Ann until 2026-11-20, review date passed)" in text


def test_a_recorded_risk_whose_warning_is_gone_says_it_is_not_raised():
    roster = load_roster(STARTUP)
    gone = AcceptedRisk(
        team="Loopwise",
        warning="UNCOVERED:0000000000000000",
        code="UNCOVERED",
        owner="Ann",
        rationale="Covered by the agency",
        review_on=date(2027, 1, 1),
        accepted_on=date(2026, 11, 1),
    )
    roster = roster.model_copy(update={"accepted_risks": (gone,)})
    report = score(roster, today=WHEN)

    text = html_text(export.report_html(report.teams[0], report, draw=False, risks=(gone,)))

    risks = text.split("Accepted risks", 1)[1].split("How the health score", 1)[0]
    assert "Not raised now." in risks and "Covered by the agency" in risks


def test_teambuilder_export_puts_changes_and_risks_in_the_report(tmp_path):
    roster = accept(
        load_roster(STARTUP), "TOO_MANY_HATS", review=date(2099, 1, 1), owner="Ann", why="Later"
    )
    source = tmp_path / "team.json"
    source.write_text(roster_to_json(roster), encoding="utf-8")
    target = tmp_path / "report.md"
    out, err = io.StringIO(), io.StringIO()

    code = main(["export", str(source), "--to", "report-md", "--out", str(target)], out, err)

    assert code == 0, err.getvalue()
    read = as_read(target.read_text(encoding="utf-8"))
    # The solver may pick another change of the same cost on another run: compare what
    # does not depend on that choice.
    advice = advise(roster, "Loopwise")
    part = read.split("## Action list", 1)[1].split("## ", 1)[0]
    cleared = re.findall(r"^- \[ \] .*\(clears (.*); health .* alone\)", part, flags=re.M)
    assert len(cleared) == min(CHANGES_SHOWN, len(concrete_changes(advice)))
    titles = {w.title for w in score(roster).teams[0].warnings}
    for names in cleared:
        assert set(re.split(r", | and ", names)) <= titles
    assert "## Accepted risks" in read and "Accepted by Ann" in read
    assert str(escape("Later")) in read


# The reports that ran over one page before the shrinking steps (each example's longest,
# found by printing every example team with each member away in turn: 68 reports).
# A blank picture of the report's pitch size, so the page's layout is the real one.
PITCH = (
    f'<svg xmlns="http://www.w3.org/2000/svg" width="{export.images.REPORT_IMAGE_WIDTH}" '
    f'height="{export.images.REPORT_IMAGE_HEIGHT}"/>'
).encode()
LONGEST = [
    ("enterprise_middle_management.json", "Claims Automation", "Hiro Tanaka"),
    ("organisation.json", "Personalisation", "Helen Brooks"),
    ("startup_hero.csv", "Loopwise", "Priya Nair"),
]


@pytest.mark.skipif(shutil.which("chromium") is None, reason="the PDF needs Debian's chromium")
@pytest.mark.parametrize(("example", "team", "away"), LONGEST)
def test_the_longest_reports_with_every_section_print_on_one_a4_page(example, team, away):
    roster = load_roster(EXAMPLES_DIR / example)
    report = score(roster, (away,))
    advice = advise(roster, team, (away,))
    marked = roster.model_copy(
        update={
            "people": tuple(
                p.model_copy(update={"absent": True}) if p.name == away else p
                for p in roster.people
            )
        }
    )
    resilience = export.team_resilience(marked, team)

    data = export.report_pdf(
        report.team(team), report, resilience=resilience, advice=advice, formation_svg=PITCH
    )

    assert export.pdf_page_count(data) == 1


def test_a_name_with_a_colon_is_never_cut_as_if_it_ended_a_step():
    name = "Ann: the ops one"
    change = Change(
        (f"Move 0.2 FTE of {name} from data scientist to tech lead: Bo is no longer alone.",),
        ("x",),
        ("SINGLE_POINT_OF_FAILURE",),
        Severity.warning,
        8,
        1,
    )

    assert change_line(change, [name]) == (
        f"Move 0.2 FTE of {name} from data scientist to tech lead."
    )


def test_a_change_that_only_clears_an_accepted_risk_is_not_proposed():
    scaleup = load_roster(EXAMPLES_DIR / "scaleup_bridge_conflict.csv")
    roster = accept(scaleup, "critical", review=date(2099, 1, 1), owner="Kim", why="Known")
    report = score(roster)
    team = report.teams[0]
    accepted = next(w for w in team.warnings if w.accepted is not None)
    advice = advise(roster, team.team)
    only_accepted = [c for c in concrete_changes(advice) if set(c.clears) == {accepted.message}]
    assert only_accepted, "the solver has a change for the accepted warning alone"
    names = [p.name for p in team.people]

    page = html_text(export.report_html(team, report, draw=False, advice=advice))

    actions = page.split("Action list", 1)[1].split("How the health score", 1)[0]
    for change in only_accepted:
        assert change_line(change, names) not in actions
