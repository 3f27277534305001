"""Roles scoped to a provider, decided in the data layer, and the append-only audit trail."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from dashboard import access, audit

CONFIG = {
    "gebruikers": {
        "beheer@rotterdam.nl": "gemeente-beheer",
        "P.deVries@jbrr.nl": {"rol": "aanbieder", "aanbieder": "JBRR"},
    },
    "groepen": {"jeugd-beleid": "gemeente-lezer", "enver-kwaliteit": {"rol": "aanbieder", "aanbieder": "ENVER"}},
}


def test_provider_user_sees_only_its_own_provider() -> None:
    v = access.resolve("p.devries@jbrr.nl", config=CONFIG)  # e-mail case does not matter
    assert (v.role, v.provider) == ("aanbieder", "JBRR")
    assert v.providers == ("JBRR",)
    assert v.scope(["JBRR", "ENVER", "WIJKTEAMS"]) == ("JBRR",)
    assert v.addressees == ["JBRR"]
    assert v.may_upload("JBRR") and not v.may_upload("ENVER") and not v.may_edit


def test_municipal_roles_see_everything_but_only_beheer_edits() -> None:
    beheer = access.resolve("beheer@rotterdam.nl", config=CONFIG)
    lezer = access.resolve("someone", groups=["jeugd-beleid"], config=CONFIG)
    assert beheer.providers == lezer.providers == ("JBRR", "ENVER", "WIJKTEAMS")
    assert "GEMEENTE" in lezer.addressees
    assert beheer.may_edit and beheer.may_upload("ENVER")
    assert not lezer.may_edit and not lezer.may_upload("ENVER")


def test_widest_group_role_wins_and_own_entry_beats_groups() -> None:
    v = access.resolve("x", groups=["enver-kwaliteit", "jeugd-beleid"], config=CONFIG)
    assert v.role == "gemeente-lezer"
    own = access.resolve("P.deVries@jbrr.nl", groups=["jeugd-beleid"], config=CONFIG)
    assert own.role == "aanbieder"


def test_unknown_user_sees_nothing() -> None:
    v = access.resolve("stranger@example.org", groups=["other"], config=CONFIG)
    assert not v.known and v.providers == () and v.scope(["JBRR"]) == () and v.addressees == []


@pytest.mark.parametrize(
    "text, fragment",
    [
        ('[gebruikers]\n"a" = "superuser"\n', "onbekende rol"),
        ('[gebruikers]\n"a" = { rol = "aanbieder" }\n', "zonder geldige aanbiedercode"),
        ("[gebruikers\n", "geen geldige TOML"),
        ('[login]\nmethode = "ldap"\n', "methode 'ldap' bestaat niet"),
    ],
)
def test_bad_config_is_a_clear_dutch_error(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "toegang.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(access.AccessConfigError, match=fragment):
        access.load_config(path)


def test_audit_trail_appends_and_never_loses_concurrent_events(db: Path) -> None:
    audit.record(db, "beheer@rotterdam.nl", "inloggen", "OIDC")
    threads = [
        threading.Thread(target=lambda i=i: [audit.record(db, f"u{i}", "download", f"bestand {j}") for j in range(50)]) for i in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    log = audit.read(db)
    assert log.height == 1 + 4 * 50
    assert log["gebeurtenis"][-1] == "inloggen"  # newest first, the first event last
    with pytest.raises(ValueError):
        audit.record(db, "x", "wissen", "alles")


def test_the_user_comes_from_oidc_claims_or_the_proxy_headers() -> None:
    config = CONFIG | {"login": {"methode": "proxy", "gebruiker_header": "X-Remote-User", "groepen_header": "X-Remote-Groups"}}
    assert access.from_oidc({"is_logged_in": False, "email": "beheer@rotterdam.nl"}, CONFIG) is None
    v = access.from_oidc({"is_logged_in": True, "preferred_username": "x", "groups": ["jeugd-beleid"]}, CONFIG)
    assert (v.name, v.role) == ("x", "gemeente-lezer")
    v = access.from_headers({"x-remote-user": " P.deVries@jbrr.nl ", "X-Remote-Groups": "a; jeugd-beleid"}, config)
    assert (v.role, v.provider) == ("aanbieder", "JBRR")  # own entry beats the group
    assert access.from_headers({"X-Remote-Groups": "jeugd-beleid"}, config).known is False  # no user header: nobody
    assert access.login_mode(config, oidc=False) == "proxy"
    assert access.login_mode(CONFIG, oidc=True) == "oidc"
    assert access.login_mode(CONFIG, oidc=False) is None


def test_register_scope_never_widens_a_provider() -> None:
    jbrr = access.resolve("p.devries@jbrr.nl", config=CONFIG)
    assert jbrr.register_scope(["JBRR", "ENVER"]) == ["JBRR"]
    lezer = access.resolve("x", groups=["jeugd-beleid"], config=CONFIG)
    assert lezer.register_scope(["ENVER"]) == ["GEMEENTE", "ENVER"]
    assert access.Viewer("onbekend", None).register_scope(["JBRR"]) == []


def test_an_empty_scope_means_no_register_rows_not_all(demo_db: Path) -> None:
    from dashboard import register

    assert register.measures(demo_db, adressaten=[]).height == 0
    assert register.measures(demo_db).height > 0
    assert "rapporten: []" in register.export_yaml(demo_db, adressaten=[])


def test_uploads_and_register_edits_are_in_the_audit_trail(db: Path) -> None:
    from dashboard import ingest, register

    ingest.upload(db, [("JBRR_wachtlijst_2024-06.csv", b"aanbieder\n")], "beheer@rotterdam.nl")
    register.add_report(db, "beheer@rotterdam.nl", id="R1", instantie="IGJ", titel="Toets")
    log = audit.read(db)
    assert log["gebeurtenis"].to_list() == ["registerwijziging", "upload"]
    assert log["wie"].unique().to_list() == ["beheer@rotterdam.nl"]
    assert "JBRR_wachtlijst_2024-06.csv: afgewezen" in log["wat"][1]
    assert "formulier rapport: 1 rapport" in log["wat"][0]
