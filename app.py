"""MLOps Team Builder: the Streamlit entry point. A router: pages live in views/."""

import streamlit as st

from views.sidebar import render_sidebar

st.set_page_config(
    page_title="MLOps Team Builder", page_icon=":material/sports_soccer:", layout="wide"
)

pages = [
    st.Page("views/formation.py", title="Formation", icon=":material/sports_soccer:", default=True),
    st.Page("views/people.py", title="People and load", icon=":material/groups:"),
    st.Page("views/guide.py", title="Position guide", icon=":material/menu_book:"),
]
page = st.navigation(pages)
render_sidebar()
page.run()
