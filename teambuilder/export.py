"""Exports for slides and planning meetings, shared by the dashboard and the command line.

- the formation as an image (PNG, SVG) or a self-contained, offline HTML page;
- a one-page report (Markdown, HTML, PDF): health and how it was made, coverage,
  warnings with advice, and an action list drawn from the critical warnings.

Images are drawn by kaleido in Debian's Chromium. A browser start costs a second or
more, so ``image_session()`` keeps one Chromium open for a batch of images.

Every string a user typed (team, people, titles, and the warning messages that quote
them) is HTML-escaped in HTML and Markdown-escaped in Markdown.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import contextlib
import html
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Awaitable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal, TypeVar

import plotly.graph_objects as go

from teambuilder.analysis.stress import TeamStress, percent, stress_test
from teambuilder.catalogue import Catalogue, catalogue
from teambuilder.charts import SEVERITY_COLOURS, esc, formation_figure
from teambuilder.formation import Canvas
from teambuilder.models import (
    SEVERITY_ORDER,
    Report,
    Roster,
    RuleWarning,
    Severity,
    TeamReport,
)
from teambuilder.rules import action_for
from teambuilder.wording import are_away, fmt, join_names

__all__ = [
    "IMAGE_HEIGHT",
    "IMAGE_SCALE",
    "IMAGE_WIDTH",
    "WIDE_HEIGHT",
    "WIDE_SCALE",
    "WIDE_WIDTH",
    "ExportError",
    "ImageFormat",
    "action_items",
    "chromium_available",
    "formation_html",
    "formation_image",
    "html_to_pdf",
    "image_session",
    "markdown_escape",
    "pdf_page_count",
    "report_figure",
    "report_html",
    "report_image",
    "report_markdown",
    "report_pdf",
    "slide_figure",
]

ImageFormat = Literal["png", "svg"]

# The pitch is taller than wide: a portrait picture that fills the height of a 16:9
# slide, with room beside it for the slide's own points; scale 2 makes the PNG 1600x2000.
IMAGE_WIDTH = 800
IMAGE_HEIGHT = 1000
IMAGE_SCALE = 2
# The pitch turned a quarter, for a whole 16:9 slide: 1280x720 layout pixels, legend on
# the right; scale 1.5 makes the PNG 1920x1080.
WIDE_WIDTH = 1280
WIDE_HEIGHT = 720
WIDE_SCALE = 1.5
TITLE_TOP = 86  # px above the plot for the title and its line of facts
# Labels are placed for these plot areas (the image's size less title, legend, margins).
SLIDE_CANVAS = Canvas(width=780.0, height=800.0, name_px=16.0, marker_px=32.0, manager_px=24.0)
WIDE_CANVAS = Canvas(
    width=980.0,
    height=WIDE_HEIGHT - TITLE_TOP - 10,
    orientation="landscape",
    name_px=18.0,
    band_px=14.0,
    marker_px=38.0,
    manager_px=28.0,
)
Layout = Literal["portrait", "landscape"]
# Longer team names are cut in the image's title (the report has them whole).
TITLE_NAME_MAX = 48
# The report's picture: the same pitch without a title, shown about 9 cm wide on A4.
REPORT_IMAGE_WIDTH = 600
REPORT_IMAGE_HEIGHT = 900

CHROMIUM_MISSING = "image export needs Chromium: apt-get install chromium"
BROWSER_START_SECONDS = 60.0
RENDER_SECONDS = 60.0
PDF_SECONDS = 60.0


class ExportError(Exception):
    """An export could not be made (no Chromium, a browser that failed, an unknown team)."""


# --- The figure on the slide ---------------------------------------------------------


def _today(when: date | None) -> date:
    return when if when is not None else date.today()


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def slide_figure(
    team_report: TeamReport, *, when: date | None = None, layout: Layout = "portrait"
) -> go.Figure:
    """The formation sized for a slide, titled with team, tier, health and the date.

    ``portrait`` (800x1000, legend below) sits beside a slide's points; ``landscape``
    (1280x720, 16:9, legend on the right) fills a slide. The legend stays on the
    picture: a slide has no hover to explain the symbols.
    """
    wide = layout == "landscape"
    canvas = WIDE_CANVAS if wide else SLIDE_CANVAS
    figure = formation_figure(team_report, canvas=canvas, legend="right" if wide else "below")
    day = _today(when).isoformat()
    people = team_report.head_count
    facts = [
        day,
        f"{people} {'person' if people == 1 else 'people'}",
        f"bus factor {team_report.bus_factor}",
    ]
    if team_report.absent:
        facts.append("away: " + ", ".join(esc(name) for name in team_report.absent))
    heading = (
        f"<b>{esc(_short(team_report.team, TITLE_NAME_MAX))}</b> · {team_report.tier} team"
        f" · health {team_report.health}/100"
    )
    margin = figure.layout.margin
    bottom = margin.b if margin.b is not None else 10
    width = WIDE_WIDTH if wide else IMAGE_WIDTH
    height = WIDE_HEIGHT if wide else IMAGE_HEIGHT
    figure.update_layout(
        title={
            "text": heading,
            "subtitle": {"text": " · ".join(facts), "font": {"size": 16, "color": "#4D4D4D"}},
            "x": 0.5,
            "xanchor": "center",
            "y": 0.985,
            "yanchor": "top",
            "yref": "container",
            "font": {"size": 24},
        },
        width=width,
        # Taller only when the names shortened on the pitch need lines below it.
        height=max(height, round(canvas.height + TITLE_TOP + bottom)),
        margin={"l": 10, "t": TITLE_TOP},
    )
    return figure


# --- Chromium through kaleido --------------------------------------------------------

T = TypeVar("T")


class _Browser:
    """One kaleido Chromium on a private event loop; every wait has a timeout.

    kaleido's own ``start_sync_server`` does the same, but when Chromium cannot start,
    its worker thread dies and the next call waits on a queue forever.
    """

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="teambuilder-kaleido", daemon=True
        )
        self._thread.start()
        self._kaleido: Any = None
        try:
            self._kaleido = self._run(self._open(), BROWSER_START_SECONDS)
        except BaseException:
            self.close()
            raise

    @staticmethod
    async def _open() -> Any:
        import kaleido  # only image export needs it: imported on first use

        # mathjax=False: no script fetched from a CDN; the figures use no LaTeX.
        browser = kaleido.Kaleido(mathjax=False, timeout=RENDER_SECONDS)
        await browser.__aenter__()
        return browser

    def _run(self, work: Awaitable[T], timeout: float) -> T:
        future = asyncio.run_coroutine_threadsafe(_awaited(work), self._loop)
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise TimeoutError(f"Chromium did not answer within {timeout:.0f} s") from None

    def render(self, figure: dict[str, Any], opts: dict[str, Any]) -> bytes:
        data = self._run(self._kaleido.calc_fig(figure, opts=opts), RENDER_SECONDS + 5)
        return bytes(data)

    def close(self) -> None:
        if self._kaleido is not None:
            # Closing a broken browser: nothing left to save.
            with contextlib.suppress(Exception):
                self._run(self._kaleido.__aexit__(None, None, None), 15)
            self._kaleido = None
        if self._loop.is_running():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(5)
        if not self._loop.is_running():
            self._loop.close()


async def _awaited(work: Awaitable[T]) -> T:
    return await work


_lock = threading.RLock()
_shared: _Browser | None = None
_depth = 0


def _explain(error: BaseException) -> ExportError:
    if type(error).__name__ == "ChromeNotFoundError":
        return ExportError(CHROMIUM_MISSING)
    return ExportError(f"image export failed: {error}")


def _open_browser() -> _Browser:
    try:
        return _Browser()
    except Exception as error:
        raise _explain(error) from error


@contextmanager
def image_session() -> Iterator[None]:
    """Keep one Chromium open for the images made inside the block (about 0.4 s each
    instead of 2 to 4 s). Nested or concurrent sessions share the browser."""
    global _shared, _depth
    with _lock:
        if _shared is None:
            _shared = _open_browser()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _shared is not None:
                _shared.close()
                _shared = None


def _render(figure: go.Figure, fmt_: ImageFormat, scale: float = IMAGE_SCALE) -> bytes:
    global _shared
    layout = figure.layout
    opts = {"format": fmt_, "width": layout.width, "height": layout.height, "scale": scale}
    spec = figure.to_dict()
    # One image at a time: kaleido's tab is not shared between threads.
    with _lock:
        if _shared is not None:
            try:
                return _shared.render(spec, opts)
            except Exception:
                # A browser that died mid-session: drop it, start a fresh one below.
                _shared.close()
                _shared = None
        browser = _open_browser()
        try:
            return browser.render(spec, opts)
        except Exception as error:
            raise _explain(error) from error
        finally:
            browser.close()


def formation_image(
    team_report: TeamReport,
    fmt: ImageFormat = "png",
    *,
    when: date | None = None,
    layout: Layout = "portrait",
) -> bytes:
    """The formation as a PNG or an SVG, ready for a slide: portrait 1600x2000 px or
    ``landscape`` 16:9, 1920x1080 px (an SVG says the same size).

    Raises ``ExportError`` when Chromium is missing or fails.
    """
    if fmt not in ("png", "svg"):
        raise ExportError(f"unknown image format {fmt!r}; use png or svg")
    if layout not in ("portrait", "landscape"):
        raise ExportError(f"unknown layout {layout!r}; use portrait or landscape")
    scale = WIDE_SCALE if layout == "landscape" else IMAGE_SCALE
    return _render(slide_figure(team_report, when=when, layout=layout), fmt, scale)


def chromium_available() -> bool:
    """Whether images and PDFs can be made here (the same search the exports make)."""
    try:
        _chromium()
    except ExportError:
        return False
    return True


def report_figure(team_report: TeamReport) -> go.Figure:
    """The formation for the one-page report: no title (the page has it), a tight frame."""
    figure = formation_figure(team_report, title="")
    figure.update_layout(
        width=REPORT_IMAGE_WIDTH,
        height=REPORT_IMAGE_HEIGHT,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        legend={"font": {"size": 14}},
    )
    return figure


def report_image(team_report: TeamReport) -> bytes:
    """The report's formation picture as SVG (pass it to ``report_html`` to reuse it)."""
    return _render(report_figure(team_report), "svg", scale=1)


