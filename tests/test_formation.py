"""Pitch geometry: where markers, links, badges and managers stand (no plotly)."""

from __future__ import annotations

import math

import pytest

from teambuilder.catalogue import catalogue
from teambuilder.formation import (
    ASPECT,
    CHAR_WIDTH,
    COMBINING_LONG_STROKE,
    STANDS,
    build_formation,
    in_stands,
    initials,
    on_pitch,
    people_labels,
    pitch_markings,
    strike,
)
from teambuilder.models import Severity
from tests.report_helpers import make_coverage, make_load, make_team_report, make_warning


def test_every_catalogue_position_has_one_marker():
    formation = build_formation(make_team_report())

    assert [m.position for m in formation.markers] == list(catalogue().position_ids)


def test_every_position_stands_on_the_pitch_and_the_sponsor_in_the_stands():
    formation = build_formation(make_team_report())

    for marker in formation.markers:
        if marker.line == "stands":
            assert in_stands(marker.y) and not on_pitch(marker.x, marker.y)
        else:
            assert on_pitch(marker.x, marker.y), marker.position
    assert formation.marker("executive_sponsor").line == "stands"


def test_the_business_end_is_at_the_top_and_the_architect_in_goal():
    formation = build_formation(make_team_report())

    forwards = [m.y for m in formation.markers if m.line == "forward"]
    defenders = [m.y for m in formation.markers if m.line == "defence"]
    assert min(forwards) > max(defenders)
    assert formation.marker("architect").y < min(defenders)


def test_the_markings_stay_on_the_pitch_apart_from_the_goals():
    for marking in pitch_markings():
        for x, y in marking.points:
            if marking.name.startswith("goal_"):
                assert -4 < y < 104
            else:
                # A hair of slack for the arcs' sines and cosines.
                assert -1e-9 <= x <= 100 + 1e-9 and -1e-9 <= y <= 100 + 1e-9, marking.name


def test_the_centre_circle_is_round_on_screen():
    (x0, y0), (x1, y1) = next(m for m in pitch_markings() if m.name == "centre_circle").points

    assert (x1 - x0) == pytest.approx((y1 - y0) * ASPECT)


@pytest.mark.parametrize(
    ("required", "status", "drawn"),
    [
        (True, "covered", "covered"),
        (True, "thin", "thin"),
        (True, "missing", "missing"),
        (False, "missing", "not_required"),
        (False, "covered", "covered"),
    ],
)
def test_a_positions_status_maps_to_how_it_is_drawn(required, status, drawn):
    people = ("Meghan",) if status != "missing" else ()
    report = make_team_report(
        coverage=[make_coverage("mlops_engineer", status, required=required, people=people)]
    )

    assert build_formation(report).marker("mlops_engineer").status == drawn


def test_middle_managers_stand_off_the_pitch_between_the_stands_and_the_team():
    report = make_team_report(
        people=[make_load("Sally", executive_sponsor=0.1)],
        middle_managers=["Claire Dubois", "Dieter Krause"],
    )

    formation = build_formation(report)

    assert [m.name for m in formation.managers] == ["Claire Dubois", "Dieter Krause"]
    for manager in formation.managers:
        assert not on_pitch(manager.x, manager.y)
        assert 100 < manager.y < STANDS[0]
        assert formation.x_range[0] < manager.x < formation.x_range[1]
    assert formation.managers[0].x < formation.managers[1].x


def test_a_person_on_three_positions_is_linked_through_those_three_markers():
    report = make_team_report(
        people=[
            make_load("Meghan", 1.0, ml_engineer=0.3, mlops_engineer=0.4, platform_engineer=0.3)
        ]
    )

    formation = build_formation(report)

    (link,) = formation.links
    assert link.person == "Meghan"
    assert set(link.positions) == {"ml_engineer", "mlops_engineer", "platform_engineer"}
    markers = [formation.marker(pid) for pid in link.positions]
    assert list(link.points) == [(m.x, m.y) for m in markers]


def test_the_link_takes_the_shortest_line_so_it_does_not_zigzag():
    report = make_team_report(
        people=[make_load("Ana", inside_out=0.3, tech_lead=0.3, data_scientist=0.3)]
    )

    (link,) = build_formation(report).links

    assert link.positions == ("inside_out", "tech_lead", "data_scientist")


