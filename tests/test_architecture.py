"""The core stays free of the UI: importing teambuilder never imports streamlit."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_core_and_all_its_modules_does_not_import_streamlit():
    code = (
        "import importlib, pkgutil, sys, teambuilder\n"
        "for m in pkgutil.iter_modules(teambuilder.__path__):\n"
        "    if m.name != '__main__': importlib.import_module('teambuilder.' + m.name)\n"
        "print('streamlit' in sys.modules)\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "False"