def formation_html(team_report: TeamReport, *, when: date | None = None) -> str:
    """The interactive formation as one HTML file with plotly.js inside: opens offline."""
    figure = slide_figure(team_report, when=when)
    figure.update_layout(width=None, autosize=True)
    div = figure.to_html(
        full_html=False,
        include_plotlyjs=True,
        config={"displaylogo": False, "responsive": True},
        default_width="100%",
        default_height=f"{IMAGE_HEIGHT}px",
    )
    title = html.escape(f"{team_report.team} · formation · {_today(when).isoformat()}")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n"
        "<style>body{margin:0 auto;max-width:900px;font-family:sans-serif}</style>\n"
        f"</head>\n<body>\n{div}\n</body>\n</html>\n"
    )


# --- What the report says ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Group:
    """Warnings of one code and severity: the advice once, then each finding."""

    severity: Severity
    code: str
    title: str
    advice: str
    warnings: tuple[RuleWarning, ...]


def _team_warnings(team_report: TeamReport, report: Report) -> list[RuleWarning]:
    """The team's warnings, then the organisation's warnings that name this team."""
    across = [w for w in report.warnings if team_report.team in w.teams]
    return [*team_report.warnings, *across]


def _groups(warnings: Sequence[RuleWarning]) -> list[_Group]:
    groups: dict[tuple[Severity, str], list[RuleWarning]] = {}
    for warning in warnings:
        groups.setdefault((warning.severity, warning.code), []).append(warning)
    ordered = sorted(groups.items(), key=lambda item: SEVERITY_ORDER.index(item[0][0]))
    return [
        _Group(severity, code, found[0].title, found[0].advice, tuple(found))
        for (severity, code), found in ordered
    ]