def test_a_link_through_four_positions_does_not_double_back_over_a_marker():
    report = make_team_report(
        people=[
            make_load(
                "Meghan",
                ml_engineer=0.25,
                mlops_engineer=0.25,
                platform_engineer=0.25,
                tech_lead=0.25,
            )
        ]
    )

    (link,) = build_formation(report).links

    assert link.positions == ("tech_lead", "platform_engineer", "mlops_engineer", "ml_engineer")


def test_a_long_name_stays_whole_in_the_stands_but_not_on_the_pitch():
    name = "Maximilian Schwarzenberg"
    report = make_team_report(people=[make_load(name, 0.3, executive_sponsor=0.1, evangelist=0.1)])

    formation = build_formation(report)

    assert formation.marker("executive_sponsor").people[0].label == name
    assert formation.marker("evangelist").people[0].label == "MS"


def test_one_position_or_the_evangelist_hat_on_top_draws_no_link():
    report = make_team_report(
        people=[
            make_load("Solo", mlops_engineer=1.0),
            make_load("Champion", evangelist=0.1, data_scientist=0.9),
        ]
    )

    assert build_formation(report).links == ()


def test_links_of_two_people_over_the_same_positions_are_drawn_side_by_side():
    report = make_team_report(
        people=[
            make_load("Ana Costa", tech_lead=0.5, ml_engineer=0.5),
            make_load("Ben Adeyemi", tech_lead=0.5, ml_engineer=0.5),
        ]
    )

    first, second = build_formation(report).links

    assert first.points != second.points
    for (ax, ay), (bx, by) in zip(first.points, second.points, strict=True):
        # Still inside the same markers: a couple of units apart, not more.
        assert 0 < math.dist((ax, ay * ASPECT), (bx, by * ASPECT)) < 3
    assert first.label_point != second.label_point
    assert {first.label, second.label} == {"AC", "BA"}


def test_person_level_warnings_give_the_link_their_severity():
    report = make_team_report(
        people=[make_load("Leo", outside_in=0.5, inside_out=0.5)],
        warnings=[
            make_warning("BRIDGE_CONFLICT", Severity.critical, people=["Leo"]),
            make_warning("SINGLE_POINT_OF_FAILURE", Severity.warning, people=["Leo"]),
        ],
    )

    (link,) = build_formation(report).links

    assert link.severity == Severity.critical
    assert [w.code for w in link.warnings] == ["BRIDGE_CONFLICT"]


def test_absent_people_are_still_shown_where_they_stand_struck_through():
    meghan = make_load("Meghan", status="absent", mlops_engineer=0.6, platform_engineer=0.4)
    report = make_team_report(people=[meghan, make_load("Tom", mlops_engineer=0.5)])

    formation = build_formation(report)

    tags = formation.marker("mlops_engineer").people
    assert [(t.name, t.absent) for t in tags] == [("Tom", False), ("Meghan", True)]
    assert tags[1].shown == strike("Meghan")
    assert COMBINING_LONG_STROKE in tags[1].shown
    assert formation.marker("platform_engineer").people[0].absent
    (link,) = formation.links
    assert link.absent


def test_an_allocation_too_small_to_hold_shows_as_a_sliver():
    report = make_team_report(people=[make_load("Lina", ml_engineer=0.1, data_scientist=0.9)])

    (tag,) = build_formation(report).marker("ml_engineer").people

    assert tag.name == "Lina" and tag.sliver and tag.allocation == 0.1


@pytest.mark.parametrize(
    ("names", "labels"),
    [
        (["Meghan Okafor", "Tom"], ["Meghan Okafor", "Tom"]),
        (["Maximilian Schwarzenberg", "Tom"], ["MS", "Tom"]),
        (["Ana Costa", "Ben Adeyemi", "Chen Wei"], ["Ana Costa", "Ben Adeyemi", "Chen Wei"]),
        (["Ana Costa", "Ben Adeyemi", "Chen Wei", "Dara"], ["AC", "BA", "CW", "Da"]),
        (["Anna Berg", "Adam Brown", "Chen Wei", "Dara"], ["ABe", "ABr", "CW", "Da"]),
    ],
)
def test_names_turn_into_initials_when_long_or_crowded(names, labels):
    assert list(people_labels(names)) == labels


