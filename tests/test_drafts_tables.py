"""A draft keeps the rows as typed, broken ones included, on both engines."""

from __future__ import annotations

from teambuilder import services
from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.roster_io import load_roster
from teambuilder.store import open_store
from teambuilder.workspace import (
    parse_workspace,
    tables_differ,
    typed_rows,
    with_typed_rows,
    workspace_from_roster,
)

STARTUP = load_roster(EXAMPLES_DIR / "startup_hero.csv")


def test_a_draft_gives_back_every_row_as_typed_and_its_problems(database_url):
    ws = workspace_from_roster(STARTUP)
    table = ws.tables["Loopwise"]
    table.loc[0, "fte"] = 3.0
    table.loc[len(table)] = {"name": None, "title": "no name yet 🧪 <i>", "absent": False}
    parsed = parse_workspace(ws)
    store = open_store(database_url)
    try:
        draft_id = services.save_draft(store, parsed.roster, tables=typed_rows(ws))
        draft = services.latest_draft(store, draft_id)
    finally:
        store.close()

    assert draft is not None and draft.tables is not None
    back = with_typed_rows(workspace_from_roster(draft.roster), draft.tables)
    assert not tables_differ(back.tables["Loopwise"], ws.tables["Loopwise"])
    assert back.tables["Loopwise"].iloc[-1]["title"] == "no name yet 🧪 <i>"
    assert parse_workspace(back).problems == parsed.problems
    # row 1's FTE; row 6 has no name and no FTE
    assert [(p.row, p.column) for p in parsed.problems] == [(1, "FTE"), (6, "Name"), (6, "FTE")]
