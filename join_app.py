"""The participants' server of a workshop: only the page phones use to join and vote.

Run it beside the app (``make room``) so that phones on the room's network reach this page
and nothing else, while the facilitator's app stays on localhost. Both read the same
database (``TEAMBUILDER_DATABASE_URL``, or the default SQLite file).
"""

import streamlit as st

from views.sessions import start_session_reaper

st.set_page_config(page_title="Join the workshop", page_icon=":material/how_to_vote:")
start_session_reaper()  # closed phones' sessions dropped on time (views/sessions.py)
st.navigation([st.Page("views/join.py", title="Join the workshop")], position="hidden").run()
