"""Pitch geometry: where markers, links, badges and managers stand (no plotly)."""

from __future__ import annotations

import itertools
import math

import pytest

from teambuilder.catalogue import EXAMPLES_DIR, catalogue
from teambuilder.export import SLIDE_CANVAS, WIDE_CANVAS
from teambuilder.formation import (
    ASPECT,
    COMBINING_LONG_STROKE,
    LANDSCAPE,
    LANDSCAPE_LARGE,
    PHONE,
    PORTRAIT,
    STANDS,
    Canvas,
    Formation,
    _crosses,
    boxes_overlap,
    build_formation,
    first_name_initial,
    in_stands,
    initials,
    label_boxes,
    marker_boxes,
    on_pitch,
    people_labels,
    pitch_markings,
    strike,
)
from teambuilder.models import Severity, TeamReport
from teambuilder.roster_io import load_roster
from teambuilder.scoring import score
from tests.large_teams import large_roster
from tests.report_helpers import make_coverage, make_load, make_team_report, make_warning

CANVASES = {
    "portrait": PORTRAIT,
    "phone": PHONE,
    "landscape": LANDSCAPE,
    "landscape-1080": LANDSCAPE_LARGE,
    "slide": SLIDE_CANVAS,
    "slide-16x9": WIDE_CANVAS,
}


def example_teams() -> list[tuple[str, TeamReport]]:
    found = []
    for path in sorted(EXAMPLES_DIR.iterdir()):
        for team in score(load_roster(path)).teams:
            found.append((f"{path.stem}:{team.team}", team))
    return found


def large_teams() -> list[tuple[str, TeamReport]]:
    return [
        (f"{people} people, seed {seed}", score(large_roster(people, seed)).teams[0])
        for people in (15, 20, 25)
        for seed in range(4)
    ]


def card_lines(formation: Formation, position: str) -> list[str]:
    return [line.whole for line in formation.label("position", position).lines]


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
    assert {first.label, second.label} == {"AC", "BA"}
    pills = [link.label_point for link in (first, second) if link.label_point is not None]
    assert len(set(pills)) == len(pills)


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
        (["Ana Costa", "Ben Adeyemi"], ["Ana Costa", "Ben Adeyemi"]),
        (["Anna Berg", "Adam Brown", "Chen Wei", "Dara"], ["ABe", "ABr", "CW", "Da"]),
    ],
)
def test_names_turn_into_initials_when_long_or_crowded(names, labels):
    assert list(people_labels(names)) == labels


def test_initials_take_the_first_and_last_word():
    assert initials("Anna-Lena van der Berg") == "AB"
    assert initials("Cher") == "Ch"
    assert first_name_initial("Meghan Okafor") == "Meghan O."
    assert first_name_initial("Cher") == "Cher"


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
    formation = build_formation(report)
    assert card_lines(formation, "mlops_engineer")[-1] == "▲ 2 warnings"
    assert card_lines(formation, "tech_lead")[-1] == "▲ 1 warning"


def test_a_warning_about_a_person_goes_on_every_position_they_hold():
    report = make_team_report(
        people=[make_load("Meghan", 0.8, ml_engineer=0.4, mlops_engineer=0.6)],
        warnings=[make_warning("OVERLOADED", Severity.warning, people=["Meghan"])],
    )

    badges = build_formation(report).badges

    assert sorted(b.anchor for b in badges) == ["ml_engineer", "mlops_engineer"]


def test_a_warning_about_a_manager_alone_goes_on_the_manager():
    report = make_team_report(
        middle_managers=["Claire"],
        warnings=[make_warning("MIDDLE_MANAGEMENT", people=["Claire"])],
    )

    (badge,) = build_formation(report).badges

    assert (badge.kind, badge.anchor) == ("manager", "manager:Claire")


def test_a_warning_with_nothing_to_point_at_goes_on_the_team_badge():
    report = make_team_report(warnings=[make_warning("TEAM_BUS_FACTOR")])

    formation = build_formation(report)
    (badge,) = formation.badges

    assert (badge.kind, badge.anchor) == ("team", "team")
    note = formation.label("team", "team")
    assert [line.whole for line in note.lines] == ["Whole team: ■ 1 warning"]
    assert in_stands(note.y)


# --- Labels: placed where they overlap nothing -------------------------------------------


