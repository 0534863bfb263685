"""MLOps Team Builder: the Streamlit entry point (a router only)."""

import streamlit as st

st.set_page_config(page_title="MLOps Team Builder", layout="wide")
st.title("MLOps Team Builder")
st.write("The dashboard is on its way; the command line `teambuilder` works today.")
