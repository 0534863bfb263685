"""Each rule of PRODUCT.md: one table of cases that fire and do not fire at the threshold."""

from __future__ import annotations

import pytest

from teambuilder.catalogue import catalogue
from teambuilder.models import Background, Roster, Severity
from teambuilder.scoring import UnknownPersonError, score
from tests.helpers import make_person, make_roster


def warnings_of(roster: Roster, code: str, absent: tuple[str, ...] = ()) -> list:
    return [w for w in score(roster, absent).teams[0].warnings if w.code == code]


def small_team(*extra, **settings) -> Roster:
    """A small team that raises nothing on its own, plus ``extra`` people."""
    base = (
        make_person("Sally Sponsor", 0.1, executive_sponsor=0.05, evangelist=0.05),
        make_person("Owen Owner", inside_out=0.5),
        make_person("Dina Data", data_scientist=1.0),
        make_person("Eve Engineer", ml_engineer=0.5, mlops_engineer=0.5),
        make_person("Erik Engineer", ml_engineer=0.5, mlops_engineer=0.5),
    )
    return make_roster(*base, *extra, **settings)


def test_the_baseline_small_team_raises_only_its_bus_factor():
    report = score(small_team()).teams[0]

    assert [w.code for w in report.warnings] == ["TEAM_BUS_FACTOR"]
    assert report.bus_factor == 2
    assert report.tier == "small"


# --- NO_SPONSOR -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sponsor_allocation", "fires"),
    [(0.0, True), (0.01, False), (0.05, False)],
)
def test_no_sponsor_fires_only_when_nobody_gives_the_sponsor_seat_any_time(
    sponsor_allocation, fires
):
    roster = make_roster(
        make_person("Sally", 0.1, executive_sponsor=sponsor_allocation, evangelist=0.1),
        make_person("Dina", data_scientist=1.0),
    )

    assert bool(warnings_of(roster, "NO_SPONSOR")) is fires


def test_no_sponsor_caps_health_even_when_nothing_else_is_wrong():
    roster = make_roster(make_person("Dina", data_scientist=0.5, evangelist=0.1))

    report = score(roster).teams[0]

    assert report.health_breakdown.cap == 40
    assert report.health <= 40
    assert report.health_breakdown.cap_reason


# --- SPONSOR_OUT_OF_LOOP ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("weeks", "fires"),
    [(None, False), (1, False), (4, False), (5, True), (12, True)],
)
def test_sponsor_out_of_loop_fires_beyond_four_weeks(weeks, fires):
    roster = small_team(sponsor_update_weeks=weeks)

    assert bool(warnings_of(roster, "SPONSOR_OUT_OF_LOOP")) is fires


# --- NO_EVANGELIST ----------------------------------------------------------------------


@pytest.mark.parametrize(("evangelist", "fires"), [(0.0, True), (0.02, False)])
def test_no_evangelist_fires_when_nobody_carries_the_hat(evangelist, fires):
    roster = make_roster(
        make_person("Sally", 0.1, executive_sponsor=0.05),
        make_person("Dina", data_scientist=0.9, evangelist=evangelist),
    )

    assert bool(warnings_of(roster, "NO_EVANGELIST")) is fires


# --- UNCOVERED and THIN_COVERAGE -------------------------------------------------------


@pytest.mark.parametrize(
    ("inside_out", "expected"),
    [(0.0, "UNCOVERED"), (0.1, "UNCOVERED"), (0.19, "UNCOVERED"), (0.2, None), (0.5, None)],
)
def test_a_small_team_needs_someone_on_the_delivery_bridge_with_at_least_a_fifth_of_their_time(
    inside_out, expected
):
    roster = small_team(make_person("Ian", 1.0, inside_out=inside_out, data_scientist=0.5))
    roster = Roster(
        teams=roster.teams, people=tuple(p for p in roster.people if p.name != "Owen Owner")
    )

    found = [
        w.code
        for w in score(roster).teams[0].warnings
        if w.code in {"UNCOVERED", "THIN_COVERAGE"} and "inside_out" in w.positions
    ]

    assert found == ([expected] if expected else [])


