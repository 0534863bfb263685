"""Roster files and tables, one module per format, the shared checks one floor below.

    files.py        load_roster, roster_from_bytes, write_roster: the extension picks
    csv.py          CSV read and written
    json.py         JSON read and written, the JSON Schema
    xlsx.py         Excel .xlsx read (the first sheet)
    xlsx_guards.py  what an .xlsx is and what it costs, before openpyxl opens it
    guards.py       size and encoding checks, the limits of a roster
    rows.py         build_roster_from_rows: rows of cells -> Roster (files, editor, imports)
    columns.py      one specification per column: id, cell parser, help text
    cells.py        cell parsers, the spreadsheet-formula guard, numbers as text
    checks.py       checks of the whole roster (names, teams, reporting lines)
    problems.py     Problem, RosterError and the bounded log problems are collected in

``teambuilder.roster_io`` and ``teambuilder.validation`` re-export these names.
"""
