"""Use cases the pages and the command line call: save, list, open, branch, compare, drafts,
follow channels.

Each takes a :class:`~teambuilder.store.Store` (dependencies passed, not reached for) and
works in one unit of work, so a failure leaves nothing half-saved. Rosters go in and come
out as validated :class:`~teambuilder.models.Roster` values; names are checked here.
"""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta

from pydantic import BaseModel, ConfigDict, TypeAdapter

from teambuilder.catalogue import Catalogue, DataFileError, catalogue_with_rules, rules_text
from teambuilder.models import Roster
from teambuilder.roster_io import read_json_text, roster_to_json
from teambuilder.scoring import score
from teambuilder.store import (
    NameRejected,
    NotFound,
    StaleVersion,
    Store,
    StoreError,
    UnitOfWork,
)
from teambuilder.store.records import (
    ChannelRecord,
    DraftRecord,
    ScenarioRecord,
    TeamSummary,
    VersionRecord,
)

MAX_NAME_LENGTH = 200
SCENARIO_PREFIX = "scenario:"
FIX_NOTE_LENGTH = 500  # what the Scenarios page lets a note hold
TOKEN_BYTES = 16  # 128 random bits per link: unguessable

__all__ = [
    "MAX_NAME_LENGTH",
    "Draft",
    "FollowChannel",
    "SavedVersion",
    "ScenarioSnapshot",
    "ScenarioSummary",
    "StaleVersion",
    "TeamSummary",
    "VersionInfo",
    "channel_version",
    "check_name",
    "delete_scenario",
    "deleted_scenarios",
    "discard_draft",
    "duplicate_scenario",
    "history",
    "latest_draft",
    "list_scenarios",
    "new_token",
    "open_link",
    "open_reference",
    "open_scenario",
    "publish_channel",
    "read_channel",
    "rename_scenario",
    "restore_version",
    "save_draft",
    "save_fix",
    "save_in",
    "save_scenario",
    "scoring_catalogue",
    "summarize",
    "tables_json",
    "undo_delete",
]


Cell = str | float | bool | None
Tables = dict[str, tuple[dict[str, Cell], ...]]  # per team, every row as typed
_TABLES: TypeAdapter[Tables] = TypeAdapter(Tables)


class Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SavedVersion(Value):
    id: int
    name: str
    version: int
    view_token: str
    edit_token: str


class ScenarioSummary(Value):
    """One line of the scenario list."""

    id: int
    name: str
    version: int
    created_at: datetime
    updated_at: datetime
    note: str
    teams: dict[str, TeamSummary]
    view_token: str
    edit_token: str
    branched_from: str | None = None
    branched_from_version: int | None = None
    deleted_at: datetime | None = None


class VersionInfo(Value):
    number: int
    created_at: datetime
    note: str
    away: tuple[str, ...]
    teams: dict[str, TeamSummary]


class ScenarioSnapshot(Value):
    """A version of a scenario, opened: its roster and who was away."""

    id: int
    name: str
    version: int
    latest_version: int
    created_at: datetime
    note: str
    roster: Roster
    away: tuple[str, ...]
    view_token: str
    edit_token: str
    can_edit: bool = True
    # data/rules.toml as it was at the save; None: saved before rules were kept.
    rules_toml: str | None = None

    @property
    def label(self) -> str:
        return f"{self.name} (version {self.version})"


class Draft(Value):
    id: str
    updated_at: datetime
    roster: Roster
    away: tuple[str, ...]
    team: str | None = None
    label: str = ""
    scenario_id: int | None = None
    base_version: int | None = None
    # The scenario the draft was opened from, if it still exists (version = base_version).
    scenario: SavedVersion | None = None
    # Every team's rows as the user typed them, rows with problems included (None for a
    # draft saved before tables were kept: then the roster is all there is).
    tables: Tables | None = None


def _now() -> datetime:
    return datetime.now(UTC)


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def check_name(name: str) -> str:
    """The name to store: as typed, outer spaces trimmed; blank, too long or control
    characters are refused with a message saying what is allowed."""
    trimmed = name.strip()
    if not trimmed:
        raise NameRejected("a scenario needs a name; type one (any text up to 200 characters)")
    if len(trimmed) > MAX_NAME_LENGTH:
        raise NameRejected(
            f"a scenario name has at most {MAX_NAME_LENGTH} characters; this one has {len(trimmed)}"
        )
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in trimmed):
        raise NameRejected(
            "a scenario name cannot hold control characters (line breaks, tabs, NUL); "
            "use letters, digits, spaces, punctuation or emoji"
        )
    return trimmed


