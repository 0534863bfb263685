"""The workshop's pure parts: agenda, join codes, rate limit, votes, accepted risks, presets."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from teambuilder.analysis.identity import subject_key
from teambuilder.catalogue import (
    DATA_DIR,
    EXAMPLES_DIR,
    DataFileError,
    catalogue,
    load_workshop_guide,
    workshop_guide,
)
from teambuilder.roster_io import load_roster
from teambuilder.scoring import score
from teambuilder.workshop.agenda import agenda
from teambuilder.workshop.codes import (
    JoinCodeError,
    JoinRateLimiter,
    new_join_code,
    normalise_join_code,
)
from teambuilder.workshop.models import NOBODY, AcceptedRisk, AgreementVote, CoverageVote
from teambuilder.workshop.presets import differences, load_presets, nearest_preset
from teambuilder.workshop.risks import split_by_acceptance
from teambuilder.workshop.votes import (
    VoteError,
    check_coverage_vote,
    clean_note,
    latest_votes,
    tally_agreement,
    tally_coverage,
)
from tests.helpers import make_person, make_roster

EXAMPLES = sorted(p for p in EXAMPLES_DIR.iterdir() if p.suffix in {".csv", ".json"})
LIMITS = workshop_guide().limits


def startup_report():
    return score(load_roster(EXAMPLES_DIR / "startup_hero.csv")).teams[0]


# --- Agenda ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_warning_of_every_example_lands_in_exactly_one_step(path: Path) -> None:
    for team in score(load_roster(path)).teams:
        steps = agenda(workshop_guide(), team)

        placed = [item.warning for step in steps for item in step.warnings]

        assert sorted(placed, key=repr) == sorted(team.warnings, key=repr)


def test_a_missing_sponsor_is_discussed_first_and_a_lone_mlops_engineer_with_the_engineers() -> (
    None
):
    roster = make_roster(
        make_person("Ana", inside_out=0.5, data_scientist=0.5),
        make_person("Meghan", mlops_engineer=1.0),
    )

    steps = {step.step.id: step for step in agenda(workshop_guide(), score(roster).teams[0])}

    assert "NO_SPONSOR" in [w.warning.code for w in steps["backing"].warnings]
    engine = [w.warning for w in steps["engine"].warnings]
    assert any(
        w.code == "SINGLE_POINT_OF_FAILURE" and "mlops_engineer" in w.positions for w in engine
    )
    assert not steps["backing"].warnings[0].warning.code.startswith("SINGLE")


def test_every_rule_has_two_or_three_questions_for_the_room() -> None:
    guide = workshop_guide()

    for rule in catalogue().rules:
        questions = guide.questions_for(rule.code)
        assert 2 <= len(questions) <= 3, rule.code
        assert all(q.endswith("?") for q in questions), rule.code


def test_a_step_naming_an_unknown_position_is_refused_with_the_valid_ones(tmp_path: Path) -> None:
    for name in ("positions.toml", "rules.toml", "workshop.toml"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    text = (tmp_path / "workshop.toml").read_text(encoding="utf-8")
    (tmp_path / "workshop.toml").write_text(
        text.replace('positions = ["outside_in", "inside_out"]', 'positions = ["outsid_in"]'),
        encoding="utf-8",
    )

    with pytest.raises(DataFileError, match="unknown position 'outsid_in'; valid positions: "):
        load_workshop_guide(tmp_path)


# --- Join codes and the rate limit --------------------------------------------------


def test_join_codes_avoid_characters_people_mistake_for_one_another() -> None:
    codes = {new_join_code(LIMITS) for _ in range(300)}

    assert all(len(code) == 6 for code in codes)
    assert not set("".join(codes)) & set("0O1IL2Z5S8B6GQUV")
    assert len(codes) > 290  # 20 ** 6 possible codes


def test_a_typed_code_is_forgiving_about_case_spaces_and_dashes() -> None:
    assert (
        normalise_join_code(" ack-3 7x ", LIMITS.model_copy(update={"join_code_length": 6}))
        == "ACK37X"
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [("ACK37", "has 6 characters; 5 were given"), ("ACK370", "not 0"), ("AB1CDE", "not 1 B")],
)
def test_a_code_that_cannot_be_one_says_why(typed: str, message: str) -> None:
    with pytest.raises(JoinCodeError, match=message):
        normalise_join_code(typed, LIMITS)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_wrong_codes_are_limited_per_browser_for_the_window_only() -> None:
    clock = FakeClock()
    limiter = JoinRateLimiter(LIMITS, clock)

    for _ in range(LIMITS.join_attempts_per_window):
        assert limiter.allowed("phone-1")
        limiter.record_failure("phone-1")

    assert not limiter.allowed("phone-1")
    assert limiter.allowed("phone-2")
    assert 0 < limiter.seconds_until_allowed("phone-1") <= LIMITS.join_window_seconds
    clock.now += LIMITS.join_window_seconds + 0.1
    assert limiter.allowed("phone-1")


def test_a_flood_of_wrong_codes_from_many_browsers_closes_joining_for_everyone_briefly() -> None:
    clock = FakeClock()
    limits = LIMITS.model_copy(update={"join_attempts_per_window_server": 10})
    limiter = JoinRateLimiter(limits, clock)

    for index in range(10):
        limiter.record_failure(f"bot-{index}")

    assert not limiter.allowed("innocent-phone")
    clock.now += limits.join_window_seconds + 0.1
    assert limiter.allowed("innocent-phone")


# --- Votes and tallies --------------------------------------------------------------


def test_a_later_vote_replaces_the_earlier_one_of_the_same_participant() -> None:
    votes = [
        CoverageVote(participant="p1", position="mlops_engineer", choice=NOBODY),
        CoverageVote(participant="p2", position="mlops_engineer", choice="Meghan Okafor"),
        CoverageVote(participant="p1", position="mlops_engineer", choice="Meghan Okafor"),
    ]

    kept = latest_votes(votes)

    assert [(v.participant, v.choice) for v in kept] == [
        ("p2", "Meghan Okafor"),
        ("p1", "Meghan Okafor"),
    ]


def test_the_tally_says_who_the_room_names_and_where_it_parts_with_the_roster() -> None:
    report = startup_report()
    holder = report.coverage_of("mlops_engineer").people[0]
    votes = [
        CoverageVote(participant=f"p{i}", position="mlops_engineer", choice=holder)
        for i in range(7)
    ] + [
        CoverageVote(participant=f"q{i}", position="mlops_engineer", choice=NOBODY)
        for i in range(2)
    ]
    votes += [
        CoverageVote(participant=f"r{i}", position="tech_lead", choice=NOBODY) for i in range(3)
    ]

    tallies = tally_coverage(votes, report)

    assert tallies["mlops_engineer"].sentence() == f"7 of 9 say {holder}; 2 say nobody."
    assert not tallies["mlops_engineer"].disagrees
    assert tallies["mlops_engineer"].agreeing == 7
    assert report.coverage_of("tech_lead").people  # the roster names a tech lead ...
    assert tallies["tech_lead"].disagrees  # ... and the room says nobody
    assert tallies["architect"].sentence() == "No votes yet."


def test_a_vote_for_someone_outside_the_team_is_refused() -> None:
    report = startup_report()

    with pytest.raises(VoteError, match="not in this team"):
        check_coverage_vote(
            CoverageVote(participant="p", position="tech_lead", choice="Robert'); DROP TABLE"),
            report,
        )
    check_coverage_vote(CoverageVote(participant="p", position="tech_lead", choice=NOBODY), report)


def test_agreement_counts_each_participant_once_and_keeps_their_notes() -> None:
    votes = [
        AgreementVote(participant="a", warning="W", level=2),
        AgreementVote(participant="a", warning="W", level=5, note="she is on call every week"),
        AgreementVote(participant="b", warning="W", level=4),
        AgreementVote(participant="c", warning="W", level=1),
        AgreementVote(participant="c", warning="other", level=3),
    ]

    tally = tally_agreement(votes, ["W"])["W"]

    assert tally.levels == (1, 0, 0, 1, 1)
    assert tally.mean == pytest.approx(10 / 3)
    assert tally.notes == ("she is on call every week",)
    assert (
        tally.sentence(LIMITS.agreement_labels)
        == "2 of 3 agree, 1 disagree (on average: not sure)."
    )


def test_a_note_is_plain_text_of_bounded_length() -> None:
    assert clean_note("line one\nline\x00 two\u202e\t end", LIMITS) == "line one line two end"
    assert clean_note("<b>[link](http://x)</b>", LIMITS) == "<b>[link](http://x)</b>"
    clean_note("x" * LIMITS.note_max_chars, LIMITS)
    with pytest.raises(
        VoteError, match=f"at most {LIMITS.note_max_chars} characters; this one has"
    ):
        clean_note("x" * (LIMITS.note_max_chars + 1), LIMITS)


# --- Accepted risks -----------------------------------------------------------------


def test_an_accepted_warning_is_set_apart_until_its_review_date_then_comes_back() -> None:
    report = startup_report()
    warning = report.warnings[0]
    today = date(2026, 12, 1)
    risk = AcceptedRisk(
        team=report.team,
        warning=subject_key(report.team, warning),
        code=warning.code,
        owner="Priya Nair",
        rationale="Hiring a second MLOps engineer in Q1",
        review_on=today + timedelta(days=30),
        accepted_on=today,
    )

    before = split_by_acceptance(report, [risk], today)
    after = split_by_acceptance(report, [risk], today + timedelta(days=30))

    assert [w for w, _ in before.accepted] == [warning]
    assert warning not in before.active
    assert len(before.active) == len(report.warnings) - 1
    assert after.accepted == ()
    assert [w for w, _ in after.due_for_review] == [warning]
    assert warning in after.active


def test_an_accepted_risk_that_no_longer_fires_is_kept_as_resolved() -> None:
    report = startup_report()
    risk = AcceptedRisk(
        team=report.team,
        warning="BRIDGE_CONFLICT:0000000000000000",
        code="BRIDGE_CONFLICT",
        owner="Ana",
        rationale="fine",
        review_on=date(2027, 1, 1),
        accepted_on=date(2026, 12, 1),
    )

    view = split_by_acceptance(report, [risk], date(2026, 12, 1))

    assert view.resolved == (risk,)
    assert view.active == report.warnings


def test_a_warning_key_is_stable_across_scoring_and_differs_between_teams() -> None:
    first = startup_report()
    again = startup_report()

    keys = [subject_key(first.team, w) for w in first.warnings]

    assert keys == [subject_key(again.team, w) for w in again.warnings]
    assert len(set(keys)) == len(keys)
    assert subject_key("Other team", first.warnings[0]) != keys[0]


# --- Reference formations -----------------------------------------------------------


def test_each_reference_formation_fits_its_size_and_raises_no_critical_warning() -> None:
    presets = {p.id: p for p in load_presets(workshop_guide())}

    tiers = {pid: score(p.roster).teams[0] for pid, p in presets.items()}

    assert {pid: t.tier for pid, t in tiers.items()} == {
        "startup": "small",
        "scaleup": "medium",
        "enterprise": "large",
    }
    for team in tiers.values():
        assert not [w.code for w in team.warnings if w.severity == "critical"], team.team


def test_a_team_is_compared_with_the_reference_nearest_its_size() -> None:
    presets = load_presets(workshop_guide())
    report = startup_report()

    preset = nearest_preset(presets, report.head_count)
    found = differences(catalogue(), report, score(preset.roster).teams[0])

    assert preset.id == "startup"
    mlops = next(d for d in found if d.position == "mlops_engineer")
    assert (mlops.team_people, mlops.preset_people) == (1, 2)
    assert mlops.sentence.startswith("MLOps engineer: a team of this size usually has 2 people")
    assert nearest_preset(presets, 11).id == "scaleup"
    assert nearest_preset(presets, 40).id == "enterprise"