def _action(warning: RuleWarning, team_report: TeamReport) -> str:
    """One to-do for a warning, in plain text (each rule words its own: teambuilder/rules)."""
    return action_for(warning, team_report, catalogue())


def action_items(team_report: TeamReport, report: Report) -> list[str]:
    """One to-do per critical warning of the team (organisation-level ones included)."""
    critical = [w for w in _team_warnings(team_report, report) if w.severity == Severity.critical]
    return list(dict.fromkeys(_action(w, team_report) for w in critical))


DeductionRow = tuple[Severity | None, str, str, str]


def _deduction_rows(team_report: TeamReport) -> list[DeductionRow]:
    """(severity, what, subject, points) for the start, each deduction and the cap."""
    cat = catalogue()
    breakdown = team_report.health_breakdown
    counted = cat.health.counted_per_code
    rows: list[DeductionRow] = [(None, "Start", "", str(breakdown.start))]
    for deduction in breakdown.deductions:
        title = cat.rule(deduction.code).title
        points = f"−{deduction.points}"
        if not deduction.points:
            points = f"0 (only the first {counted} of a kind count)"
        rows.append((deduction.severity, title, deduction.subject, points))
    if breakdown.cap is not None:
        rows.append((None, "Capped at", breakdown.cap_reason or "", str(breakdown.cap)))
    return rows