def summarize(
    roster: Roster, away: Iterable[str] = (), *, cat: Catalogue | None = None
) -> dict[str, TeamSummary]:
    """Health, bus factor and head count per team, as the list shows them."""
    report = score(roster, away, cat=cat)
    return {
        team.team: TeamSummary(
            health=team.health, bus_factor=team.bus_factor, people=team.head_count
        )
        for team in report.teams
    }


def _check_away(roster: Roster, away: Iterable[str]) -> tuple[str, ...]:
    names = {person.name for person in roster.people}
    chosen = tuple(dict.fromkeys(away))
    unknown = [name for name in chosen if name not in names]
    if unknown:
        raise StoreError(f"away: {', '.join(unknown)} is not in the roster")
    return chosen


def _name_taken(name: str) -> NameRejected:
    return NameRejected(f"there is already a scenario called '{name}'; pick another name")


def _scenario(found: ScenarioRecord | None, name: str) -> ScenarioRecord:
    if found is None:
        raise NotFound(f"there is no scenario called '{name}'")
    return found


def _saved(record: ScenarioRecord, version: int) -> SavedVersion:
    return SavedVersion(
        id=record.id,
        name=record.name,
        version=version,
        view_token=record.view_token,
        edit_token=record.edit_token,
    )


def _summary(record: ScenarioRecord, latest: VersionRecord) -> ScenarioSummary:
    return ScenarioSummary(
        id=record.id,
        name=record.name,
        version=record.latest_version,
        created_at=record.created_at,
        updated_at=record.updated_at,
        note=latest.note,
        teams=latest.summary,
        view_token=record.view_token,
        edit_token=record.edit_token,
        branched_from=record.branched_from,
        branched_from_version=record.branched_from_version,
        deleted_at=record.deleted_at,
    )


def _roster(text: str, source: str) -> Roster:
    return read_json_text(text, source)


def _snapshot(record: ScenarioRecord, version: VersionRecord, can_edit: bool) -> ScenarioSnapshot:
    assert version.roster_json is not None
    return ScenarioSnapshot(
        id=record.id,
        name=record.name,
        version=version.number,
        latest_version=record.latest_version,
        created_at=version.created_at,
        note=version.note,
        roster=_roster(version.roster_json, f"scenario '{record.name}' version {version.number}"),
        away=version.away,
        view_token=record.view_token,
        edit_token=record.edit_token,
        can_edit=can_edit,
        rules_toml=version.rules_toml,
    )


# --- Saving --------------------------------------------------------------------------


def save_scenario(
    store: Store,
    name: str,
    roster: Roster,
    *,
    away: Iterable[str] = (),
    base_version: int | None = None,
    note: str = "",
    new: bool = False,
    rules_toml: str | None = None,
) -> SavedVersion:
    """Save ``roster`` as the next version of scenario ``name`` (created if new).

    ``base_version`` is the version the roster was opened from: if the scenario has moved
    on since, the save is refused with :class:`StaleVersion` (nothing is overwritten).
    Without it the save goes on top of the latest version. ``new=True`` refuses a name
    that is already taken instead (a new scenario or a branch, never someone else's).
    The version keeps the rules it is scored with: ``rules_toml`` (a rules.toml text,
    checked here), today's data/rules.toml by default.
    """
    with store.unit_of_work() as uow:
        saved = save_in(
            uow,
            name,
            roster,
            away=away,
            base_version=base_version,
            note=note,
            new=new,
            rules_toml=rules_toml,
        )
        uow.commit()
    return saved


