"""Pydantic models: the roster going in, the report coming out, the catalogue between.

Every model is frozen: built once through validation, trusted afterwards.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Severity(StrEnum):
    critical = "critical"
    warning = "warning"
    info = "info"


SEVERITY_ORDER: tuple[Severity, ...] = (Severity.critical, Severity.warning, Severity.info)


class Background(StrEnum):
    business = "business"
    tech = "tech"
    mixed = "mixed"


TeamSize = Literal["auto", "small", "medium", "large"]
Tier = Literal["small", "medium", "large"]
CoverageStatus = Literal["covered", "thin", "missing"]
PersonStatus = Literal["ok", "at_capacity", "overloaded", "absent"]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


# --- Catalogue (loaded from data/) -------------------------------------------------


class Position(Frozen):
    id: str
    name: str
    short: Annotated[str, StringConstraints(min_length=1, max_length=4)]
    line: Literal["stands", "forward", "midfield", "defence", "goalkeeper"]
    x: float = Field(ge=0, le=100)
    y: float = Field(ge=0, le=120)
    critical: bool
    hold_any_allocation: bool
    description: str = Field(min_length=20)
    aliases: tuple[str, ...] = Field(min_length=1)


class PositionRequirement(Frozen):
    id: str
    min_people: int = Field(ge=1)
    min_fte: float = Field(ge=0)


class GroupRequirement(Frozen):
    id: str
    label: str
    positions: tuple[str, ...] = Field(min_length=1)
    min_people: int = Field(ge=1)


class TierDefinition(Frozen):
    id: Tier
    max_people: int | None = None
    positions: tuple[PositionRequirement, ...]
    groups: tuple[GroupRequirement, ...] = ()


class Thresholds(Frozen):
    hold_min_fte: float = Field(gt=0, le=1)
    sponsor_update_max_weeks: int = Field(ge=1)
    overload_tolerance: float = Field(ge=0)
    overload_critical_ratio: float = Field(gt=1)
    too_many_hats: int = Field(ge=2)
    bus_factor_max: int = Field(ge=0)
    at_capacity_ratio: float = Field(gt=0, le=1)


class HealthSettings(Frozen):
    start: int = Field(ge=1, le=100)
    penalty: dict[Severity, int]
    counted_per_code: int = Field(ge=1)
    no_sponsor_cap: int = Field(ge=0, le=100)
    no_sponsor_cap_reason: str = Field(min_length=10)


class RuleDefinition(Frozen):
    code: str
    severity: Severity
    severity_if_mission_critical: Severity | None = None
    severity_if_large: Severity | None = None
    severity_above_critical_ratio: Severity | None = None
    title: str
    advice: str


# --- Roster (what a file, the editor or the command line gives us) -------------------


class TeamSettings(Frozen):
    """A team's settings; everything but the name has a default."""

    name: Name
    size: TeamSize = "auto"
    mission_critical: bool = False
    sponsor_update_weeks: int | None = Field(default=None, ge=1, le=520)
    critical_positions: tuple[str, ...] = ()


class Person(Frozen):
    """One person in one team. The same name in another team is the same person."""

    team: Name
    name: Name
    title: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""
    fte: float = Field(gt=0, le=1)
    background: Background | None = None
    reports_to: Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)] | None = (
        None
    )
    absent: bool = False
    allocations: dict[str, Annotated[float, Field(ge=0, le=1)]] = Field(default_factory=dict)

    def allocation(self, position: str) -> float:
        return self.allocations.get(position, 0.0)


class AcceptedRisk(Frozen):
    """A warning a team decided to live with until a review date (a workshop's outcome).

    ``warning`` is the warning's subject key (``analysis.identity.subject_key``).
    """

    team: Name
    warning: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    code: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    owner: Name
    rationale: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)
    ]
    review_on: date
    accepted_on: date


class PositionResult(Frozen):
    """What a workshop's room said about who covers one position."""

    position: str
    counts: tuple[tuple[str, int], ...]
    total: int
    agreeing: int
    disagrees: bool
    sentence: str


class WarningResult(Frozen):
    """How much a workshop's room agreed with one warning, and the notes it left."""

    warning: str  # the warning's subject key
    code: str
    title: str
    message: str
    levels: tuple[int, ...]
    mean: float | None
    notes: tuple[str, ...]
    sentence: str


class WorkshopResults(Frozen):
    """A workshop's tallies; once closed, frozen with the scenario it was saved into."""

    team: str
    code: str
    participants: int
    voters: int
    positions: tuple[PositionResult, ...]
    warnings: tuple[WarningResult, ...]
    closed_at: datetime | None = None
    # Where closing saved the results: the scenario and its new version (None before).
    scenario: str | None = None
    scenario_version: int | None = None


ColumnName = Annotated[str, StringConstraints(min_length=1, max_length=200)]
FteUnit = Literal["fraction", "percent", "hours"]