def test_an_uncovered_position_mentions_a_sliver_that_does_not_count():
    roster = small_team(make_person("Ian", inside_out=0.1, data_scientist=0.5))
    roster = Roster(
        teams=roster.teams, people=tuple(p for p in roster.people if p.name != "Owen Owner")
    )

    (warning,) = warnings_of(roster, "UNCOVERED")

    assert "Ian" in warning.message
    assert score(roster).teams[0].coverage_of("inside_out").slivers == ("Ian",)


@pytest.mark.parametrize(
    ("mlops_fte", "expected"),
    [(0.0, "UNCOVERED"), (0.5, "THIN_COVERAGE"), (0.95, "THIN_COVERAGE"), (1.0, None)],
)
def test_a_medium_team_needs_a_full_time_equivalent_on_mlops(mlops_fte, expected):
    people = [
        make_person("Sally", 0.1, executive_sponsor=0.05, evangelist=0.05),
        make_person("Bea", outside_in=0.5),
        make_person("Owen", inside_out=0.5),
        make_person("Tara", tech_lead=0.5),
        make_person("Pia", platform_engineer=0.5),
        make_person("Dina", data_scientist=1.0),
        make_person("Dan", data_scientist=1.0),
    ]
    if mlops_fte:
        people.append(make_person("Mo", mlops_engineer=mlops_fte))
    roster = make_roster(*people)

    found = [
        w.code
        for w in score(roster).teams[0].warnings
        if w.code in {"UNCOVERED", "THIN_COVERAGE"} and w.positions == ("mlops_engineer",)
    ]

    assert score(roster).teams[0].tier == "medium"
    assert found == ([expected] if expected else [])


@pytest.mark.parametrize(
    ("deliverers", "expected"),
    [(0, "UNCOVERED"), (1, "THIN_COVERAGE"), (2, None)],
)
def test_a_small_team_needs_two_people_delivering(deliverers, expected):
    people = [make_person("Sally", 0.1, executive_sponsor=0.05, evangelist=0.05)]
    people.append(make_person("Owen", inside_out=0.5))
    people += [make_person(f"Dev {i}", data_scientist=1.0) for i in range(deliverers)]
    roster = make_roster(*people)

    found = [
        w.code
        for w in score(roster).teams[0].warnings
        if w.code in {"UNCOVERED", "THIN_COVERAGE"} and "data_scientist" in w.positions
    ]

    assert found == ([expected] if expected else [])


def test_a_large_team_needs_two_people_on_each_engineering_position():
    people = [make_person(f"Member {i}", data_scientist=0.5) for i in range(14)]
    people += [
        make_person("Sally", 0.1, executive_sponsor=0.05, evangelist=0.05),
        make_person("Mo", mlops_engineer=1.0),
        make_person("Max", mlops_engineer=1.0),
        make_person("Ola", ml_engineer=1.0),
    ]
    roster = make_roster(*people)

    report = score(roster).teams[0]

    assert report.tier == "large"
    thin = {w.positions for w in report.warnings if w.code == "THIN_COVERAGE"}
    assert ("ml_engineer",) in thin  # one person only
    assert ("mlops_engineer",) not in thin  # two people, 2 FTE
    assert report.coverage_of("analytics_engineer").status == "missing"
    assert report.coverage_of("analytics_engineer").required


def test_the_team_can_set_its_tier_regardless_of_head_count():
    roster = small_team(size="large")

    report = score(roster).teams[0]

    assert report.tier == "large"
    assert report.tier_was_set
    assert "architect" in {p for w in report.warnings if w.code == "UNCOVERED" for p in w.positions}


