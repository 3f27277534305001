"""The Streamlit dashboard. Pages are thin: they lay out what `data` (cached figures) and
`shaping` (suppressed, Dutch-labelled frames) give them, with the shared `components`."""
