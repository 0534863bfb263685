"""Suggested fixes: the cheapest changes for the current team, drawn and explained."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from teambuilder import services
from teambuilder.catalogue import catalogue
from teambuilder.fixes import FixOptions, FixResult, Proposal, suggest_fixes
from teambuilder.fixes.advice import TeamAdvice, advise
from teambuilder.fixes.command import GOAL_WORDS
from teambuilder.fixes.figure import proposal_figure
from teambuilder.large import whole_roster
from teambuilder.models import Roster
from teambuilder.services import MAX_NAME_LENGTH, SavedVersion
from teambuilder.store import StaleVersion, StoreError, StoreUnavailable
from views.common import plain
from views.large import show_team
from views.state import (
    CACHE_TTL_SECONDS,
    current_team,
    evaluate,
    figure,
    remember_for_undo,
    replace_roster,
    set_team,
    undo_available,
    undo_replace,
    workspace,
)
from views.storage import current, fail, label_for, link_query, problem, remember, store

RESULT_KEY = "fix_result"
APPLIED_KEY = "fix_applied"
SAVED_KEY = "fix_saved"  # (team, what the confirmation says)
TOAST_KEY = "fix_saved_toast"
GOAL_LABELS = {
    "critical": "Clear the critical warnings",
    "all": "Clear every warning",
    "n1": "Clear the critical warnings and survive any one absence",
}


@st.cache_data(show_spinner=False, max_entries=32, ttl=CACHE_TTL_SECONDS)
def _solve(roster_json: str, team: str, options_json: str) -> FixResult:
    roster = Roster.model_validate_json(roster_json)
    return suggest_fixes(roster, team, FixOptions.model_validate_json(options_json))


@st.cache_data(show_spinner=False, max_entries=32, ttl=CACHE_TTL_SECONDS)
def _advise(roster_json: str, team: str, absent: tuple[str, ...], hires: bool) -> TeamAdvice:
    return advise(Roster.model_validate_json(roster_json), team, absent, hires=hires)


def changes_list(proposal: Proposal) -> None:
    for number, change in enumerate(proposal.changes, start=1):
        st.markdown(f"{number}\\. {plain(change.sentence)}")
        if change.clears:
            st.caption("Clears: " + ", ".join(change.clears))


def apply_button(proposal: Proposal, team: str, key: str) -> None:
    if st.button("Apply: make this the working roster", key=key, type="primary"):
        remember_for_undo()
        # A large roster: the fixed team folded back into every team, then opened again.
        replace_roster(
            whole_roster(workspace(), proposal.roster), label=f"Suggested fix for {team}"
        )
        show_team(workspace(), team)
        st.session_state.pop(RESULT_KEY, None)
        st.session_state.pop(SAVED_KEY, None)
        st.session_state[APPLIED_KEY] = team
        st.rerun()


def _apply_saved(proposal: Proposal, team: str, saved: SavedVersion, away: list[str]) -> None:
    """The saved fix becomes the tab's roster, opened as the version just saved."""
    remember_for_undo()
    replace_roster(proposal.roster, label=label_for(saved.name, saved.version))
    workspace().away = away
    remember(saved.id, saved.name, saved.version, True, saved.view_token, saved.edit_token)
    opened = current()
    if opened:
        st.query_params.update(link_query(opened))  # a reload reopens the saved version
    set_team(team)
    st.session_state.pop(RESULT_KEY, None)
    st.session_state[APPLIED_KEY] = team
    message = (
        f"The fix is applied and saved as version {saved.version} of the scenario '{saved.name}'."
    )
    st.session_state[SAVED_KEY] = (team, message)
    st.session_state[TOAST_KEY] = message  # seen wherever the page is scrolled to
    st.rerun()


def _try_save(save: Callable[[], SavedVersion]) -> SavedVersion | None:
    """Run the save; say in words why it did not work (nothing is applied then)."""
    try:
        return save()
    except StaleVersion as stale:
        st.error(
            f"Not saved: {plain(str(stale))} The fix is not applied either: save it as a new "
            "scenario below, or open the latest version on the Scenarios page and suggest again."
        )
    except StoreUnavailable as error:
        fail(error)
        st.error(f"Saving did not work: {plain(str(error))}. The fix is not applied.")
    except StoreError as error:
        st.error(f"Saving did not work: {plain(str(error))}. The fix is not applied.")
    return None


