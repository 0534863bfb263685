"""Rewrite tests/golden/*.json from the example rosters; review the diff before committing.

.venv/bin/python scripts/regenerate_golden.py
"""

from __future__ import annotations

import json
from pathlib import Path

from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.roster_io import load_roster
from teambuilder.scoring import score

GOLDEN_DIR = Path(__file__).resolve().parent.parent / "tests" / "golden"


def golden_report(example: Path) -> dict[str, object]:
    report: dict[str, object] = score(load_roster(example)).model_dump(mode="json")
    return report


def main() -> None:
    GOLDEN_DIR.mkdir(exist_ok=True)
    for example in sorted(EXAMPLES_DIR.iterdir()):
        if example.suffix not in {".csv", ".json"}:
            continue
        target = GOLDEN_DIR / f"{example.stem}.report.json"
        text = json.dumps(golden_report(example), indent=2, ensure_ascii=False) + "\n"
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target.relative_to(GOLDEN_DIR.parent.parent)}")


if __name__ == "__main__":
    main()