def save_in(
    uow: UnitOfWork,
    name: str,
    roster: Roster,
    *,
    away: Iterable[str] = (),
    base_version: int | None = None,
    note: str = "",
    new: bool = False,
    rules_toml: str | None = None,
) -> SavedVersion:
    """:func:`save_scenario` inside a unit of work the caller commits (so a use case can
    save a version and change something else all at once, or nothing)."""
    rules_toml = rules_text() if rules_toml is None else rules_toml
    try:
        cat = catalogue_with_rules(rules_toml)
    except DataFileError as error:
        raise StoreError(f"these rules cannot be saved with a scenario: {error}") from None
    name = check_name(name)
    chosen_away = _check_away(roster, away)
    summary = summarize(roster, chosen_away, cat=cat)
    roster_json = roster_to_json(roster)
    when = _now()
    record = uow.scenarios.by_name(name)
    if record is None:
        if base_version:
            raise NotFound(
                f"there is no scenario called '{name}' any more (renamed or deleted since "
                f"version {base_version} was opened); save it under a new name"
            )
        record = uow.scenarios.add_scenario(name, when, new_token(), new_token())
        base = 0
    elif new:
        raise _name_taken(name)
    else:
        base = record.latest_version if base_version is None else base_version
        if base > record.latest_version or base < 1:
            raise NotFound(
                f"'{name}' has no version {base}; its versions are 1 to {record.latest_version}"
            )
    number = uow.scenarios.add_version(
        record, base, when, roster_json, chosen_away, summary, note, rules_toml
    )
    return _saved(record, number)


def fix_note(team: str, sentences: Sequence[str]) -> str:
    """The note of a version saved from a suggested fix: the team and its changes."""
    note = f"Suggested fix for {team}: " + " ".join(
        s if s.endswith(".") else s + "." for s in sentences
    )
    if not sentences:
        note = f"Suggested fix for {team}: no change"
    return note if len(note) <= FIX_NOTE_LENGTH else note[: FIX_NOTE_LENGTH - 1] + "…"


def save_fix(
    store: Store,
    roster: Roster,
    team: str,
    sentences: Sequence[str],
    *,
    scenario: str | None = None,
    base_version: int | None = None,
    new_name: str | None = None,
    away: Iterable[str] = (),
) -> SavedVersion:
    """Save a suggested fix's roster, with its changes as the version's note.

    ``scenario``: as the next version of that scenario, opened at ``base_version``
    (refused with :class:`StaleVersion` if it was saved again since, as any save is).
    Otherwise as a new scenario called ``new_name`` (refused if the name is taken).
    """
    note = fix_note(team, sentences)
    if scenario is not None:
        if base_version is None:
            raise ValueError("saving a fix into a scenario needs the version it was opened at")
        return save_scenario(
            store, scenario, roster, away=away, base_version=base_version, note=note
        )
    return save_scenario(store, new_name or "", roster, away=away, note=note, new=True)


# --- Reading -------------------------------------------------------------------------


def list_scenarios(store: Store) -> list[ScenarioSummary]:
    """Every live scenario, the most recently changed first."""
    with store.unit_of_work() as uow:
        return [_summary(item.scenario, item.latest) for item in uow.scenarios.listed()]


def deleted_scenarios(store: Store) -> list[ScenarioSummary]:
    """Deleted scenarios, which :func:`undo_delete` brings back."""
    with store.unit_of_work() as uow:
        return [_summary(item.scenario, item.latest) for item in uow.scenarios.listed(deleted=True)]


def history(store: Store, name: str) -> list[VersionInfo]:
    """Every version of a scenario, newest first."""
    with store.unit_of_work() as uow:
        record = _scenario(uow.scenarios.by_name(name), name)
        return [
            VersionInfo(
                number=v.number, created_at=v.created_at, note=v.note, away=v.away, teams=v.summary
            )
            for v in uow.scenarios.versions(record.id)
        ]


def _open(
    store: Store, record: ScenarioRecord, version: int | None, can_edit: bool
) -> ScenarioSnapshot:
    number = record.latest_version if version is None else version
    with store.unit_of_work() as uow:
        found = uow.scenarios.version(record.id, number)
    if found is None:
        raise NotFound(
            f"'{record.name}' has no version {number}; its versions are 1 to "
            f"{record.latest_version}"
        )
    return _snapshot(record, found, can_edit)


def open_scenario(store: Store, name: str, version: int | None = None) -> ScenarioSnapshot:
    """A scenario's latest version, or the version asked for."""
    with store.unit_of_work() as uow:
        record = _scenario(uow.scenarios.by_name(name), name)
    return _open(store, record, version, can_edit=True)


def open_link(store: Store, token: str, version: int | None = None) -> ScenarioSnapshot:
    """What a scenario link opens: ``can_edit`` tells an edit link from a view-only one."""
    with store.unit_of_work() as uow:
        found = uow.scenarios.by_token(token)
    if found is None:
        raise NotFound("this scenario link does not open anything (deleted, or mistyped)")
    record, can_edit = found
    return _open(store, record, version, can_edit)


