"""Command line: `cultuurregio analyse`, `kaart`, `valideer`, `vergelijk` and `rapport`.

It only parses arguments, calls the API (`cultuurregio.api`) and prints what it returns.

Bad input ends with one line on stderr naming the file and the problem, exit status 2, and
nothing written.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

from . import api
from .analysis.pipeline import DEFAULT_DATE
from .graph.contiguity import DEFAULT_TOLERANCE_M
from .messages import LANGS, MODE_ALIASES, InputError, one_line, text, visible
from .render.files import write_files

__all__ = ["main"]


def _coverage_mode(value: str) -> str:
    """A coverage mode as typed (Dutch or English name) -> its internal value."""
    try:
        return MODE_ALIASES[value]
    except KeyError:
        raise argparse.ArgumentTypeError(
            f"onbekende dekkingswijze {value!r}; kies leden, provincies of verklaard "
            "(of listed, provinces, declared)"
        ) from None


def _common(p: argparse.ArgumentParser, *, period: bool = True) -> None:
    p.add_argument("--registry", type=Path, help="regio-register (YAML); standaard: ingebouwd")
    p.add_argument("--geodata", type=Path,
                   help="map met CBS-gebiedsindelingen (anders CULTUURREGIO_GEODATA, "
                        "anders de ingebouwde gegevens en de cache)")
    if period:
        p.add_argument("--periode", default=None,
                       help="beleidsperiode uit het register (standaard: de standaard_periode "
                            "van het register; 'alle' voor alle regio's)")
    p.add_argument("--coverage", type=_coverage_mode, default="declared",
                   metavar="leden|provincies|verklaard",
                   help="dekkingswijze (standaard: verklaard; ook listed, provinces, declared)")
    p.add_argument("--date", default=DEFAULT_DATE.isoformat(),
                   help="peildatum JJJJ-MM-DD (standaard: %(default)s)")
    p.add_argument("--out", type=Path, default=Path("outputs"), help="uitvoermap")
    p.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE_M,
                   help="afstand in meters waarbinnen gebieden als buren gelden voor "
                        "gatclusters (standaard: %(default)s)")
    p.add_argument("--lang", choices=LANGS, default="nl", help="taal van de uitvoer")
    p.add_argument("--alleen-bronnen", action="store_true", dest="sources_only",
                   help="laat alles weg wat in het register als aanname is gemarkeerd "
                        "(regio's, ledenlijsten, verklaarde dekking) en reken opnieuw")
    p.add_argument("--offline", action="store_true",
                   help="kaart zonder online achtergrondkaart (de kaart is altijd "
                        "zelfstandig: geen scripts van internet)")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="cultuurregio",
        description="Dekking van de Nederlandse cultuurregio's op CBS-gemeentegrenzen.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    an = sub.add_parser("analyse", help="dekking, gaten en dubbele lidmaatschappen")
    _common(an)
    an.add_argument("--kaart", action="store_true",
                    help="schrijf ook kaart.html en kaart.png")
    ka = sub.add_parser("kaart", help="interactieve kaart (HTML) en statische kaart (PNG)")
    _common(ka)
    va = sub.add_parser("valideer", help="toets voorgestelde regio's aan de huidige kaart")
    va.add_argument("files", nargs="+", type=Path, metavar="FILE",
                    help="voorstel(len) in het regioformaat van het register (YAML)")
    _common(va)
    ra = sub.add_parser("rapport", help="rapport (HTML), werkmap (Excel) en GeoPackage")
    _common(ra)
    ra.add_argument("--vergelijk", nargs=2, metavar=("A", "B"),
                    help="te vergelijken perioden of registers (standaard: de laatste twee "
                         "perioden van het register)")
    ve = sub.add_parser("vergelijk", help="vergelijk twee perioden of registers")
    ve.add_argument("a", metavar="A", help="periode uit het register, of een registerbestand")
    ve.add_argument("b", metavar="B", help="periode uit het register, of een registerbestand")
    _common(ve, period=False)
    da = sub.add_parser("data", help="CBS-gegevens: ingebouwd, in de cache, ophalen")
    dsub = da.add_subparsers(dest="data_command", required=True)
    db = dsub.add_parser("build", help="bouw de ingebouwde gegevens (geodata/cbs) uit de "
                                       "officiële bestanden (voor ontwikkelaars)")
    db.add_argument("raw", nargs="?", type=Path, default=None, metavar="MAP",
                    help="map met cbsgebiedsindelingen<JAAR>.gpkg en de CBS-tabellen "
                         "(standaard: ../shared/geodata/cbs)")
    db.add_argument("--lang", choices=LANGS, default="nl", help="taal van de uitvoer")
    return parser


def _options(args: argparse.Namespace) -> dict[str, Any]:
    """The options every command passes on to the API."""
    return {"coverage": args.coverage, "date": args.date, "geodata": args.geodata,
            "tolerance": args.tolerance, "lang": args.lang}


def _analyse(args: argparse.Namespace) -> int:
    a = api.analyse(args.registry, period=args.periode, sources_only=args.sources_only,
                    **_options(args))
    _print(a.summary(a.write(args.out, maps=args.kaart, offline=args.offline)))
    return 0


def _kaart(args: argparse.Namespace) -> int:
    a = api.analyse(args.registry, period=args.periode, sources_only=args.sources_only,
                    **_options(args))
    _print(a.summary(a.write(args.out, tables=False, maps=True, offline=args.offline)))
    return 0


def _valideer(args: argparse.Namespace) -> int:
    """Exit 0 when no check is FOUT, 1 when one is; unusable input raises (exit 2)."""
    v = api.validate(args.files, registry=args.registry, period=args.periode, **_options(args))
    _print(v.summary(v.write(args.out, offline=args.offline)))
    return 1 if v.status == "FOUT" else 0


def _vergelijk(args: argparse.Namespace) -> int:
    c = api.compare(args.a, args.b, registry=args.registry, **_options(args))
    _print(c.summary(c.write(args.out, offline=args.offline)))
    return 0


def _rapport(args: argparse.Namespace) -> int:
    r = api.report(args.registry, period=args.periode,
                   compare=tuple(args.vergelijk) if args.vergelijk else None, **_options(args))
    _print(r.summary(r.write(args.out, offline=args.offline)))
    return 0


def _data(args: argparse.Namespace) -> int:
    from .sources.build import build_embedded, default_raw

    files = build_embedded(args.raw or default_raw())
    _print(text("sum_written", args.lang, files=", ".join(str(p) for p in write_files(files))))
    return 0


class _UsageError(Exception):
    """A command line argparse cannot read (reported as the one error line, exit 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.prog}: {message}")


