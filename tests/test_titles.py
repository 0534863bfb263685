"""Job titles suggest positions through the catalogue's aliases."""

from __future__ import annotations

import pytest

from teambuilder.titles import suggest_positions


@pytest.mark.parametrize(
    ("title", "position"),
    [
        ("Senior MLOps Engineer", "mlops_engineer"),
        ("Machine Learning Engineer", "ml_engineer"),
        ("Product Owner", "inside_out"),
        ("Product Manager", "outside_in"),
        ("SRE", "platform_engineer"),
        ("Chief Data Officer", "executive_sponsor"),
        ("Data Engineer", "analytics_engineer"),
        ("Solution Architect", "architect"),
        ("Principal Engineer", "tech_lead"),
        ("data scientist", "data_scientist"),
    ],
)
def test_a_common_title_suggests_its_position_first(title, position):
    assert suggest_positions(title)[0].position == position


def test_a_title_can_suggest_more_than_one_position():
    found = [s.position for s in suggest_positions("Lead Data Scientist")]

    assert {"tech_lead", "data_scientist"} <= set(found)


@pytest.mark.parametrize("title", ["", "   ", "Chef", "Senior"])
def test_a_title_unrelated_to_ml_work_suggests_nothing(title):
    assert suggest_positions(title) == []


def test_suggestions_are_sorted_best_first():
    scores = [s.score for s in suggest_positions("Lead ML Engineer")]

    assert scores == sorted(scores, reverse=True)
