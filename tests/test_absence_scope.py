"""Absence attribution scoped to the teams an absence can change, against the old way.

The reference below is the attribution as it was before: the whole organisation scored
again once per absent person. It is slow (quadratic) and kept here only to check that
the scoped attribution gives the same answers.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from teambuilder.catalogue import catalogue
from teambuilder.models import Person, Report, Roster, TeamSettings
from teambuilder.scoring import _keys, _score_once, score

POSITIONS = catalogue().position_ids
allocation_values = st.sampled_from([0.0, 0.1, 0.2, 0.3, 0.5, 0.8, 1.0])


def reference_absences(roster: Roster, away: set[str]) -> Report:
    """The old whole-organisation attribution, written plainly."""
    cat = catalogue()
    report = _score_once(roster, away, cat)
    if not away:
        return report
    baseline = _keys(_score_once(roster, set(), cat))
    without_one = {name: _keys(_score_once(roster, away - {name}, cat)) for name in away}

    def depends_on(key: tuple[object, ...], members: set[str]) -> tuple[str, ...]:
        if key in baseline:
            return ()
        needed = tuple(sorted(name for name in away if key not in without_one[name]))
        # The old code fell back to everyone away in the whole organisation; the scoped
        # attribution names the team's own absent members (see the README).
        return needed or tuple(sorted(away & members))

    teams = []
    for team in report.teams:
        members = {p.name for p in team.people}
        warnings = tuple(
            w.model_copy(update={"absences": depends_on(_key_of(team, w), members)})
            for w in team.warnings
        )
        teams.append(team.model_copy(update={"warnings": warnings}))
    org = tuple(
        w.model_copy(update={"absences": depends_on(_key_of(None, w), set())})
        for w in report.warnings
    )
    return report.model_copy(update={"teams": tuple(teams), "warnings": org})


def _key_of(team, warning):  # type: ignore[no-untyped-def]
    from teambuilder.scoring import _key

    return _key(team, warning)


@st.composite
def organisations(draw: st.DrawFn) -> tuple[Roster, set[str]]:
    """Two to four teams drawing on one pool of people, so many are in several teams."""
    pool = [f"P{i}" for i in range(draw(st.integers(min_value=2, max_value=9)))]
    fte = {name: draw(st.sampled_from([0.5, 1.0])) for name in pool}
    team_count = draw(st.integers(min_value=2, max_value=4))
    people: list[Person] = []
    for t in range(team_count):
        members = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=7, unique=True))
        for name in members:
            chosen = draw(st.lists(st.sampled_from(POSITIONS), max_size=4, unique=True))
            boss = draw(st.none() | st.sampled_from(pool))
            people.append(
                Person(
                    team=f"T{t}",
                    name=name,
                    fte=fte[name],
                    reports_to=boss if boss != name else None,
                    allocations={pid: draw(allocation_values) for pid in chosen},
                )
            )
    teams = tuple(
        TeamSettings(name=f"T{t}", mission_critical=draw(st.booleans())) for t in range(team_count)
    )
    in_roster = sorted({p.name for p in people})
    away = set(draw(st.lists(st.sampled_from(in_roster), max_size=4, unique=True)))
    return Roster(teams=teams, people=tuple(people)), away


@settings(max_examples=200, deadline=None)
@given(organisations())
def test_scoped_attribution_equals_the_whole_organisation_attribution(case):
    roster, away = case

    scoped = score(roster, sorted(away))

    assert scoped == reference_absences(roster, away)


def test_an_absence_in_one_team_leaves_the_other_teams_untouched():
    roster = Roster(
        people=(
            Person(team="A", name="Ann", fte=1, allocations={"mlops_engineer": 1.0}),
            Person(team="A", name="Sam", fte=1, allocations={"executive_sponsor": 0.1}),
            Person(team="B", name="Bo", fte=1, allocations={"mlops_engineer": 1.0}),
            Person(team="B", name="Sam", fte=1, allocations={"executive_sponsor": 0.1}),
        )
    )

    report = score(roster, ["Ann"])

    assert report.team("B") == score(roster).team("B")
    assert {w.absences for w in report.team("A").warnings} >= {("Ann",)}


def test_a_warning_no_single_absence_explains_names_the_teams_absences_only():
    # MLOps and platform have three holders each: bus factor 3, no warning. With one of
    # each away it drops to 2, and it stays 2 when either comes back: no single absence
    # explains the warning, both of team A's do. Bo, away in team B, has no part in it.
    def member(name: str, position: str) -> Person:
        return Person(team="A", name=name, fte=1, allocations={position: 0.5})

    roster = Roster(
        people=(
            *(member(n, "mlops_engineer") for n in ("X", "Y", "Z")),
            *(member(n, "platform_engineer") for n in ("P", "Q", "R")),
            Person(team="A", name="Sam", fte=1, allocations={"executive_sponsor": 0.1}),
            Person(team="B", name="Bo", fte=1, allocations={"platform_engineer": 0.5}),
        )
    )

    report = score(roster, ["X", "P", "Bo"])

    (bus,) = [w for w in report.team("A").warnings if w.code == "TEAM_BUS_FACTOR"]
    assert report.team("A").bus_factor == 2
    assert bus.absences == ("P", "X")
    assert not [w for w in score(roster).team("A").warnings if w.code == "TEAM_BUS_FACTOR"]


@settings(max_examples=100, deadline=None)
@given(organisations())
def test_a_report_built_without_revalidation_is_exactly_what_validation_would_build(case):
    # Scoring builds its report models with model_construct (they are made from
    # validated input): the report must be the one validating its own JSON gives.
    roster, away = case

    report = score(roster, sorted(away))

    again = Report.model_validate_json(report.model_dump_json())
    assert again == report
    assert again.model_dump_json() == report.model_dump_json()
