"""Files and sharing: start a roster, upload one, download it, export the pitch, share a link."""

from __future__ import annotations

from datetime import date
from functools import partial

import streamlit as st

from teambuilder.export import (
    ImageFormat,
    ReportInputs,
    ReportKind,
    chromium_available,
    formation_html,
    formation_image,
    one_page_report,
    team_resilience,
)
from teambuilder.fixes.advice import advise
from teambuilder.large import whole_roster
from teambuilder.models import Report, Roster
from teambuilder.roster_io import RosterError, roster_from_bytes, roster_to_csv, roster_to_json
from teambuilder.share import MAX_LINK_CHARS, SharedState, encode_state, link_fits
from teambuilder.wording import counted, join_names
from teambuilder.workspace import ParsedWorkspace, Workspace, left_out
from views.common import plain
from views.state import (
    away_in,
    current_team,
    evaluate,
    example_label,
    example_names,
    load_example,
    remember_for_undo,
    replace_roster,
    undo,
    undo_available,
    undo_label,
    workspace,
)

UPLOAD_LIMIT_MB = 10
FILES_URL_PATH = "files"
SHARED_PAGES = {"formation": "Formation", "people": "People and load"}


def file_stem(name: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in "-_" else "-" for c in name.strip())
    return cleaned.strip("-").lower() or "team"


def start_section() -> None:
    st.subheader("Start a roster")
    blank, example = st.columns(2)
    with blank, st.container(border=True):
        st.markdown("**A blank team**, to fill in from scratch.")
        if st.button("Start a blank team", key="start-blank"):
            remember_for_undo("a blank team started")
            replace_roster(Roster(), label="Blank team")  # opens as one blank team
            st.switch_page("views/formation.py")
    with example, st.container(border=True):
        choice = st.selectbox(
            "An example team", example_names(), format_func=example_label, key="files-example"
        )
        if st.button("Open this example", key="files-load-example"):
            remember_for_undo(f"the example {example_label(choice)} opened")
            load_example(choice)
            st.switch_page("views/formation.py")


def upload_section() -> None:
    st.subheader("Open a file")
    st.caption(
        "A roster as CSV, JSON or Excel (.xlsx, first sheet laid out like the CSV). "
        "Nothing changes until you confirm, and you can undo it afterwards. An export "
        "from an HR system, with its own column names, goes to Import an HR export."
    )
    upload = st.file_uploader(
        "Roster file",
        type=["csv", "json", "xlsx"],
        key="upload",
        max_upload_size=UPLOAD_LIMIT_MB,
    )
    if upload is None:
        return
    try:
        roster = roster_from_bytes(upload.getvalue(), upload.name)
    except RosterError as error:
        st.error(
            f"{plain(upload.name)} cannot be used; your roster is unchanged. "
            f"{counted(len(error.problems), 'problem')}:\n\n"
            + "\n".join(f"- {plain(str(problem))}" for problem in error.problems[:50])
            + ("\n- …" if len(error.problems) > 50 else "")
        )
        return
    teams = roster.team_names()
    st.success(
        f"{plain(upload.name)} is valid: {counted(len(roster.people), 'row')} in "
        f"{counted(len(teams), 'team')}: {plain(', '.join(teams))}."
    )
    if st.button("Replace my roster with this file", type="primary", key="confirm-upload"):
        remember_for_undo(f"the file {upload.name} opened")
        replace_roster(roster, label=f"File: {upload.name}")
        st.switch_page("views/formation.py")


def left_out_note(ws: Workspace, parsed: ParsedWorkspace, what: str) -> str | None:
    """'These files leave out, until fixed: Ana Costa (row 6 of Loopwise), ...' or None."""
    items = left_out(ws, parsed)
    if not items:
        return None
    shown = items[:20] + ([f"{len(items) - 20} more"] if len(items) > 20 else [])
    return (
        f"{what} leave{'s' if what == 'The link' else ''} out what has a problem, until it is "
        f"fixed on the Formation page: {join_names(shown)}."
    )