def open_reference(store: Store, reference: str) -> ScenarioSnapshot:
    """``scenario:NAME`` or ``scenario:NAME@VERSION`` (a name may itself contain '@')."""
    body = reference.removeprefix(SCENARIO_PREFIX)
    name, _, number = body.rpartition("@")
    if name and number.isdigit():
        with store.unit_of_work() as uow:
            exists = uow.scenarios.by_name(name) is not None
        if exists:
            return open_scenario(store, name, int(number))
    return open_scenario(store, body)


# --- Changing ------------------------------------------------------------------------


def rename_scenario(store: Store, name: str, new_name: str) -> SavedVersion:
    """Rename a scenario; its versions and links stay."""
    new_name = check_name(new_name)
    with store.unit_of_work() as uow:
        record = _scenario(uow.scenarios.by_name(name), name)
        if new_name != name and uow.scenarios.by_name(new_name) is not None:
            raise _name_taken(new_name)
        uow.scenarios.rename(record.id, new_name, _now())
        uow.commit()
    return _saved(record.model_copy(update={"name": new_name}), record.latest_version)


def duplicate_scenario(
    store: Store, name: str, new_name: str, version: int | None = None
) -> SavedVersion:
    """A new scenario branched from any version of ``name``; the source is untouched."""
    new_name = check_name(new_name)
    source = open_scenario(store, name, version)
    when = _now()
    with store.unit_of_work() as uow:
        if uow.scenarios.by_name(new_name) is not None:
            raise _name_taken(new_name)
        record = uow.scenarios.add_scenario(
            new_name, when, new_token(), new_token(), source.id, source.version
        )
        number = uow.scenarios.add_version(
            record,
            0,
            when,
            roster_to_json(source.roster),
            source.away,
            summarize(source.roster, source.away, cat=scoring_catalogue(source.rules_toml)),
            f"Branched from '{source.name}' version {source.version}",
            source.rules_toml,
        )
        uow.commit()
    return _saved(record, number)


def restore_version(
    store: Store, name: str, version: int, *, base_version: int | None = None
) -> SavedVersion:
    """Make an earlier version the latest again, as a new version (history is kept)."""
    old = open_scenario(store, name, version)
    return save_scenario(
        store,
        name,
        old.roster,
        away=old.away,
        base_version=old.latest_version if base_version is None else base_version,
        note=f"Restored version {version}",
        rules_toml=old.rules_toml,  # None (saved before rules were kept): today's
    )


def delete_scenario(store: Store, name: str) -> int:
    """Delete a scenario (its versions are kept for undo); returns the id undo needs."""
    with store.unit_of_work() as uow:
        record = _scenario(uow.scenarios.by_name(name), name)
        uow.scenarios.set_deleted(record.id, _now())
        uow.commit()
    return record.id


def undo_delete(store: Store, scenario_id: int) -> str:
    """Bring a deleted scenario back; returns its name."""
    with store.unit_of_work() as uow:
        record = uow.scenarios.by_id(scenario_id)
        if record is None:
            raise NotFound("that scenario is gone for good")
        if record.deleted_at is not None:
            uow.scenarios.set_deleted(record.id, None)
            uow.commit()
    return record.name


# --- Drafts: the working copy, autosaved --------------------------------------------


def save_draft(
    store: Store,
    roster: Roster,
    away: Iterable[str] = (),
    *,
    draft_id: str | None = None,
    team: str | None = None,
    label: str = "",
    scenario_id: int | None = None,
    base_version: int | None = None,
    tables: Mapping[str, Sequence[Mapping[str, Cell]]] | None = None,
) -> str:
    """Keep the working copy under ``draft_id`` (a new unguessable id if None); returns it.

    A draft holds the latest state only: each call replaces the previous one. ``tables``
    are the rows as typed, per team (rows with problems too), so a reopened draft shows
    exactly what the user left; ``roster`` is what scores.
    """
    chosen = draft_id or new_token()
    record = DraftRecord(
        id=chosen,
        updated_at=_now(),
        roster_json=roster_to_json(roster),
        away=tuple(away),
        team=team,
        label=label,
        scenario_id=scenario_id,
        base_version=base_version,
        tables_json=None if tables is None else tables_json(tables),
    )
    with store.unit_of_work() as uow:
        uow.scenarios.put_draft(record)
        uow.commit()
    return chosen


