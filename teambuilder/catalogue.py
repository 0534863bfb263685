"""The only reader of data/: positions, rules, thresholds and size tiers.

Loaded once (cached) and validated with pydantic; a broken data file fails with a
message naming the file and the field.
"""

from __future__ import annotations

import tomllib
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from teambuilder.hr_columns import HR_FIELDS, HrColumns
from teambuilder.models import (
    Frozen,
    HealthSettings,
    Position,
    RuleDefinition,
    Thresholds,
    Tier,
    TierDefinition,
)
from teambuilder.workshop.models import WorkshopGuide

if TYPE_CHECKING:
    from teambuilder.fixes.settings import FixSettings
from teambuilder.title_words import PART_KINDS, TitleWords

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
EXAMPLES_DIR = DATA_DIR / "examples"
PRESETS_DIR = DATA_DIR / "presets"


class DataFileError(Exception):
    """A file under data/ is missing or does not match what the code expects."""


class Catalogue(Frozen):
    positions: tuple[Position, ...]
    thresholds: Thresholds
    health: HealthSettings
    tiers: tuple[TierDefinition, ...]
    rules: tuple[RuleDefinition, ...]

    @cached_property
    def position_ids(self) -> tuple[str, ...]:
        return tuple(position.id for position in self.positions)

    @cached_property
    def _positions_by_id(self) -> dict[str, Position]:
        return {position.id: position for position in self.positions}

    def position(self, position_id: str) -> Position:
        try:
            return self._positions_by_id[position_id]
        except KeyError:
            valid = ", ".join(self.position_ids)
            raise KeyError(f"unknown position {position_id!r}; valid positions: {valid}") from None

    def name_of(self, position_id: str) -> str:
        return self.position(position_id).name

    def tier(self, tier_id: Tier) -> TierDefinition:
        for tier in self.tiers:
            if tier.id == tier_id:
                return tier
        raise KeyError(
            f"unknown tier {tier_id!r}; valid tiers: {', '.join(t.id for t in self.tiers)}"
        )

    def tier_for_head_count(self, head_count: int) -> Tier:
        for tier in self.tiers:
            if tier.max_people is None or head_count <= tier.max_people:
                return tier.id
        return self.tiers[-1].id

    def rule(self, code: str) -> RuleDefinition:
        found = self._rules_by_code.get(code)
        if found is not None:
            return found
        raise KeyError(
            f"unknown rule {code!r}; valid codes: {', '.join(r.code for r in self.rules)}"
        )

    @cached_property
    def position_rank(self) -> dict[str, int]:
        """Each position id's place in the catalogue, for keeping positions in its order."""
        return {position_id: index for index, position_id in enumerate(self.position_ids)}

    @cached_property
    def held_by_any_allocation(self) -> frozenset[str]:
        """Positions held with any allocation above zero (the sponsor, the evangelist)."""
        return frozenset(p.id for p in self.positions if p.hold_any_allocation)

    @cached_property
    def critical_positions(self) -> tuple[str, ...]:
        return tuple(position.id for position in self.positions if position.critical)

    @cached_property
    def rule_order(self) -> dict[str, int]:
        """Each rule code's place in data/rules.toml, for sorting warnings."""
        return {rule.code: index for index, rule in enumerate(self.rules)}

    @cached_property
    def _rules_by_code(self) -> dict[str, RuleDefinition]:
        return {rule.code: rule for rule in self.rules}


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as error:
        raise DataFileError(f"{path}: file is missing") from error
    except tomllib.TOMLDecodeError as error:
        raise DataFileError(f"{path}: not valid TOML: {error}") from error


def _describe(error: ValidationError, path: Path) -> str:
    lines = [f"{path}: {error.error_count()} problem(s)"]
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"])
        lines.append(f"  field {where}: {item['msg']}")
    return "\n".join(lines)


def load_catalogue(data_dir: Path = DATA_DIR) -> Catalogue:
    """Read and validate positions.toml and rules.toml from ``data_dir``."""
    positions_path = data_dir / "positions.toml"
    rules_path = data_dir / "rules.toml"
    return _build(_read_toml(positions_path), _read_toml(rules_path), positions_path, rules_path)


