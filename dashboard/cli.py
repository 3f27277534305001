"""`jeugdmonitor [--db PATH] COMMAND ...` (README, "Command line"). Messages in Dutch; bad input
never shows a traceback.

Each command imports the modules it needs when it runs: `serve` starts Streamlit before
anything loads polars or DuckDB, so the dashboard's own start is not kept waiting."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from dashboard.paths import APP, ROOT, resolve_db
from dashboard.periods import Period, PeriodError, parse_period

if TYPE_CHECKING:
    from dashboard.errors import Finding

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _progress_bar(enabled: bool) -> Callable[[int, int, str], None] | None:
    if not enabled:
        return None

    def show(done: int, total: int, name: str) -> None:
        width = 30
        filled = int(width * done / max(total, 1))
        bar = "█" * filled + "·" * (width - filled)
        sys.stderr.write(f"\r[{bar}] {done}/{total} {name[:40]:<40}")
        if done == total:
            sys.stderr.write("\r" + " " * (width + 55) + "\r")
        sys.stderr.flush()

    return show


def _paths(values: list[str]) -> list[Path]:
    """The extracts named, folders expanded; empty after a Dutch message when a path does
    not exist or nothing is found."""
    from dashboard import ingest
    from dashboard.errors import shown

    missing = [v for v in values if not os.path.lexists(v)]
    for m in missing:
        print(f"fout: '{shown(m)}' bestaat niet", file=sys.stderr)
    if missing:
        return []
    files = ingest.expand([Path(v) for v in values])
    refused = [(f, why) for f in files if (why := ingest.not_regular(f))]
    for f, why in refused:
        print(f"fout: '{shown(str(f))}' {why}", file=sys.stderr)
    if refused:
        return []
    if not files:
        print("geen bestanden gevonden (verwacht .csv, .xlsx of iJw-berichten als .xml)", file=sys.stderr)
    return files


def _print_findings(findings: Sequence[Finding], total: int) -> None:
    for f in findings:
        print(f"    - {f.text()}")
    if total > len(findings):
        print(f"    … en nog {total - len(findings)} fout(en) (niet getoond)")


def cmd_ingest(args: argparse.Namespace) -> int:
    from dashboard import ingest, vaststelling

    files = _paths(args.paths)
    if not files:
        return EXIT_USAGE
    try:
        results = ingest.ingest_files(args.db, files, progress=_progress_bar(sys.stderr.isatty()))
    except ingest.StorageError as e:
        print(f"fout: {e}", file=sys.stderr)
        return EXIT_INVALID
    for r in results:
        print(r.line())
        if r.outcome is ingest.Outcome.REJECTED:
            _print_findings(r.errors, r.error_count)
        elif r.outcome in (ingest.Outcome.LOADED, ingest.Outcome.REPLACED) and (note := vaststelling.revision_note(args.db, r.file)):
            print(f"    {note}")
        for w in r.warnings:
            print(f"    waarschuwing: {w.text()}")
    rejected = sum(r.outcome is ingest.Outcome.REJECTED for r in results)
    if rejected:
        print(
            f"{rejected} van {len(results)} bestand(en) afgewezen; de afgewezen bestanden staan in quarantaine "
            "(van iJw-berichten alleen het foutenrapport: ze bevatten persoonsgegevens)."
        )
    return EXIT_INVALID if rejected else EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from dashboard import ingest

    files = _paths(args.paths)
    if not files:
        return EXIT_USAGE
    bad = 0
    for v in ingest.check_files(files):
        if v.ok:
            print(f"{v.file}: geldig ({v.rows} rijen)")
        else:
            bad += 1
            print(f"{v.file}: ongeldig — {v.error_count} fout(en)")
            _print_findings(v.errors, v.error_count)
        for w in v.warnings:
            print(f"    waarschuwing: {w.text()}")
    return EXIT_INVALID if bad else EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from dashboard import demo, ingest

    results = demo.build(args.db, progress=_progress_bar(sys.stderr.isatty()))
    loaded = sum(r.outcome is not ingest.Outcome.REJECTED for r in results)
    print(f"demodatabase opgebouwd in {args.db}: {loaded} bestanden geladen (DEMODATA, fictief)")
    for r in results:
        if r.outcome is ingest.Outcome.REJECTED:
            print(r.line())
            _print_findings(r.errors, r.error_count)
    return EXIT_OK if loaded == len(results) else EXIT_INVALID


def _period_and_provider(args: argparse.Namespace) -> Period | None:
    """`--periode` parsed and `--aanbieder` checked, or None after a Dutch usage message."""
    from dashboard.registers import provider_codes

    try:
        period = parse_period(args.periode)
    except PeriodError as e:
        print(f"fout: --periode {e}", file=sys.stderr)
        return None
    if args.aanbieder and args.aanbieder not in provider_codes():
        print(f"fout: onbekende aanbieder '{args.aanbieder}'; bekend zijn: {', '.join(provider_codes())}", file=sys.stderr)
        return None
    return period


def cmd_kerncijfers(args: argparse.Namespace) -> int:
    from dashboard import kerncijfers

    period = _period_and_provider(args)
    if period is None:
        return EXIT_USAGE
    chosen = [args.aanbieder] if args.aanbieder else None
    if args.vastgesteld:
        found = kerncijfers.established(args.db, period, chosen)
        if found is None:
            print(f"periode {period.label} is niet vastgesteld (zie jeugdmonitor vaststellen)", file=sys.stderr)
            return EXIT_INVALID
        result = found
    else:
        result = kerncijfers.build(args.db, period, chosen)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(kerncijfers.as_table(result))
    if not kerncijfers.has_data(result):
        print(f"geen gegevens voor periode {period.label}", file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def cmd_vaststellen(args: argparse.Namespace) -> int:
    from dashboard import fmt, vaststellen

    try:
        period = parse_period(args.periode)
    except PeriodError as e:
        print(f"fout: --periode {e}", file=sys.stderr)
        return EXIT_USAGE
    try:
        est = vaststellen.establish(args.db, period, args.door)
    except vaststellen.VaststellingError as e:
        print(f"geweigerd: {e}", file=sys.stderr)
        return EXIT_INVALID
    print(
        f"{period.display()} vastgesteld op {fmt.day(est.on)} door {est.by}: {len(est.deliveries)} aanleveringen, "
        f"{len(est.norms)} normen en het register ({est.register['regels']} regels) vastgelegd"
    )
    for v in est.verdicts:
        print(f"    {v['aanbieder']}: {v['oordeel']}" + (f" — {v['reden']}" if v["reden"] else ""))
    missing = [p for p in est.kerncijfers if p != "*" and all(x["aanbieder"] != p for x in est.verdicts)]
    if missing:
        print(f"    zonder oordeel van de aanbieder: {', '.join(missing)}")
    return EXIT_OK


def cmd_aanleveringen(args: argparse.Namespace) -> int:
    from dashboard import figures, fmt, ingest
    from dashboard.errors import shown

    log = figures.aanleveringen(args.db)
    rows = [["ontvangen", "bestand", "aanbieder", "soort", "periode", "status", "rijen", "fouten"]]
    for r in log.iter_rows(named=True):
        rows.append(
            [
                r["ontvangen_op"].strftime("%d-%m-%Y %H:%M"),
                shown(r["bestand"]),
                r["aanbieder"],
                r["soort"],
                r["periode"],
                r["status"] + (" (demo)" if r["demo"] else ""),
                fmt.number(r["rijen"], 0),
                "",
            ]
        )
    for rep in ingest.rejected(args.db):
        when = rep["ontvangen_op"].replace("T", " ")
        rows.append(
            [
                f"{when[8:10]}-{when[5:7]}-{when[:4]} {when[11:16]}",
                rep["bestand"],
                rep["aanbieder"] or "?",
                rep["soort"] or "?",
                rep["periode"] or "?",
                "afgewezen",
                "0",
                str(rep["aantal_fouten"]),
            ]
        )
    if len(rows) == 1:
        print("nog geen aanleveringen")
        return EXIT_OK
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for i, line in enumerate(rows):
        print("  ".join(c.ljust(w) for c, w in zip(line, widths)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))
    for rep in ingest.rejected(args.db):
        kept = f"kopie in {shown(rep['kopie'])}" if rep.get("bestand_bewaard", True) else "iJw-bericht: niet bewaard"
        print(f"\n{rep['bestand']} (afgewezen, {kept}):")
        for m in rep["meldingen"]:
            print(f"    - {m}")
    return EXIT_OK


def cmd_register_import(args: argparse.Namespace) -> int:
    from dashboard import register

    path = Path(args.bestand)
    if not path.is_file():
        print(f"fout: '{path}' bestaat niet", file=sys.stderr)
        return EXIT_USAGE
    try:
        added = register.import_yaml(args.db, path.read_bytes(), args.door, source=path.name)
    except register.RegisterError as e:
        print(f"{path.name}: afgewezen — {len(e.problems)} fout(en); het register is ongewijzigd")
        for p in e.problems[: register.MAX_LISTED]:
            print(f"    - {p.text()}")
        return EXIT_INVALID
    names = {
        "rapport": "rapporten",
        "aanbeveling": "aanbevelingen",
        "maatregel": "maatregelen",
        "status": "statusupdates",
        "indicator": "indicatoren",
    }
    print(
        f"{path.name}: geïmporteerd — "
        + ", ".join(f"{n} {names[k]}" for k, n in added.items())
        + " toegevoegd (ongewijzigde onderdelen niet opnieuw)"
    )
    return EXIT_OK


def cmd_register_export(args: argparse.Namespace) -> int:
    from dashboard import register

    text = register.export_yaml(args.db)
    if args.uit:
        Path(args.uit).write_text(text, encoding="utf-8")
        print(f"register geëxporteerd naar {args.uit}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_toelichting(args: argparse.Namespace) -> int:
    """As the server's operator (the municipality), for any provider."""
    from dashboard import access, notes

    try:
        row = notes.add_explanation(args.db, access.LOCAL, args.aanbieder, args.periode, args.thema, args.tekst, args.door)
    except notes.NoteError as e:
        print("toelichting afgewezen; er is niets opgeslagen:", file=sys.stderr)
        for p in e.problems:
            print(f"    - {p}", file=sys.stderr)
        return EXIT_INVALID
    period = parse_period(row["periode"])
    print(f"toelichting opgeslagen: {row['aanbieder']}, {period.display()}, thema {row['thema']}, door {row['door']}")
    return EXIT_OK


