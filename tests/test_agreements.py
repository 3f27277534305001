"""Agreements of the regie meeting (issue 12, item 4): the register's own model — the
meeting is a report of soort `regieoverleg`, each agreement a measure — entered on the
Aanbevelingen page, followed up with status updates, and counted wherever late or
off-course measures are listed."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest

from dashboard import actions, register
from dashboard.periods import parse_period
from dashboard.reports import briefing
from tests.helpers import assert_clean, dataframes, open_app, shown, text


def test_an_agreement_is_a_measure_of_a_meeting(demo_copy: Path) -> None:
    day = date(2024, 11, 14)
    first = register.add_agreement(
        demo_copy,
        "A. Jansen",
        "enver",
        day,
        adressaat="ENVER",
        omschrijving="Wachtlijst diagnostiek halveren",
        eigenaar="Enver",
        deadline=date(2025, 3, 1),
    )
    second = register.add_agreement(
        demo_copy,
        "A. Jansen",
        "ENVER",
        day,
        adressaat="GEMEENTE",
        omschrijving="Extra budget besluiten",
        eigenaar="Gemeente",
        deadline=date(2024, 12, 1),
    )
    assert (first, second) == ("M-RO-ENVER-20241114-1", "M-RO-ENVER-20241114-2")
    (meeting,) = [r for r in register.tree(demo_copy) if r["id"] == "RO-ENVER-2024-11-14"]
    assert (meeting["soort"], meeting["instantie"], meeting["titel"]) == ("regieoverleg", "Regieoverleg", "Enver, 14-11-2024")
    assert [m["id"] for m in meeting["aanbevelingen"][0]["maatregelen"]] == [first, second]  # one meeting, two agreements
    # A new agreement in the demo's meeting adds only itself: the meeting stays as it was.
    (before,) = [r for r in register.tree(demo_copy) if r["id"] == "RO-JBRR-2024-09-12"]
    register.add_agreement(
        demo_copy,
        "A. Jansen",
        "JBRR",
        date(2024, 9, 12),
        adressaat="JBRR",
        omschrijving="Nog een",
        eigenaar="JBRR",
        deadline=date(2025, 1, 1),
    )
    (after,) = [r for r in register.tree(demo_copy) if r["id"] == "RO-JBRR-2024-09-12"]
    assert (
        after["id"] == "RO-JBRR-2024-09-12"
        and after["demo"] is True
        and {k: v for k, v in after.items() if k != "aanbevelingen"} == {k: v for k, v in before.items() if k != "aanbevelingen"}
    )
    assert "M-RO-JBRR-20240912-3" in [m["id"] for m in after["aanbevelingen"][0]["maatregelen"]]
    # Followed up exactly like a measure: a status update, overdue after its deadline.
    register.add_status(demo_copy, "A. Jansen", second, datum=date(2024, 11, 20), status="in_uitvoering")
    on = date(2024, 12, 31)
    m = register.measures(demo_copy, on).filter(pl.col("id").is_in([first, second])).sort("id")
    assert m.select("soort", "status", "te_laat").rows() == [
        ("regieoverleg", "niet_gestart", False),
        ("regieoverleg", "in_uitvoering", True),
    ]
    # Before the meeting was held its agreements did not exist.
    assert not register.measures(demo_copy, date(2024, 11, 1)).filter(pl.col("id") == first).height
    # The late agreement is in the briefing's list of what needs action, the other not.
    late = [x["wat"] for x in briefing.data(demo_copy, "2024-12", register_op=on)["acties"]]
    assert "Extra budget besluiten" in late and "Wachtlijst diagnostiek halveren" not in late
    # And in the ranked list of what needs action, said to be an agreement of that meeting.
    todo = actions.build(demo_copy, parse_period("2024-12"), register_op=on).items
    (item,) = [a for a in todo if a.what == "Extra budget besluiten"]
    assert item.context == "afspraak uit het regieoverleg van Enver, 14-11-2024" and item.deadline == date(2024, 12, 1)


def test_an_agreement_is_refused_in_dutch(demo_copy: Path) -> None:
    with pytest.raises(register.RegisterError) as bad:
        register.add_agreement(
            demo_copy, "A. Jansen", "XYZ", None, adressaat="GEMEENTE", omschrijving="x", eigenaar="x", deadline=date(2025, 1, 1)
        )
    assert [p.field for p in bad.value.problems] == ["aanbieder", "datum"]
    with pytest.raises(register.RegisterError, match="in de toekomst"):
        register.add_agreement(
            demo_copy,
            "A. Jansen",
            "JBRR",
            date.today() + timedelta(days=1),
            adressaat="JBRR",
            omschrijving="x",
            eigenaar="x",
            deadline=date(2030, 1, 1),
        )
    with pytest.raises(register.RegisterError, match="niet gericht aan ENVER"):
        register.add_agreement(
            demo_copy, "A. Jansen", "JBRR", date(2024, 11, 1), adressaat="ENVER", omschrijving="x", eigenaar="x", deadline=date(2025, 1, 1)
        )


def test_the_demo_carries_two_agreements_one_late(demo_db: Path) -> None:
    m = register.measures(demo_db, date(2024, 12, 31)).filter(pl.col("soort") == "regieoverleg")
    assert m.select("id", "te_laat", "demo").rows() == [("M-RO-JBRR-20240912-1", True, True), ("M-RO-JBRR-20240912-2", False, True)]


def test_an_agreement_is_entered_and_followed_up_on_the_page(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_copy, monkeypatch, {"periode": "2024-12"}, "aanbevelingen")
    assert_clean(at)
    page = text(at)
    assert "Regieoverleg: JBRR, 12-09-2024 (demo)" in [h.value for h in at.header]
    assert "Afspraken uit het regieoverleg — Gemeente, JBRR" in page and "Afspraak M-RO-JBRR-20240912-1" in page
    table = dataframes(at)[0]
    assert "afspraak uit regieoverleg" in set(table["Soort"])
    at.text_input(key="reg_door").set_value("Test Regisseur")
    at.radio(key="reg_actie").set_value("Afspraak uit regieoverleg").run()
    at.selectbox(key="afspraak_aanbieder").set_value("WIJKTEAMS").run()
    assert at.selectbox(key="afspraak_adressaat").options == ["Gemeente", "Wijkteams"]
    at.date_input(key="afspraak_datum").set_value(date(2024, 12, 5))
    at.selectbox(key="afspraak_adressaat").set_value("WIJKTEAMS")
    at.text_area(key="afspraak_omschrijving").set_value("Bereikbaarheid voor ketenpartners *meten*")
    at.text_input(key="afspraak_eigenaar").set_value("Wijkteams, directie")
    at.date_input(key="afspraak_deadline").set_value(date(2025, 2, 1))
    at.button(key="afspraak_opslaan").click().run()
    assert_clean(at)
    assert "Opgeslagen: afspraak uit het regieoverleg met Wijkteams." in shown(text(at))
    assert "Regieoverleg: Wijkteams, 05-12-2024" in [h.value for h in at.header]
    assert "Bereikbaarheid voor ketenpartners *meten*" in text(at)  # as typed, escaped
    # Followed up with the status form, like any measure.
    at.radio(key="reg_actie").set_value("Statusupdate").run()
    at.selectbox(key="status_maatregel").set_value("M-RO-WIJKTEAMS-20241205-1").run()
    at.selectbox(key="status_status").set_value("in_uitvoering")
    at.button(key="status_opslaan").click().run()
    assert_clean(at)
    assert register.history(demo_copy, ["M-RO-WIJKTEAMS-20241205-1"])["status"].to_list() == ["in_uitvoering"]
    # A missing field is named as the form labels it; nothing saved.
    at.radio(key="reg_actie").set_value("Afspraak uit regieoverleg").run()
    at.button(key="afspraak_opslaan").click().run()
    assert at.error and "Omschrijving: verplicht veld ontbreekt" in shown(at.error[0].value)


def test_a_database_of_an_earlier_version_is_brought_up_to_date(demo_copy: Path) -> None:
    """A database made before reports had a soort: `serve` upgrades it before pages read."""
    import duckdb

    from dashboard import warehouse

    con = duckdb.connect(str(demo_copy))
    con.sql("ALTER TABLE reg_rapport DROP COLUMN soort")
    con.sql("UPDATE mart_meta SET vingerafdruk = 'een eerdere versie'")
    con.close()
    assert warehouse.outdated(demo_copy)
    with pytest.raises(duckdb.BinderException):
        register.measures(demo_copy, date(2024, 12, 31))
    assert warehouse.upgrade(demo_copy) and not warehouse.outdated(demo_copy)
    assert register.measures(demo_copy, date(2024, 12, 31)).filter(pl.col("soort") == "regieoverleg").is_empty()  # soort lost
    assert register.measures(demo_copy, date(2024, 12, 31)).height == 12
    assert not warehouse.upgrade(demo_copy)  # once
