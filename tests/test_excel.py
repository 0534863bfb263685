"""Excel rosters: the first sheet read like a CSV, and every way a workbook can be refused.

Workbooks are built here with openpyxl (no binary fixtures); odd ones by rewriting the
XML parts of a real one.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teambuilder.catalogue import EXAMPLES_DIR, catalogue
from teambuilder.io import xlsx_guards
from teambuilder.models import Background, Person, Roster
from teambuilder.roster_io import (
    MAX_BYTES,
    MAX_XLSX_COLUMNS,
    MAX_XLSX_UNPACKED_BYTES,
    Problem,
    RosterError,
    load_roster,
    read_csv_bytes,
    read_xlsx_bytes,
    roster_from_bytes,
    roster_to_csv,
)
from teambuilder.validation import BASE_COLUMNS, WHITESPACE, escape_formula
from tests.test_roster_io import allocation_values, fte_values, tricky_prefix

POSITIONS = catalogue().position_ids
Cell = object


def workbook(*rows: Sequence[Cell], title: str = "Roster", more_sheets: int = 0) -> bytes:
    """An .xlsx whose first sheet holds ``rows``; text is always text, never a formula."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row_number, row in enumerate(rows, start=1):
        for column_number, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = sheet.cell(row_number, column_number)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"
    for index in range(more_sheets):
        book.create_sheet(f"Other {index + 1}").append(["not", "a", "roster"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_part(xlsx: bytes, name: str, content: bytes) -> bytes:
    """The workbook with one part replaced (or added)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            if entry.filename != name:
                target.writestr(entry.filename, source.read(entry))
        target.writestr(name, content)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def sheet_xml(rows: str, *, dimension: str | None = "A1:C3", before: str = "") -> bytes:
    size = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{before}<worksheet xmlns="{MAIN}">{size}'
        f"<sheetData>{rows}</sheetData></worksheet>"
    ).encode()


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER_ROW = f'<row r="1">{text_cell("A1", "name")}{text_cell("B1", "fte")}</row>'


def with_sheet(rows: str, *, dimension: str | None = "A1:C3") -> bytes:
    return with_part(workbook(["name", "fte"]), SHEET, sheet_xml(rows, dimension=dimension))


def problems_of(data: bytes, filename: str = "team.xlsx") -> list[Problem]:
    with pytest.raises(RosterError) as caught:
        roster_from_bytes(data, filename)
    return caught.value.problems


def only_problem(data: bytes, filename: str = "team.xlsx") -> Problem:
    problems = problems_of(data, filename)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


# --- Reading ------------------------------------------------------------------------


def test_a_workbook_reads_exactly_like_the_same_table_as_csv() -> None:
    header = ["team", "name", "title", "fte", "background", "reports_to", "absent", "tech_lead"]
    rows = [
        ["Loopwise", "Priya Nair", "CTO", 1, "tech", None, False, 0.3],
        ["Loopwise", "Meghan Okafor", "MLOps Engineer", 0.8, "Tech", "Priya Nair", True, None],
        [None, "Tom Becker", None, "0.5", None, "Priya Nair", "no", 0],
    ]
    text = "\n".join(
        [
            ",".join(header),
            "Loopwise,Priya Nair,CTO,1,tech,,false,0.3",
            "Loopwise,Meghan Okafor,MLOps Engineer,0.8,Tech,Priya Nair,true,",
            ",Tom Becker,,0.5,,Priya Nair,no,0",
        ]
    )

    from_excel = read_xlsx_bytes(workbook(header, *rows), "team.xlsx")

    assert from_excel == read_csv_bytes(text.encode(), "team.csv")
    assert [p.team for p in from_excel.people] == ["Loopwise"] * 3


def test_the_file_name_is_the_team_when_the_sheet_has_no_team_column() -> None:
    roster = read_xlsx_bytes(
        workbook(["Name", "FTE", "ML Engineer"], ["Ann", 1, 0.5]), "x/Fraud.xlsx"
    )

    assert (roster.people[0].team, roster.people[0].allocations) == ("Fraud", {"ml_engineer": 0.5})


def test_blank_rows_and_columns_around_the_table_are_skipped() -> None:
    data = workbook([], [None, None], ["name", "fte", None, "title"], [], ["Ann", 1, None, "Lead"])

    roster = read_xlsx_bytes(data, "team.xlsx")

    assert [(p.name, p.title) for p in roster.people] == [("Ann", "Lead")]


def test_only_the_first_sheet_is_read() -> None:
    roster = read_xlsx_bytes(workbook(["name", "fte"], ["Ann", 1], more_sheets=2), "t.xlsx")

    assert [p.name for p in roster.people] == ["Ann"]


def test_a_number_in_a_text_column_is_read_as_its_text() -> None:
    roster = read_xlsx_bytes(workbook(["name", "fte", "title"], [42, 1, 3.5]), "t.xlsx")

    assert (roster.people[0].name, roster.people[0].title) == ("42", "3.5")


def test_a_formula_counts_as_the_value_excel_saved_and_is_never_run() -> None:
    rows = (
        HEADER_ROW + '<row r="2"><c r="A2" t="str"><f>"A"&amp;"nn"</f><v>Ann</v></c>'
        '<c r="B2"><f>1/2</f><v>0.5</v></c></row>'
        '<row r="3"><c r="A3" t="str"><f>A2</f><v>Bob</v></c><c r="B3"><f>1/0</f><v>1</v></c></row>'
    )

    roster = read_xlsx_bytes(with_sheet(rows), "t.xlsx")

    assert [(p.name, p.fte) for p in roster.people] == [("Ann", 0.5), ("Bob", 1.0)]


def test_a_formula_never_calculated_reads_as_blank() -> None:
    book = openpyxl.Workbook()  # openpyxl saves formulas without a calculated value
    sheet = book.active
    assert sheet is not None
    sheet.append(["name", "fte"])
    sheet.append(["Ann", "=1/2"])
    out = io.BytesIO()
    book.save(out)

    problem = only_problem(out.getvalue())

    assert (problem.row, problem.column) == (2, "fte")
    assert problem.message.startswith("FTE is empty")


def test_load_roster_and_uploads_accept_xlsx(tmp_path: Path) -> None:
    data = workbook(["name", "fte"], ["Ann", 1])
    (tmp_path / "team.XLSX").write_bytes(data)

    assert load_roster(tmp_path / "team.XLSX") == roster_from_bytes(data, "team.xlsx")


def excel_cell(text: str) -> Cell:
    """A CSV cell as a person would type it into Excel: numbers become numbers."""
    if not text:
        return None
    try:
        return int(text) if text.isdigit() else float(text)
    except ValueError:
        return text


@pytest.mark.parametrize("path", sorted(EXAMPLES_DIR.iterdir()), ids=lambda p: p.name)
def test_every_example_roster_survives_a_trip_through_a_workbook(path: Path) -> None:
    roster = load_roster(path)
    rows = list(csv.reader(io.StringIO(roster_to_csv(roster))))
    typed = [rows[0], *[[excel_cell(cell) for cell in row] for row in rows[1:]]]

    from_excel = read_xlsx_bytes(workbook(*typed), path.stem + ".xlsx")

    assert from_excel.people == roster.people


def excel_precision(roster: Roster) -> Roster:
    """The roster with numbers to 15 significant digits, all that Excel keeps."""

    def rounded(value: float) -> float:
        return float(f"{value:.15g}")

    people = [
        p.model_copy(
            update={
                "fte": rounded(p.fte),
                "allocations": {pid: rounded(a) for pid, a in p.allocations.items()},
            }
        )
        for p in roster.people
    ]
    return roster.model_copy(update={"people": tuple(people)})


# Excel cells hold no control characters but tab and line feed (XML turns a lone CR
# into a line feed).
cell_characters = st.characters(exclude_categories=["Cs", "Cc"]) | st.sampled_from("\t\n")


def cell_text(max_size: int) -> st.SearchStrategy[str]:
    return st.builds(
        lambda a, b: (a + b).strip(WHITESPACE)[:max_size].strip(WHITESPACE),
        tricky_prefix,
        st.text(cell_characters, max_size=20),
    )


@st.composite
def excel_rosters(draw: st.DrawFn) -> Roster:
    """Consistent rosters of what Excel cells can hold (see tests.test_roster_io.rosters)."""
    names = draw(st.lists(cell_text(120).filter(bool), min_size=1, max_size=5, unique=True))
    teams = draw(st.lists(cell_text(120).filter(bool), min_size=1, max_size=3, unique=True))
    people = []
    for index, name in enumerate(names):
        fte = draw(fte_values)
        reports_to = draw(st.none() | st.sampled_from(names[:index])) if index else None
        for team in draw(st.lists(st.sampled_from(teams), min_size=1, max_size=2, unique=True)):
            person = Person(
                team=team,
                name=name,
                title=draw(cell_text(200)),
                fte=fte,
                background=draw(st.none() | st.sampled_from(list(Background))),
                reports_to=reports_to,
                absent=draw(st.booleans()),
                allocations=draw(
                    st.dictionaries(st.sampled_from(POSITIONS), allocation_values, max_size=4)
                ),
            )
            people.append(person)
    return excel_precision(Roster(people=tuple(draw(st.permutations(people)))))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(excel_rosters())
def test_any_roster_written_cell_by_cell_reads_back_the_same(roster: Roster) -> None:
    header = [*BASE_COLUMNS, *POSITIONS]
    rows = [
        [
            escape_formula(p.team),
            escape_formula(p.name),
            escape_formula(p.title),
            p.fte,
            p.background.value if p.background else None,
            escape_formula(p.reports_to or ""),
            p.absent,
            *(p.allocations.get(pid) for pid in POSITIONS),
        ]
        for p in roster.people
    ]

    assert read_xlsx_bytes(workbook(header, *rows), "r.xlsx") == roster


# --- Bad cells: every problem names the Excel row and the column ---------------------

FTE_RULE = "above 0 and at most 1"
DATE_HINT = "format the cell as Number or Text"

BAD_CELLS = [
    pytest.param([["Ann", "abc"]], 2, "fte", ["'abc' is not a number", FTE_RULE], id="fte text"),
    pytest.param([["Ann", 1.5]], 2, "fte", ["1.5 is more than 1"], id="fte above one"),
    pytest.param([["Ann", -1]], 2, "fte", ["-1 is not above 0"], id="fte negative"),
    pytest.param([["Ann", None]], 2, "fte", ["FTE is empty"], id="fte blank"),
    pytest.param([["Ann", True]], 2, "fte", ["true is not a number"], id="fte a tick box"),
    pytest.param([["Ann", "#DIV/0!"]], 2, "fte", ["'#DIV/0!' is not a number"], id="fte error"),
    pytest.param(
        [["Ann", datetime.datetime(2024, 1, 2)]],
        2,
        "fte",
        ["the date 2024-01-02", DATE_HINT, FTE_RULE],
        id="fte a date",
    ),
    pytest.param(
        [["Ann", datetime.time(12, 0)]], 2, "fte", ["the time 12:00:00", DATE_HINT], id="fte a time"
    ),
    pytest.param(
        [["Ann", 1, None, datetime.datetime(2024, 5, 1, 9, 30)]],
        2,
        "tech_lead",
        ["the date and time 2024-05-01 09:30:00", "a number from 0 to 1"],
        id="allocation a date",
    ),
    pytest.param(
        [["Ann", 1, datetime.date(2024, 1, 5)]],
        2,
        "title",
        ["the date 2024-01-05", DATE_HINT, "at most 200"],
        id="title a date",
    ),
    pytest.param([[True, 1]], 2, "name", ["true is not text"], id="name a tick box"),
    pytest.param([["Ann", 1, None, 2]], 2, "tech_lead", ["2 is more than 1"], id="allocation"),
    pytest.param(
        [["Ann", 1, None, None, "maybe"]], 2, "absent", ["not a yes/no value"], id="absent"
    ),
    pytest.param(
        [["Ann", 1], ["Bob", 1], ["Ann", 1]],
        4,
        "name",
        ["already in team 'team' on row 2"],
        id="person twice",
    ),
    pytest.param(
        [["Ann", 1, None, None, None, None, "note"]],
        2,
        "G",
        ["'note' is in column G, which has no name in the header (row 1)"],
        id="cell beyond the header",
    ),
]


@pytest.mark.parametrize(("rows", "row", "column", "fragments"), BAD_CELLS)
def test_a_bad_cell_gets_one_problem_naming_excel_row_and_column(
    rows: list[list[Cell]], row: int, column: str, fragments: list[str]
) -> None:
    header = ["name", "fte", "title", "tech_lead", "absent"]

    problem = only_problem(workbook(header, *rows))

    assert (problem.source, problem.row, problem.column) == ("team.xlsx", row, column)
    assert str(problem).startswith(f"team.xlsx, row {row}, column {column!r}: ")
    for fragment in fragments:
        assert fragment in problem.message


def test_a_problem_reads_as_one_line_with_the_excel_row_number() -> None:
    data = workbook(["Team roster, March"], [], ["name", "fte"], ["Ann", 1], ["Bob", "half"])

    problems = problems_of(data)

    assert [str(p) for p in problems] == [
        "team.xlsx, row 1: the first row with anything in it should be the header (name, "
        "fte and the other columns), but none of its cells is a column name; add a header "
        "row, or delete any title rows above it"
    ]
    assert str(only_problem(workbook([], ["name", "fte"], ["Ann", 1], ["Bob", "half"]))) == (
        "team.xlsx, row 4, column 'fte': 'half' is not a number; "
        "FTE is a number above 0 and at most 1 (e.g. 0.5)"
    )


def test_every_problem_of_a_sheet_is_reported_in_row_order() -> None:
    data = workbook(
        ["name", "fte", "tech_lead", "bogus"],
        ["Ann", datetime.date(2024, 1, 1), 0.5],
        ["Bob", 1, 2],
        ["Cy", 0, None],
    )

    problems = problems_of(data)

    assert [(p.row, p.column) for p in problems] == [
        (1, "bogus"),
        (2, "fte"),
        (3, "tech_lead"),
        (4, "fte"),
    ]


# --- Refused workbooks: each with a reason in plain words ----------------------------


def zipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    b'<sst xmlns="' + MAIN.encode() + b'"><si><t>&lol2;</t></si></sst>'
)


def refused() -> list[object]:
    valid = workbook(["name", "fte"], ["Ann", 1])
    return [
        pytest.param(b"", ["the file is empty"], id="empty file"),
        pytest.param(
            b"name,fte\nAnn,1\n",
            ["not an Excel .xlsx workbook", "looks like text", "name it .csv"],
            id="csv named xlsx",
        ),
        pytest.param(
            b"\x89PNG\r\n\x1a\n" + bytes(100), ["not an Excel .xlsx workbook"], id="an image"
        ),
        pytest.param(valid[: len(valid) // 2], ["damaged or cut short"], id="truncated"),
        pytest.param(b"PK\x03\x04" + bytes(60), ["damaged or cut short"], id="corrupt zip"),
        pytest.param(
            zipped({"notes.txt": b"hi"}), ["zip archive, but not an Excel"], id="plain zip"
        ),
        pytest.param(OLE2 + b"Workbook", ["old Excel 97-2003 workbook (.xls)"], id="xls"),
        pytest.param(
            OLE2 + "EncryptionInfo\x00EncryptedPackage".encode("utf-16-le"),
            ["protected with a password", "remove the password"],
            id="encrypted",
        ),
        pytest.param(
            zipped(
                {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b""}
            ),
            ["OpenDocument spreadsheet (.ods)"],
            id="ods",
        ),
        pytest.param(
            zipped({"[Content_Types].xml": b"", "xl/workbook.bin": b""}),
            ["binary Excel workbook (.xlsb)"],
            id="xlsb",
        ),
        pytest.param(
            with_part(valid, "xl/workbook.xml", b"<workbook><sheets><sheet"),
            ["damaged", "save it again"],
            id="broken workbook part",
        ),
        pytest.param(
            with_part(valid, SHEET, sheet_xml(HEADER_ROW + '<row r="2"><c r="A2"')),
            ["damaged", "save it again"],
            id="broken sheet",
        ),
        pytest.param(workbook(), ["the first sheet ('Roster') is empty"], id="empty workbook"),
        pytest.param(
            workbook([None], [" "], title="Leeg"), ["the first sheet ('Leeg') is empty"], id="blank"
        ),
        pytest.param(
            workbook(["Ann", 1], ["Bob", 0.5]), ["should be the header"], id="no header row"
        ),
        pytest.param(
            workbook(["name", "title"], ["Ann", "Lead"]), ["no 'fte' column"], id="no fte column"
        ),
        pytest.param(
            workbook(["name", "fte", *[f"c{i}" for i in range(MAX_XLSX_COLUMNS - 1)]]),
            ["a cell in column GS", f"at most {MAX_XLSX_COLUMNS} columns"],
            id="too many columns",
        ),
        pytest.param(
            with_part(valid, "xl/sharedStrings.xml", BILLION_LAUGHS),
            ["spreadsheet programs do not write", "document type declaration"],
            id="entity expansion",
        ),
        pytest.param(
            with_part(valid, SHEET, sheet_xml(HEADER_ROW, before="<!--" + "x" * 1_000_001 + "-->")),
            ["a single tag or text of over 1 MB"],
            id="long comment",
        ),
        pytest.param(
            with_part(valid, SHEET, sheet_xml(f'<row r="1" x="{"a" * 1_000_001}"/>')),
            ["a single tag or text of over 1 MB"],
            id="long tag",
        ),
        pytest.param(
            with_part(valid, SHEET, sheet_xml('<row r="1">' + "<c/>" * 20_001 + "</row>")),
            ["a row of over 20,000 tags"],
            id="wide row",
        ),
        pytest.param(
            with_part(valid, SHEET, sheet_xml(HEADER_ROW).decode().encode("utf-16")),
            ["sheet1.xml is UTF-16"],
            id="utf-16 part",
        ),
    ]


@pytest.mark.parametrize(("data", "fragments"), refused())
def test_a_workbook_that_cannot_be_read_is_refused_with_a_reason(
    data: bytes, fragments: list[str]
) -> None:
    problem = only_problem(data)

    assert problem.source == "team.xlsx"
    for fragment in fragments:
        assert fragment in problem.message


def test_a_password_protected_zip_is_refused() -> None:
    data = bytearray(workbook(["name", "fte"], ["Ann", 1]))
    # Set the "encrypted" flag of every entry, in the local and the central headers.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.find(signature)
        while start != -1:
            data[start + offset] |= 0x01
            start = data.find(signature, start + 4)

    assert "password-protected zip archive" in only_problem(bytes(data)).message


def test_a_file_above_the_size_limit_is_refused_unread() -> None:
    problem = only_problem(b"PK" + bytes(MAX_BYTES))

    assert f"at most {MAX_BYTES:,} bytes" in problem.message


def test_rows_past_the_limit_are_refused_even_when_they_look_empty(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(xlsx_guards, "MAX_XLSX_ROWS", 5)
    rows = HEADER_ROW + '<row r="2">' + text_cell("A2", "Ann") + '<c r="B2"><v>1</v></c></row>'
    formatted = with_sheet(rows + '<row r="9" s="1" customFormat="1"/>')

    problem = only_problem(formatted)

    assert (problem.row, problem.record) == (6, "row 6")
    assert "goes on past row 5" in problem.message
    assert read_xlsx_bytes(with_sheet(rows + '<row r="5"/>'), "t.xlsx").people[0].name == "Ann"


def test_a_sheet_without_its_size_and_too_many_rows_is_refused_before_parsing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(xlsx_guards, "MAX_XLSX_ROWS", 5)
    rows = HEADER_ROW + "".join(f'<row r="{n}"/>' for n in range(2, 9))

    problem = only_problem(with_sheet(rows, dimension=None))

    assert "(xl/worksheets/sheet1.xml) has more than 5 rows" in problem.message


def test_a_workbook_with_too_many_tags_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_guards, "MAX_XLSX_TAGS", 100)
    rows = [["name", "fte"], *[[f"P{i}", 1] for i in range(30)]]

    assert "more than 100 XML tags" in only_problem(workbook(*rows)).message


def test_a_real_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    bomb = with_part(workbook(["name", "fte"]), SHEET, b"<" + b" " * (60 * 1024 * 1024))

    message = only_problem(bomb).message

    assert len(bomb) < 200_000
    assert "unpacks to 62,9" in message
    assert f"at most {MAX_XLSX_UNPACKED_BYTES:,}" in message


# --- Fuzzing: any bytes named .xlsx give a Roster or a RosterError ----------------------


def outcome(data: bytes) -> None:
    try:
        result = read_xlsx_bytes(data, "fuzz.xlsx")
    except RosterError as error:
        assert error.problems
        assert all(p.message for p in error.problems)
    else:
        assert isinstance(result, Roster)


VALID = workbook(
    ["team", "name", "fte", "tech_lead", "absent"], ["T", "Ann", 1, 0.5, False], ["T", "Bob", 0.5]
)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600) | st.binary(max_size=600).map(lambda b: b"PK\x03\x04" + b))
def test_any_bytes_named_xlsx_give_a_roster_or_a_roster_error(data: bytes) -> None:
    outcome(data)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 255)), min_size=1, max_size=8
    ),
    st.integers(1, len(VALID)),
)
def test_a_damaged_workbook_gives_a_roster_or_a_roster_error(
    changes: list[tuple[int, int]], length: int
) -> None:
    data = bytearray(VALID)
    for position, byte in changes:
        data[position] = byte

    outcome(bytes(data[:length]))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.lists(
            st.none()
            | st.booleans()
            | st.integers(-5, 5)
            | st.floats(allow_nan=False, allow_infinity=False)
            | st.dates(min_value=datetime.date(1900, 3, 1))
            | st.sampled_from(["", " ", "Ann", "0.5", "tech", "yes", "=x", "'=x", "#N/A"]),
            max_size=6,
        ),
        max_size=6,
    ),
    st.lists(st.sampled_from([*BASE_COLUMNS, *POSITIONS, "bogus", "", "Name"]), max_size=6),
)
def test_sheet_shaped_noise_gives_a_roster_or_a_roster_error(
    rows: list[list[Cell]], header: list[str]
) -> None:
    outcome(workbook(header, *rows))


def test_openpyxl_parses_workbooks_with_defusedxml() -> None:
    # defusedxml is a dependency so that openpyxl's own parser refuses entity
    # declarations too, behind the byte-level guard of teambuilder.io.xlsx_guards.
    import openpyxl
    import openpyxl.xml.functions

    assert openpyxl.DEFUSEDXML is True
    assert openpyxl.xml.functions.iterparse.__module__.startswith("defusedxml")