def download_section(team: str, ws: Workspace, parsed: ParsedWorkspace, report: Report) -> None:
    team_report = report.team(team)
    stem = file_stem(team)
    today = date.today()

    def report_file(kind: ReportKind) -> bytes:  # made when its button is clicked
        inputs = ReportInputs(
            team_report,
            report,
            when=today,
            resilience=team_resilience(parsed.roster, team),
            advice=advise(parsed.roster, team, tuple(team_report.absent)),
            risks=parsed.roster.accepted_risks,
            workshops=parsed.roster.workshops,
        )
        return one_page_report(kind, inputs)

    st.subheader("Download")
    if note := left_out_note(ws, parsed, "These files"):
        st.warning(plain(note))
    roster_column, pitch_column, report_column = st.columns(3)
    with roster_column, st.container(border=True):
        st.markdown("**The roster** (opens again here, or in a spreadsheet)")
        every_team = whole_roster(ws, parsed.roster)  # a large roster: the teams not open too
        st.download_button(
            "Roster as CSV",
            roster_to_csv(every_team),
            file_name=f"{stem}-roster.csv",
            mime="text/csv",
            on_click="ignore",
            key="download-csv",
        )
        st.download_button(
            "Roster as JSON",
            roster_to_json(every_team),
            file_name=f"{stem}-roster.json",
            mime="application/json",
            on_click="ignore",
            key="download-json",
        )
    with pitch_column, st.container(border=True):
        st.markdown("**The formation** for slides (team, date and legend on it)")
        images = chromium_available()
        if not images:
            st.caption("Images need Chromium on the server: `apt-get install chromium`.")
        image_formats: tuple[tuple[ImageFormat, str], ...] = (
            ("png", "image/png"),
            ("svg", "image/svg+xml"),
        )
        for fmt, mime in image_formats:
            st.download_button(
                f"Formation as {fmt.upper()}",
                partial(formation_image, team_report, fmt, when=today),
                file_name=f"{stem}-formation-{today.isoformat()}.{fmt}",
                mime=mime,
                on_click="ignore",
                key=f"download-{fmt}",
                disabled=not images,
            )
            st.download_button(
                f"Formation as {fmt.upper()}, 16:9 (the pitch across a slide)",
                partial(formation_image, team_report, fmt, when=today, layout="landscape"),
                file_name=f"{stem}-formation-16x9-{today.isoformat()}.{fmt}",
                mime=mime,
                on_click="ignore",
                key=f"download-{fmt}-landscape",
                disabled=not images,
            )
        st.download_button(
            "Interactive formation (HTML)",
            lambda: formation_html(team_report, when=today),
            file_name=f"{stem}-formation-{today.isoformat()}.html",
            mime="text/html",
            on_click="ignore",
            key="download-formation-html",
        )
    with report_column, st.container(border=True):
        st.markdown("**One-page report**: health, coverage, warnings, actions")
        report_files: tuple[tuple[ReportKind, str, str, str], ...] = (
            ("html", "Report (HTML, prints on one page)", "html", "text/html"),
            ("pdf", "Report (PDF)", "pdf", "application/pdf"),
            ("md", "Report (Markdown)", "md", "text/markdown"),
        )
        for kind, label, suffix, mime in report_files:
            st.download_button(
                label,
                partial(report_file, kind),
                file_name=f"{stem}-report-{today.isoformat()}.{suffix}",
                mime=mime,
                on_click="ignore",
                key=f"download-report-{kind}",
                disabled=kind == "pdf" and not images,
            )


def share_section(team: str, ws: Workspace, parsed: ParsedWorkspace, away: list[str]) -> None:
    st.subheader("Share a link")
    note = left_out_note(ws, parsed, "The link")
    if note:
        st.warning(plain(note))
    page = st.radio(
        "The link opens on",
        list(SHARED_PAGES),
        format_func=SHARED_PAGES.__getitem__,
        horizontal=True,
        key="share-page",
    )
    state = SharedState(roster=parsed.roster, team=team, away=tuple(away), page=page)
    token = encode_state(state)
    if not link_fits(token):
        st.info(
            f"This roster is too large for a link ({len(token):,} characters; links hold up "
            f"to {MAX_LINK_CHARS:,}). Download the roster as JSON above and send the file."
        )
        return
    here = str(st.context.url or "").split("?")[0]
    base = here.removesuffix("/" + FILES_URL_PATH)  # the app's root, whichever page is open
    link = f"{base.rstrip('/')}/?roster={token}"
    roster_words = "the roster without what is listed above" if note else "the roster"
    st.caption(
        f"Opens this team, its settings, {roster_words} and who is away, in any browser "
        f"({len(link):,} characters). Use the copy button at the right of the box."
    )
    st.code(link, language=None, wrap_lines=True)


ws = workspace()
team = current_team(ws)
st.title("Files and sharing")
if undo_available() and st.button(
    f"Undo {plain(undo_label() or '')}",
    key="undo",
    help="Undo and Redo are also in the sidebar, on every page.",
):
    undo()
    st.rerun()
start_section()
upload_section()
parsed, report = evaluate(ws)
download_section(team, ws, parsed, report)
share_section(team, ws, parsed, away_in(ws, parsed))
