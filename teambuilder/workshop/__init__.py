"""Workshops: the agenda, join codes, votes from phones, tallies and accepted risks.

Pure: no storage and no streamlit. The database keeps workshops through
``teambuilder.services``; the pages only call those services.
"""
