"""Large rosters for layout tests: up to 25 people, built the way organisations staff a
team (several people on each engineering position, a few with a second hat), with long
and short names mixed, from a seed so a failure can be replayed."""

from __future__ import annotations

import random

from teambuilder.models import Person, Roster, TeamSettings

FIRST = [
    "Anna", "Bartholomew", "Chen", "Dara", "Elisabeth", "Farouk", "Gabriela", "Hiro",
    "Ines", "Jonas", "Katarzyna", "Liam", "Maximilian", "Nadia", "Oluwaseun", "Priya",
    "Quentin", "Rosa", "Sven", "Tomasz", "Ulrike", "Viktor", "Wei", "Ximena", "Yusuf",
]  # fmt: skip
LAST = [
    "Berg", "Okonkwo-Adeyemi", "Wang", "Flynn", "Schwarzenberg", "Haddad", "Fernandez",
    "Tanaka", "Moreau", "Weber", "Kowalczyk", "Murphy", "Lindqvist", "Rahman", "Adebayo",
    "Nair", "Dubois", "Alvarez", "Johansson", "Nowak", "Hoffmann", "Petrov", "Li",
    "Castillo", "Demir",
]  # fmt: skip
SEATS = (
    ["data_scientist"] * 5
    + ["ml_engineer"] * 4
    + ["mlops_engineer"] * 4
    + ["platform_engineer"] * 3
    + ["analytics_engineer"] * 3
    + ["outside_in", "inside_out", "tech_lead", "architect", "executive_sponsor"]
)


def large_roster(people: int, seed: int) -> Roster:
    """A one-team roster of ``people`` people (at most 25)."""
    rnd = random.Random(seed)
    seats = SEATS[:people]
    rnd.shuffle(seats)
    members = []
    for i, seat in enumerate(seats):
        allocations = {seat: 0.1 if seat == "executive_sponsor" else 0.8}
        if seat != "executive_sponsor" and rnd.random() < 0.3:
            other = rnd.choice([s for s in SEATS if s not in (seat, "executive_sponsor")])
            allocations[other] = 0.2
            allocations[seat] = 0.6
        if rnd.random() < 0.1:
            allocations["evangelist"] = 0.1
        if rnd.random() < 0.08:
            allocations["tech_lead"] = 0.1  # a sliver: shown, not counted
        name = f"{FIRST[(i + seed) % 25]} {LAST[(i * 7 + seed) % 25]}"
        members.append(Person(team="Big", name=name, fte=1.0, allocations=allocations))
    return Roster(teams=(TeamSettings(name="Big"),), people=tuple(members))
