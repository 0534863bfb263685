"""Alembic migrations, shipped in the package and run on start (see store.database)."""