class HrImportRecord(Frozen):
    """How an HR export was read into this roster, kept so the next export from the same
    HR system is read the same way (the ``hr_import`` section of a JSON roster).

    ``source_columns``: the export's header as it was; ``columns``: export column ->
    field (the fields of ``teambuilder.hr_columns.HR_FIELDS``); ``fte_unit``: how the
    working time was given (a fraction such as 0.8, a percentage, or weekly hours over
    ``standard_week_hours``); ``file_name`` / ``file_kind``: the export it came from.
    """

    source_columns: tuple[ColumnName, ...] = Field(min_length=1, max_length=500)
    columns: dict[ColumnName, str] = Field(default_factory=dict)
    team: Name | None = None
    fte_unit: FteUnit | None = None
    standard_week_hours: float = Field(default=40, gt=0, le=80)
    away_statuses: tuple[Annotated[str, StringConstraints(max_length=60)], ...] = ()
    left_statuses: tuple[Annotated[str, StringConstraints(max_length=60)], ...] = ()
    active_statuses: tuple[Annotated[str, StringConstraints(max_length=60)], ...] = ()
    file_name: Annotated[str, StringConstraints(min_length=1, max_length=255)]
    file_kind: Literal["csv", "xlsx"]
    recorded_at: datetime

    @field_validator("columns")
    @classmethod
    def _columns_seen_and_fields_known(
        cls, columns: dict[str, str], info: ValidationInfo
    ) -> dict[str, str]:
        from teambuilder.hr_columns import HR_FIELDS  # here: hr_columns imports this module

        seen = info.data.get("source_columns")
        targets: dict[str, str] = {}
        for column, target in columns.items():
            if seen is not None and column not in seen:
                raise ValueError(f"column {column!r} is mapped but is not one of source_columns")
            if target not in HR_FIELDS:
                raise ValueError(
                    f"column {column!r} is mapped to {target!r}, which is not a field; "
                    f"the fields are {', '.join(HR_FIELDS)}"
                )
            if target in targets:
                raise ValueError(
                    f"columns {targets[target]!r} and {column!r} are both mapped to "
                    f"{target!r}; map one column to each field"
                )
            targets[target] = column
        return columns

    @field_validator("fte_unit")
    @classmethod
    def _unit_matches_columns(cls, unit: FteUnit | None, info: ValidationInfo) -> FteUnit | None:
        columns = info.data.get("columns")
        if columns is None:
            return unit  # the columns are wrong already; that is the problem to report
        mapped = set(columns.values())
        if unit == "hours" and "hours" not in mapped:
            raise ValueError("'hours' needs a column mapped to 'hours' (weekly hours)")
        if unit in ("fraction", "percent") and "fte" not in mapped:
            raise ValueError(f"{unit!r} needs a column mapped to 'fte'")
        if unit is None and mapped & {"fte", "hours"}:
            raise ValueError(
                "a column is mapped to 'fte' or 'hours', so fte_unit is one of "
                "'fraction', 'percent' or 'hours'"
            )
        return unit


class Roster(Frozen):
    """The JSON roster format: team settings, one record per person per team, the risks
    the teams accepted, the results of the workshops held on them, and how the HR
    export it came from was read."""

    teams: tuple[TeamSettings, ...] = ()
    people: tuple[Person, ...] = ()
    accepted_risks: tuple[AcceptedRisk, ...] = ()
    workshops: tuple[WorkshopResults, ...] = ()
    # How the HR export this roster came from was read (None: it did not come from one).
    hr_import: HrImportRecord | None = None

    def team_names(self) -> list[str]:
        """Teams in file order: declared teams first, then teams only named by people."""
        names = dict.fromkeys(team.name for team in self.teams)
        names.update(dict.fromkeys(person.team for person in self.people))
        return list(names)

    def settings_for(self, team: str) -> TeamSettings:
        found = {settings.name: settings for settings in self.teams}.get(team)
        return found or TeamSettings(name=team)

    def members(self, team: str) -> list[Person]:
        return [person for person in self.people if person.team == team]


# --- Report (what scoring gives back) ------------------------------------------------


class Acceptance(Frozen):
    """Who accepted a warning as a risk, why, and until when (``due``: review date passed)."""

    owner: str
    rationale: str
    accepted_on: date
    review_on: date
    due: bool


class RuleWarning(Frozen):
    code: str
    severity: Severity
    title: str
    positions: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()
    message: str
    advice: str
    # The absent people without whose absence this warning would not be raised.
    absences: tuple[str, ...] = ()
    # Set when the team accepted this warning as a risk (still counted in health).
    accepted: Acceptance | None = None


class Deduction(Frozen):
    code: str
    title: str
    severity: Severity
    points: int
    subject: str
    accepted: bool = False  # an accepted risk: its points still count, listed apart


class HealthBreakdown(Frozen):
    start: int
    deductions: tuple[Deduction, ...]
    total_deducted: int
    cap: int | None = None
    cap_reason: str | None = None
    score: int


class Coverage(Frozen):
    position: str
    required: bool
    status: CoverageStatus
    fte: float
    required_fte: float
    required_people: int
    people: tuple[str, ...]
    # People with an allocation too small to count as holding the position.
    slivers: tuple[str, ...] = ()


class PersonLoad(Frozen):
    name: str
    title: str
    fte: float
    load: float
    total_load: float
    positions: tuple[str, ...]
    allocations: dict[str, float]
    status: PersonStatus
    other_teams: tuple[str, ...] = ()


class TeamReport(Frozen):
    team: str
    tier: Tier
    tier_was_set: bool
    head_count: int
    mission_critical: bool
    health: int
    health_breakdown: HealthBreakdown
    bus_factor: int
    bus_factor_positions: tuple[str, ...]
    coverage: tuple[Coverage, ...]
    people: tuple[PersonLoad, ...]
    warnings: tuple[RuleWarning, ...]
    middle_managers: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()

    def coverage_of(self, position: str) -> Coverage:
        for entry in self.coverage:
            if entry.position == position:
                return entry
        raise KeyError(position)


class Report(Frozen):
    teams: tuple[TeamReport, ...]
    warnings: tuple[RuleWarning, ...] = ()
    absent: tuple[str, ...] = ()

    def team(self, name: str) -> TeamReport:
        for report in self.teams:
            if report.team == name:
                return report
        raise KeyError(f"no team {name!r}; teams: {', '.join(t.team for t in self.teams)}")
