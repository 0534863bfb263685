"""JSON roster files: the :class:`~teambuilder.models.Roster` model, team settings and people.

Problems name the record (``people[3] ('Meghan')``) and the field; the document is
refused before it is validated when it holds more records, objects or keys than a
roster can need.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from teambuilder.catalogue import Catalogue, catalogue
from teambuilder.collector import collector_paused
from teambuilder.io.cells import WHITESPACE, format_number, shown
from teambuilder.io.checks import (
    MAX_UNKNOWN_IDS,
    iter_roster_problems,
    more_unknown,
    unknown_position,
)
from teambuilder.io.columns import closest, help_for
from teambuilder.io.guards import MAX_ROWS, check_text, decode, fail
from teambuilder.io.problems import Problem, ProblemLog, RosterError
from teambuilder.models import (
    AcceptedRisk,
    HrImportRecord,
    Person,
    Roster,
    TeamSettings,
    WorkshopResults,
)

__all__ = [
    "MAX_JSON_CONTAINERS",
    "MAX_JSON_KEYS",
    "json_schema",
    "read_json_bytes",
    "read_json_text",
    "roster_to_json",
]

# Objects and lists in a JSON roster: a person is two (itself and its allocations).
MAX_JSON_CONTAINERS = 5 * MAX_ROWS
# Keys in one JSON object: a person has 8 fields, allocations one per position.
MAX_JSON_KEYS = 100


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the JSON roster format."""
    return Roster.model_json_schema()


def read_json_bytes(data: bytes, source: str, *, cat: Catalogue | None = None) -> Roster:
    """Read JSON bytes (UTF-8, with or without a BOM); see :func:`read_json_text`."""
    return read_json_text(decode(data, source), source, cat=cat)


@collector_paused()
def read_json_text(text: str, source: str, *, cat: Catalogue | None = None) -> Roster:
    """Read a JSON roster: ``{"teams": [...], "people": [...]}`` (``teams`` optional).

    Position ids are those of ``cat`` (default: the loaded catalogue).
    """
    text = check_text(text, source)
    containers = text.count("{") + text.count("[")
    if containers > MAX_JSON_CONTAINERS:
        raise fail(
            source,
            f"this JSON holds {containers:,} objects and lists (counting braces and "
            f"brackets), more than a roster of at most {MAX_ROWS:,} people can need; split "
            "it by team",
        )
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        if len(items) > MAX_JSON_KEYS:
            raise _TooManyKeys(len(items))
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                duplicates.append(key)
            result[key] = value
        return result

    def constant(name: str) -> Any:
        raise ValueError(f"{name} is not a number JSON allows")

    try:
        document = json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except json.JSONDecodeError as error:
        raise RosterError(
            [
                Problem(
                    source,
                    error.lineno,
                    None,
                    f"this is not valid JSON: {error.msg} (line {error.lineno}, "
                    f"character {error.colno})",
                    kind="json",
                )
            ]
        ) from None
    except _TooManyKeys as error:
        raise fail(
            source,
            f"an object in this JSON holds {error.count:,} keys, more than a roster can need "
            f"(at most {MAX_JSON_KEYS}: a person has 8 fields and one allocation per position)",
        ) from None
    except (ValueError, RecursionError) as error:
        message = str(error) if isinstance(error, ValueError) else "it is nested too deeply"
        raise fail(source, f"this is not valid JSON: {message}") from None
    return _roster_from_document(document, duplicates, source, cat)


class _TooManyKeys(Exception):
    def __init__(self, count: int) -> None:
        super().__init__(count)
        self.count = count


_ROSTER_FIELDS = ("teams", "people", "accepted_risks", "workshops", "hr_import")