def _lang_of(argv: Sequence[str]) -> str:
    """The --lang asked for, before argparse has read (or refused) the command line."""
    for i, arg in enumerate(argv):
        value = arg.partition("=")[2] if arg.startswith("--lang=") else (
            argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None)
        if value in LANGS:
            return value
    return "nl"


def _print(lines: str) -> None:
    """Print to stdout with input text unable to drive the terminal."""
    print("\n".join(visible(line) for line in lines.split("\n")))


def _fail(message: str, lang: str) -> None:
    """The one error line on stderr."""
    print(f"cultuurregio: {text('error_prefix', lang)}: {message}", file=sys.stderr)


class _Terminated(BaseException):
    """SIGTERM, turned into an exception so that temporary files are removed on the way out
    (like Ctrl-C), instead of the process ending where it stands."""


def _terminate(_signum: int, _frame: object) -> None:
    raise _Terminated


@contextlib.contextmanager
def _sigterm_as_exception() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command. Exit status: 0 done, 1 a proposal has a FOUT check, 2 unusable input
    (one line on stderr), 130 interrupted (Ctrl-C), 143 terminated (SIGTERM); a closed
    stdout ends quietly (141)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _lang_of(argv)
    try:
        with _sigterm_as_exception():
            args = _parser().parse_args(argv)
            commands = {"analyse": _analyse, "kaart": _kaart, "valideer": _valideer,
                        "vergelijk": _vergelijk, "rapport": _rapport, "data": _data}
            status = commands[args.command](args)
            sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's last flush
            return status
    except InputError as exc:
        _fail(exc.render(lang), lang)
        return 2
    except _UsageError as exc:
        _fail(one_line(str(exc)), lang)
        return 2
    except KeyboardInterrupt:
        _fail(text("interrupted", lang), lang)
        return 130
    except _Terminated:
        _fail(text("interrupted", lang), lang)
        return 143
    except BrokenPipeError:
        # stdout's reader has gone (`... | head`): say nothing, and keep Python's exit-time
        # flush from raising again
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
