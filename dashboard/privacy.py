"""Small-number suppression, in one place for every
view, table, download, report and kerncijfers.

- a count of young people from 1 to threshold-1 is shown as "<5" (0 stays 0);
- a figure computed on fewer than `threshold` young people is not shown (None);
- where exactly one cell of a breakdown is suppressed and its total is shown, the
  smallest other non-zero cell is suppressed too, as "x".
Staff and caseload figures are not about young people and are not suppressed."""

from __future__ import annotations

import os

import polars as pl

DEFAULT_THRESHOLD = 5
SECONDARY = "x"


def threshold() -> int:
    """Configurable with $JEUGDMONITOR_DREMPEL (default 5)."""
    try:
        return max(1, int(os.environ.get("JEUGDMONITOR_DREMPEL", DEFAULT_THRESHOLD)))
    except ValueError:
        return DEFAULT_THRESHOLD


def small(t: int | None = None) -> str:
    return f"<{t or threshold()}"


def count(n: int | None, t: int | None = None) -> int | str | None:
    t = t or threshold()
    if n is None:
        return None
    return small(t) if 0 < n < t else int(n)


def figure(value: float | None, base: int | None, t: int | None = None) -> float | None:
    """A percentage, median or quantile is only shown when at least `t` young people underlie it."""
    t = t or threshold()
    if value is None or base is None or base < t:
        return None
    return value


def breakdown(cells: dict[str, int], total_shown: bool = True, t: int | None = None) -> dict[str, int | str]:
    """Suppress a breakdown's cells, with the secondary "x" where one suppressed cell could
    otherwise be recovered from the shown total."""
    t = t or threshold()
    out: dict[str, int | str] = {k: count(v, t) for k, v in cells.items()}  # type: ignore[misc]
    hidden = [k for k, v in cells.items() if 0 < v < t]
    if total_shown and len(hidden) == 1:
        others = [(v, k) for k, v in cells.items() if v >= t]
        if others:
            out[min(others)[1]] = SECONDARY
    return out


def suppress_frame(
    df: pl.DataFrame, counts: list[str], figures: dict[str, str] | None = None, breakdown_by: list[str] | None = None, t: int | None = None
) -> pl.DataFrame:
    """A frame as it may be shown: `counts` columns become text ("<5", "x" or the number);
    each column in `figures` is blanked where its base column is below the threshold.
    With `breakdown_by`, the first of `counts` is a breakdown within those groups and gets
    the secondary suppression (its group total is assumed shown)."""
    t = t or threshold()
    figures = figures or {}
    out = df.with_columns(pl.when(pl.col(base) >= t).then(pl.col(col)).otherwise(None).alias(col) for col, base in figures.items())
    if not counts:
        return out
    first = counts[0]
    shown = pl.when((pl.col(first) > 0) & (pl.col(first) < t)).then(pl.lit(small(t))).otherwise(pl.col(first).cast(pl.String))
    if breakdown_by:
        c = pl.col(first)
        n_hidden = ((c > 0) & (c < t)).sum().over(breakdown_by)
        smallest_shown = pl.when(c >= t).then(c).min().over(breakdown_by)
        # Exactly one row takes the "x", also when several cells tie for the smallest value.
        first_smallest = pl.when(c == smallest_shown).then(pl.col("__i")).min().over(breakdown_by)
        shown = pl.when((n_hidden == 1) & (pl.col("__i") == first_smallest)).then(pl.lit(SECONDARY)).otherwise(shown)
        out = out.with_row_index("__i")
    out = out.with_columns(shown.alias(first)).drop("__i", strict=False)
    return out.with_columns(
        pl.when((pl.col(c) > 0) & (pl.col(c) < t)).then(pl.lit(small(t))).otherwise(pl.col(c).cast(pl.String)).alias(c) for c in counts[1:]
    )


# The mark of a figure that cannot be computed, or rests on too few young people.
DASH = "–"


def mark_meanings() -> dict[str, str]:
    """What each mark of a figure not shown means: the one legend of pages, reports,
    downloads and kerncijfers."""
    t = threshold()
    return {
        small(t): f"1 tot {t - 1} jeugdigen",
        SECONDARY: "verborgen om een ander klein aantal te beschermen",
        DASH: f"niet te berekenen, of op minder dan {t} jeugdigen gebaseerd",
    }


def marks_legend(quoted: bool = True, sep: str = "; ") -> str:
    """The legend of the marks, e.g. for a caption (without the closing full stop)."""
    q = "'" if quoted else ""
    return sep.join(f"{q}{mark}{q} = {meaning}" for mark, meaning in mark_meanings().items())