def latest_draft(store: Store, draft_id: str) -> Draft | None:
    """The draft saved under ``draft_id``, or None if there is none."""
    with store.unit_of_work() as uow:
        found = uow.scenarios.draft(draft_id)
        source = uow.scenarios.by_id(found.scenario_id) if found and found.scenario_id else None
    if found is None:
        return None
    scenario = None
    if source is not None and source.deleted_at is None and found.base_version:
        scenario = _saved(source, found.base_version)
    return Draft(
        id=found.id,
        updated_at=found.updated_at,
        roster=_roster(found.roster_json, "the saved draft"),
        away=found.away,
        team=found.team,
        label=found.label,
        scenario_id=found.scenario_id,
        base_version=found.base_version,
        scenario=scenario,
        tables=None if found.tables_json is None else _TABLES.validate_json(found.tables_json),
    )


def tables_json(tables: Mapping[str, Sequence[Mapping[str, Cell]]]) -> str:
    """The rows as typed, as JSON (what a draft stores, and compares to skip a save)."""
    return _TABLES.dump_json(
        {team: tuple(map(dict, rows)) for team, rows in tables.items()}
    ).decode()


def scoring_catalogue(rules_toml: str | None) -> Catalogue:
    """The catalogue a saved version is scored with: its own rules, else today's."""
    return catalogue_with_rules(rules_toml if rules_toml is not None else rules_text())


def discard_draft(store: Store, draft_id: str) -> None:
    with store.unit_of_work() as uow:
        uow.scenarios.delete_draft(draft_id)
        uow.commit()


# --- Follow channels: a second screen shows what the facilitator's tab shows ---------

CHANNEL_HOURS = 12  # a channel not written for this long is deleted
CHANNEL_SWEEP = 50  # at most this many old channels are deleted per new channel


class FollowChannel(Value):
    id: str
    roster: Roster
    team: str
    away: tuple[str, ...]
    step: int
    version: int
    updated_at: datetime


def _channel_id(channel_id: str) -> bool:
    return 0 < len(channel_id) <= TOKEN_BYTES * 4  # token_urlsafe(16) is 22 characters


def publish_channel(
    store: Store,
    channel_id: str,
    roster: Roster,
    team: str,
    away: Iterable[str],
    step: int,
) -> int:
    """Publish what the facilitator's tab shows on its channel; returns the version.

    The version moves only when something changed (an unchanged call writes nothing). A
    new channel deletes a bounded number of channels not written for CHANNEL_HOURS.
    """
    if not _channel_id(channel_id):
        raise NotFound("this follow channel id is not one the app makes")
    roster_json = roster_to_json(roster)
    away = tuple(away)
    now = _now()
    with store.unit_of_work() as uow:
        before = uow.scenarios.channel(channel_id)
        if before is not None and (before.roster_json, before.team, before.away, before.step) == (
            roster_json,
            team,
            away,
            step,
        ):
            return before.version
        version = 1 if before is None else before.version + 1
        if before is None:
            uow.scenarios.delete_channels_before(
                now - timedelta(hours=CHANNEL_HOURS), CHANNEL_SWEEP
            )
        uow.scenarios.put_channel(
            ChannelRecord(
                id=channel_id,
                roster_json=roster_json,
                team=team,
                away=away,
                step=step,
                version=version,
                updated_at=now,
            )
        )
        uow.commit()
    return version


def read_channel(store: Store, channel_id: str) -> FollowChannel | None:
    """What was last published on the channel, or None if there is no such channel."""
    if not _channel_id(channel_id):
        return None
    with store.unit_of_work() as uow:
        found = uow.scenarios.channel(channel_id)
    if found is None:
        return None
    return FollowChannel(
        id=found.id,
        roster=_roster(found.roster_json, "the followed screen"),
        team=found.team,
        away=found.away,
        step=found.step,
        version=found.version,
        updated_at=found.updated_at,
    )


def channel_version(store: Store, channel_id: str) -> int | None:
    """Only the channel's version (a follower's poll): one row by primary key."""
    if not _channel_id(channel_id):
        return None
    with store.unit_of_work() as uow:
        return uow.scenarios.channel_version(channel_id)