def _coverage_rows(team_report: TeamReport) -> list[tuple[str, str, str, str, str, str]]:
    """(position, required, status, status word, FTE, people) for each relevant position."""
    cat = catalogue()
    rows: list[tuple[str, str, str, str, str, str]] = []
    # A position nobody needs and nobody holds is left out, unless a warning names it
    # (someone away held it).
    warned = {pid for warning in team_report.warnings for pid in warning.positions}
    for entry in team_report.coverage:
        if not (entry.required or entry.people or entry.slivers or entry.position in warned):
            continue
        required = "–"
        needed = "–"
        if entry.required:
            count = entry.required_people
            required = f"{count} {'person' if count == 1 else 'people'}"
            needed = fmt(entry.required_fte) if entry.required_fte else "any"
        people = ", ".join(entry.people) or "nobody"
        if entry.slivers:
            people += f" (too little to count: {', '.join(entry.slivers)})"
        status = {"covered": "Covered", "thin": "Thin", "missing": "Missing"}[entry.status]
        rows.append(
            (
                cat.name_of(entry.position),
                required,
                entry.status,
                status,
                f"{fmt(entry.fte)} / {needed}",
                people,
            )
        )
    return rows


def _facts(team_report: TeamReport) -> list[tuple[str, str]]:
    tier = team_report.tier + (" (set)" if team_report.tier_was_set else "")
    if team_report.mission_critical:
        tier += ", mission-critical"
    return [
        ("Health", f"{team_report.health}/100"),
        ("Bus factor", str(team_report.bus_factor)),
        ("Tier", tier),
        ("People", str(team_report.head_count)),
    ]


def _absence_note(warnings: Sequence[RuleWarning]) -> int:
    return sum(1 for w in warnings if w.absences)


# --- Resilience (the stress test, in short) -------------------------------------------

RESILIENCE_WORST = 3


def team_resilience(roster: Roster, team: str, *, cat: Catalogue | None = None) -> TeamStress:
    """The N-1/N-2 stress test of one team, for the report's Resilience section."""
    (result,) = stress_test(roster, depth=2, teams=[team], cat=cat)
    return result


def _resilience_figures(resilience: TeamStress) -> str:
    singles = f"{percent(resilience.n1)} of single absences (N-1)"
    if resilience.n2 is None:
        return f"{singles} raise no new critical warning; there are no pairs to test."
    return (
        f"{singles} and {percent(resilience.n2)} of pairs away (N-2) raise no new critical warning."
    )


def _resilience_worst(resilience: TeamStress) -> list[str]:
    """The worst combinations, each in a short line: who, health, what nobody holds."""
    cat = catalogue()
    lines = []
    for combo in resilience.worst(RESILIENCE_WORST):
        line = f"{join_names(combo.away)} away: health {combo.health}"
        if combo.empty_positions:
            held = join_names((cat.name_of(pid) for pid in combo.empty_positions), last="or")
            line += f", nobody holds {held}"
        elif combo.new_critical:
            line += f", {len(combo.new_critical)} new critical warning(s)"
        lines.append(line)
    return lines


# --- Markdown ------------------------------------------------------------------------

# Characters that start Markdown syntax anywhere in a line: escapes, code, emphasis,
# links and images (their brackets), raw HTML, table cells, strikethrough, entities,
# headings. Parentheses and "!" mean nothing without the brackets, so they stay plain.
_MARKDOWN_ANYWHERE = re.compile(r"([\\`*_\[\]<>|~&#])")
# Autolinks (www.example.com, https://...): a dot inside a domain, a colon before "//".
_MARKDOWN_LINKISH = re.compile(r"(?<=\w)\.(?=[A-Za-z])|:(?=//)")
# At the start of a cell or list item: a list marker, a setext rule, "1." or "1)".
_MARKDOWN_LEADING = re.compile(r"^(\s*)([-+=])")
_MARKDOWN_NUMBERED = re.compile(r"^(\s*\d+)([.)])(?=\s|$)")


def markdown_escape(text: str) -> str:
    """User text as literal Markdown (CommonMark and GitHub's): a backslash before
    every character that could start markup, on one line."""
    flat = " ".join(text.splitlines())
    escaped = _MARKDOWN_ANYWHERE.sub(r"\\\1", flat)
    escaped = _MARKDOWN_LINKISH.sub(lambda m: "\\" + m.group(0), escaped)
    escaped = _MARKDOWN_NUMBERED.sub(r"\1\\\2", escaped)
    return _MARKDOWN_LEADING.sub(r"\1\\\2", escaped)


