"""Plotly figures, tested through fig.to_dict(): traces, colours, legend, escaping."""

from __future__ import annotations

import json

import pytest

from teambuilder.catalogue import EXAMPLES_DIR, catalogue
from teambuilder.charts import (
    ALONE_LEGEND,
    AWAY_LEGEND,
    LINK_LEGEND,
    MANAGER_LEGEND,
    OVERLOAD_LEGEND,
    RING_LEGEND,
    SEVERITY_STYLES,
    SLIVER_LEGEND,
    STATUS_COLOURS,
    STATUS_LEGEND,
    STATUS_SYMBOLS,
    coverage_matrix_figure,
    formation_figure,
    load_figure,
    position_colours,
)
from teambuilder.formation import ASPECT, LANDSCAPE
from teambuilder.models import Severity
from teambuilder.roster_io import load_roster
from teambuilder.scoring import score
from tests.report_helpers import make_coverage, make_load, make_team_report, make_warning

EVIL = "<img src=x onerror=alert(1)>"


def traces(figure, role):
    return [t for t in figure.to_dict()["data"] if (t.get("meta") or {}).get("role") == role]


def mixed_report():
    """One position of each status, a person on three positions, a manager, a warning."""
    return make_team_report(
        people=[
            make_load("Sally Sponsor", 0.2, executive_sponsor=0.1),
            make_load("Meghan Okafor", 1.0, ml_engineer=0.3, mlops_engineer=0.4, tech_lead=0.5),
            make_load("Tom Becker", data_scientist=1.0),
        ],
        coverage=[
            make_coverage("mlops_engineer", "thin", people=["Meghan Okafor"], fte=0.4),
            make_coverage("platform_engineer", "missing"),
        ],
        middle_managers=["Claire Dubois"],
        warnings=[
            make_warning("UNCOVERED", Severity.critical, positions=["platform_engineer"]),
            make_warning("OVERLOADED", Severity.warning, people=["Meghan Okafor"]),
        ],
    )


def test_the_pitch_has_one_marker_trace_per_status_covering_every_position():
    figure = formation_figure(mixed_report())

    status_traces = traces(figure, "position")
    assert [t["meta"]["status"] for t in status_traces] == [
        "covered",
        "thin",
        "missing",
        "not_required",
    ]
    ids = [pid for t in status_traces for pid in t.get("customdata", [])]
    assert sorted(ids) == sorted(catalogue().position_ids)


def test_each_marker_stands_at_its_positions_coordinates():
    figure = formation_figure(mixed_report())

    for trace in traces(figure, "position"):
        for pid, x, y in zip(trace["customdata"], trace["x"], trace["y"], strict=True):
            position = catalogue().position(pid)
            assert (x, y) == (position.x, position.y)


@pytest.mark.parametrize(
    ("status", "position"),
    [
        ("covered", "data_scientist"),
        ("thin", "mlops_engineer"),
        ("missing", "platform_engineer"),
        ("not_required", "architect"),
    ],
)
def test_each_status_has_its_own_colour_and_symbol(status, position):
    figure = formation_figure(mixed_report())

    (trace,) = [t for t in traces(figure, "position") if t["meta"]["status"] == status]
    assert position in trace["customdata"]
    assert trace["marker"]["color"] == STATUS_COLOURS[status]
    assert trace["marker"]["symbol"] == STATUS_SYMBOLS[status]


def test_statuses_differ_in_both_colour_and_symbol():
    assert len(set(STATUS_COLOURS.values())) == 4
    assert len(set(STATUS_SYMBOLS.values())) == 4


def test_the_legend_lists_all_four_statuses_even_when_unused():
    report = make_team_report(people=[make_load("Solo", mlops_engineer=1.0)])

    figure = formation_figure(report)

    names = [t["name"] for t in traces(figure, "position") if t.get("showlegend", True)]
    assert names == list(STATUS_LEGEND.values())
    assert figure.layout.showlegend


def test_links_managers_and_badges_join_the_legend_only_when_present():
    crowded = formation_figure(mixed_report())
    empty = formation_figure(make_team_report())

    legend = {t["name"] for t in crowded.to_dict()["data"] if t.get("showlegend", True)}
    assert {LINK_LEGEND, MANAGER_LEGEND} <= legend
    assert {SEVERITY_STYLES[s].legend for s in (Severity.critical, Severity.warning)} <= legend
    assert traces(empty, "link") == [] and traces(empty, "manager") == []
    empty_legend = {t["name"] for t in empty.to_dict()["data"] if t.get("showlegend", True)}
    assert SEVERITY_STYLES[Severity.critical].legend not in empty_legend


def test_a_person_on_three_positions_draws_one_line_through_them():
    figure = formation_figure(mixed_report())

    (link,) = traces(figure, "link")
    assert link["meta"]["person"] == "Meghan Okafor"
    assert len(link["x"]) == 3


def test_warnings_are_counted_in_words_on_each_card_with_the_worst_severitys_shape():
    figure = formation_figure(mixed_report())

    cards = {
        a["name"]: a["text"]
        for a in figure.to_dict()["layout"]["annotations"]
        if a.get("name", "").startswith("position:")
    }
    assert "▲ 1 warning" in cards["position:platform_engineer"]
    assert "■ 1 warning" in cards["position:mlops_engineer"]
    assert "warning" not in cards["position:data_scientist"]


