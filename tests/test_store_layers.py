"""Layers: SQLAlchemy and Alembic only in teambuilder/store/, streamlit never in the core."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE_LIBRARIES = {"sqlalchemy", "alembic", "psycopg"}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_only_the_store_package_imports_database_libraries():
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_roots(path) & DATABASE_LIBRARIES)
        for folder in ("teambuilder", "views")
        for path in (ROOT / folder).rglob("*.py")
        if "store" not in path.relative_to(ROOT).parts
    }

    assert {k: v for k, v in offenders.items() if v} == {}
    assert imported_roots(ROOT / "teambuilder" / "store" / "repository.py") >= {"sqlalchemy"}


def test_importing_every_core_module_and_subpackage_does_not_import_streamlit():
    code = (
        "import importlib, pkgutil, sys, teambuilder\n"
        "for m in pkgutil.walk_packages(teambuilder.__path__, 'teambuilder.'):\n"
        "    if not m.name.endswith('__main__') and '.migrations.' not in m.name + '.':\n"
        "        importlib.import_module(m.name)\n"
        "print('streamlit' in sys.modules, 'teambuilder.services' in sys.modules,\n"
        "      'teambuilder.analysis.compare' in sys.modules)\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )

    assert result.stdout.split() == ["False", "True", "True"]
