"""A chart of a report as it reaches the template, apart from the chart code (altair), so
that a report without charts never loads it."""

from __future__ import annotations


class Svg(str):
    """A chart as SVG text that also carries its text alternative (`alt`): what the chart
    shows, in Dutch words, for a screen reader and for the PDF's tagged figure."""

    alt: str

    def __new__(cls, svg: str, alt: str) -> Svg:
        made = super().__new__(cls, svg)
        made.alt = alt
        return made
