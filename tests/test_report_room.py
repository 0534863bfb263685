"""The one-page report says what the room of the team's latest closed workshop said.

The results come from a real workshop on an SQLite file: phones join, vote, the
facilitator closes, and the report is made from the scenario the close saved.
"""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest

from teambuilder import export
from teambuilder.analysis.identity import subject_key
from teambuilder.catalogue import EXAMPLES_DIR, workshop_guide
from teambuilder.export.content import room_lines
from teambuilder.markup import JOINER
from teambuilder.models import Roster
from teambuilder.roster_io import load_roster
from teambuilder.scoring import score
from teambuilder.services import open_scenario
from teambuilder.store import open_store
from teambuilder.workshop.codes import JoinRateLimiter
from teambuilder.workshop.models import NOBODY
from teambuilder.workshop_services import (
    close_workshop,
    join_workshop,
    open_workshop,
    vote_agreement,
    vote_coverage,
)

STARTUP = load_roster(EXAMPLES_DIR / "startup_hero.csv")
TEAM = "Loopwise"
HERO = "Meghan Okafor"
WHEN = date(2026, 12, 2)


def page_text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))


@pytest.fixture(scope="module")
def after_the_workshop(tmp_path_factory: pytest.TempPathFactory) -> Roster:
    """Ten phones: 7 say nobody holds MLOps (the roster says Meghan), all doubt one warning."""
    path: Path = tmp_path_factory.mktemp("room") / "room.sqlite3"
    store = open_store(f"sqlite:///{path}")
    try:
        limiter = JoinRateLimiter(workshop_guide().limits)
        opened = open_workshop(store, STARTUP, TEAM)
        doubted = score(STARTUP).team(TEAM).warnings[0]
        for index in range(10):
            phone = join_workshop(
                store, opened.code, client=f"phone-{index}", limiter=limiter
            ).participant_id
            vote_coverage(store, phone, "mlops_engineer", NOBODY if index < 7 else HERO)
            vote_agreement(store, phone, subject_key(TEAM, doubted), 1, "")
        frozen = close_workshop(store, opened.token)
        assert frozen.scenario is not None
        return open_scenario(store, frozen.scenario, frozen.scenario_version).roster
    finally:
        store.close()


def test_the_room_lines_name_the_disagreement_and_the_doubted_warning(after_the_workshop):
    (results,) = after_the_workshop.workshops

    lines = room_lines(TEAM, after_the_workshop.workshops)

    assert lines[0].startswith(f"Workshop of {results.closed_at.date().isoformat()}: 10 joined")
    mlops = next(p for p in results.positions if p.position == "mlops_engineer")
    assert mlops.disagrees
    assert f"MLOps engineer: {mlops.sentence}" in lines
    assert mlops.sentence.startswith("7 of 10 say nobody")
    doubted = min((w for w in results.warnings if w.mean is not None), key=lambda w: w.mean)
    assert any(line.startswith(doubted.title) and doubted.sentence in line for line in lines)


def test_the_report_has_what_the_room_said_in_html_and_markdown(after_the_workshop):
    report = score(after_the_workshop)
    team_report = report.team(TEAM)
    lines = room_lines(TEAM, after_the_workshop.workshops)

    page = page_text(
        export.report_html(
            team_report, report, when=WHEN, draw=False, workshops=after_the_workshop.workshops
        )
    )
    markdown = export.report_markdown(
        team_report, report, when=WHEN, workshops=after_the_workshop.workshops
    )
    plain_markdown = re.sub(r"\\(.)", r"\1", markdown).replace(JOINER, "")

    assert "What the room said" in page and "## What the room said" in markdown
    for line in lines:
        assert line in page
        assert line in plain_markdown


def test_a_report_without_a_closed_workshop_says_nothing_of_a_room():
    report = score(STARTUP)

    page = export.report_html(report.team(TEAM), report, when=WHEN, draw=False)

    assert room_lines(TEAM, STARTUP.workshops) == []
    assert "What the room said" not in page