def _roster_from_document(
    document: object, duplicates: list[str], source: str, cat: Catalogue | None = None
) -> Roster:
    cat = cat or catalogue()
    problems = ProblemLog(lambda _: (0, 0))

    def add(order: tuple[int, int], record: str | None, field: str | None, message: str) -> None:
        problems.add(Problem(source, None, field, message, record, kind="json"), order)

    for key in dict.fromkeys(duplicates):
        add((0, 0), None, key, "this key appears twice in one object; keep one")
    if not isinstance(document, dict):
        add(
            (0, 0),
            None,
            None,
            'the top level must be an object: {"teams": [...], "people": [...]}',
        )
        raise problems.error()
    for key in document:
        if key not in _ROSTER_FIELDS:
            add(
                (0, 0),
                None,
                key,
                f"unknown field{closest(key, _ROSTER_FIELDS)}; a roster has 'people' "
                "and, optionally, 'teams', 'accepted_risks', 'workshops' and 'hr_import'",
            )
    teams_raw = document.get("teams", [])
    people_raw = document.get("people", [])
    risks_raw = document.get("accepted_risks", [])
    workshops_raw = document.get("workshops", [])
    sections = (
        ("teams", teams_raw),
        ("people", people_raw),
        ("accepted_risks", risks_raw),
        ("workshops", workshops_raw),
    )
    for name, value in sections:
        if not isinstance(value, list):
            add((0, 0), None, name, f"{shown(value)} is not a list; {name} is a list of objects")
    teams_raw = teams_raw if isinstance(teams_raw, list) else []
    people_raw = people_raw if isinstance(people_raw, list) else []
    risks_raw = risks_raw if isinstance(risks_raw, list) else []
    workshops_raw = workshops_raw if isinstance(workshops_raw, list) else []
    for name, items in (
        ("teams", teams_raw),
        ("people", people_raw),
        ("accepted_risks", risks_raw),
        ("workshops", workshops_raw),
    ):
        if len(items) > MAX_ROWS:
            add(
                (0, 0),
                None,
                name,
                f"the list holds {len(items):,} entries, more than a roster of at most "
                f"{MAX_ROWS:,} people can need; split it by team",
            )
            raise problems.error()

    team_labels = [_label("teams", i, item) for i, item in enumerate(teams_raw)]
    person_labels = [_label("people", i, item) for i, item in enumerate(people_raw)]
    teams: list[TeamSettings] = []
    team_index: list[int] = []
    for i, item in enumerate(teams_raw):
        try:
            teams.append(TeamSettings.model_validate(item))
            team_index.append(i)
        except ValidationError as error:
            for detail in error.errors():
                add((1, i), team_labels[i], *_explain(detail, TeamSettings, cat))
            for field, message in _unknown_ids(item, "critical_positions", cat):
                add((1, i), team_labels[i], field, message)
    people, person_index, failed_names = _validate_people(people_raw)
    for i, details in failed_names.items():
        for detail in details:
            add((2, i), person_labels[i], *_explain(detail, Person, cat))
        for field, message in _unknown_ids(people_raw[i], "allocations", cat):
            add((2, i), person_labels[i], field, message)

    known = {
        item["name"].strip(WHITESPACE)
        for i, item in enumerate(people_raw)
        if i in failed_names and isinstance(item, dict) and isinstance(item.get("name"), str)
    }
    risks: list[AcceptedRisk] = []
    team_names = {t.name for t in teams} | {p.team for p in people}
    for i, item in enumerate(risks_raw):
        label = f"accepted_risks[{i}]"
        try:
            risk = AcceptedRisk.model_validate(item)
        except ValidationError as error:
            for detail in error.errors():
                add((3, i), label, *_explain(detail, AcceptedRisk, cat))
            continue
        if risk.team not in team_names:
            add((3, i), label, "team", f"'{risk.team}' is not a team of this roster")
            continue
        risks.append(risk)
    workshops: list[WorkshopResults] = []
    for i, item in enumerate(workshops_raw):
        try:
            workshops.append(WorkshopResults.model_validate(item))
        except ValidationError as error:
            for detail in error.errors():
                add((4, i), f"workshops[{i}]", *_explain(detail, WorkshopResults, cat))
    hr_import = _hr_import(document.get("hr_import"), add, cat)
    roster = Roster(
        teams=tuple(teams),
        people=tuple(people),
        accepted_risks=tuple(risks),
        workshops=tuple(workshops),
        hr_import=hr_import,
    )
    for issue in iter_roster_problems(
        roster,
        person_label=lambda i: person_labels[person_index[i]],
        team_label=lambda i: team_labels[team_index[i]],
        also_known=known,
        cat=cat,
    ):
        if issue.section == "people":
            original = person_index[issue.index]
            add((2, original), person_labels[original], issue.field, issue.message)
        else:
            original = team_index[issue.index]
            add((1, original), team_labels[original], issue.field, issue.message)
    if problems:
        raise problems.error()
    return roster


