"""A workshop step's part of the pitch: its positions ringed, the others faint, none hidden."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from teambuilder.catalogue import EXAMPLES_DIR, workshop_guide
from teambuilder.charts import DIM_OPACITY, formation_figure
from teambuilder.roster_io import load_roster
from teambuilder.scoring import score
from teambuilder.store import open_store
from teambuilder.workshop_services import open_workshop

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
STARTUP = load_roster(EXAMPLES_DIR / "startup_hero.csv")
TEAM = STARTUP.team_names()[0]
REPORT = score(STARTUP).team(TEAM)
BRIDGES = workshop_guide().step("bridges").positions


def opacity_by_position(figure: dict) -> dict[str, float]:
    found: dict[str, float] = {}
    for trace in figure["data"]:
        if trace.get("meta", {}).get("role") != "position":
            continue
        opacity = trace["marker"].get("opacity", 1.0)
        for i, pid in enumerate(trace.get("customdata") or []):
            found[pid] = opacity[i] if isinstance(opacity, list | tuple) else opacity
    return found


def card_opacity(figure: dict) -> dict[str, float]:
    return {
        note["name"].removeprefix("position:"): note.get("opacity", 1.0)
        for note in figure["layout"]["annotations"]
        if str(note.get("name", "")).startswith("position:")
    }


def test_a_steps_positions_stay_bright_and_ringed_and_every_other_is_faint_not_gone():
    plain = formation_figure(REPORT).to_dict()

    step = formation_figure(REPORT, highlight=BRIDGES, dim_others=True).to_dict()
    markers = opacity_by_position(step)
    cards = card_opacity(step)

    assert set(markers) == set(opacity_by_position(plain))  # nothing hidden
    assert {pid for pid, o in markers.items() if o == 1.0} == set(BRIDGES)
    assert {o for pid, o in markers.items() if pid not in BRIDGES} == {DIM_OPACITY}
    assert {pid for pid, o in cards.items() if o == 1.0} == set(BRIDGES) & set(cards)
    assert all(o == DIM_OPACITY for pid, o in cards.items() if pid not in BRIDGES)
    halo = [t for t in step["data"] if t.get("meta", {}).get("role") == "highlight"]
    assert len(halo) == 1 and len(halo[0]["x"]) == len(BRIDGES)


def test_without_dimming_the_highlight_alone_fades_nothing():
    figure = formation_figure(REPORT, highlight=BRIDGES).to_dict()

    assert set(opacity_by_position(figure).values()) == {1.0}
    assert set(card_opacity(figure).values()) == {1.0}


def link_opacity(figure: dict) -> dict[str, float]:
    links = [t for t in figure["data"] if t["meta"]["role"] == "link"]
    return {t["meta"]["person"]: t["opacity"] for t in links}


def test_lines_of_people_holding_none_of_the_steps_positions_fade():
    figure = formation_figure(REPORT, highlight=BRIDGES, dim_others=True).to_dict()
    plain = formation_figure(REPORT).to_dict()

    links = link_opacity(figure)
    before = link_opacity(plain)
    holders = {
        person.name
        for person in STARTUP.members(TEAM)
        if any(person.allocation(pid) > 0 for pid in BRIDGES)
    }

    assert links  # the example has people on several positions
    for person, opacity in links.items():
        if person in holders:
            assert opacity == before[person]
        else:
            assert opacity == pytest.approx(before[person] * DIM_OPACITY, abs=1e-3)


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'workshop.sqlite3'}"
    monkeypatch.setenv("TEAMBUILDER_DATABASE_URL", url)
    opened = open_store(url)
    yield opened
    opened.close()


def test_each_workshop_step_draws_its_own_positions_bright(db):
    opened = open_workshop(db, STARTUP, TEAM)
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["workshop"] = opened.token
    at.run()
    at.switch_page("views/workshop.py")
    at.run()
    bright_per_step = []
    for number, step in enumerate(workshop_guide().steps):
        figure = json.loads(at.get("plotly_chart")[0].proto.spec)
        bright = {pid for pid, o in opacity_by_position(figure).items() if o == 1.0}
        bright_per_step.append((step.positions, bright))
        if number < len(workshop_guide().steps) - 1:
            at.button(key="ws-next").click()
            at.run()
            assert not at.exception

    all_positions = set(opacity_by_position(formation_figure(REPORT).to_dict()))
    for positions, bright in bright_per_step:
        assert bright == (set(positions) & all_positions if positions else all_positions)