def test_initials_take_the_first_and_last_word():
    assert initials("Anna-Lena van der Berg") == "AB"
    assert initials("Cher") == "Ch"


def test_the_initials_rule_applies_on_the_pitch():
    names = ["Ana Costa", "Ben Adeyemi", "Chen Wei", "Dara Flynn"]
    report = make_team_report(people=[make_load(n, data_scientist=0.5) for n in names])

    tags = build_formation(report).marker("data_scientist").people

    assert [t.label for t in tags] == ["AC", "BA", "CW", "DF"]
    assert [t.name for t in tags] == names


def test_a_warning_gets_a_badge_on_each_position_it_names():
    report = make_team_report(
        people=[make_load("Meghan", mlops_engineer=1.0)],
        warnings=[
            make_warning("SINGLE_POINT_OF_FAILURE", Severity.warning, positions=["mlops_engineer"]),
            make_warning("UNCOVERED", Severity.critical, positions=["mlops_engineer", "tech_lead"]),
        ],
    )

    badges = {b.anchor: b for b in build_formation(report).badges}

    assert badges["mlops_engineer"].count == 2
    assert badges["mlops_engineer"].severity == Severity.critical
    assert badges["tech_lead"].count == 1
    marker = build_formation(report).marker("mlops_engineer")
    assert badges["mlops_engineer"].x > marker.x and badges["mlops_engineer"].y == marker.y


def test_a_warning_about_a_person_goes_on_every_position_they_hold():
    report = make_team_report(
        people=[make_load("Meghan", 0.8, ml_engineer=0.4, mlops_engineer=0.6)],
        warnings=[make_warning("OVERLOADED", Severity.warning, people=["Meghan"])],
    )

    badges = build_formation(report).badges

    assert sorted(b.anchor for b in badges) == ["ml_engineer", "mlops_engineer"]


def test_the_sponsors_badge_sits_above_it_in_the_stands():
    report = make_team_report(
        warnings=[make_warning("NO_SPONSOR", Severity.critical, positions=["executive_sponsor"])]
    )

    formation = build_formation(report)
    (badge,) = formation.badges

    sponsor = formation.marker("executive_sponsor")
    assert badge.x == sponsor.x and badge.y > sponsor.y and in_stands(badge.y)


def test_a_warning_about_a_manager_alone_goes_on_the_manager():
    report = make_team_report(
        middle_managers=["Claire"],
        warnings=[make_warning("MIDDLE_MANAGEMENT", people=["Claire"])],
    )

    (badge,) = build_formation(report).badges

    assert (badge.kind, badge.anchor) == ("manager", "manager:Claire")


def test_a_warning_with_nothing_to_point_at_goes_on_the_team_badge():
    report = make_team_report(warnings=[make_warning("TEAM_BUS_FACTOR")])

    (badge,) = build_formation(report).badges

    assert (badge.kind, badge.anchor) == ("team", "team")
    assert in_stands(badge.y)


def test_managers_leave_room_for_each_name_and_fall_back_to_initials_when_many():
    few = make_team_report(middle_managers=["Claire Dubois", "Dieter Krause"])
    names = ["Anna Berg", "Carl Diaz", "Eva Fox", "Gus Hill", "Ida Jones", "Kai Lund"]
    many = make_team_report(middle_managers=names)

    claire, dieter = build_formation(few).managers
    crowded = build_formation(many).managers

    assert dieter.x - claire.x >= CHAR_WIDTH * len("Claire Dubois")
    assert [m.label for m in crowded] == ["AB", "CD", "EF", "GH", "IJ", "KL"]
    assert crowded[-1].x < 100


def test_the_goalkeeper_and_the_sponsor_have_their_labels_beside_them():
    formation = build_formation(make_team_report())

    for pid in ("architect", "executive_sponsor"):
        marker = formation.marker(pid)
        assert (marker.name_side, marker.people_side) == ("left", "right")
    assert formation.marker("tech_lead").name_side == "above"