def cmd_rapport(args: argparse.Namespace) -> int:
    from dashboard import reports

    period = _period_and_provider(args)
    if period is None:
        return EXIT_USAGE
    out = Path(args.uit)
    if not out.parent.is_dir():
        print(f"fout: --uit: map '{out.parent}' bestaat niet", file=sys.stderr)
        return EXIT_USAGE
    if args.soort == "regiekaart" and not args.aanbieder:
        print("fout: een regiekaart is over één aanbieder: geef --aanbieder CODE", file=sys.stderr)
        return EXIT_USAGE
    name = {"briefing": "wethouderbriefing", "kwartaal": "kwartaalrapportage", "regiekaart": "regiekaart"}[args.soort]
    try:
        pdf = reports.make(args.soort, args.db, period.label, [args.aanbieder] if args.aanbieder else None)
    except reports.GeenGegevens:
        print(f"geen gegevens voor periode {period.label}: geen {name} gemaakt", file=sys.stderr)
        return EXIT_INVALID
    except reports.RenderFailed as e:
        print(f"fout: {e}", file=sys.stderr)
        return EXIT_INVALID
    out.write_bytes(pdf)
    print(f"{name} {period.display()} geschreven naar {out}")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from dashboard import access, demo

    try:
        mode = access.login_mode()
    except access.AccessConfigError as e:
        print(f"fout: {e}", file=sys.stderr)
        return EXIT_USAGE
    if mode is None and args.address not in access.LOCAL_ADDRESSES and not args.onbeveiligd:
        print(
            "fout: er is geen inloggen ingesteld, dus het dashboard draait alleen lokaal (127.0.0.1). "
            "Stel inloggen in (zie README) of start bewust onbeveiligd met --onbeveiligd.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if why := access.serve_refusal(args.address, mode):
        print(f"fout: {why}", file=sys.stderr)
        return EXIT_USAGE
    env = dict(os.environ, JEUGDMONITOR_DB=str(args.db))
    cmd = [
        sys.executable,
        "-m",
        "dashboard.app.launch",
        str(APP),
        "--server.port",
        str(args.port),
        "--server.address",
        args.address,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    first_run = demo.needs_demo(args.db)
    if first_run:
        args.db.parent.mkdir(parents=True, exist_ok=True)
        demo.mark_start(args.db)  # before Streamlit starts, so its first page waits
    else:
        from dashboard import warehouse

        # A database made by an earlier version gets this version's schema before any page
        # reads it (a new column such as reg_rapport.soort), as the next delivery would.
        if warehouse.upgrade(args.db):
            print(f"database bijgewerkt naar deze versie van de jeugdmonitor: {args.db}")
    _write_bytecode_once()
    print(f"dashboard op http://{'localhost' if args.address == '127.0.0.1' else args.address}:{args.port}")
    # From the folder holding .streamlit/ (the repo root, or its copy in an installed wheel),
    # so config.toml and secrets.toml apply wherever serve starts.
    server = subprocess.Popen(cmd, env=env, cwd=ROOT)

    def stop(signum: int, frame: object) -> NoReturn:
        # Stopped by a signal or Ctrl-C: the server goes with it, no marker stays behind. At once,
        # not by unwinding: a demo build's database threads may be running (a write stopped
        # halfway leaves the live database as it was: copy, then swap).
        demo.marker(args.db).unlink(missing_ok=True)
        demo.establishing_marker(args.db).unlink(missing_ok=True)
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        os._exit(EXIT_OK)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)  # Ctrl-C the same way
    try:
        if first_run:
            # Streamlit starts while the demo loads; the dashboard shows it as soon as its
            # figures are in, and says so while the demo's quarter is still being established.
            refused = demo.build_marked(args.db, on_loaded=lambda: print(f"lege database: demodata geladen in {args.db}", flush=True))
            quarter = demo.established_period().display()
            print(f"demodata: {quarter} niet vastgesteld: {refused}" if refused else f"demodata: {quarter} vastgesteld", flush=True)
        return server.wait()
    except KeyboardInterrupt:
        return EXIT_OK
    finally:
        if server.poll() is None:
            server.terminate()
        demo.marker(args.db).unlink(missing_ok=True)
        demo.establishing_marker(args.db).unlink(missing_ok=True)


# The libraries a start of the dashboard spends most of its imports in.
_HEAVY = ("streamlit", "altair", "polars", "duckdb", "pandas", "pyarrow")


def _write_bytecode_once() -> None:
    """Where PYTHONDONTWRITEBYTECODE keeps Python from writing the bytecode of what it
    imports, every start compiles the libraries from source again (about 2 s of processor
    time per process). When their bytecode is missing, it is written once: all installed
    libraries and this package's own modules (in a checkout they live outside the installed
    libraries; compiling them took 0.07 s of the first page and 0.2 s of every start), in a
    background process at the lowest priority, while the dashboard starts."""
    if not sys.dont_write_bytecode:
        return  # Python writes it itself, the first time it imports a module
    import importlib.util
    import sysconfig

    def compiled(name: str) -> bool:
        spec = importlib.util.find_spec(name)
        return spec is None or spec.origin is None or os.path.exists(importlib.util.cache_from_source(spec.origin))

    if all(compiled(name) for name in (*_HEAVY, "dashboard.cli", "dashboard.app.views.overzicht")):
        return
    why = "PYTHONDONTWRITEBYTECODE staat aan"
    print(f"eenmalig: de bytecode van de bibliotheken wordt op de achtergrond geschreven ({why}); volgende starts zijn sneller")
    subprocess.Popen(
        [sys.executable, "-m", "compileall", "-q", "-j", "0", sysconfig.get_paths()["purelib"], str(Path(__file__).parent)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # finishes even when serve is stopped
        preexec_fn=(lambda: os.nice(19)) if hasattr(os, "nice") else None,  # before any thread starts
    )


_ARGPARSE_NL = (
    ("the following arguments are required", "deze argumenten ontbreken"),
    ("invalid choice", "ongeldige keuze"),
    ("choose from", "kies uit"),
    ("unrecognized arguments", "onbekende argumenten"),
    ("expected one argument", "verwacht één waarde"),
    ("invalid int value", "geen geheel getal"),
    ("argument", "argument"),
)


class _DutchFormatter(argparse.HelpFormatter):
    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        # argparse passes prefix="" when it builds a subcommand's name; keep that.
        super().add_usage(usage, actions, groups, prefix="gebruik: " if prefix is None else prefix)


class _DutchParser(argparse.ArgumentParser):
    """argparse with Dutch usage errors (exit status 2, as the README's command table says)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _DutchFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title, self._optionals.title = "argumenten", "opties"
        self.add_argument("-h", "--help", action="help", help="toon deze hulp en stop")

    def error(self, message: str) -> NoReturn:
        for en, nl in _ARGPARSE_NL:
            message = message.replace(en, nl)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: fout: {message}\n")


def parser() -> argparse.ArgumentParser:
    p = _DutchParser(prog="jeugdmonitor", description="Jeugdmonitor: aanleveringen van jeugdhulpaanbieders inlezen, controleren en tonen.")
    p.add_argument("--db", help="pad naar de database (anders $JEUGDMONITOR_DB, anders data/jeugdmonitor.duckdb)")
    sub = p.add_subparsers(dest="command", metavar="COMMANDO", required=True, parser_class=_DutchParser, title="commando's")

    s = sub.add_parser("ingest", help="bestanden of mappen met aanleveringen laden")
    s.add_argument("paths", nargs="+", metavar="PAD", help="bestanden, of mappen met .csv- en .xlsx-bestanden en iJw-berichten (.xml)")
    s.set_defaults(func=cmd_ingest)

    s = sub.add_parser("validate", help="bestanden controleren zonder iets op te slaan (voor aanbieders)")
    s.add_argument("paths", nargs="+", metavar="PAD")
    s.set_defaults(func=cmd_validate)

    s = sub.add_parser("demo", help="de database (opnieuw) opbouwen uit de meegeleverde demodata")
    s.set_defaults(func=cmd_demo)

    s = sub.add_parser("serve", help="het dashboard starten")
    s.add_argument("--port", type=int, default=8501)
    s.add_argument("--address", default="127.0.0.1")
    s.add_argument(
        "--onbeveiligd", action="store_true", help="ook zonder inloggen op een ander adres dan 127.0.0.1 serveren (bewuste keuze)"
    )
    s.set_defaults(func=cmd_serve)

    s = sub.add_parser("kerncijfers", help="de kerncijfers van een periode tonen")
    s.add_argument("--periode", required=True, help="maand JJJJ-MM (of kwartaal JJJJ-Qn)")
    s.add_argument("--aanbieder", help="alleen deze aanbieder (code)")
    s.add_argument("--json", action="store_true", help="als JSON voor andere systemen")
    s.add_argument("--vastgesteld", action="store_true", help="de vastgestelde cijfers, zoals ze zijn vastgesteld")
    s.set_defaults(func=cmd_kerncijfers)

    s = sub.add_parser("vaststellen", help="de cijfers van een periode vaststellen (met de aanleveringen, normen en het register)")
    s.add_argument("--periode", required=True, help="kwartaal JJJJ-Qn (of maand JJJJ-MM)")
    s.add_argument("--door", required=True, help="uw naam: de vaststelling wordt vastgelegd met wie en wanneer")
    s.set_defaults(func=cmd_vaststellen)

    s = sub.add_parser("rapport", help="een rapport als PDF: wethouderbriefing (1 A4), kwartaalrapportage of regiekaart (1 A4)")
    s.add_argument(
        "--soort", required=True, choices=["briefing", "kwartaal", "regiekaart"], help="briefing, kwartaal of regiekaart (met --aanbieder)"
    )
    s.add_argument("--periode", required=True, help="maand JJJJ-MM of kwartaal JJJJ-Qn")
    s.add_argument("--uit", required=True, metavar="BESTAND", help="het PDF-bestand dat wordt geschreven")
    s.add_argument("--aanbieder", help="alleen deze aanbieder (code); voor de regiekaart verplicht")
    s.set_defaults(func=cmd_rapport)

    s = sub.add_parser("toelichting", help="een toelichting bij de cijfers van een aanbieder, periode en thema vastleggen")
    s.add_argument("--aanbieder", required=True, help="de aanbieder (code, bijv. JBRR)")
    s.add_argument("--periode", required=True, help="maand JJJJ-MM of kwartaal JJJJ-Qn")
    s.add_argument("--thema", required=True, help="wachtlijst, personeel, caseload, doorlooptijden of algemeen")
    s.add_argument("--tekst", required=True, help="de toelichting (feitelijk; wordt als tekst getoond)")
    s.add_argument("--door", required=True, help="uw naam: elke toelichting wordt vastgelegd met wie en wanneer")
    s.set_defaults(func=cmd_toelichting)

    s = sub.add_parser("aanleveringen", help="het logboek van aanleveringen tonen")
    s.set_defaults(func=cmd_aanleveringen)

    s = sub.add_parser("aanbevelingen-import", help="het register van aanbevelingen aanvullen uit een YAML-bestand")
    s.add_argument("bestand", metavar="BESTAND")
    s.add_argument("--door", required=True, help="uw naam: elke wijziging wordt vastgelegd met wie en wanneer")
    s.set_defaults(func=cmd_register_import)

    s = sub.add_parser("aanbevelingen-export", help="het register van aanbevelingen als YAML (om te bewerken of archiveren)")
    s.add_argument("--uit", metavar="BESTAND", help="schrijf naar dit bestand in plaats van naar het scherm")
    s.set_defaults(func=cmd_register_export)
    return p


def _not_a_database(db: Path) -> str | None:
    """Why `db` cannot be the jeugdmonitor's database, in Dutch; None when it can (or does
    not exist yet). Checked before DuckDB opens it, which would answer with a traceback."""
    if not db.exists():
        return None
    if not db.is_file():
        return f"--db {db} is geen databasebestand maar een map of apparaat"
    with db.open("rb") as f:
        head = f.read(12)
    if head[8:12] != b"DUCK":  # DuckDB's file header: a checksum, then its magic bytes
        return f"--db {db} is geen DuckDB-database (leeg, of een ander soort bestand); kies een ander bestand of een nieuwe naam"
    return None


def run(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.db = resolve_db(args.db)
    if args.func is not cmd_validate and (why := _not_a_database(args.db)):
        print(f"fout: {why}", file=sys.stderr)
        return EXIT_USAGE
    if args.func not in (cmd_validate, cmd_serve, cmd_demo) and not args.db.exists():
        # Reading never creates a database; a command run before any delivery gets an
        # empty one, so it answers "no data" instead of failing.
        from dashboard import warehouse

        warehouse.ensure(args.db)
    return args.func(args)


def main() -> None:
    """Console script entry point."""
    sys.exit(run())


if __name__ == "__main__":
    main()