def test_a_position_not_required_for_the_tier_is_not_uncovered():
    report = score(small_team()).teams[0]

    architect = report.coverage_of("architect")
    assert not architect.required
    assert architect.status == "missing"
    assert not [w for w in report.warnings if "architect" in w.positions]


# --- SINGLE_POINT_OF_FAILURE ------------------------------------------------------------


@pytest.mark.parametrize(
    ("allocations", "mission_critical", "expected"),
    [
        ([0.5], False, Severity.warning),
        ([0.5], True, Severity.critical),
        ([0.5, 0.5], False, None),
        ([0.5, 0.1], False, Severity.warning),  # the sliver does not count
        ([0.5, 0.2], False, None),
    ],
)
def test_single_point_of_failure_on_a_critical_position(allocations, mission_critical, expected):
    people = [make_person(f"Pat {i}", platform_engineer=a) for i, a in enumerate(allocations)]
    roster = small_team(*people, mission_critical=mission_critical)

    found = [w for w in warnings_of(roster, "SINGLE_POINT_OF_FAILURE")]

    assert [w.severity for w in found] == ([expected] if expected else [])
    if expected:
        assert found[0].people == ("Pat 0",)
        assert found[0].positions == ("platform_engineer",)


def test_a_position_the_team_marks_critical_can_be_a_single_point_of_failure():
    roster = small_team(
        make_person("Dora", analytics_engineer=0.5), critical_positions=["analytics_engineer"]
    )

    (warning,) = warnings_of(roster, "SINGLE_POINT_OF_FAILURE")

    assert warning.positions == ("analytics_engineer",)


def test_a_non_critical_position_held_by_one_person_is_not_a_single_point_of_failure():
    roster = small_team(make_person("Dora", analytics_engineer=0.5))

    assert warnings_of(roster, "SINGLE_POINT_OF_FAILURE") == []


# --- TEAM_BUS_FACTOR --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("holders_per_position", "expected_factor", "fires"),
    [
        ({"mlops_engineer": 1}, 1, True),
        ({"mlops_engineer": 2}, 2, True),
        ({"mlops_engineer": 3}, 3, False),
        ({"mlops_engineer": 3, "tech_lead": 1}, 1, True),
        ({}, 0, True),
    ],
)
def test_bus_factor_is_the_smallest_number_of_holders_of_a_held_critical_position(
    holders_per_position, expected_factor, fires
):
    people = [make_person("Sally", 0.1, executive_sponsor=0.05, evangelist=0.05)]
    for position, count in holders_per_position.items():
        people += [make_person(f"{position} {i}", **{position: 0.5}) for i in range(count)]
    roster = make_roster(*people)

    report = score(roster).teams[0]

    assert report.bus_factor == expected_factor
    assert bool([w for w in report.warnings if w.code == "TEAM_BUS_FACTOR"]) is fires


def test_bus_factor_warning_is_critical_for_a_mission_critical_team():
    (warning,) = warnings_of(small_team(mission_critical=True), "TEAM_BUS_FACTOR")

    assert warning.severity == Severity.critical


# --- OVERLOADED -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fte", "load", "expected"),
    [
        (1.0, 1.0, None),
        (1.0, 1.05, None),  # within the tolerance
        (1.0, 1.1, Severity.warning),
        (1.0, 1.25, Severity.warning),
        (1.0, 1.3, Severity.critical),
        (0.5, 0.55, None),
        (0.5, 0.6, Severity.warning),
        (0.5, 0.7, Severity.critical),
    ],
)
def test_overloaded_when_allocations_exceed_the_persons_fte(fte, load, expected):
    roster = small_team(
        make_person("Olly", fte, data_scientist=round(load - 0.3, 2), evangelist=0.3)
    )

    found = [w.severity for w in warnings_of(roster, "OVERLOADED")]

    assert found == ([expected] if expected else [])


