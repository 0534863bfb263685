"""Scenario storage: SQLAlchemy and Alembic stay in this package (cosmicpython's adapters).

Services take a :class:`Store` and work through ``store.unit_of_work()``; what comes out
are plain records (:mod:`teambuilder.store.records`) and errors with messages for people
(:mod:`teambuilder.store.errors`).
"""

from teambuilder.store.database import (
    DATABASE_URL_ENV,
    Store,
    UnitOfWork,
    database_url,
    default_sqlite_path,
    describe,
    open_store,
    opened,
)
from teambuilder.store.errors import (
    NameRejected,
    NotFound,
    StaleVersion,
    StoreError,
    StoreUnavailable,
)

__all__ = [
    "DATABASE_URL_ENV",
    "NameRejected",
    "NotFound",
    "StaleVersion",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "UnitOfWork",
    "database_url",
    "default_sqlite_path",
    "describe",
    "open_store",
    "opened",
]
