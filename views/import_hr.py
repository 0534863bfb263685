"""Import an HR export: check the guessed column mapping, preview, accept positions, open."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from teambuilder.catalogue import catalogue, hr_columns
from teambuilder.hr_columns import HR_FIELDS
from teambuilder.hr_import import (
    ExportTable,
    HrMapping,
    ImportResult,
    accept_proposals,
    apply_mapping,
    guess_mapping,
    import_record,
    mapping_from_json,
    mapping_to_json,
    preview,
    read_export,
    saved_mapping_for,
)
from teambuilder.models import HrImportRecord
from teambuilder.validation import RosterError
from teambuilder.wording import counted
from views.common import plain
from views.state import CACHE_TTL_SECONDS, remember_for_undo, replace_roster, workspace

UPLOAD_LIMIT_MB = 10
USE_SAVED = "The mapping saved with this roster"
USE_GUESS = "The guess from the column names"
NOT_USED = "(not used)"
NO_POSITION = "(no position)"
MAX_LISTED = 50
PREVIEW_HEADINGS = {
    "row": "Row",
    "name": "Name",
    "team": "Team",
    "title": "Job title",
    "fte": "FTE",
    "reports_to": "Manager",
    "status": "Status",
    "problems": "Problems",
}


@st.cache_data(max_entries=4, ttl=CACHE_TTL_SECONDS, show_spinner=False)
def read_cached(data: bytes, name: str) -> ExportTable:
    return read_export(data, name)


def problems_box(intro: str, error: RosterError) -> None:
    listed = error.problems[:MAX_LISTED]
    more = len(error.problems) - len(listed)
    st.error(
        f"{plain(intro)} {counted(len(error.problems), 'problem')}:\n\n"
        + "\n".join(f"- {plain(str(problem))}" for problem in listed)
        + (f"\n- … and {more} more" if more > 0 else "")
    )


def kept_mapping(
    table: ExportTable, kept: HrImportRecord | None, token: str
) -> tuple[HrMapping, str] | None:
    """The mapping kept with the working roster, when this export has its columns, and
    which start the user chose ("saved" or "guess"); None when there is none to offer."""
    if kept is None:
        return None
    saved, missing = saved_mapping_for(kept, table)
    day = f"{kept.recorded_at:%d %B %Y}".lstrip("0")
    if saved is None:
        shown = ", ".join(missing[:20]) + (", …" if len(missing) > 20 else "")
        st.warning(
            f"This roster keeps the mapping of {plain(kept.file_name)} ({day}), but this "
            f"export lacks {len(missing)} of its columns: {plain(shown)}. "
            "Starting from the guess instead."
        )
        return None
    picked = st.radio(
        "Start from",
        [USE_SAVED, USE_GUESS],
        key=f"hr-start-{token}",
        horizontal=True,
        help=f"The mapping kept when {plain(kept.file_name)} was imported; every choice "
        "below can still be changed.",
    )
    if picked == USE_SAVED:
        st.caption(
            f"Using the mapping saved with this roster on {day} (from "
            f"{plain(kept.file_name)}); change any choice below."
        )
        return saved, "saved"
    return guess_mapping(table), "guess"


def starting_mapping(table: ExportTable, token: str) -> tuple[HrMapping, str]:
    """The mapping to start from (uploaded, kept with the roster, or guessed) and a
    word for which one it is, so the choices below start afresh when it changes."""
    saved = st.file_uploader(
        "Use a saved mapping (optional)",
        type=["json"],
        key=f"hr-mapping-file-{token}",
        help="A mapping downloaded from this page before, for an export with the same columns.",
    )
    if saved is not None:
        try:
            mapping = mapping_from_json(saved.getvalue(), saved.name)
        except RosterError as error:
            problems_box(
                f"{saved.name} is not a mapping this page can use; using the guess.", error
            )
        else:
            st.caption(f"Using the saved mapping {plain(saved.name)}.")
            return mapping, "file"
    kept = kept_mapping(table, workspace().hr_import, token)
    if kept is not None:
        return kept
    return guess_mapping(table), "guess"


def mapping_form(table: ExportTable, start: HrMapping, token: str) -> HrMapping | None:
    """One choice per field; returns the corrected mapping, or None while it is invalid."""
    spec = hr_columns()
    options = [NOT_USED, *table.header]
    chosen: dict[str, str] = {}
    columns = st.columns(3)
    for index, target in enumerate(HR_FIELDS):
        current = start.column_for(target)
        with columns[index % 3]:
            picked = st.selectbox(
                spec.fields[target].label,
                options,
                index=options.index(current) if current in options else 0,
                key=f"hr-field-{target}-{token}",
            )
        if picked != NOT_USED:
            chosen[target] = picked
    team_column, week_column, away_column = st.columns(3)
    one_team = team_column.text_input(
        "Put everyone in one team (leave blank to use the team column)",
        value=start.team or "",
        key=f"hr-one-team-{token}",
        max_chars=120,
    )
    week = week_column.number_input(
        "Hours in a full week (for weekly hours)",
        min_value=1.0,
        max_value=80.0,
        value=float(start.standard_week_hours),
        step=0.5,
        key=f"hr-week-{token}",
    )
    away = away_column.text_input(
        "More status words meaning away (comma-separated)",
        value=", ".join(start.away_statuses),
        key=f"hr-away-{token}",
    )
    twice = [c for c in set(chosen.values()) if list(chosen.values()).count(c) > 1]
    if twice:
        fields = [spec.fields[t].label for t, c in chosen.items() if c in twice]
        st.error(
            f"Column {plain(twice[0])} is chosen for {plain(' and '.join(fields))}; "
            "a column feeds one field."
        )
        return None
    try:
        return HrMapping(
            columns={column: target for target, column in chosen.items()},
            team=one_team.strip() or None,
            standard_week_hours=week,
            away_statuses=tuple(w.strip().lower() for w in away.split(",") if w.strip()),
            left_statuses=start.left_statuses,
            active_statuses=start.active_statuses,
        )
    except ValidationError as error:
        messages = [str(item["msg"]).removeprefix("Value error, ") for item in error.errors()]
        st.error("This mapping cannot be used: " + plain("; ".join(messages)))
        return None


def proposals_section(result: ImportResult, token: str, record: HrImportRecord) -> None:
    cat = catalogue()
    names = {pid: cat.name_of(pid) for pid in cat.position_ids}
    ids = {name: pid for pid, name in names.items()}
    st.subheader("3. Positions from job titles")
    st.caption(
        "Each person's job title proposes a position. Nothing counts until you tick "
        "Accept; change the position where the proposal is wrong. An accepted position "
        "gets the person's whole FTE, which you can split later in the roster editor."
    )
    base_key = f"hr-proposals-base-{token}"
    if base_key not in st.session_state:
        st.session_state[base_key] = pd.DataFrame.from_records(
            [
                {
                    "Accept": False,
                    "Team": p.team,
                    "Name": p.name,
                    "Job title": p.title,
                    "Position": names[p.position] if p.position else NO_POSITION,
                    "Confidence": p.confidence,
                    "Why": p.reason,
                }
                for p in result.proposals
            ]
        )
    version_key = f"hr-proposals-version-{token}"
    version = st.session_state.setdefault(version_key, 0)
    accept_all, accept_none, _ = st.columns([2, 1.6, 4])
    if accept_all.button("Accept every proposal", key=f"hr-accept-all-{token}"):
        st.session_state[base_key] = st.session_state[base_key].assign(
            Accept=st.session_state[base_key]["Position"] != NO_POSITION
        )
        st.session_state[version_key] = version + 1
        st.rerun()
    if accept_none.button("Clear every tick", key=f"hr-accept-none-{token}"):
        st.session_state[base_key] = st.session_state[base_key].assign(Accept=False)
        st.session_state[version_key] = version + 1
        st.rerun()
    edited = st.data_editor(
        st.session_state[base_key],
        key=f"hr-proposals-{token}-{version}",
        hide_index=True,
        width="stretch",
        disabled=["Team", "Name", "Job title", "Confidence", "Why"],
        column_config={
            "Accept": st.column_config.CheckboxColumn("Accept", width="small"),
            "Position": st.column_config.SelectboxColumn(
                "Position", options=[NO_POSITION, *names.values()], required=True
            ),
            "Confidence": st.column_config.ProgressColumn(
                "Confidence", min_value=0.0, max_value=1.0, format="%.2f"
            ),
        },
    )
    accepted = edited[edited["Accept"] & (edited["Position"] != NO_POSITION)]
    chosen = {
        (str(row.Team), str(row.Name)): ids[str(row.Position)]
        for row in accepted.itertuples(index=False)
    }
    people = len(result.roster.people)
    st.caption(
        f"{len(chosen)} of {people} people get a position. The column mapping is kept "
        "with the roster (and any scenario saved from it), for the next export."
    )
    if people and not chosen:
        st.warning(
            "Nobody gets a position yet: the roster would open with every position empty. "
            "Tick Accept where the proposal is right, or use Accept every proposal."
        )
    if st.button("Open this roster", type="primary", key=f"hr-open-{token}"):
        roster = accept_proposals(result.roster, chosen).model_copy(update={"hr_import": record})
        remember_for_undo()
        replace_roster(roster, label="HR import")
        st.switch_page("views/formation.py")


st.title("Import an HR export")
st.caption(
    "An export from your HR system (CSV or Excel .xlsx) with its own column names. "
    "Check which column feeds what, look at the first rows, accept the positions, then "
    "open it; the roster you have now can be brought back with Undo in the sidebar."
)
upload = st.file_uploader(
    "HR export", type=["csv", "xlsx", "txt"], key="hr-upload", max_upload_size=UPLOAD_LIMIT_MB
)
if upload is not None:
    data = upload.getvalue()
    token = hashlib.sha256(data + upload.name.encode()).hexdigest()[:12]
    try:
        table = read_cached(data, upload.name)
    except RosterError as error:
        problems_box(f"{upload.name} cannot be read.", error)
        st.stop()
    st.subheader("1. Which column is what")
    st.caption(
        f"{len(table.rows)} rows; header on {table.row_word} {table.header_row}. "
        "The guess comes from the column names; correct any choice."
    )
    start, started_from = starting_mapping(table, token)
    mapping = mapping_form(table, start, f"{token}-{started_from}")
    if mapping is None:
        st.stop()
    ignored = [h for h in table.header if h not in mapping.columns]
    if ignored:
        st.caption("Ignored columns: " + plain(", ".join(ignored)))
    st.download_button(
        "Save this mapping (JSON)",
        mapping_to_json(mapping),
        file_name="hr-mapping.json",
        mime="application/json",
        on_click="ignore",
        key=f"hr-save-mapping-{token}",
    )
    st.subheader("2. The first rows as they will be read")
    st.dataframe(
        pd.DataFrame.from_records(preview(table, mapping)).rename(columns=PREVIEW_HEADINGS),
        hide_index=True,
        width="stretch",
        key=f"hr-preview-{token}",
    )
    try:
        result = apply_mapping(table, mapping)
    except RosterError as error:
        problems_box("Fix these in the export or in the mapping above.", error)
        st.stop()
    teams = result.roster.team_names()
    st.success(
        f"{counted(len(result.roster.people), 'person', 'people')} in "
        f"{counted(len(teams), 'team')}: "
        + plain(", ".join(teams[:10]) + (", …" if len(teams) > 10 else ""))
    )
    for note in result.notes[:MAX_LISTED]:
        st.caption("Note: " + plain(note))
    mapping_token = hashlib.sha256(mapping_to_json(mapping).encode()).hexdigest()[:8]
    record = import_record(table, mapping, upload.name, datetime.now(UTC))
    proposals_section(result, f"{token}-{mapping_token}", record)