def test_an_overloaded_person_is_shown_as_overloaded_in_the_people_list():
    roster = small_team(make_person("Olly", 1.0, data_scientist=1.0, evangelist=0.3))

    olly = next(p for p in score(roster).teams[0].people if p.name == "Olly")

    assert olly.status == "overloaded"
    assert olly.load == pytest.approx(1.3)


# --- TOO_MANY_HATS ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("allocations", "fires"),
    [
        ({"ml_engineer": 0.3, "mlops_engineer": 0.3}, False),
        ({"ml_engineer": 0.3, "mlops_engineer": 0.3, "platform_engineer": 0.3}, True),
        ({"ml_engineer": 0.3, "mlops_engineer": 0.3, "evangelist": 0.3}, False),
        ({"ml_engineer": 0.3, "mlops_engineer": 0.3, "platform_engineer": 0.1}, False),
        ({"executive_sponsor": 0.05, "tech_lead": 0.3, "data_scientist": 0.3}, True),
    ],
)
def test_too_many_hats_at_three_held_positions_not_counting_the_evangelist(allocations, fires):
    roster = small_team(make_person("Hattie", **allocations))

    found = [w for w in warnings_of(roster, "TOO_MANY_HATS") if w.people == ("Hattie",)]

    assert bool(found) is fires


# --- BRIDGE_CONFLICT --------------------------------------------------------------------


def test_same_person_in_both_bridge_seats_is_a_conflict():
    roster = small_team(make_person("Bridget", outside_in=0.4, inside_out=0.4))

    (warning,) = warnings_of(roster, "BRIDGE_CONFLICT")

    assert warning.people == ("Bridget",)
    assert warning.severity == Severity.critical


def test_different_people_in_the_bridge_seats_are_no_conflict():
    roster = small_team(make_person("Bea", outside_in=0.4))

    assert warnings_of(roster, "BRIDGE_CONFLICT") == []


def test_a_sliver_of_the_other_bridge_seat_is_no_conflict():
    roster = small_team(make_person("Bridget", outside_in=0.5, inside_out=0.1))

    assert warnings_of(roster, "BRIDGE_CONFLICT") == []


# --- TECH_IN_BUSINESS_SEAT --------------------------------------------------------------


@pytest.mark.parametrize(
    ("background", "fires"),
    [
        (Background.tech, True),
        (Background.business, False),
        (Background.mixed, False),
        (None, False),
    ],
)
def test_tech_background_in_the_business_seat_is_worth_a_note(background, fires):
    roster = small_team(make_person("Bea", outside_in=0.5, background=background))

    found = warnings_of(roster, "TECH_IN_BUSINESS_SEAT")

    assert bool(found) is fires
    assert all(w.severity == Severity.info for w in found)


# --- MIDDLE_MANAGEMENT ------------------------------------------------------------------


def management_chain(*, manager_allocations: dict[str, float] | None = None, **settings) -> Roster:
    return make_roster(
        make_person("Vic VP", 0.2, executive_sponsor=0.05),
        make_person("Dirk Director", reports_to="Vic VP", **(manager_allocations or {})),
        make_person("Tess Lead", reports_to="Dirk Director", tech_lead=0.5, evangelist=0.1),
        make_person("Dina", reports_to="Tess Lead", data_scientist=1.0),
        **settings,
    )


def test_a_manager_without_a_position_between_a_lead_and_the_sponsor_is_middle_management():
    (warning,) = warnings_of(management_chain(), "MIDDLE_MANAGEMENT")

    assert warning.people == ("Dirk Director",)
    assert warning.severity == Severity.warning
    assert score(management_chain()).teams[0].middle_managers == ("Dirk Director",)


def test_a_manager_who_holds_a_position_is_part_of_the_team():
    roster = management_chain(manager_allocations={"inside_out": 0.3})

    assert warnings_of(roster, "MIDDLE_MANAGEMENT") == []