def test_the_legend_explains_every_mark_on_the_pitch():
    report = make_team_report(
        people=[
            make_load("Meghan", 1.0, mlops_engineer=0.9, ml_engineer=0.3),
            make_load("Lina", data_scientist=0.9, ml_engineer=0.1),
        ],
        warnings=[
            make_warning("SINGLE_POINT_OF_FAILURE", positions=["mlops_engineer"]),
            make_warning("TEAM_BUS_FACTOR", Severity.critical, positions=["mlops_engineer"]),
        ],
    )

    figure = formation_figure(report)

    legend = {t["name"] for t in figure.to_dict()["data"] if t.get("showlegend", True)}
    for entry in (ALONE_LEGEND, RING_LEGEND, SLIVER_LEGEND, OVERLOAD_LEGEND, LINK_LEGEND):
        assert entry in legend
    (ring,) = traces(figure, "ring")
    assert ring["x"] == [catalogue().position("mlops_engineer").x]
    (ops,) = [t for t in traces(figure, "position") if "mlops_engineer" in t["customdata"]]
    assert ops["text"][ops["customdata"].index("mlops_engineer")] == "1"


def test_a_required_position_with_nobody_says_so():
    texts = [a["text"] for a in formation_figure(mixed_report()).to_dict()["layout"]["annotations"]]

    assert any("nobody" in text for text in texts)


def test_absent_people_are_struck_through_and_away_in_the_hover():
    report = make_team_report(
        people=[make_load("Meghan", status="absent", mlops_engineer=1.0)],
    )

    figure = formation_figure(report)

    texts = [a["text"] for a in figure.to_dict()["layout"]["annotations"]]
    assert any("M\u0336e\u0336g\u0336h\u0336a\u0336n\u0336" in text for text in texts)
    legend = {t["name"] for t in figure.to_dict()["data"] if t.get("showlegend", True)}
    assert AWAY_LEGEND in legend
    (ops,) = [t for t in traces(figure, "position") if "mlops_engineer" in t["customdata"]]
    hover = ops["hovertext"][ops["customdata"].index("mlops_engineer")]
    assert "Away: Meghan" in hover


def test_the_pitch_keeps_its_shape_and_does_not_zoom_or_drag():
    layout = formation_figure(mixed_report()).to_dict()["layout"]

    assert layout["yaxis"]["scaleanchor"] == "x"
    assert layout["yaxis"]["scaleratio"] == ASPECT
    assert layout["xaxis"]["fixedrange"] and layout["yaxis"]["fixedrange"]
    assert not layout["xaxis"]["visible"] and not layout["yaxis"]["visible"]
    assert layout["dragmode"] is False


def test_names_are_written_at_a_readable_size():
    layout = formation_figure(mixed_report()).to_dict()["layout"]

    sizes = [
        a["font"]["size"]
        for a in layout["annotations"]
        if a.get("name", "").startswith("position:")
    ]
    assert min(sizes) >= 14
    projector = formation_figure(mixed_report(), canvas=LANDSCAPE).to_dict()["layout"]
    names = [a for a in projector["annotations"] if a.get("name", "").startswith("position:")]
    assert min(a["font"]["size"] for a in names) >= 18


def test_a_dark_pitch_has_a_dark_background():
    light = formation_figure(mixed_report()).layout.paper_bgcolor
    dark = formation_figure(mixed_report(), dark=True).layout.paper_bgcolor

    assert light != dark


def test_a_title_can_be_set():
    figure = formation_figure(mixed_report(), title="Scenario A")

    assert figure.layout.title.text == "Scenario A"


def test_the_default_title_keeps_a_fifteen_letter_team_name_whole():
    short = formation_figure(make_team_report(team="Loopwise")).layout.title.text
    medium = formation_figure(make_team_report(team="Personalisation")).layout.title.text
    long = formation_figure(
        make_team_report(team="Customer Lifetime Value Modelling")
    ).layout.title.text

    assert short.startswith("<b>Loopwise</b> · health ") and "/100 · bus factor" in short
    assert medium.startswith("<b>Personalisation</b> · health ")  # "/100" gives way first
    assert "bus factor" in medium and "…" not in medium
    assert "…</b>" in long and "bus factor" in long  # a much longer name is still cut


def evil_report():
    """User text in every place it can reach a figure."""
    return make_team_report(
        team=f"Team {EVIL}",
        people=[
            make_load(EVIL, 1.0, title=EVIL, mlops_engineer=0.6, tech_lead=0.6),
            make_load(f"{EVIL} away", status="absent", data_scientist=1.0),
            make_load("Sally", 0.1, executive_sponsor=0.1),
        ],
        middle_managers=[f"Boss {EVIL}"],
        warnings=[
            make_warning(
                "OVERLOADED", people=[EVIL], title=EVIL, message=f"{EVIL} is booked for 1.2 FTE."
            ),
            make_warning("TEAM_BUS_FACTOR", message=f"Only {EVIL} holds it."),
        ],
    )