def save_buttons(proposal: Proposal, team: str, key: str) -> None:
    """Apply the fix and keep it as a scenario version: of the open scenario, or new."""
    db = store()
    if db is None:
        reason = problem() or "the database cannot be reached"
        st.caption(f"Saving the fix as a scenario is unavailable: {plain(reason)}.")
        return
    names = {p.name for p in proposal.roster.people}
    away = [name for name in workspace().away if name in names]
    sentences = [change.sentence for change in proposal.changes]
    opened = current()
    if opened and opened.can_edit:
        st.caption(
            f"Open scenario: '{plain(opened.name)}', version {opened.version}. Saving adds "
            f"version {opened.version + 1}, with the changes as its note."
        )
        if st.button(
            f"Apply and save as version {opened.version + 1} of the open scenario",
            key=f"{key}-save-next",
        ):
            saved = _try_save(
                lambda: services.save_fix(
                    db,
                    proposal.roster,
                    team,
                    sentences,
                    scenario=opened.name,
                    base_version=opened.version,
                    away=away,
                )
            )
            if saved is not None:
                _apply_saved(proposal, team, saved, away)
    name = st.text_input(
        "Or save it as a new scenario named",
        max_chars=MAX_NAME_LENGTH,
        key=f"{key}-name",
        placeholder=f"e.g. {team}: suggested fix",
    )
    if st.button("Apply and save as a new scenario", key=f"{key}-save-new"):
        saved = _try_save(
            lambda: services.save_fix(
                db, proposal.roster, team, sentences, new_name=name, away=away
            )
        )
        if saved is not None:
            _apply_saved(proposal, team, saved, away)


ws = workspace()
team = current_team(ws)
parsed, report = evaluate(ws)
team_report = report.team(team)

st.title(f"Suggested fixes: {plain(team)}")
st.caption(
    "The fewest changes of people's time (and, if allowed, hires) that meet the goal, "
    "checked by the same scoring as the Formation page. Nobody ends up above their FTE."
)
if toast := st.session_state.pop(TOAST_KEY, None):
    st.toast(plain(toast), duration="long")
if st.session_state.get(APPLIED_KEY) == team:
    saved_note = st.session_state.get(SAVED_KEY)
    if saved_note and saved_note[0] == team:
        st.success(
            plain(saved_note[1]) + " The pitch and the roster now show it; Undo brings back "
            "the roster before the fix in this tab, and the saved version stays in the history."
        )
    else:
        st.success("The fix is applied: the pitch and the roster now show it.")
    if undo_available() and st.button("Undo: bring back the roster before the fix", key="undo"):
        undo_replace()
        set_team(team)
        st.session_state.pop(APPLIED_KEY, None)
        st.session_state.pop(SAVED_KEY, None)
        st.rerun()

people = [p.name for p in parsed.roster.members(team)]
with st.container(border=True):
    goal_column, options_column = st.columns([1, 1])
    goal = goal_column.radio(
        "Goal", list(GOAL_LABELS), format_func=GOAL_LABELS.__getitem__, key="fix-goal"
    )
    no_hires = options_column.checkbox("No hires: only move people's time", key="fix-no-hires")
    locked = options_column.multiselect(
        "Keep these people's time as it is",
        people,
        key="fix-locked",
        placeholder="Nobody is locked",
    )
    cat = catalogue()
    cell_choices = [
        f"{p.name}: {cat.name_of(pid)}"
        for p in parsed.roster.members(team)
        for pid in cat.position_ids
        if p.allocation(pid) > 0
    ]
    locked_cells = options_column.multiselect(
        "Keep single allocations as they are",
        cell_choices,
        key="fix-locked-cells",
        placeholder="No allocation is locked",
    )
    run = st.button("Suggest fixes", key="fix-run", type="primary")