def test_leads_reporting_straight_to_the_sponsor_have_no_middle_management():
    roster = make_roster(
        make_person("Vic VP", 0.2, executive_sponsor=0.05),
        make_person("Tess Lead", reports_to="Vic VP", tech_lead=0.5),
    )

    assert warnings_of(roster, "MIDDLE_MANAGEMENT") == []


def test_middle_management_is_only_a_note_in_a_large_organisation():
    (warning,) = warnings_of(management_chain(size="large"), "MIDDLE_MANAGEMENT")

    assert warning.severity == Severity.info


# --- Absence ----------------------------------------------------------------------------


def test_absence_recomputes_the_team_as_if_the_person_were_gone():
    roster = small_team()

    report = score(roster, absent=["Eve Engineer"]).teams[0]

    assert report.bus_factor == 1
    assert report.absent == ("Eve Engineer",)
    eve = next(p for p in report.people if p.name == "Eve Engineer")
    assert eve.status == "absent"


def test_warnings_raised_by_an_absence_name_the_absence_and_others_do_not():
    roster = small_team(sponsor_update_weeks=8)

    report = score(roster, absent=["Eve Engineer"]).teams[0]

    by_code = {w.code: w for w in report.warnings}
    assert by_code["SINGLE_POINT_OF_FAILURE"].absences == ("Eve Engineer",)
    assert by_code["SPONSOR_OUT_OF_LOOP"].absences == ()


def test_an_absence_that_matters_only_together_with_another_names_both():
    roster = small_team()

    report = score(roster, absent=["Eve Engineer", "Erik Engineer"]).teams[0]

    uncovered_delivery = [w for w in report.warnings if w.code == "THIN_COVERAGE"]
    assert uncovered_delivery
    assert uncovered_delivery[0].absences == ("Erik Engineer", "Eve Engineer")


def test_people_marked_absent_in_the_roster_count_as_absent():
    roster = small_team(make_person("Pat", platform_engineer=0.5, absent=True))

    report = score(roster).teams[0]

    assert report.absent == ("Pat",)
    assert report.coverage_of("platform_engineer").status == "missing"


def test_an_absence_naming_nobody_is_an_error_listing_the_people():
    with pytest.raises(UnknownPersonError, match=r"Nobody Here.*Dina Data"):
        score(small_team(), absent=["Nobody Here"])


# --- Several teams ----------------------------------------------------------------------


def test_load_across_teams_is_an_organisation_warning_when_no_single_team_overloads():
    roster = Roster(
        people=(
            make_person("Sally", 0.1, team="A", executive_sponsor=0.05),
            make_person("Ravi", 1.0, team="A", mlops_engineer=0.6),
            make_person("Sally", 0.1, team="B", executive_sponsor=0.05),
            make_person("Ravi", 1.0, team="B", mlops_engineer=0.6),
        )
    )

    report = score(roster)

    (warning,) = report.warnings
    assert warning.code == "OVERLOADED"
    assert warning.teams == ("A", "B")
    assert not [w for t in report.teams for w in t.warnings if w.code == "OVERLOADED"]
    ravi = next(p for p in report.team("A").people if p.name == "Ravi")
    assert ravi.total_load == pytest.approx(1.2)
    assert ravi.status == "overloaded"
    assert ravi.other_teams == ("B",)


# --- Health -----------------------------------------------------------------------------


def test_health_takes_points_by_severity_and_shows_each_deduction():
    roster = small_team(make_person("Bridget", outside_in=0.4, inside_out=0.4), size="small")

    health = score(roster).teams[0].health_breakdown

    assert health.start == 100
    assert {d.code for d in health.deductions} == {"BRIDGE_CONFLICT", "TEAM_BUS_FACTOR"}
    assert health.score == 100 - health.total_deducted
    penalty = catalogue().health.penalty
    assert health.total_deducted == penalty[Severity.critical] + penalty[Severity.warning]


