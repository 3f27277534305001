"""What each page shows, as polars frames: suppressed (dashboard.privacy), with Dutch
labels and Dutch-formatted tooltip texts. No streamlit here, so it can be tested plainly.

Each page gets a `View`: `chart` with plain column names for the altair encodings (a
suppressed count is null there, its text in `<col>_tekst`), and `table` with Dutch column
names as the reader sees it in "Toon als tabel" and in the CSV and Excel downloads."""
