"""Accepting a warning as a risk on the Formation page, through AppTest."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from teambuilder.clock import TODAY_ENV
from views.common import JOINER

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
DAY = "2026-12-02"


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch):
    monkeypatch.setenv(TODAY_ENV, DAY)


def fresh_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert not at.exception
    return at


def seen(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text).replace(JOINER, "")


def captions(at: AppTest) -> str:
    return "\n".join(seen(c.value) for c in at.caption)


def first_key(at: AppTest) -> str:
    """The widget key prefix of the first warning's form ('risk-0-CODE:digest')."""
    owner = next(w for w in at.text_input if w.label == "Who accepts it")
    return owner.key.removesuffix("-owner")


def fill_and_submit(at: AppTest, owner: str, rationale: str, review: str | None = None) -> str:
    key = first_key(at)
    at.text_input(key=f"{key}-owner").set_value(owner)
    at.text_area(key=f"{key}-rationale").set_value(rationale)
    if review:
        at.date_input(key=f"{key}-review").set_value(review)
    next(b for b in at.button if b.label == "Accept the risk").click()
    at.run()
    assert not at.exception
    return key


def health(at: AppTest) -> str:
    return next(str(m.value) for m in at.metric if m.label == "Health")


def test_every_warning_offers_the_form_and_an_accepted_one_shows_muted_with_its_reason():
    at = fresh_app()
    forms = [w for w in at.text_input if w.label == "Who accepts it"]
    before = health(at)

    fill_and_submit(at, "Priya Nair", "Hiring in Q1; we live with it until then.", "2027-03-01")

    assert len(forms) >= 2
    ws = at.session_state["workspace"]
    assert [(r.owner, r.review_on.isoformat()) for r in ws.accepted_risks] == [
        ("Priya Nair", "2027-03-01")
    ]
    assert (
        "Accepted as a risk by Priya Nair on 2026-12-02, review on 2027-03-01: "
        "Hiring in Q1; we live with it until then." in captions(at)
    )
    assert "accepted" in captions(at)
    assert health(at) == before  # a decision, not a fix: the points still count
    assert any(b.label == "Withdraw the acceptance" for b in at.button)


def test_a_form_with_problems_says_each_and_accepts_nothing():
    at = fresh_app()

    fill_and_submit(at, "", "x" * 10)

    errors = "\n".join(seen(e.value) for e in at.error)
    assert "Who accepts it: type the name of the person who owns this risk" in errors
    assert at.session_state["workspace"].accepted_risks == []


def test_undo_takes_an_acceptance_back_and_withdraw_removes_it():
    at = fresh_app()
    fill_and_submit(at, "Priya Nair", "Hiring in Q1.")

    next(b for b in at.sidebar.button if b.label == "Undo").click()
    at.run()
    undone = list(at.session_state["workspace"].accepted_risks)
    next(b for b in at.sidebar.button if b.label == "Redo").click()
    at.run()
    redone = list(at.session_state["workspace"].accepted_risks)
    next(b for b in at.button if b.label == "Withdraw the acceptance").click()
    at.run()

    assert undone == []
    assert [r.owner for r in redone] == ["Priya Nair"]
    assert at.session_state["workspace"].accepted_risks == []
    assert "Accepted as a risk by" not in captions(at)


def test_a_risk_past_its_review_date_shows_as_an_ordinary_warning_again(monkeypatch):
    at = fresh_app()
    fill_and_submit(at, "Priya Nair", "Hiring in Q1.", "2027-03-01")

    monkeypatch.setenv(TODAY_ENV, "2027-03-02")
    at.run()

    assert "review due since 2027-03-01" in captions(at)
    labels = [block.proto.popover.label for block in at.get("popover")]
    assert labels.count("Accept this risk again") == 1
    assert "· accepted" not in captions(at)  # no longer muted
