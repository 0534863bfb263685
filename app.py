"""MLOps Team Builder: the Streamlit entry point. A router: pages live in views/."""

from pathlib import Path

import streamlit as st

from views.common import plain
from views.sidebar import render_sidebar
from views.state import link_error, restore_shared_link

# A file served by the app itself: an icon name (":material/...") makes every browser fetch
# the favicon from fonts.gstatic.com, which a workshop room without internet cannot reach.
PAGE_ICON = Path(__file__).parent / "assets" / "page_icon.png"
st.set_page_config(page_title="MLOps Team Builder", page_icon=str(PAGE_ICON), layout="wide")

PAGE_FILES = {
    "formation": "views/formation.py",
    "people": "views/people.py",
    "guide": "views/guide.py",
    "files": "views/files.py",
}
pages = [
    st.Page("views/formation.py", title="Formation", icon=":material/sports_soccer:", default=True),
    st.Page("views/people.py", title="People and load", icon=":material/groups:"),
    st.Page("views/guide.py", title="Position guide", icon=":material/menu_book:"),
    st.Page("views/files.py", title="Files and sharing", icon=":material/folder_open:"),
]
page = st.navigation(pages)
if opened_page := restore_shared_link():
    # A link may name a page this version does not have: open the team's formation then.
    st.switch_page(PAGE_FILES.get(opened_page, PAGE_FILES["formation"]))
if message := link_error():
    sentence = message.rstrip(". ") + "."
    st.error(f"This link cannot be opened: {plain(sentence)} Showing the example team instead.")
render_sidebar()
page.run()
