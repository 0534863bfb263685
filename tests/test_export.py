"""Exports: formation images for slides, the one-page report, and `teambuilder export`.

Images cost a Chromium: the tests that draw share one browser (``browser`` fixture) and
are few; everything else is checked without drawing.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import struct
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from markupsafe import escape as markup_escape

from teambuilder import export
from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.charts import SEVERITY_STYLES, STATUS_LEGEND
from teambuilder.cli import main
from teambuilder.export import kaleido_browser
from teambuilder.markup import JOINER
from teambuilder.models import Report, Severity
from teambuilder.roster_io import load_roster, read_csv_text
from teambuilder.scoring import score
from tests.helpers import make_person, make_roster

WHEN = date(2026, 11, 26)
DAY = "2026-11-26"
EVIL = "<img src=x onerror=alert(1)>"
STARTUP = EXAMPLES_DIR / "startup_hero.csv"
ORGANISATION = EXAMPLES_DIR / "organisation.json"
ENTERPRISE = EXAMPLES_DIR / "enterprise_middle_management.json"

needs_chromium = pytest.mark.skipif(
    shutil.which("chromium") is None, reason="image export needs Debian's chromium"
)


@pytest.fixture(scope="module")
def browser():
    """One Chromium for every test here that draws (about 0.5 s an image instead of 3)."""
    with export.image_session():
        yield


def organisation() -> Report:
    return score(load_roster(ORGANISATION))


def evil_report() -> Report:
    """A mission-critical team whose name and people are HTML and Markdown."""
    roster = make_roster(
        make_person("Boss", team=EVIL, executive_sponsor=0.1),
        make_person(EVIL, team=EVIL, title="*x*", inside_out=0.5, mlops_engineer=0.5),
        make_person("*x*", team=EVIL, data_scientist=1.0),
        mission_critical=True,
    )
    return score(roster)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def svg_text(data: bytes) -> str:
    root = ET.fromstring(data)
    return " ".join("".join(node.itertext()) for node in root.iter())


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def escape(text: str) -> str:
    """Text as the report's templates escape it (Jinja2's autoescaping, markupsafe)."""
    return str(markup_escape(text))


def unescape_markdown(text: str) -> str:
    """Markdown as a reader sees it: the backslashes and the invisible word joiners gone."""
    return re.sub(r"\\(.)", r"\1", text).replace(JOINER, "")


# --- The figure on the slide (no Chromium needed) -------------------------------------


def test_the_slide_figure_is_titled_with_team_tier_health_and_date():
    team = organisation().team("Personalisation")

    layout = export.slide_figure(team, when=WHEN).to_dict()["layout"]

    assert "Personalisation" in layout["title"]["text"]
    assert "medium team" in layout["title"]["text"]
    assert f"health {team.health}/100" in layout["title"]["text"]
    assert DAY in layout["title"]["subtitle"]["text"]
    assert "7 people" in layout["title"]["subtitle"]["text"]
    assert layout["showlegend"] is True
    assert (layout["width"], layout["height"]) == (export.IMAGE_WIDTH, export.IMAGE_HEIGHT)


def test_the_landscape_slide_is_16_9_with_the_pitch_across_and_the_legend_beside_it():
    team = score(load_roster(ENTERPRISE)).teams[0]

    figure = export.slide_figure(team, when=WHEN, layout="landscape")

    layout = figure.to_dict()["layout"]
    assert (layout["width"], layout["height"]) == (export.WIDE_WIDTH, export.WIDE_HEIGHT)
    assert pytest.approx(16 / 9) == export.WIDE_WIDTH / export.WIDE_HEIGHT
    assert layout["legend"]["orientation"] == "v" and layout["legend"]["x"] > 1
    assert layout["meta"]["orientation"] == "landscape"
    # The labels were placed for a plot area no larger than the one the slide gives.
    canvas_width, canvas_height = layout["meta"]["canvas"]
    margin = layout["margin"]
    assert canvas_width <= layout["width"] - margin["l"] - margin["r"]
    assert canvas_height <= layout["height"] - margin["t"] - margin["b"]


def test_an_unknown_image_layout_is_a_clear_export_error():
    team = score(load_roster(STARTUP)).teams[0]

    with pytest.raises(export.ExportError, match="use portrait or landscape"):
        export.formation_image(team, "png", layout="sideways")  # type: ignore[arg-type]


def test_people_away_are_named_under_the_title():
    team = score(load_roster(STARTUP), ["Meghan Okafor"]).teams[0]

    subtitle = export.slide_figure(team, when=WHEN).to_dict()["layout"]["title"]["subtitle"]

    assert "away: Meghan Okafor" in subtitle["text"]


def test_formation_html_opens_offline_with_plotly_inside():
    team = evil_report().teams[0]

    page = export.formation_html(team, when=WHEN)

    assert page.startswith("<!DOCTYPE html>")
    assert "Plotly.newPlot" in page
    assert len(page) > 1_000_000  # plotly.js itself, not a link to it
    assert not re.search(r"<script[^>]+src=", page)
    assert f"<title>{escape(EVIL)}" in page
    assert EVIL not in page
    assert DAY in page


def test_missing_chromium_is_a_clear_export_error(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    monkeypatch.setattr(kaleido_browser, "_shared", None)
    team = score(load_roster(STARTUP)).teams[0]

    with pytest.raises(export.ExportError, match=r"needs Chromium: apt-get install chromium"):
        export.formation_image(team, "png", when=WHEN)
    with pytest.raises(export.ExportError, match=r"needs Chromium"):
        export.html_to_pdf("<p>x</p>")


def test_chromium_is_found_by_the_same_search_the_exports_make(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")

    assert export.chromium_available() is False
    monkeypatch.setenv("BROWSER_PATH", "/bin/sh")  # any program that exists will do

    assert export.chromium_available() is True


def test_the_report_without_chromium_still_comes_and_says_why(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    monkeypatch.setattr(kaleido_browser, "_shared", None)
    report = score(load_roster(STARTUP))

    page = export.report_html(report.teams[0], report, when=WHEN)

    assert "No formation picture" in page
    assert "apt-get install chromium" in page


# --- Images (Chromium) ----------------------------------------------------------------


@needs_chromium
def test_png_has_slide_resolution(browser):
    team = score(load_roster(STARTUP)).teams[0]

    data = export.formation_image(team, "png", when=WHEN)

    assert png_size(data) == (
        export.IMAGE_WIDTH * export.IMAGE_SCALE,
        export.IMAGE_HEIGHT * export.IMAGE_SCALE,
    )
    assert len(data) > 50_000  # a drawn pitch, not an empty canvas


@needs_chromium
def test_svg_carries_team_date_and_legend_with_user_text_escaped(browser):
    team = evil_report().teams[0]

    data = export.formation_image(team, "svg", when=WHEN)

    text = svg_text(data)
    assert EVIL in text
    assert DAY in text
    for entry in ("Covered", STATUS_LEGEND["missing"], SEVERITY_STYLES[Severity.critical].legend):
        assert entry in text
    assert b"<img" not in data


# --- What the report says -------------------------------------------------------------


def test_each_critical_warning_gives_one_concrete_action():
    report = organisation()
    team = report.team("Demand Forecasting")

    actions = export.action_items(team, report)

    # Four of the team's own, one across teams (Ravi Iyer, booked in three teams).
    assert len(actions) == 5
    assert "Find a second person for MLOps engineer (now only Ravi Iyer)" in actions
    assert "Find a second person for ML engineer (now only Ewa Nowak)" in actions
    assert any(a.startswith("Split the bridges: keep Marta Kowalski") for a in actions)
    assert any(a.startswith("Take work off Ravi Iyer across Demand Forecasting") for a in actions)


@pytest.mark.parametrize(
    ("roster", "absent", "expected"),
    [
        (
            make_roster(make_person("Ann", inside_out=0.5, data_scientist=0.5)),
            (),
            "Find an executive sponsor for Team",
        ),
        (
            make_roster(
                *(make_person(f"P{i}", data_scientist=1.0) for i in range(6)),
                make_person("Sue", executive_sponsor=0.1, inside_out=0.5),
            ),
            (),
            "Name someone for Business bridge (outside-in)",
        ),
        (
            make_roster(
                make_person("Sue", executive_sponsor=0.1, inside_out=0.5),
                make_person("Meg", mlops_engineer=1.0),
                make_person("Tom", mlops_engineer=1.0),
            ),
            ("Meg", "Tom"),
            "Arrange cover for MLOps engineer while Meg and Tom are away",
        ),
        (
            make_roster(
                make_person("Sue", executive_sponsor=0.1, inside_out=0.5, data_scientist=0.2),
                make_person("Meg", ml_engineer=0.7, mlops_engineer=0.7),
                make_person("Tom", ml_engineer=0.5, mlops_engineer=0.5),
            ),
            (),
            "Take work off Meg (booked 1.4 FTE of 1)",
        ),
    ],
    ids=["no sponsor", "uncovered", "absence empties a position", "overloaded"],
)
def test_actions_are_worded_from_code_positions_and_people(roster, absent, expected):
    report = score(roster, absent)

    actions = export.action_items(report.teams[0], report)

    assert any(a.startswith(expected) for a in actions), actions


def test_organisation_warnings_about_the_team_are_in_its_report():
    report = organisation()
    team = report.team("Personalisation")
    across = report.warnings[0]

    page = export.report_html(team, report, when=WHEN, draw=False)
    md = export.report_markdown(team, report, when=WHEN)

    assert escape(across.message) in page
    assert export.markdown_escape(across.message) in md
    assert any("Take work off Ravi Iyer across" in a for a in export.action_items(team, report))


def test_markdown_report_has_health_breakdown_coverage_warnings_and_actions():
    report = organisation()
    team = report.team("Personalisation")

    md = export.report_markdown(team, report, when=WHEN)

    assert md.startswith("# Personalisation · team report")
    assert DAY in md
    assert f"**Health:** {team.health}/100" in md
    assert f"**Bus factor:** {team.bus_factor}" in md
    assert "**Tier:** medium" in md
    for deduction in team.health_breakdown.deductions:
        points = (
            f"−{deduction.points}" if deduction.points else "0 (only the first 2 of a kind count)"
        )
        assert (
            f"| {export.markdown_escape(deduction.subject)} | {export.markdown_escape(points)} |"
            in md
        )
    assert f"| **Health** | | **{team.health}** |" in md
    assert "| Platform engineer | 1 person | Missing | 0 / 0\\.5 | nobody |" in md
    assert "| MLOps engineer | 1 person | Thin | 0\\.4 / 1 | Ravi Iyer |" in md
    for warning in team.warnings:
        assert export.markdown_escape(warning.message) in md
        assert export.markdown_escape(warning.advice) in md
    for action in export.action_items(team, report):
        assert f"- [ ] {export.markdown_escape(action)}" in md
    assert md.index("### Critical") < md.index("### Warning")


def test_html_report_has_health_breakdown_coverage_warnings_and_actions():
    report = organisation()
    team = report.team("Personalisation")

    page = export.report_html(team, report, when=WHEN, draw=False)

    assert f"<h1>{team.team}</h1>" in page
    assert f"Team report · {DAY}" in page
    for deduction in team.health_breakdown.deductions:
        assert escape(deduction.subject) in page
    for points in {d.points for d in team.health_breakdown.deductions if d.points}:
        expected = sum(1 for d in team.health_breakdown.deductions if d.points == points)
        assert page.count(f'<td class="num">−{points}</td>') == expected
    assert '<td class="num">0 (only the first 2 of a kind count)</td>' in page
    assert f'<tr class="total"><td>Health</td><td></td><td class="num">{team.health}' in page
    for warning in team.warnings:
        assert escape(warning.message) in page
        assert escape(warning.advice) in page
    for action in export.action_items(team, report):
        assert f"<li>{escape(action)}" in page
    assert '<span class="status missing">Missing</span>' in page
    assert page.index("critical · 3") < page.index("warning · 6")


def test_html_report_is_self_contained_and_printable_on_a4():
    report = score(load_roster(STARTUP))
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="6" height="8"></svg>'

    page = export.report_html(report.teams[0], report, when=WHEN, formation_svg=svg)

    assert 'src="data:image/svg+xml;base64,' in page
    assert "@page { size: A4" in page
    assert "@media print" in page
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", page)
    assert "<script" not in page
    assert "@import" not in page
    assert "url(" not in page


def test_absences_are_named_and_warnings_they_cause_marked():
    report = score(load_roster(STARTUP), ["Meghan Okafor"])
    team = report.teams[0]

    page = export.report_html(team, report, when=WHEN, draw=False)
    md = export.report_markdown(team, report, when=WHEN)

    assert "Away in this scenario:</b> Meghan Okafor" in page
    assert "only because Meghan Okafor is away" in page
    assert "**Away in this scenario:** Meghan Okafor" in md
    assert "*(only because Meghan Okafor is away)*" in md
    # Not required for a small team, but emptied by the absence: still in the table.
    assert "| MLOps engineer | 1 person | Missing | 0 / any | nobody |" in md


def test_a_team_without_warnings_says_so():
    report = score(load_roster(EXAMPLES_DIR / "healthy_medium.json"))
    team = report.teams[0]
    assert not [w for w in team.warnings if w.severity == Severity.critical]

    assert "No critical warnings" in export.report_markdown(team, report, when=WHEN)
    assert "No critical warnings" in export.report_html(team, report, when=WHEN, draw=False)


def test_a_long_report_switches_to_smaller_type_to_stay_on_one_page():
    heavy = score(load_roster(ENTERPRISE), ["Elena Popescu"])
    light = score(load_roster(STARTUP))

    heavy_page = export.report_html(heavy.teams[0], heavy, when=WHEN, draw=False)
    light_page = export.report_html(light.teams[0], light, when=WHEN, draw=False)

    assert '<main class="page dense">' in heavy_page
    assert '<main class="page">' in light_page


# --- User text stays text -------------------------------------------------------------


def test_html_report_escapes_every_user_string():
    report = evil_report()
    team = report.teams[0]

    page = export.report_html(team, report, when=WHEN, draw=False)

    assert EVIL not in page
    assert "<img src=x" not in page
    assert escape(EVIL) in page
    assert f"<h1>{escape(EVIL)}</h1>" in page


def test_markdown_report_escapes_every_user_string():
    report = evil_report()
    team = report.teams[0]

    md = export.report_markdown(team, report, when=WHEN)

    assert not re.search(r"(?<!\\)<img", md)
    assert "*x*" not in md
    assert md.startswith(f"# {export.markdown_escape(EVIL)} · team report")
    assert "\\*x\\*" in md


@pytest.mark.parametrize(
    "text",
    [EVIL, "*x*", "_x_", "[a](http://b.c)", "`x`", "a | b", "- x", "1. x", "# x", "&lt;", "x~~y~~"],
)
def test_markdown_escape_keeps_text_literal(text):
    escaped = export.markdown_escape(text)

    assert unescape_markdown(escaped) == text
    assert not re.search(r"(?<!\\)[<>*_`|\[\]&#~]", escaped)
    assert not re.match(r"\s*([-+=]|\d+[.)])", escaped)


# --- Command line ---------------------------------------------------------------------


def test_export_csv_rewrites_the_roster_with_formula_cells_neutralised(tmp_path):
    source = tmp_path / "team.csv"
    source.write_text(
        "team,name,fte,executive_sponsor,inside_out,data_scientist\n"
        "T,=HYPERLINK(1),1,0.1,0.5,\nT,Bob,1,,,1\n",
        encoding="utf-8",
    )
    target = tmp_path / "out.csv"

    code, out, _ = run("export", str(source), "--to", "csv", "--out", str(target))

    text = target.read_text(encoding="utf-8-sig")
    assert code == 0
    assert "wrote" in out
    assert "'=HYPERLINK(1)" in text
    assert read_csv_text(text, "out.csv") == load_roster(source)


def test_export_json_of_one_team_marks_the_absent_people(tmp_path):
    target = tmp_path / "out.json"

    code, _, _ = run(
        "export",
        str(ORGANISATION),
        "--to",
        "json",
        "--out",
        str(target),
        "--team",
        "ML Platform",
        "--absent",
        "Victor Chen",
    )

    data = json.loads(target.read_text(encoding="utf-8"))
    assert code == 0
    assert {p["team"] for p in data["people"]} == {"ML Platform"}
    assert [t["name"] for t in data["teams"]] == ["ML Platform"]
    assert [p["name"] for p in data["people"] if p["absent"]] == ["Victor Chen"]


def test_export_report_md_defaults_to_the_first_team(tmp_path):
    target = tmp_path / "report.md"

    code, _, _ = run(
        "export", str(ORGANISATION), "--to", "report-md", "--out", str(target), "--date", DAY
    )

    text = target.read_text(encoding="utf-8")
    assert code == 0
    assert text.startswith("# Demand Forecasting · team report")
    assert DAY in text


def test_export_html_writes_the_interactive_formation(tmp_path):
    target = tmp_path / "formation.html"

    code, _, _ = run("export", str(STARTUP), "--to", "html", "--out", str(target))

    assert code == 0
    assert "Plotly.newPlot" in target.read_text(encoding="utf-8")


@needs_chromium
def test_export_png(tmp_path, browser):
    target = tmp_path / "formation.png"

    code, _, _ = run("export", str(STARTUP), "--to", "png", "--out", str(target))

    assert code == 0
    assert png_size(target.read_bytes()) == (1600, 2000)


@needs_chromium
def test_export_png_landscape_is_a_full_hd_16_9_slide(tmp_path, browser):
    target = tmp_path / "formation-wide.png"

    code, out, _ = run("export", str(STARTUP), "--to", "png-landscape", "--out", str(target))

    assert code == 0, out
    assert png_size(target.read_bytes()) == (1920, 1080)


@needs_chromium
def test_export_svg_landscape_carries_the_legend(tmp_path, browser):
    target = tmp_path / "formation-wide.svg"

    code, _, _ = run("export", str(ENTERPRISE), "--to", "svg-landscape", "--out", str(target))

    assert code == 0
    root = ET.fromstring(target.read_bytes())
    assert (root.get("width"), root.get("height")) == ("1920", "1080")
    text = svg_text(target.read_bytes())
    assert "Claims Automation" in text and "Middle manager" in text


@needs_chromium
def test_export_svg(tmp_path, browser):
    target = tmp_path / "formation.svg"

    code, _, _ = run(
        "export", str(ORGANISATION), "--to", "svg", "--out", str(target), "--team", "ML Platform"
    )

    assert code == 0
    assert "ML Platform" in svg_text(target.read_bytes())


@needs_chromium
def test_export_report_html_embeds_the_formation(tmp_path, browser):
    target = tmp_path / "report.html"

    code, _, _ = run(
        "export", str(STARTUP), "--to", "report-html", "--out", str(target), "--date", DAY
    )

    page = target.read_text(encoding="utf-8")
    assert code == 0
    assert 'src="data:image/svg+xml;base64,' in page
    assert "No formation picture" not in page
    assert "Loopwise" in page


@needs_chromium
def test_export_report_pdf_is_one_a4_page(tmp_path, browser):
    target = tmp_path / "report.pdf"

    # The longest report of the examples: a large team with nine warnings.
    code, _, _ = run(
        "export", str(ENTERPRISE), "--to", "report-pdf", "--out", str(target),
        "--absent", "Elena Popescu",
    )  # fmt: skip

    data = target.read_bytes()
    assert code == 0
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", data)) == 1
    assert export.pdf_page_count(data) == 1
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert box is not None
    assert (round(float(box[1])), round(float(box[2]))) == (595, 842)  # A4 in points


def test_export_of_an_unknown_team_exits_2_and_lists_the_teams(tmp_path):
    code, _, err = run(
        "export", str(ORGANISATION), "--to", "png", "--out", str(tmp_path / "x.png"),
        "--team", "Nope",
    )  # fmt: skip

    assert code == 2
    assert "no team 'Nope'" in err
    assert "Demand Forecasting, Personalisation, ML Platform" in err
    assert not (tmp_path / "x.png").exists()


def test_export_with_an_unknown_absence_exits_2(tmp_path):
    code, _, err = run(
        "export", str(STARTUP), "--to", "csv", "--out", str(tmp_path / "x.csv"),
        "--absent", "Nobody",
    )  # fmt: skip

    assert code == 2
    assert "Nobody" in err


def test_export_to_a_folder_that_does_not_exist_exits_2(tmp_path):
    code, _, err = run(
        "export", str(STARTUP), "--to", "report-md", "--out", str(tmp_path / "no" / "r.md")
    )

    assert code == 2
    assert "cannot write here" in err


def test_export_of_a_broken_file_exits_2(tmp_path):
    broken = tmp_path / "team.csv"
    broken.write_text("name,fte\nAnn,abc\n", encoding="utf-8")

    code, _, err = run("export", str(broken), "--to", "csv", "--out", str(tmp_path / "x.csv"))

    assert code == 2
    assert "'abc' is not a number" in err


def test_export_of_an_image_without_chromium_exits_2_with_the_fix(tmp_path, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    monkeypatch.setattr(kaleido_browser, "_shared", None)

    code, _, err = run("export", str(STARTUP), "--to", "png", "--out", str(tmp_path / "x.png"))

    assert code == 2
    assert err == "image export needs Chromium: apt-get install chromium\n"


def test_every_template_is_shipped_as_package_data():
    import fnmatch
    import tomllib
    from pathlib import Path

    root = Path(export.__file__).parent
    project = tomllib.loads((root.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = project["tool"]["setuptools"]["package-data"]["teambuilder.export"]
    templates = [p.relative_to(root).as_posix() for p in (root / "templates").iterdir()]

    assert {"templates/report.html.j2", "templates/report.css"} <= set(templates)
    for name in templates:
        assert any(fnmatch.fnmatch(name, pattern) for pattern in patterns), name
    assert "jinja2>=3.1" in project["project"]["dependencies"]


@pytest.mark.parametrize(
    "name", ["<b>x</b>", "http://evil.example", ":material/home:", "=1+1", "{{ 7*7 }}"]
)
def test_a_hostile_team_name_is_plain_text_in_every_report(name):
    roster = make_roster(make_person("Ann", team=name, tech_lead=1.0))
    report = score(roster)
    team = report.teams[0]

    page = export.report_html(team, report, when=WHEN, draw=False)
    md = export.report_markdown(team, report, when=WHEN)

    assert f"<h1>{escape(name)}</h1>" in page
    assert "<b>x</b>" not in page
    assert "49" not in page.split("<h1>", 1)[1].split("</h1>", 1)[0]  # no template code ran
    assert md.startswith(f"# {export.markdown_escape(name)} · team report")
    assert unescape_markdown(md.splitlines()[0]) == f"# {name} · team report"


def test_images_are_drawn_by_the_chromium_the_check_and_the_pdf_find(monkeypatch):
    opened = []

    class Recorder:
        def __init__(self, path):
            opened.append(path)

        def close(self):
            pass

    monkeypatch.setenv("BROWSER_PATH", "/bin/sh")
    monkeypatch.setattr(kaleido_browser, "_Browser", Recorder)
    monkeypatch.setattr(kaleido_browser, "_shared", None)

    with export.image_session():
        pass

    assert export.chromium_available()
    assert opened == [export.chromium.find_chromium()] == ["/bin/sh"]


def test_the_one_page_report_in_each_format_is_what_its_own_maker_writes():
    report = organisation()
    team_report = report.teams[0]
    resilience = export.team_resilience(load_roster(ORGANISATION), team_report.team)
    inputs = export.ReportInputs(team_report, report, when=date(2026, 12, 2), resilience=resilience)

    markdown = export.one_page_report("md", inputs)
    html = export.one_page_report("html", inputs)

    made = {"when": date(2026, 12, 2), "resilience": resilience}
    assert markdown == export.report_markdown(team_report, report, **made).encode("utf-8")

    # The pitch is embedded as an SVG whose clip-path ids plotly draws at random.
    def without_pitch(page: bytes) -> str:
        return re.sub(r"data:image/svg\+xml;base64,[A-Za-z0-9+/=]+", "PITCH", page.decode())

    expected_html = export.report_html(team_report, report, **made).encode("utf-8")
    assert without_pitch(html) == without_pitch(expected_html)
    assert "PITCH" in without_pitch(html)
    assert "Resilience" in markdown.decode("utf-8")


def test_an_unknown_report_kind_names_the_kinds_there_are():
    report = organisation()
    inputs = export.ReportInputs(report.teams[0], report)

    with pytest.raises(ValueError, match="md, html, pdf"):
        export.one_page_report("docx", inputs)  # type: ignore[arg-type]