def report_markdown(
    team_report: TeamReport,
    report: Report,
    *,
    when: date | None = None,
    resilience: TeamStress | None = None,
) -> str:
    """The one-page report as Markdown (every user string escaped); with ``resilience``
    (see ``team_resilience``) it has a Resilience section."""
    md = markdown_escape
    day = _today(when).isoformat()
    warnings = _team_warnings(team_report, report)
    lines = [f"# {md(team_report.team)} · team report", "", f"**Date:** {day}  "]
    lines.append(" · ".join(f"**{label}:** {md(value)}" for label, value in _facts(team_report)))
    if team_report.absent:
        lines += [
            "",
            f"**Away in this scenario:** {md(', '.join(team_report.absent))}; "
            f"{_absence_note(warnings)} warning(s) appear only because of the absence.",
        ]
    lines += ["", "## Action list", ""]
    actions = action_items(team_report, report)
    lines += [f"- [ ] {md(item)}" for item in actions] or ["No critical warnings."]
    lines += ["", f"## Health {team_report.health}/100", "", "| | Subject | Points |"]
    lines.append("|---|---|---:|")
    for severity, what, subject, points in _deduction_rows(team_report):
        if severity is not None:
            what = f"{severity.value.capitalize()}: {what}"
        lines.append(f"| {md(what)} | {md(subject)} | {md(points)} |")
    lines.append(f"| **Health** | | **{team_report.health}** |")
    lines += ["", "## Coverage", "", "| Position | Required | Status | FTE / needed | People |"]
    lines.append("|---|---|---|---|---|")
    for name, required, _, status, fte, people in _coverage_rows(team_report):
        lines.append(f"| {md(name)} | {md(required)} | {status} | {md(fte)} | {md(people)} |")
    if resilience is not None:
        lines += ["", "## Resilience", "", md(_resilience_figures(resilience)), ""]
        lines += [f"{n}. {md(text)}" for n, text in enumerate(_resilience_worst(resilience), 1)]
    lines += ["", "## Warnings"]
    if not warnings:
        lines += ["", "No warnings."]
    for severity in SEVERITY_ORDER:
        groups = [g for g in _groups(warnings) if g.severity == severity]
        if not groups:
            continue
        count = sum(len(g.warnings) for g in groups)
        lines += ["", f"### {severity.value.capitalize()} ({count})"]
        for group in groups:
            lines += ["", f"**{md(group.title)}** · what to do: {md(group.advice)}", ""]
            for warning in group.warnings:
                line = f"- {md(warning.message)}"
                if warning.teams:
                    line += " *(across teams)*"
                if warning.absences:
                    line += f" *(only because {md(are_away(warning.absences))})*"
                lines.append(line)
    lines += ["", f"*Made with MLOps Team Builder on {day}.*", ""]
    return "\n".join(lines)


# --- HTML ----------------------------------------------------------------------------

