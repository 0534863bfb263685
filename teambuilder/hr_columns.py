"""What the column names and status words of HR exports mean, as data.

Loaded from ``data/hr_columns.toml`` by :mod:`teambuilder.catalogue`; used by
:mod:`teambuilder.hr_import`. Models only, so the catalogue can import them.
"""

from __future__ import annotations

from pydantic import Field

from teambuilder.models import Frozen

# The fields an HR column can feed, in the order the mapping step shows them.
HR_FIELDS: tuple[str, ...] = (
    "name",
    "first_name",
    "last_name",
    "person_id",
    "email",
    "title",
    "team",
    "reports_to",
    "manager_id",
    "manager_email",
    "fte",
    "hours",
    "status",
    "background",
)


class HrField(Frozen):
    label: str = Field(min_length=2)
    names: tuple[str, ...] = Field(min_length=1)


class HrStatuses(Frozen):
    active: tuple[str, ...]
    away: tuple[str, ...]
    left: tuple[str, ...]


class HrColumns(Frozen):
    standard_week_hours: float = Field(gt=0, le=80)
    fields: dict[str, HrField]
    statuses: HrStatuses