by_label = {
    f"{p.name}: {cat.name_of(pid)}": (p.name, pid)
    for p in parsed.roster.members(team)
    for pid in cat.position_ids
}
options = FixOptions(
    goal=goal,
    hires=not no_hires,
    locked_people=tuple(name for name in locked if name in people),
    locked_cells=tuple(by_label[label] for label in locked_cells if label in by_label),
    absent=tuple(name for name in ws.away if name in people),
)
signature = (parsed.roster.model_dump_json(), team, options.model_dump_json())
if run:
    st.session_state.pop(APPLIED_KEY, None)
    st.session_state.pop(SAVED_KEY, None)
    with st.spinner("Looking for the cheapest fix..."):
        st.session_state[RESULT_KEY] = (signature, _solve(*signature))

stored = st.session_state.get(RESULT_KEY)
result: FixResult | None = None
if stored is not None:
    if stored[0] == signature:
        result = stored[1]
    else:
        st.info("The roster or the options changed since the last suggestion: suggest again.")

if result is not None:
    found = result.proposal
    st.subheader(GOAL_WORDS[result.goal].capitalize())
    if found is None:
        st.error(f"No fix found: {plain(result.reason or '')}.")
    elif not found.changes:
        st.success(f"Nothing to change: the goal is already met (health {found.health_after}).")
    else:
        before, after, cost, proof = st.columns(4)
        before.metric("Health now", f"{result.health_before}/100")
        after.metric(
            "Health after",
            f"{found.health_after}/100",
            delta=found.health_after - result.health_before,
        )
        cost.metric("Cost", found.cost)
        proof.metric("Cheapest?", "proven" if found.optimal else "best found in time")
        st.caption("Cost: 1 per changed allocation, 3 per hire or sponsor to find.")
        # Tabs, not columns: each pitch keeps the full width, readable on a projector.
        fixed_tab, now_tab = st.tabs(["With the fix (changed positions ringed in blue)", "Now"])
        with fixed_tab:
            st.plotly_chart(
                proposal_figure(found.after, found.changes),
                key="fix-after",
                width="stretch",
                config={"displayModeBar": False},
            )
        with now_tab:
            st.plotly_chart(
                figure("formation", team_report),
                key="fix-now",
                width="stretch",
                config={"displayModeBar": False},
            )
        st.markdown("##### The changes")
        changes_list(found)
        for message in found.out_of_reach:
            st.caption("Left as it is (no move or hire changes it): " + plain(message))
        apply_button(found, team, "fix-apply")
        save_buttons(found, team, "fix-apply")
        for letter, alternative in zip("AB", result.alternatives, strict=False):
            with st.expander(
                f"Alternative {letter}: cost {alternative.cost}, "
                f"health {alternative.health_after}/100"
            ):
                changes_list(alternative)
                apply_button(alternative, team, f"fix-apply-{letter}")
                save_buttons(alternative, team, f"fix-apply-{letter}")

st.subheader("Advice, warning by warning")
advice = _advise(parsed.roster.model_dump_json(), team, options.absent, options.hires)
if not advice.items:
    st.success("No warnings: nothing to advise.")
for item in advice.items:
    with st.container(border=True):
        st.markdown(f"**{plain(item.title)}**: {plain('; '.join(item.covers))}")
        st.caption(plain(item.advice))
        for step in item.steps:
            if step.sentences:
                more = len(step.sentences) - 1
                extra = f" (and {more} more change{'s' if more != 1 else ''})" if more else ""
                st.markdown("- " + plain(step.sentences[0] + extra))
            elif not step.searched:
                st.markdown("- " + plain("(no step worked out within the time allowed)"))
            if step.note:
                st.markdown("- " + plain(step.note))
if advice.actions:
    st.subheader(f"Action list (health {advice.health}/100)")
    st.caption("Critical first, then warnings; each ranked by the health its step gains.")
    for number, step in enumerate(advice.actions, start=1):
        gain = f" (health +{step.health_gain})" if step.health_gain else ""
        st.markdown(f"{number}\\. **{plain(step.warning)}**{gain}")
        for sentence in step.sentences:
            st.markdown("    - " + plain(sentence))