_CSS = """
@page { size: A4; margin: 8mm 9mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: #EEF0F2; color: #1A1A1A;
  font: 8pt/1.3 "Inter", "Segoe UI", Roboto, "Helvetica Neue", Arial, "DejaVu Sans",
  sans-serif; }
.page { width: 210mm; min-height: 297mm; margin: 6mm auto; padding: 8mm 9mm;
  background: #FFFFFF; box-shadow: 0 1px 6px rgba(0,0,0,.18); }
header { display: flex; justify-content: space-between; align-items: flex-end; gap: 5mm;
  border-bottom: 2px solid #1A1A1A; padding-bottom: 2mm; margin-bottom: 2.5mm; }
h1 { font-size: 18pt; line-height: 1.1; margin: 0; overflow-wrap: anywhere; }
.kicker { margin: 0 0 1mm; color: #555; font-size: 7.5pt; text-transform: uppercase;
  letter-spacing: .06em; }
.facts { display: flex; gap: 1.8mm; margin: 0; }
.facts div { border: 1px solid #C8C8C8; border-radius: 1.5mm; padding: .8mm 2.2mm;
  text-align: center; min-width: 16mm; }
.facts dt { font-size: 6.5pt; color: #555; text-transform: uppercase; letter-spacing: .05em; }
.facts dd { margin: 0; font-size: 12pt; font-weight: 700; white-space: nowrap; }
.facts dd small { font-size: 8pt; font-weight: 400; color: #555; }
.facts .tier dd { font-size: 9pt; padding-top: 1mm; }
.health-good { color: #00734F; } .health-fair { color: #9A6A00; }
.health-poor { color: #B34700; }
.away { margin: 0 0 2.5mm; padding: 1.2mm 2.5mm; background: #F3F0FA;
  border-left: 3px solid #6A51A3; }
.top { display: grid; grid-template-columns: 82mm 1fr; gap: 4mm; align-items: start; }
figure { margin: 0; }
figure img { width: 100%; height: auto; display: block; }
.noimage { border: 1px dashed #999; padding: 6mm; color: #555; }
h2 { font-size: 10pt; margin: 0 0 1.2mm; padding-bottom: .4mm; border-bottom: 1px solid #CCC; }
section { margin-bottom: 2.5mm; }
.actions { background: #FFF6EC; border-left: 3px solid #D55E00; padding: 1.5mm 3mm 1mm; }
.actions h2 { border: 0; margin-bottom: .6mm; }
.actions ol { margin: 0; padding-left: 4.5mm; }
.actions li { margin-bottom: .6mm; padding-left: .8mm; font-size: 8.5pt; }
.actions li::marker { font-weight: 700; color: #B34700; }
.actions .none { color: #00734F; font-weight: 600; margin: 0; }
.resilience { margin: 1.5mm 0 0; font-size: 7pt; }
.resilience h2 { font-size: 8.5pt; margin-bottom: .6mm; }
.resilience p { margin: 0; }
table { width: 100%; border-collapse: collapse; font-size: 7pt; }
td.nowrap { white-space: nowrap; }
th { text-align: left; font-weight: 600; color: #444; border-bottom: 1px solid #999; }
th, td { padding: .35mm .8mm; vertical-align: top; }
tr + tr td { border-top: 1px solid #E6E6E6; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr.total td { border-top: 1.5px solid #1A1A1A; font-weight: 700; }
.muted { color: #666; }
.status { white-space: nowrap; font-weight: 600; }
.status.covered::before { content: "● "; color: #009E73; }
.status.thin::before { content: "◆ "; color: #E69F00; }
.status.missing::before { content: "✕ "; color: #D55E00; }
.warnings { columns: 2; column-gap: 6mm; font-size: 7.5pt; }
.warnings h2 { column-span: all; }
.sev { display: inline-block; padding: 0 1.8mm; border-radius: 1mm; font-size: 7pt;
  font-weight: 700; letter-spacing: .05em; text-transform: uppercase; margin: .8mm 0 .6mm; }
.group { margin: 0 0 1.6mm; break-inside: avoid; }
.group p { margin: 0; }
.group ul { margin: .3mm 0 0; padding-left: 4mm; }
.advice { color: #4D4D4D; }
.tag { font-size: 7pt; color: #6A51A3; font-weight: 600; }
footer { margin-top: 1.5mm; color: #777; font-size: 7pt; text-align: right; }
/* A heavy report (a large team, many warnings): smaller type keeps it on one page. */
.dense .top { grid-template-columns: 72mm 1fr; }
.dense table { font-size: 6.6pt; }
.dense .warnings { font-size: 7pt; }
.dense .actions li { font-size: 8pt; }
.dense h2 { font-size: 9pt; }
@media print {
  body { background: #FFFFFF; }
  .page { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
}
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _health_class(health: int) -> str:
    if health >= 75:
        return "health-good"
    return "health-fair" if health >= 50 else "health-poor"


def _severity_chip(severity: Severity, count: int) -> str:
    colour = SEVERITY_COLOURS[severity]
    text = "#FFFFFF" if severity == Severity.critical else "#1A1A1A"
    return (
        f'<div class="sev" style="background:{colour};color:{text}">'
        f"{severity.value} · {count}</div>"
    )


def _figure_html(team_report: TeamReport, formation_svg: bytes | None) -> str:
    if formation_svg is None:
        return f'<p class="noimage">No formation picture: {_e(CHROMIUM_MISSING)}</p>'
    # A data URI in an <img>: self-contained, scales to the column, and an SVG shown as
    # an image runs no script and loads nothing.
    data = base64.b64encode(formation_svg).decode("ascii")
    alt = _e(f"Formation of {team_report.team}")
    return f'<img alt="{alt}" src="data:image/svg+xml;base64,{data}">'


def _facts_html(team_report: TeamReport) -> str:
    facts = []
    for label, value in _facts(team_report):
        css = ' class="tier"' if label == "Tier" else ""
        shown = _e(value)
        if label == "Health":
            shown = (
                f'<span class="{_health_class(team_report.health)}">{team_report.health}'
                "</span><small>/100</small>"
            )
        facts.append(f"<div{css}><dt>{label}</dt><dd>{shown}</dd></div>")
    return f'<dl class="facts">{"".join(facts)}</dl>'


def _actions_html(actions: Sequence[str]) -> str:
    if not actions:
        body = '<p class="none">No critical warnings: nothing urgent.</p>'
    else:
        body = "<ol>" + "".join(f"<li>{_e(item)}</li>" for item in actions) + "</ol>"
    return f'<section class="actions"><h2>Action list</h2>{body}</section>'


def _resilience_html(resilience: TeamStress | None) -> str:
    if resilience is None:
        return ""
    worst = "; ".join(
        f"{n}) {_e(text)}" for n, text in enumerate(_resilience_worst(resilience), start=1)
    )
    return (
        '<section class="resilience"><h2>Resilience</h2>'
        f"<p>{_e(_resilience_figures(resilience))} Worst cases: {worst}.</p></section>"
    )


def _health_html(team_report: TeamReport) -> str:
    rows = [
        "<section><h2>How the health score was made</h2><table>",
        '<tr><th>Deduction</th><th>Subject</th><th class="num">Points</th></tr>',
    ]
    for severity, what, subject, points in _deduction_rows(team_report):
        dot = ""
        if severity is not None:
            colour = SEVERITY_COLOURS[severity]
            dot = f'<span class="dot" style="color:{colour}" title="{severity.value}">■</span> '
        rows.append(
            f'<tr><td>{dot}{_e(what)}</td><td class="muted">{_e(subject)}</td>'
            f'<td class="num">{_e(points)}</td></tr>'
        )
    rows.append(
        f'<tr class="total"><td>Health</td><td></td><td class="num">{team_report.health}</td></tr>'
    )
    rows.append("</table></section>")
    return "".join(rows)


def _coverage_html(team_report: TeamReport) -> str:
    rows = [
        "<section><h2>Coverage</h2><table>",
        "<tr><th>Position</th><th>Required</th><th>Status</th>"
        '<th class="num">FTE / needed</th><th>People</th></tr>',
    ]
    for name, required, status, word, fte, people in _coverage_rows(team_report):
        rows.append(
            f'<tr><td class="nowrap">{_e(name)}</td><td class="nowrap">{_e(required)}</td>'
            f'<td><span class="status {status}">{word}</span></td>'
            f'<td class="num">{_e(fte)}</td><td>{_e(people)}</td></tr>'
        )
    rows.append("</table></section>")
    return "".join(rows)


def _warnings_html(warnings: Sequence[RuleWarning]) -> str:
    parts = ['<section class="warnings"><h2>Warnings and what to do</h2>']
    if not warnings:
        parts.append("<p>No warnings.</p>")
    for severity in SEVERITY_ORDER:
        groups = [g for g in _groups(warnings) if g.severity == severity]
        for index, group in enumerate(groups):
            parts.append('<div class="group">')
            if index == 0:
                parts.append(_severity_chip(severity, sum(len(g.warnings) for g in groups)))
            parts.append(
                f"<p><b>{_e(group.title)}.</b> "
                f'<span class="advice">{_e(group.advice)}</span></p><ul>'
            )
            for warning in group.warnings:
                tags = ""
                if warning.teams:
                    tags += ' <span class="tag">(across teams)</span>'
                if warning.absences:
                    away = _e(are_away(warning.absences))
                    tags += f' <span class="tag">(only because {away})</span>'
                parts.append(f"<li>{_e(warning.message)}{tags}</li>")
            parts.append("</ul></div>")
    parts.append("</section>")
    return "".join(parts)


# Above this much text (characters, see _text_mass) the report switches to smaller type;
# set from every example team with each member away in turn.
DENSE_ABOVE = 3900


def _text_mass(
    team_report: TeamReport, report: Report, resilience: TeamStress | None = None
) -> int:
    """A rough measure of the report's length: what wraps and what adds rows."""
    warnings = _team_warnings(team_report, report)
    mass = sum(len(w.message) + 40 for w in warnings)
    if resilience is not None:
        mass += 160 + sum(len(text) + 40 for text in _resilience_worst(resilience))
    mass += sum(len(g.advice) + 60 for g in _groups(warnings))
    mass += sum(len(a) + 40 for a in action_items(team_report, report))
    mass += sum(len(row[5]) + 60 for row in _coverage_rows(team_report))
    mass += 60 * len(team_report.health_breakdown.deductions)
    return mass


