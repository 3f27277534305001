"""What a viewer has chosen and may do, without Streamlit: the period, the providers (always
within the viewer's scope), whose register measures belong with them, and the date the
register is read on. The sidebar builds one `Selection` per run; pages, downloads and the
report buttons pass it on instead of re-deriving scope or permission."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dashboard.access import Viewer
from dashboard.periods import Period, parse_period

TREND_MONTHS, TREND_QUARTERS = 24, 8


@dataclass(frozen=True)
class Selection:
    db: Path
    version: tuple[int, int, int] | None  # store.data_version: part of every cache key
    months: tuple[str, ...]  # months with data, newest first
    period: Period | None  # None: no data yet
    chosen: tuple[str, ...]  # as chosen in the sidebar
    today: date
    viewer: Viewer  # no default: a scope is never assumed
    # The register is read as it stands today, unless a past period is viewed "stand op"
    # its end (the Aanbevelingen page offers that).
    register_at_period_end: bool = False

    @property
    def providers(self) -> tuple[str, ...]:
        """The chosen providers this viewer may see: the scope of every query."""
        return self.viewer.scope(self.chosen)

    @property
    def has_data(self) -> bool:
        return self.period is not None

    @property
    def addressees(self) -> tuple[str, ...]:
        """The register addressees shown and reported: the municipality's own measures (for
        municipal roles) and those of the chosen providers the viewer may see. The same for
        the Overzicht, the Aanbevelingen page and both reports made from the buttons."""
        return tuple(self.viewer.register_scope(self.providers))

    @property
    def register_on(self) -> date:
        """The date the register is shown on: today; the end of the chosen period (or today,
        if earlier) when a past period is viewed "stand op" its end."""
        if self.register_at_period_end and self.period is not None:
            return min(self.period.end, self.today)
        return self.today

    # Permissions, decided once (access.Viewer) and read from here by every page.
    @property
    def may_edit_register(self) -> bool:
        return self.viewer.may_edit

    @property
    def may_see_audit(self) -> bool:
        return self.viewer.may_edit

    @property
    def may_upload(self) -> bool:
        return self.viewer.may_upload_any

    def trend(self) -> list[Period]:
        """The periods of a trend chart: 24 months or 8 quarters up to the chosen period,
        not before the first month with data."""
        assert self.period is not None
        n = TREND_QUARTERS if self.period.is_quarter else TREND_MONTHS
        first = parse_period(self.months[-1])
        return [p for p in (self.period.shift(-k) for k in reversed(range(n))) if p.end >= first.start]