def _build(
    positions_doc: dict[str, Any], rules_doc: dict[str, Any], positions_path: Path, rules_path: Path
) -> Catalogue:
    try:
        positions = tuple(Position.model_validate(p) for p in positions_doc.get("positions", []))
    except ValidationError as error:
        raise DataFileError(_describe(error, positions_path)) from error
    try:
        catalogue = Catalogue(
            positions=positions,
            thresholds=rules_doc.get("thresholds"),
            health=rules_doc.get("health"),
            tiers=rules_doc.get("tiers", []),
            rules=rules_doc.get("rules", []),
        )
    except ValidationError as error:
        raise DataFileError(_describe(error, rules_path)) from error
    _check_references(catalogue, positions_path, rules_path)
    return catalogue


def _check_references(catalogue: Catalogue, positions_path: Path, rules_path: Path) -> None:
    ids = catalogue.position_ids
    if len(set(ids)) != len(ids):
        raise DataFileError(f"{positions_path}: position ids must be unique, got {', '.join(ids)}")
    valid = ", ".join(ids)
    for tier in catalogue.tiers:
        named = [req.id for req in tier.positions]
        named += [pid for group in tier.groups for pid in group.positions]
        for position_id in named:
            if position_id not in ids:
                raise DataFileError(
                    f"{rules_path}: tier {tier.id!r} names unknown position {position_id!r}; "
                    f"valid positions: {valid}"
                )
    if [tier.id for tier in catalogue.tiers] != ["small", "medium", "large"]:
        raise DataFileError(f"{rules_path}: tiers must be small, medium, large in that order")


@cache
def catalogue() -> Catalogue:
    """The catalogue from the project's data/ folder, read once per process."""
    return load_catalogue()


# --- Rules kept with a scenario: today's positions, the rules of the day it was saved ----

SAVED_RULES = "the rules saved with the scenario"


@cache
def rules_text() -> str:
    """data/rules.toml as it is today: what a scenario saved now is scored with."""
    return (DATA_DIR / "rules.toml").read_text(encoding="utf-8")


@lru_cache(maxsize=16)
def catalogue_with_rules(rules_toml: str) -> Catalogue:
    """Today's positions with the rules, thresholds and tiers of ``rules_toml``.

    Raises DataFileError (naming the field) when the text is not rules this version can use.
    """
    if rules_toml == rules_text():
        return catalogue()
    try:
        rules_doc = tomllib.loads(rules_toml)
    except tomllib.TOMLDecodeError as error:
        raise DataFileError(f"{SAVED_RULES}: not valid TOML: {error}") from error
    positions_path = DATA_DIR / "positions.toml"
    return _build(_read_toml(positions_path), rules_doc, positions_path, Path(SAVED_RULES))


def rules_differ_from_today(rules_toml: str | None) -> bool:
    """Whether rules kept with a scenario score differently from today's (comments aside)."""
    if rules_toml is None or rules_toml == rules_text():
        return False
    return catalogue_with_rules(rules_toml) != catalogue()


def load_workshop_guide(data_dir: Path = DATA_DIR, cat: Catalogue | None = None) -> WorkshopGuide:
    """Read and validate workshop.toml: every position and code it names must exist."""
    path = data_dir / "workshop.toml"
    document = _read_toml(path)
    try:
        guide = WorkshopGuide.model_validate(document)
    except ValidationError as error:
        raise DataFileError(_describe(error, path)) from error
    cat = cat or catalogue()
    codes = {rule.code for rule in cat.rules}
    for step in guide.steps:
        for position_id in step.positions:
            if position_id not in cat.position_ids:
                raise DataFileError(
                    f"{path}: step {step.id!r} names unknown position {position_id!r}; "
                    f"valid positions: {', '.join(cat.position_ids)}"
                )
        for code in step.codes:
            if code not in codes:
                raise DataFileError(
                    f"{path}: step {step.id!r} names unknown rule {code!r}; "
                    f"valid codes: {', '.join(sorted(codes))}"
                )
    for code in guide.prompts:
        if code not in codes:
            raise DataFileError(
                f"{path}: prompts for unknown rule {code!r}; "
                f"valid codes: {', '.join(sorted(codes))}"
            )
    return guide