def report_html(
    team_report: TeamReport,
    report: Report,
    *,
    when: date | None = None,
    formation_svg: bytes | None = None,
    draw: bool = True,
    dense: bool | None = None,
    resilience: TeamStress | None = None,
) -> str:
    """The one-page report as self-contained HTML (inline CSS, the pitch as an SVG data
    URI, no external links, fonts or scripts), printable on one A4 page.

    ``formation_svg`` reuses a picture from ``report_image``; otherwise one is drawn
    (unless ``draw`` is false), and without Chromium the page says so in its place.
    """
    day = _today(when).isoformat()
    if formation_svg is None and draw:
        try:
            formation_svg = report_image(team_report)
        except ExportError:
            formation_svg = None
    warnings = _team_warnings(team_report, report)
    if dense is None:
        dense = _text_mass(team_report, report, resilience) > DENSE_ABOVE
    page_class = "page dense" if dense else "page"
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(team_report.team)} · team report · {day}</title>",
        f'<style>{_CSS}</style>\n</head>\n<body>\n<main class="{page_class}">',
        f'<header><div><p class="kicker">Team report · {day}</p>'
        f"<h1>{_e(team_report.team)}</h1></div>{_facts_html(team_report)}</header>",
    ]
    if team_report.absent:
        parts.append(
            f'<p class="away"><b>Away in this scenario:</b> '
            f"{_e(', '.join(team_report.absent))}. {_absence_note(warnings)} warning(s) "
            "appear only because of the absence.</p>"
        )
    parts += [
        _actions_html(action_items(team_report, report)),
        '<div class="top">',
        f"<div><figure>{_figure_html(team_report, formation_svg)}</figure>",
        _resilience_html(resilience),
        "</div><div>",
        _health_html(team_report),
        _coverage_html(team_report),
        "</div></div>",
        _warnings_html(warnings),
        f"<footer>Made with MLOps Team Builder · {day}</footer>",
        "</main>\n</body>\n</html>\n",
    ]
    return "\n".join(parts)