def _hr_import(
    raw: object, add: Callable[[tuple[int, int], str | None, str | None, str], None], cat: Catalogue
) -> HrImportRecord | None:
    """The optional ``hr_import`` section: how the HR export was read (or None)."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        add(
            (5, 0),
            None,
            "hr_import",
            f"{shown(raw)} is not an object; hr_import is an object with fields "
            + ", ".join(HrImportRecord.model_fields),
        )
        return None
    try:
        return HrImportRecord.model_validate(raw)
    except ValidationError as error:
        for order, detail in enumerate(error.errors()):
            field, message = _explain(detail, HrImportRecord, cat)
            add((5, order), "hr_import", field, message.removeprefix("Value error, "))
        return None


def _unknown_ids(item: object, field: str, cat: Catalogue) -> Iterator[tuple[str, str]]:
    """Unknown position ids in a record that failed validation, so they show up too."""
    if not isinstance(item, Mapping):
        return iter(())
    value = item.get(field)
    ids = list(value) if isinstance(value, Mapping | list) else []
    valid = cat.position_ids
    unknown = [pid for pid in ids if isinstance(pid, str) and pid not in valid]
    found = (
        (f"{field}.{pid}" if field == "allocations" else field, unknown_position(pid, cat))
        for pid in unknown[:MAX_UNKNOWN_IDS]
    )
    if len(unknown) <= MAX_UNKNOWN_IDS:
        return found
    return itertools.chain(found, [(field, more_unknown(unknown, cat))])


_PEOPLE: TypeAdapter[list[Person]] = TypeAdapter(list[Person])


def _validate_people(
    items: list[Any],
) -> tuple[list[Person], list[int], dict[int, list[ErrorDetails]]]:
    """Validated people (zero allocations dropped), their indices, and errors by index."""
    try:
        people = _PEOPLE.validate_python(items)
        index = list(range(len(people)))
        failed: dict[int, list[ErrorDetails]] = {}
    except ValidationError:
        # Only on the error path: validate one by one to keep the good records.
        people, index, failed = [], [], {}
        for i, item in enumerate(items):
            try:
                people.append(Person.model_validate(item))
                index.append(i)
            except ValidationError as error:
                failed[i] = error.errors()
    people = [_without_zero_allocations(person) for person in people]
    return people, index, failed


def _without_zero_allocations(person: Person) -> Person:
    if all(person.allocations.values()):
        return person
    kept = {pid: amount for pid, amount in person.allocations.items() if amount}
    return person.model_copy(update={"allocations": kept})


def _label(section: str, index: int, item: object) -> str:
    if isinstance(item, Mapping):
        name = item.get("name")
        if isinstance(name, str) and name.strip(WHITESPACE):
            return f"{section}[{index}] ({shown(name)})"
    return f"{section}[{index}]"


def _explain(
    detail: ErrorDetails, model: type[BaseModel], cat: Catalogue
) -> tuple[str | None, str]:
    """A pydantic error in plain words: (field path, message)."""
    loc = [str(part) for part in detail["loc"]]
    field = ".".join(loc) or None
    kind = detail["type"]
    value = detail.get("input")
    ctx = detail.get("ctx") or {}
    help_text = help_for(field or "")
    if loc and loc[0] == "critical_positions":
        help_text = f"critical_positions is a list of position ids: {', '.join(cat.position_ids)}"
    tail = f"; {help_text}" if help_text else ""
    if kind == "missing":
        message = f"this field is missing{tail}"
    elif kind == "extra_forbidden":
        fields = list(model.model_fields)
        message = f"unknown field{closest(loc[-1], fields)}; the fields are {', '.join(fields)}"
    elif kind in ("float_parsing", "float_type"):
        message = f"{shown(value)} is not a number{tail}"
    elif kind in ("int_parsing", "int_type", "int_from_float"):
        message = f"{shown(value)} is not a whole number{tail}"
    elif kind == "finite_number":
        message = f"{shown(value)} is not a finite number{tail}"
    elif kind == "greater_than":
        message = f"{_number_text(value)} is not above {ctx.get('gt')}{tail}"
    elif kind == "greater_than_equal":
        message = f"{_number_text(value)} is below {ctx.get('ge')}{tail}"
    elif kind in ("less_than_equal", "less_than"):
        message = f"{_number_text(value)} is more than {ctx.get('le', ctx.get('lt'))}{tail}"
    elif kind == "string_type":
        message = f"{shown(value)} is not text{tail}"
    elif kind == "string_unicode":
        message = f"this text holds an unpaired surrogate, which is not a character{tail}"
    elif kind == "string_too_short":
        message = f"this is empty{tail}"
    elif kind == "string_too_long":
        length = len(value) if isinstance(value, str) else "too many"
        message = f"the text is {length} characters long{tail}"
    elif kind in ("bool_type", "bool_parsing"):
        message = f"{shown(value)} is not true or false{tail}"
    elif kind in ("enum", "literal_error"):
        message = f"{shown(value)} is not allowed here{tail}"
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        names = ", ".join(model.model_fields)
        message = f"{shown(value)} is not an object; expected an object with fields {names}"
    elif kind in ("tuple_type", "list_type"):
        message = f"{shown(value)} is not a list{tail}"
    else:
        message = f"{detail['msg']}{tail}"
    return field, message


def _number_text(value: object) -> str:
    if isinstance(value, float | int) and not isinstance(value, bool):
        return format_number(float(value))
    return shown(value)


def roster_to_json(roster: Roster) -> str:
    """The roster as JSON text (indent 2, UTF-8 characters kept as they are)."""
    document = roster.model_dump(mode="json")
    if not roster.accepted_risks:
        del document["accepted_risks"]  # rosters without any stay as they always were
    if not roster.workshops:
        del document["workshops"]
    if roster.hr_import is None:
        del document["hr_import"]
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