def assert_labels_clear(formation: Formation) -> None:
    """No label overlaps another label or a marker, and every label is inside the canvas."""
    boxes = label_boxes(formation)
    markers = marker_boxes(formation)
    canvas = formation.canvas
    for label, box in boxes:
        assert label.fits, f"{label.kind} {label.anchor} found no free spot"
        assert box[0] >= 0 and box[1] >= 0, (label.anchor, box)
        assert box[2] <= canvas.width and box[3] <= canvas.height, (label.anchor, box)
        for marker in markers:
            assert not boxes_overlap(box, marker), (label.anchor, box, marker)
    for (first, a), (second, b) in itertools.combinations(boxes, 2):
        assert not boxes_overlap(a, b), (first.anchor, second.anchor)


@pytest.mark.parametrize("orientation", list(CANVASES))
@pytest.mark.parametrize(
    ("name", "team"), example_teams(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_labels_of_every_example_overlap_nothing_and_stay_inside(name, team, orientation):
    assert_labels_clear(build_formation(team, canvas=CANVASES[orientation]))


@pytest.mark.parametrize("orientation", list(CANVASES))
@pytest.mark.parametrize(
    ("name", "team"), large_teams(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_labels_of_teams_up_to_25_people_overlap_nothing_and_stay_inside(name, team, orientation):
    assert_labels_clear(build_formation(team, canvas=CANVASES[orientation]))


@pytest.mark.parametrize(
    ("name", "team"), example_teams(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_example_shows_full_names_on_the_projector(name, team):
    formation = build_formation(team, canvas=LANDSCAPE)

    assert formation.shortened == ()


def test_the_startup_shows_meghan_whole_with_her_load_on_every_position():
    team = score(load_roster(EXAMPLES_DIR / "startup_hero.csv")).teams[0]

    for canvas in (PORTRAIT, LANDSCAPE):
        formation = build_formation(team, canvas=canvas)
        for pid in ("ml_engineer", "mlops_engineer", "platform_engineer"):
            assert "Meghan Okafor 120%" in card_lines(formation, pid), (canvas.orientation, pid)


def test_a_shortened_name_is_listed_with_the_full_name():
    names = [f"Bartholomew Okonkwo-Adeyemi {i}" for i in range(6)]
    report = make_team_report(people=[make_load(n, data_scientist=0.5) for n in names])
    tiny = Canvas(width=340, height=484)

    formation = build_formation(report, canvas=tiny)

    assert formation.shortened
    shown = " ".join(card_lines(formation, "data_scientist"))
    for short, full in formation.shortened:
        assert short in shown and full in names
    assert_labels_clear(formation)


def test_an_overloaded_person_carries_their_load_and_others_do_not():
    report = make_team_report(
        people=[
            make_load("Meghan", 1.0, mlops_engineer=0.8, ml_engineer=0.4),
            make_load("Tom", data_scientist=1.0),
        ]
    )

    formation = build_formation(report)

    assert [t.shown for t in formation.marker("mlops_engineer").people] == ["Meghan 120%"]
    assert [t.shown for t in formation.marker("data_scientist").people] == ["Tom"]


def test_single_points_of_failure_and_bus_factor_positions_are_marked_on_their_markers():
    report = make_team_report(
        people=[make_load("Meghan", mlops_engineer=1.0), make_load("Tom", data_scientist=1.0)],
        warnings=[
            make_warning(
                "SINGLE_POINT_OF_FAILURE", positions=["mlops_engineer"], people=["Meghan"]
            ),
            make_warning("TEAM_BUS_FACTOR", positions=["mlops_engineer", "tech_lead"]),
        ],
    )

    formation = build_formation(report)

    assert (
        formation.marker("mlops_engineer").alone and formation.marker("mlops_engineer").bus_factor
    )
    assert formation.marker("tech_lead").bus_factor and not formation.marker("tech_lead").alone
    assert not formation.marker("data_scientist").alone
    assert not formation.marker("data_scientist").bus_factor


def test_landscape_turns_the_pitch_a_quarter_with_the_business_end_and_stands_on_the_right():
    formation = build_formation(make_team_report(), canvas=LANDSCAPE)

    forwards = [m.x for m in formation.markers if m.line == "forward"]
    defenders = [m.x for m in formation.markers if m.line == "defence"]
    assert min(forwards) > max(defenders)
    assert formation.marker("executive_sponsor").x > 100
    width = formation.x_range[1] - formation.x_range[0]
    height = (formation.y_range[1] - formation.y_range[0]) * formation.ratio
    assert width > height  # wider than tall on screen


def test_no_ones_line_crosses_itself():
    for _, team in example_teams() + large_teams():
        for link in build_formation(team).links:
            segments = list(itertools.pairwise(link.points))
            for (a, b), (c, d) in itertools.combinations(segments, 2):
                assert not _crosses(a, b, c, d), link.person
