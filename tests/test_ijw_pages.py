"""The iJw figures where a municipal user looks for them: the chain on Wachtlijsten and the
cross-check on Aanleveringen (demo: ENVER, fourth quarter of 2024)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import assert_clean, dataframes, open_app, text


def test_wachtlijsten_shows_the_chain_with_the_norm(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_db, monkeypatch, {"periode": "2024-11"}, "wachtlijsten")
    assert_clean(at)
    assert "verzoek → toewijzing → start → stop" in text(at)
    assert "5 werkdagen" in text(at)
    chain = next(df for df in dataframes(at) if "Stap" in df.columns)
    steps = dict(zip(chain["Stap"], chain["ENVER"]))
    assert steps["Bron klopt niet"] == "ja"
    assert steps["Gestart (JW305)"] not in ("", "–")


def test_aanleveringen_flags_bron_klopt_niet(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_db, monkeypatch, {"periode": "2024-12"}, "aanleveringen")
    assert_clean(at)
    assert "Enver — november 2024: bron klopt niet" in text(at)
    check = next(df for df in dataframes(at) if "Signaal" in df.columns)
    signals = dict(zip(check["Periode"], check["Signaal"]))
    assert "bron klopt niet" in signals.values() and "klopt" in signals.values()


def test_kwartaalrapportage_carries_the_chain(demo_db: Path) -> None:
    from dashboard.reports import quarterly

    waiting = quarterly.data(demo_db, "2024-Q4")["themas"][0]
    [enver] = waiting["ijw"]  # only ENVER has iJw traffic in the demo
    assert enver["aanbieder"] == "Enver"  # by name, not by code
    rows = {r[0]: r[1:] for r in enver["rijen"]}
    assert rows["Gestart (JW305)"][0] not in ("–", "0")
    assert rows["Bron klopt niet"][0] in ("ja", "nee")
    assert rows["Verzoeken om toewijzing"][2] == "–"  # 4th quarter 2023: no traffic yet
    assert quarterly.data(demo_db, "2024-Q4", ["JBRR"])["themas"][0]["ijw"] == []
