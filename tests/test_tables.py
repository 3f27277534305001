"""Tables as a reader meets them: up to `display.HTML_ROWS` rows and `HTML_COLUMNS`
columns a plain HTML table (real column headers for a screen reader, Dutch text, light to
draw), longer or wider ones Streamlit's grid; every value escaped, a missing value an empty cell, numbers right-aligned."""

from __future__ import annotations

import polars as pl
from streamlit.testing.v1 import AppTest

from dashboard.app.frames.display import HTML_COLUMNS, HTML_ROWS, VISIBLE_ROWS, dutch_frame, html_table
from tests.helpers import html_tables


def test_an_html_table_shows_each_value_as_text_in_dutch() -> None:
    frame = pl.DataFrame({"Team": ["<b>Noord</b> & co", None], "Wachtenden": [1234, 7], "Aandeel": [12.5, None]})
    shown = html_table(dutch_frame(frame), "Tabel: wachtenden")
    assert "<b>Noord</b>" not in shown and "&lt;b&gt;Noord&lt;/b&gt; &amp; co" in shown
    [read] = html_tables(shown)
    assert read.columns == ["Team", "Wachtenden", "Aandeel"]
    assert read.rows() == [("<b>Noord</b> & co", "1.234", "12,5"), (None, "7", "–")]
    # The number columns, header and cells, are right-aligned; the text column is not.
    assert shown.count('class="jm-num jm-kort"') == 2 * 3 and '<th class="jm-kort">Team</th>' in shown


def test_short_values_stay_on_one_line_and_sentences_get_room() -> None:
    # At 1024 px a squeezed table broke every 30-06-2024 over two lines and stacked "op of
    # onder de norm" one word per line (four lines a row); phrases and long texts get a
    # minimum width instead, and the table scrolls sideways in its region.
    frame = pl.DataFrame(
        {
            "Peildatum": ["30-06-2024"],
            "Oordeel": ["op of onder de norm"],
            "Team": ["Wijkteam Charlois-Zuid en Pendrecht"],
            "Toelichting": ["Een lange zin die de aanbieder bij dit cijfer schreef."],
        }
    )
    shown = html_table(frame, "Tabel: t")
    assert '<td class="jm-kort">30-06-2024</td>' in shown
    assert '<td class="jm-kort">op of onder de norm</td>' in shown and '<td class="jm-zin">Wijkteam Charlois-Zuid' in shown
    assert '<td class="jm-lang">Een lange zin' in shown
    assert html_table(frame.clear(), "Tabel: leeg").count("<td") == 0


def test_a_table_scrolls_in_a_named_region_the_keyboard_reaches_a_long_one_also_down() -> None:
    short = html_table(pl.DataFrame({"n": [str(i) for i in range(VISIBLE_ROWS)]}), "Tabel: kort")
    assert '<div class="jm-grid-wrap" tabindex="0" role="region" aria-label="Tabel: kort">' in short
    long = html_table(pl.DataFrame({"n": [str(i) for i in range(VISIBLE_ROWS + 1)]}), 'Tabel: "lang"')
    assert '<div class="jm-grid-wrap jm-grid-tall" tabindex="0" role="region" aria-label="Tabel: &quot;lang&quot;">' in long
    assert html_tables(long)[0].height == VISIBLE_ROWS + 1


def _page(rows: int, columns: int = 2) -> None:
    import polars as pl

    from dashboard.app import components

    frame = pl.DataFrame({"Bestand": [f"f{i}.csv" for i in range(rows)], "Fouten": list(range(rows))})
    components.table(frame.with_columns(pl.lit("x").alias(f"Kolom {i}") for i in range(columns - 2)), key="t")


def test_up_to_the_limits_a_table_is_html_beyond_them_the_grid() -> None:
    at = AppTest.from_function(_page, args=(HTML_ROWS,)).run()
    assert not at.exception and not at.dataframe
    [read] = html_tables(str(at.get("html")[0].proto.body))
    assert read.height == HTML_ROWS and read["Fouten"][-1] == str(HTML_ROWS - 1)
    at = AppTest.from_function(_page, args=(HTML_ROWS + 1,)).run()
    assert not at.exception and not at.get("html")
    assert len(at.dataframe) == 1 and at.dataframe[0].value.shape == (HTML_ROWS + 1, 2)
    assert len(html_tables(str(AppTest.from_function(_page, args=(3, HTML_COLUMNS)).run().get("html")[0].proto.body))) == 1
    at = AppTest.from_function(_page, args=(3, HTML_COLUMNS + 1)).run()
    assert not at.get("html") and at.dataframe[0].value.shape == (3, HTML_COLUMNS + 1)
