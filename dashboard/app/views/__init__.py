"""The pages: scripts that Streamlit runs (main.py names them), a package so the type
checker and the import contracts see them."""