# --- PDF -----------------------------------------------------------------------------

_CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Flags Debian's Chromium needs on these machines: as root, with no GPU, no network.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
_CHROMIUM_FLAGS = ("--headless", *CHROMIUM_ARGS, "--no-pdf-header-footer")


def _chromium() -> str:
    override = os.environ.get("BROWSER_PATH")
    if override:
        if shutil.which(override):
            return override
        raise ExportError(CHROMIUM_MISSING)
    for name in _CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise ExportError(CHROMIUM_MISSING)


def html_to_pdf(page: str) -> bytes:
    """Print an HTML page to PDF with headless Chromium (the page's @page rules apply)."""
    browser = _chromium()
    with tempfile.TemporaryDirectory(prefix="teambuilder-pdf-") as folder:
        source = Path(folder) / "report.html"
        target = Path(folder) / "report.pdf"
        source.write_text(page, encoding="utf-8")
        command = [
            browser,
            *_CHROMIUM_FLAGS,
            f"--user-data-dir={Path(folder) / 'profile'}",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=PDF_SECONDS, check=False
            )
        except subprocess.TimeoutExpired:
            raise ExportError(f"Chromium did not print within {PDF_SECONDS:.0f} s") from None
        except OSError as error:
            raise ExportError(f"{CHROMIUM_MISSING} ({error.strerror or error})") from None
        data = target.read_bytes() if target.exists() else b""
        if not data.startswith(b"%PDF"):
            detail = (done.stderr or "").strip().splitlines()[-1:] or [f"exit {done.returncode}"]
            raise ExportError(f"Chromium made no PDF: {detail[0]}")
        return data


def report_pdf(
    team_report: TeamReport,
    report: Report,
    *,
    when: date | None = None,
    formation_svg: bytes | None = None,
    resilience: TeamStress | None = None,
) -> bytes:
    """The one-page report as an A4 PDF, printed by headless Chromium."""
    if formation_svg is None:
        formation_svg = report_image(team_report)
    page = report_html(
        team_report, report, when=when, formation_svg=formation_svg, resilience=resilience
    )
    data = html_to_pdf(page)
    if pdf_page_count(data) > 1 and 'class="page dense"' not in page:
        # The length estimate missed: print again in the smaller type.
        page = report_html(
            team_report,
            report,
            when=when,
            formation_svg=formation_svg,
            dense=True,
            resilience=resilience,
        )
        data = html_to_pdf(page)
    return data


def pdf_page_count(data: bytes) -> int:
    """Pages in a PDF as Chromium writes it (page objects are not compressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
