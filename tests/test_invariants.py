"""Properties that hold for every roster, checked on generated ones (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from teambuilder.catalogue import catalogue
from teambuilder.models import Person, Report, Roster, TeamSettings
from teambuilder.scoring import holds_position, score

POSITIONS = catalogue().position_ids
STATUS_RANK = {"missing": 0, "thin": 1, "covered": 2}

allocation_values = st.sampled_from([0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.0])


@st.composite
def people(draw: st.DrawFn) -> list[Person]:
    count = draw(st.integers(min_value=1, max_value=12))
    result = []
    for index in range(count):
        chosen = draw(st.lists(st.sampled_from(POSITIONS), max_size=4, unique=True))
        result.append(
            Person(
                team="T",
                name=f"Person {index}",
                fte=draw(st.sampled_from([0.5, 0.8, 1.0])),
                absent=draw(st.booleans()) and draw(st.booleans()),
                allocations={pid: draw(allocation_values) for pid in chosen},
            )
        )
    return result


settings_strategy = st.builds(
    TeamSettings,
    name=st.just("T"),
    size=st.sampled_from(["auto", "small", "medium", "large"]),
    mission_critical=st.booleans(),
    sponsor_update_weeks=st.none() | st.integers(min_value=1, max_value=12),
)


def normalised(report: Report) -> object:
    """The report with every list that follows row order turned into a set."""
    team = report.teams[0]
    return (
        team.tier,
        team.health,
        team.bus_factor,
        frozenset(
            (c.position, c.status, round(c.fte, 6), frozenset(c.people)) for c in team.coverage
        ),
        sorted(
            (w.code, w.severity, tuple(sorted(w.positions)), tuple(sorted(w.people)))
            for w in team.warnings
        ),
        frozenset((p.name, p.status, round(p.load, 6)) for p in team.people),
    )


@settings(max_examples=150, deadline=None)
@given(people(), settings_strategy, st.randoms())
def test_the_order_of_rows_does_not_change_the_report(members, team, random):
    shuffled = list(members)
    random.shuffle(shuffled)

    original = score(Roster(teams=(team,), people=tuple(members)))
    reordered = score(Roster(teams=(team,), people=tuple(shuffled)))

    assert normalised(original) == normalised(reordered)


@settings(max_examples=150, deadline=None)
@given(
    people(),
    settings_strategy,
    st.integers(min_value=0, max_value=11),
    st.sampled_from(POSITIONS),
    st.sampled_from([0.05, 0.1, 0.2, 0.5]),
)
def test_adding_an_allocation_never_lowers_any_coverage(members, team, who, position, extra):
    who = who % len(members)
    person = members[who]
    raised = person.model_copy(
        update={
            "allocations": {
                **person.allocations,
                position: min(1.0, person.allocation(position) + extra),
            }
        }
    )
    before = score(Roster(teams=(team,), people=tuple(members))).teams[0]
    after_people = (*members[:who], raised, *members[who + 1 :])
    after = score(Roster(teams=(team,), people=tuple(after_people))).teams[0]

    for old, new in zip(before.coverage, after.coverage, strict=True):
        assert new.fte >= old.fte - 1e-9
        assert set(new.people) >= set(old.people)
        assert STATUS_RANK[new.status] >= STATUS_RANK[old.status]


@settings(max_examples=150, deadline=None)
@given(people(), settings_strategy, st.integers(min_value=0, max_value=11))
def test_an_absence_never_raises_any_coverage(members, team, who):
    roster = Roster(teams=(team,), people=tuple(members))
    name = members[who % len(members)].name

    before = score(roster).teams[0]
    after = score(roster, [name]).teams[0]

    for old, new in zip(before.coverage, after.coverage, strict=True):
        assert new.fte <= old.fte + 1e-9
        assert STATUS_RANK[new.status] <= STATUS_RANK[old.status]
    assert after.bus_factor <= before.bus_factor


@settings(max_examples=100, deadline=None)
@given(people(), settings_strategy)
def test_health_stays_between_0_and_100_and_matches_its_breakdown(members, team):
    report = score(Roster(teams=(team,), people=tuple(members))).teams[0]
    breakdown = report.health_breakdown

    assert 0 <= report.health <= 100
    expected = max(0, breakdown.start - sum(d.points for d in breakdown.deductions))
    if breakdown.cap is not None:
        expected = min(expected, breakdown.cap)
    assert report.health == expected


@settings(max_examples=100, deadline=None)
@given(people(), settings_strategy)
def test_each_person_holds_exactly_the_positions_the_holding_rule_allows(members, team):
    cat = catalogue()

    report = score(Roster(teams=(team,), people=tuple(members))).teams[0]

    by_name = {person.name: person for person in members}
    for load in report.people:
        person = by_name[load.name]
        expected = tuple(pid for pid in POSITIONS if holds_position(cat, person, pid))
        assert load.positions == expected
    for entry in report.coverage:
        present = [p for p in members if not p.absent]
        holders = [p.name for p in present if holds_position(cat, p, entry.position)]
        assert list(entry.people) == holders