@cache
def workshop_guide() -> WorkshopGuide:
    """The workshop guide from the project's data/ folder, read once per process."""
    return load_workshop_guide()


def load_fix_settings(data_dir: Path = DATA_DIR, cat: Catalogue | None = None) -> FixSettings:
    """Read and validate fixes.toml, the change model of suggested fixes."""
    from teambuilder.fixes.settings import FixSettings  # the fixes package imports us

    path = data_dir / "fixes.toml"
    try:
        settings = FixSettings.model_validate(_read_toml(path))
    except ValidationError as error:
        raise DataFileError(_describe(error, path)) from error
    cat = cat or load_catalogue(data_dir)
    ids = cat.position_ids
    named = [*settings.hire.never, *settings.constraints.fixed_positions]
    named.append(settings.constraints.business_bridge)
    for position_id in named:
        if position_id not in ids:
            raise DataFileError(
                f"{path}: unknown position {position_id!r}; valid positions: {', '.join(ids)}"
            )
    codes = {rule.code for rule in cat.rules}
    for code in [*settings.goals.out_of_reach, *settings.effects]:
        if code not in codes:
            raise DataFileError(
                f"{path}: unknown rule code {code!r}; valid codes: {', '.join(sorted(codes))}"
            )
    return settings


@cache
def fix_settings() -> FixSettings:
    """The change model from the project's data/fixes.toml, read once per process."""
    return load_fix_settings(cat=catalogue())


# --- Job title words (data/titles.toml) -------------------------------------------------


def load_title_words(data_dir: Path = DATA_DIR) -> TitleWords:
    """Read and validate titles.toml: the words of job titles and how they combine."""
    path = data_dir / "titles.toml"
    document = _read_toml(path)
    try:
        words = TitleWords.model_validate(document)
    except ValidationError as error:
        raise DataFileError(_describe(error, path)) from error
    ids = set(catalogue().position_ids)
    for phrase, parts in words.words.items():
        for part in parts:
            kind, _, value = part.partition(":")
            if kind not in PART_KINDS or not value:
                raise DataFileError(
                    f"{path}: word {phrase!r} has part {part!r}; a part is 'kind:value' with "
                    f"kind one of {', '.join(PART_KINDS)}"
                )
    named = [(f"rule {i + 1}", pid) for i, rule in enumerate(words.rules) for pid in rule.positions]
    named += [(f"level_extras.{key}", extra.position) for key, extra in words.level_extras.items()]
    for where, position_id in named:
        if position_id not in ids:
            raise DataFileError(
                f"{path}: {where} names unknown position {position_id!r}; "
                f"valid positions: {', '.join(catalogue().position_ids)}"
            )
    return words


@cache
def title_words() -> TitleWords:
    """The job title words from the project's data/ folder, read once per process."""
    return load_title_words()


# --- HR export columns (data/hr_columns.toml) -----------------------------------------


def load_hr_columns(data_dir: Path = DATA_DIR) -> HrColumns:
    """Read and validate hr_columns.toml: HR export column names and status words."""
    path = data_dir / "hr_columns.toml"
    try:
        columns = HrColumns.model_validate(_read_toml(path))
    except ValidationError as error:
        raise DataFileError(_describe(error, path)) from error
    if set(columns.fields) != set(HR_FIELDS):
        raise DataFileError(
            f"{path}: [fields] must hold exactly {', '.join(HR_FIELDS)}; "
            f"it holds {', '.join(columns.fields)}"
        )
    return columns


@cache
def hr_columns() -> HrColumns:
    """The HR export column names from the project's data/ folder, read once."""
    return load_hr_columns()
