"""MLOps Team Builder: the Streamlit entry point. A router: pages live in views/."""

from pathlib import Path

import streamlit as st

from views.common import plain
from views.live import publish as publish_for_second_screen
from views.sessions import start_session_reaper
from views.sidebar import render_sidebar
from views.state import link_error, restore_shared_link
from views.storage import keep_working_copy, offer_draft, open_scenario_link, rules_notice

# A file served by the app itself: an icon name (":material/...") makes every browser fetch
# the favicon from fonts.gstatic.com, which a workshop room without internet cannot reach.
PAGE_ICON = Path(__file__).parent / "assets" / "page_icon.png"
st.set_page_config(page_title="MLOps Team Builder", page_icon=str(PAGE_ICON), layout="wide")
start_session_reaper()  # closed tabs' sessions dropped on time (views/sessions.py)

if "join" in st.query_params:
    # A phone joining a workshop sees only the participants' page: no roster, no sidebar.
    st.navigation([st.Page("views/join.py", title="Join the workshop")], position="hidden").run()
    st.stop()

PAGE_FILES = {
    "formation": "views/formation.py",
    "people": "views/people.py",
    "guide": "views/guide.py",
    "files": "views/files.py",
    "stress": "views/stress.py",
    "scenarios": "views/scenarios.py",
    "compare": "views/compare.py",
    "workshop": "views/workshop.py",
    "fixes": "views/fixes.py",
    "present": "views/present.py",
    "organisation": "views/organisation.py",
}
pages = [
    st.Page("views/formation.py", title="Formation", icon=":material/sports_soccer:", default=True),
    st.Page("views/people.py", title="People and load", icon=":material/groups:"),
    st.Page("views/guide.py", title="Position guide", icon=":material/menu_book:"),
    st.Page("views/files.py", title="Files and sharing", icon=":material/folder_open:"),
    st.Page("views/stress.py", title="Stress test", icon=":material/crisis_alert:"),
    st.Page("views/scenarios.py", title="Scenarios", icon=":material/history:"),
    st.Page("views/compare.py", title="Compare", icon=":material/compare_arrows:"),
    st.Page("views/workshop.py", title="Workshop", icon=":material/how_to_vote:"),
    st.Page("views/fixes.py", title="Suggested fixes", icon=":material/build:"),
    st.Page("views/organisation.py", title="Organisation", icon=":material/apartment:"),
    st.Page("views/import_hr.py", title="Import an HR export", icon=":material/upload_file:"),
    # Opened from the Formation page or a ?view=present link; not in the menu, which the
    # presentation view hides (a slide has no sidebar).
    st.Page(
        "views/present.py",
        title="Present",
        icon=":material/co_present:",
        url_path="present",
        visibility="hidden",
    ),
]
page = st.navigation(pages)
presenting = st.query_params.get("view") == "present"
if (opened_page := restore_shared_link()) and not presenting:
    # A link may name a page this version does not have: open the team's formation then.
    st.switch_page(PAGE_FILES.get(opened_page, PAGE_FILES["formation"]))
open_scenario_link()  # ?scenario=<link id>: opens a saved scenario (stays in the address bar)
if message := link_error():
    sentence = message.rstrip(". ") + "."
    st.error(f"This link cannot be opened: {plain(sentence)} Showing the example team instead.")
if presenting and page.url_path != "present":
    st.switch_page(PAGE_FILES["present"], query_params=st.query_params.to_dict())
if page.url_path != "present":  # the presentation view is a slide: no sidebar
    render_sidebar()
offering = not presenting and offer_draft()  # ?draft=<id>: this tab's earlier work
if not presenting:
    rules_notice()  # a scenario saved under other rules: which ones score it, and a switch
page.run()
publish_for_second_screen()
if not presenting and not offering:
    keep_working_copy()  # autosave: a reload or a server restart loses at most one edit
