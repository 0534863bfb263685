"""Tiny builders for rosters in tests."""

from __future__ import annotations

from teambuilder.models import Background, Person, Roster, TeamSettings

TEAM = "Team"


def make_person(
    name: str,
    fte: float = 1.0,
    *,
    team: str = TEAM,
    background: Background | None = None,
    reports_to: str | None = None,
    absent: bool = False,
    title: str = "",
    **allocations: float,
) -> Person:
    return Person(
        team=team,
        name=name,
        fte=fte,
        title=title,
        background=background,
        reports_to=reports_to,
        absent=absent,
        allocations=allocations,
    )


def make_roster(*people: Person, **settings: object) -> Roster:
    """A one-team roster; keyword arguments are that team's settings."""
    team = people[0].team if people else TEAM
    return Roster(teams=(TeamSettings.model_validate({"name": team, **settings}),), people=people)


def codes(roster: Roster, absent: tuple[str, ...] = ()) -> list[str]:
    from teambuilder.scoring import score

    return [w.code for w in score(roster, absent).teams[0].warnings]
