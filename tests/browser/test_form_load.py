"""No edit is lost under load through the one-person form: 100 field edits, 11 people.

The same load as the table's test (four busy processes, 0.3 s between fields). Each
person is typed field by field; the job title picks its positions, an extra chip is
clicked for some, each position's FTE is typed, then Add. Between people the test waits
for the form to empty itself, as a person sees it do before typing the next name.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Page, expect

from teambuilder.catalogue import catalogue
from teambuilder.titles import suggest_positions
from tests.browser.load import busy_cores
from tests.browser.test_browser import assert_no_exception, figure, idle
from tests.browser.test_editor_load import PACE, TIME_LIMIT, TYPING_DELAY_MS, exported_people

pytestmark = pytest.mark.browser


@dataclass
class Newcomer:
    name: str
    title: str
    fte: str
    background: str
    manager: str | None = None
    away: bool = False
    extra: list[str] = field(default_factory=list)  # chips clicked beyond the suggested
    shares: list[str] = field(default_factory=list)  # FTE typed per chip, in chip order

    def positions(self) -> list[str]:
        suggested = [s.position for s in suggest_positions(self.title)][:2]
        return [*suggested, *[p for p in self.extra if p not in suggested]]

    def edits(self) -> int:
        return 5 + bool(self.manager) + self.away + len(self.extra) + len(self.shares)


PEOPLE = [
    Newcomer("Ana Costa", "Head of Data", "0.8", "business", None, False, [], ["0.5", "0.2"]),
    Newcomer(
        "Ben Ode",
        "Product Manager",
        "1",
        "business",
        "Ana Costa",
        False,
        ["evangelist"],
        ["0.6", "0.1"],
    ),
    Newcomer("Cleo Ruiz", "Product Owner", "1", "mixed", "Ana Costa", False, [], ["0.9"]),
    Newcomer(
        "Dev Rao", "Tech Lead", "1", "tech", "Cleo Ruiz", False, ["ml_engineer"], ["0.5", "0.4"]
    ),
    Newcomer("Eve Holm", "Data Scientist", "0.6", "tech", "Dev Rao", True, [], ["0.55"]),
    Newcomer(
        "Finn Lund",
        "ML Engineer",
        "1",
        "tech",
        "Dev Rao",
        False,
        ["mlops_engineer"],
        ["0.6", "0.35"],
    ),
    Newcomer("Gus Vale", "MLOps Engineer", "1", "tech", "Dev Rao", False, [], ["0.95"]),
    Newcomer("Hana Sato", "DevOps Engineer", "0.5", "tech", "Dev Rao", False, [], ["0.45"]),
    Newcomer(
        "Ivo Pax",
        "Data Engineer",
        "1",
        "tech",
        "Dev Rao",
        True,
        ["data_scientist"],
        ["0.7", "0.25"],
    ),
    Newcomer("Jay Moss", "Solution Architect", "0.4", "tech", "Ana Costa", False, [], ["0.3"]),
    Newcomer(
        "Kim Wolf",
        "Staff Engineer",
        "1",
        "tech",
        "Dev Rao",
        False,
        ["platform_engineer"],
        ["0.5", "0.3", "0.15"],
    ),
    Newcomer(
        "Liv Berg",
        "Analytics Engineer",
        "1",
        "mixed",
        "Dev Rao",
        True,
        ["data_scientist"],
        ["0.6", "0.4"],
    ),
]


FORM = ".st-key-person-form"
FORM_TAB = "Add or change a person"


def name_box(page: Page):
    return page.locator(FORM).get_by_role("textbox", name="Name", exact=True)


def open_the_form(page: Page) -> None:
    page.get_by_role("tab", name=FORM_TAB).click()
    name_box(page).wait_for()


def fill_field(page: Page, box, value: str) -> None:
    box.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(value, delay=TYPING_DELAY_MS)
    page.keyboard.press("Tab")
    time.sleep(PACE)


def add_through_the_form(page: Page, person: Newcomer) -> None:
    """One person at a person's pace: nothing waits for the server between fields."""
    form = page.locator(FORM)
    fill_field(page, name_box(page), person.name)
    fill_field(page, form.get_by_role("textbox", name="Job title"), person.title)
    fill_field(page, form.get_by_role("spinbutton", name="FTE", exact=True), person.fte)
    form.get_by_role("radio", name=person.background, exact=True).click()
    time.sleep(PACE)
    if person.manager:
        form.get_by_role("combobox", name="Reports to").click()
        page.keyboard.type(person.manager, delay=TYPING_DELAY_MS)
        page.keyboard.press("Enter")
        time.sleep(PACE)
    if person.away:
        form.get_by_text("Away", exact=True).click()  # the label: it covers the tick box
        time.sleep(PACE)
    for position in person.extra:
        form.get_by_role("button", name=catalogue().name_of(position), exact=True).click()
        time.sleep(PACE)
    for position, share in zip(person.positions(), person.shares, strict=True):
        # The box of a chip appears once the server has seen the chip: a person waits for
        # it to show before typing into it, and so does Playwright.
        label = f"FTE as {catalogue().name_of(position)}"
        fill_field(page, form.get_by_role("spinbutton", name=label), share)
    form.get_by_role("button", name="Add to the team").click()
    # The form empties itself once the person is saved; a person waits to see that.
    page.wait_for_function(
        """() => [...document.querySelectorAll('.st-key-person-form input[aria-label="Name"]')]
            .every(box => box.value === '')""",
        timeout=60_000,
    )
    idle(page)


def expected(people: list[Newcomer]) -> dict[str, dict[str, object]]:
    return {
        p.name: {
            "title": p.title,
            "fte": float(p.fte),
            "absent": p.away,
            "background": p.background,
            "reports_to": p.manager,
            "allocations": {
                pos: float(share) for pos, share in zip(p.positions(), p.shares, strict=True)
            },
        }
        for p in people
    }


def test_a_hundred_field_edits_through_the_form_under_load_are_all_kept(page: Page):
    assert sum(p.edits() for p in PEOPLE) == 100
    for person in PEOPLE:
        assert len(person.positions()) == len(person.shares), person.name
    started = time.monotonic()
    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.get_by_role("link", name="Files and sharing").click()
    page.get_by_role("button", name="Start a blank team").click()
    expect(page.get_by_role("heading", name="New team")).to_be_visible()  # the blank team
    open_the_form(page)
    idle(page)

    with busy_cores():
        for person in PEOPLE:
            assert time.monotonic() - started < TIME_LIMIT, "the edits took too long"
            add_through_the_form(page, person)

    want = expected(PEOPLE)
    drawn = json.dumps(figure(page))
    for name, person in want.items():
        for fte in person["allocations"].values():  # type: ignore[union-attr]
            if fte >= 0.2:
                assert f"{name} ({fte:g} FTE)" in drawn
    assert exported_people(page) == want
    assert_no_exception(page)