@pytest.mark.parametrize("build", [formation_figure, load_figure, coverage_matrix_figure])
def test_user_text_is_escaped_everywhere_in_the_figure(build):
    figure = build(evil_report())

    dumped = json.dumps(figure.to_dict(), ensure_ascii=False)
    assert "<img" not in dumped
    assert "onerror=alert(1)&gt;" in dumped


def test_escaped_names_appear_in_the_pitch_hover_and_labels():
    short_evil = "<b>x</b>"  # short enough to be shown whole, not as initials
    report = make_team_report(people=[make_load(short_evil, mlops_engineer=1.0)])

    figure = formation_figure(report)

    (ops,) = [t for t in traces(figure, "position") if "mlops_engineer" in t["customdata"]]
    assert "&lt;b&gt;x&lt;/b&gt;" in ops["hovertext"][ops["customdata"].index("mlops_engineer")]
    texts = [a["text"] for a in figure.to_dict()["layout"]["annotations"]]
    assert any("<br>&lt;b&gt;x&lt;/b&gt;" in text for text in texts)


def test_a_struck_through_name_is_escaped_after_striking():
    report = make_team_report(people=[make_load("<b>", status="absent", mlops_engineer=1.0)])

    texts = [a["text"] for a in formation_figure(report).to_dict()["layout"]["annotations"]]

    # Each character struck, then escaped: no stroke lands inside an entity.
    assert any("&lt;\u0336b\u0336&gt;\u0336" in text for text in texts)


def load_report():
    return make_team_report(
        people=[
            make_load("Ravi Iyer", 1.0, elsewhere=0.9, mlops_engineer=0.3, platform_engineer=0.2),
            make_load("Olga Ivanova", 0.8, platform_engineer=0.8),
            make_load("Victor Chen", 1.0, inside_out=0.5, tech_lead=0.5),
        ]
    )


def test_load_segments_add_up_to_each_persons_load():
    report = load_report()

    figure = load_figure(report)

    allocations = traces(figure, "allocation")
    elsewhere = traces(figure, "other-teams")
    for i, person in enumerate(report.people):
        assert sum(t["x"][i] for t in allocations) == pytest.approx(person.load)
        assert sum(t["x"][i] for t in allocations + elsewhere) == pytest.approx(person.total_load)


def test_load_has_one_segment_trace_per_position_in_use_with_its_colour():
    figure = load_figure(load_report())

    colours = position_colours()
    allocations = traces(figure, "allocation")
    assert [t["meta"]["position"] for t in allocations] == [
        "inside_out",
        "tech_lead",
        "mlops_engineer",
        "platform_engineer",
    ]
    for trace in allocations:
        assert trace["marker"]["color"] == colours[trace["meta"]["position"]]
        assert trace["orientation"] == "h"
    assert figure.layout.barmode == "stack"


def test_each_persons_fte_is_marked_and_overload_called_out():
    report = load_report()

    figure = load_figure(report)

    (fte,) = traces(figure, "fte")
    assert fte["x"] == [p.fte for p in report.people]
    (notes,) = traces(figure, "load-note")
    assert "140%" in notes["text"][0]
    assert "%" not in notes["text"][1]


def test_the_matrix_has_a_row_per_person_and_a_column_per_position():
    report = load_report()

    (matrix,) = traces(coverage_matrix_figure(report), "matrix")

    assert len(matrix["z"]) == len(report.people)
    assert all(len(row) == len(catalogue().position_ids) for row in matrix["z"])
    assert matrix["text"][1][catalogue().position_ids.index("platform_engineer")] == "0.8"
    assert matrix["text"][1][0] == ""


def test_the_matrix_columns_carry_each_positions_colour():
    (matrix,) = traces(coverage_matrix_figure(load_report()), "matrix")

    colours = position_colours()
    for column, pid in zip(matrix["x"], catalogue().position_ids, strict=True):
        assert colours[pid] in column
        assert catalogue().name_of(pid).replace("&", "&amp;") in column


@pytest.mark.parametrize("path", sorted(EXAMPLES_DIR.glob("*.*")), ids=lambda p: p.name)
def test_every_example_roster_draws_all_three_charts(path):
    report = score(load_roster(path))

    for team_report in report.teams:
        pitch = formation_figure(team_report)
        load_figure(team_report)
        coverage_matrix_figure(team_report)
        ids = [pid for t in traces(pitch, "position") for pid in t.get("customdata", [])]
        assert sorted(ids) == sorted(catalogue().position_ids)


def test_each_link_is_named_by_a_pill_with_the_persons_initials():
    figure = formation_figure(mixed_report())

    pills = [
        a
        for a in figure.to_dict()["layout"]["annotations"]
        if a.get("name", "").startswith("link:")
    ]
    assert [(p["name"], p["text"]) for p in pills] == [("link:Meghan Okafor", "<b>MO</b>")]
    assert "Meghan Okafor" in pills[0]["hovertext"]
    assert "Person overloaded" not in pills[0]["hovertext"]  # make_warning's title is generic
    assert "Something to look at" in pills[0]["hovertext"]
