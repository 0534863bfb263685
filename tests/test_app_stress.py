"""The Stress test page through AppTest: figures, the worst ten, the heat map, the click."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from teambuilder.analysis.stress import stress_test
from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.roster_io import load_roster
from teambuilder.stress_chart import heatmap_people

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
STRESS = "views/stress.py"


def on_stress_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.switch_page(STRESS)
    at.run()
    assert not at.exception
    return at


def metric(at: AppTest, label: str) -> str:
    return next(str(m.value) for m in at.metric if m.label.startswith(label))


def test_the_stress_page_shows_resilience_the_worst_ten_and_the_heat_map():
    (expected,) = stress_test(load_roster(EXAMPLES_DIR / "startup_hero.csv"))

    at = on_stress_page()

    assert metric(at, "N-1 resilience") == "40%"
    assert metric(at, "N-2 resilience") == "10%"
    assert metric(at, "Worst case") == str(expected.combinations[0].health)
    table = at.dataframe[0].value
    assert list(table["Who is away"]) == [", ".join(c.away) for c in expected.worst(10)]
    (chart,) = at.get("plotly_chart")
    figure = json.loads(chart.proto.spec)
    heatmap = figure["data"][0]
    assert heatmap["type"] == "heatmap"
    people = heatmap_people(expected)
    assert len(heatmap["z"]) == len(people) == 5
    healths = expected.pair_health()
    assert heatmap["z"][0][1] == healths[(people[0], people[1])]
    assert heatmap["z"][2][2] == healths[(people[2], people[2])]  # the diagonal: alone
    assert all(cell != "" for row in heatmap["text"] for cell in row)  # numbers in cells


def test_clicking_a_cell_opens_the_formation_with_both_people_away():
    at = on_stress_page()
    (expected,) = stress_test(load_roster(EXAMPLES_DIR / "startup_hero.csv"))
    people = heatmap_people(expected)

    at.session_state["pair-heatmap"] = {
        "selection": {"points": [{"x": 1, "y": 0}], "point_indices": [1], "box": [], "lasso": []}
    }
    at.run()

    assert not at.exception
    assert at.title[0].value == "Loopwise"  # the Formation page
    away = at.multiselect[0].value
    assert sorted(away) == sorted([people[0], people[1]])
    health = next(str(m.value) for m in at.metric if m.label == "Health")
    assert health == f"{expected.pair_health()[(people[0], people[1])]}/100"


def test_the_worst_combination_opens_on_the_formation_page_with_a_button():
    at = on_stress_page()
    (expected,) = stress_test(load_roster(EXAMPLES_DIR / "startup_hero.csv"))

    at.button(key="open-worst").click().run()

    assert sorted(at.multiselect[0].value) == sorted(expected.combinations[0].away)


def test_three_at_once_adds_the_n3_figure():
    at = on_stress_page()

    at.toggle(key="stress-depth-3").set_value(True).run()

    assert not at.exception
    assert any("N-3 resilience" in c.value for c in at.caption)


def test_every_team_of_an_organisation_gets_its_resilience_on_request():
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.switch_page("views/files.py")
    at.run()
    at.selectbox(key="files-example").set_value("organisation.json")
    at.button(key="files-load-example").click()
    at.run()
    at.switch_page(STRESS)
    at.run()
    expected = stress_test(load_roster(EXAMPLES_DIR / "organisation.json"))

    at.button(key="stress-every-team").click().run()

    assert not at.exception
    table = at.dataframe[-1].value
    assert list(table["Team"]) == [r.team for r in expected]
    assert list(table["N-1 resilience"]) == [f"{round(100 * r.n1)}%" for r in expected]


def test_coming_back_after_a_click_shows_the_stress_page_again():
    at = on_stress_page()
    at.session_state["pair-heatmap"] = {
        "selection": {"points": [{"x": 1, "y": 0}], "point_indices": [1], "box": [], "lasso": []}
    }
    at.run()

    at.switch_page(STRESS)
    at.run()

    assert not at.exception
    assert at.title[0].value == "Stress test: Loopwise"


def test_the_note_on_left_out_pairs_names_people_of_the_team_on_screen():
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.switch_page("views/files.py")
    at.run()
    at.selectbox(key="files-example").set_value("scaleup_bridge_conflict.csv")
    at.button(key="files-load-example").click()
    at.run()
    at.switch_page(STRESS)
    at.run()
    (expected,) = stress_test(load_roster(EXAMPLES_DIR / "scaleup_bridge_conflict.csv"))
    first, second = expected.people[:2]

    note = next(c.value for c in at.caption if "is left out" in c.value)

    assert not at.exception
    assert f"if {first} and {second} away" in note
    assert "Priya" not in note and "Tom" not in note  # the default example's people


def test_a_blank_team_is_told_to_add_people_first():
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.switch_page("views/files.py")
    at.run()
    at.button(key="start-blank").click()
    at.run()
    at.switch_page(STRESS)
    at.run()

    assert not at.exception
    assert [i.value for i in at.info] == [
        "Nobody in this team yet: add people on the Formation page to test absences."
    ]


def test_the_worst_table_says_who_is_away_and_what_nobody_holds_first():
    at = on_stress_page()

    table = next(d.value for d in at.dataframe if "Who is away" in d.value.columns)

    assert list(table.columns)[:4] == ["Who is away", "Health", "Bus factor", "Nobody holds"]
    first = table.iloc[0]
    assert first["Who is away"] == "Priya Nair, Jonas Weber"
    assert "Executive sponsor" in first["Nobody holds"]