def test_health_counts_a_code_at_most_twice():
    people = [make_person(f"Olly {i}", 1.0, data_scientist=1.0, evangelist=0.2) for i in range(4)]
    roster = small_team(*people)

    health = score(roster).teams[0].health_breakdown
    overload_points = [d.points for d in health.deductions if d.code == "OVERLOADED"]

    per_warning = catalogue().health.penalty[Severity.warning]
    assert overload_points == [per_warning, per_warning, 0, 0]


def test_warnings_are_sorted_most_severe_first():
    roster = small_team(
        make_person("Bridget", outside_in=0.4, inside_out=0.4, background=Background.tech),
        mission_critical=True,
    )

    severities = [w.severity for w in score(roster).teams[0].warnings]

    order = [Severity.critical, Severity.warning, Severity.info]
    assert severities == sorted(severities, key=order.index)


def test_an_absence_that_empties_a_critical_position_the_team_relies_on_is_uncovered():
    roster = small_team(make_person("Pat", platform_engineer=0.5), size="small")

    report = score(roster, absent=["Pat"]).teams[0]

    (warning,) = [w for w in report.warnings if w.code == "UNCOVERED"]
    assert warning.positions == ("platform_engineer",)
    assert warning.absences == ("Pat",)
    assert "while Pat is away" in warning.message
    assert report.health < score(roster).teams[0].health


def test_a_critical_position_nobody_ever_held_is_not_uncovered_in_a_small_team():
    report = score(small_team()).teams[0]

    assert not [w for w in report.warnings if "platform_engineer" in w.positions]


def test_a_sponsor_who_is_only_away_is_named_as_away():
    roster = small_team()

    (warning,) = warnings_of(roster, "NO_SPONSOR", absent=("Sally Sponsor",))

    assert "while Sally Sponsor is away" in warning.message
    assert warning.absences == ("Sally Sponsor",)


def test_an_absence_that_empties_a_critical_position_brings_the_bus_factor_to_zero():
    roster = small_team()

    report = score(roster, absent=["Eve Engineer", "Erik Engineer"]).teams[0]

    assert report.bus_factor == 0
    (warning,) = [w for w in report.warnings if w.code == "TEAM_BUS_FACTOR"]
    assert "while Eve Engineer and Erik Engineer are away" in warning.message


def test_an_unchanged_bus_factor_is_not_blamed_on_an_absence():
    roster = small_team(make_person("Pia", platform_engineer=0.5), size="small")

    report = score(roster, absent=["Dina Data"]).teams[0]

    (warning,) = [w for w in report.warnings if w.code == "TEAM_BUS_FACTOR"]
    assert report.bus_factor == 1
    assert warning.absences == ()


def test_a_team_short_of_people_delivering_shows_those_positions_as_needed():
    roster = make_roster(
        make_person("Sally", 0.1, executive_sponsor=0.05, evangelist=0.05),
        make_person("Owen", inside_out=0.5),
        make_person("Dina", data_scientist=1.0),
    )

    report = score(roster).teams[0]

    for position in ("data_scientist", "ml_engineer", "mlops_engineer"):
        assert report.coverage_of(position).required
    assert report.coverage_of("architect").required is False


def test_load_across_teams_is_reported_even_when_one_team_alone_overloads():
    roster = Roster(
        people=(
            make_person("Ann", 1.0, team="A", data_scientist=0.6, ml_engineer=0.5),
            make_person("Ann", 1.0, team="B", data_scientist=0.9),
        )
    )

    report = score(roster)

    (team_warning,) = [w for w in report.team("A").warnings if w.code == "OVERLOADED"]
    assert team_warning.severity == Severity.critical  # 200% in total
    assert "2 FTE (200%) with other teams" in team_warning.message
    (org_warning,) = report.warnings
    assert org_warning.teams == ("A", "B")
    assert not [w for w in report.team("B").warnings if w.code == "OVERLOADED"]
