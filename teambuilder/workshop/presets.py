"""Reference formations: what a team of a given size usually has, and how a team differs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from teambuilder.catalogue import PRESETS_DIR, Catalogue
from teambuilder.models import Roster, TeamReport
from teambuilder.roster_io import load_roster
from teambuilder.wording import fmt
from teambuilder.workshop.models import WorkshopGuide


@dataclass(frozen=True)
class Preset:
    id: str
    label: str
    roster: Roster


@dataclass(frozen=True)
class PositionDifference:
    position: str
    team_people: int
    team_fte: float
    preset_people: int
    preset_fte: float
    sentence: str


def nearest_preset(presets: tuple[Preset, ...], head_count: int) -> Preset:
    """The reference closest in head count to the team."""
    return min(
        presets, key=lambda p: (abs(len(p.roster.people) - head_count), len(p.roster.people))
    )


def differences(
    cat: Catalogue, team: TeamReport, preset: TeamReport
) -> tuple[PositionDifference, ...]:
    """Positions where the team has fewer (or more) people or FTE than the reference."""
    found = []
    for mine, usual in zip(team.coverage, preset.coverage, strict=True):
        have, want = len(mine.people), len(usual.people)
        have_fte, want_fte = mine.fte, usual.fte
        name = cat.name_of(mine.position)
        if have < want:
            who = "nobody" if not have else f"{have} {'person' if have == 1 else 'people'}"
            sentence = (
                f"{name}: a team of this size usually has {want} "
                f"{'person' if want == 1 else 'people'} ({fmt(want_fte)} FTE); you have {who}"
                + (f" ({fmt(have_fte)} FTE)." if have else ".")
            )
        elif have_fte + 0.25 < want_fte:
            sentence = (
                f"{name}: {fmt(have_fte)} FTE here against about {fmt(want_fte)} FTE usually."
            )
        elif have > want + 1:
            sentence = (
                f"{name}: {have} people here, more than the {want} a team of this size usually has."
            )
        else:
            continue
        found.append(PositionDifference(mine.position, have, have_fte, want, want_fte, sentence))
    return tuple(found)


def load_presets(guide: WorkshopGuide, presets_dir: Path = PRESETS_DIR) -> tuple[Preset, ...]:
    """The reference formations the guide lists, each a roster file in data/presets/."""
    return tuple(
        Preset(id=entry.id, label=entry.label, roster=load_roster(presets_dir / entry.file))
        for entry in guide.presets
    )
