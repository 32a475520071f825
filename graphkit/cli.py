"""Command line: `cultuurregio analyse`, `kaart`, `valideer`, `vergelijk`, `rapport` and
`advies`.

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
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

from . import __version__, api
from .analysis.compare import MODES_ORDER
from .graph.contiguity import DEFAULT_TOLERANCE_M
from .messages import (
    LANGS,
    MODE_ALIASES,
    InputError,
    argparse_text,
    mode_label,
    one_line,
    text,
    visible,
)

__all__ = ["main"]


def _coverage_mode(value: str) -> str:
    """A coverage mode as typed (Dutch or English name) -> its internal value."""
    try:
        return MODE_ALIASES[value]
    except KeyError:
        raise argparse.ArgumentTypeError(text("arg_coverage", _HELP_LANG[0], value=value)
                                         ) from None


_HELP_LANG = ["nl"]  # the language of --help and of argument errors, set by main()


class _Formatter(argparse.HelpFormatter):
    """argparse's help in the user's language: its own words come from the catalogue."""

    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        if prefix is None:  # argparse passes '' when it builds a sub-command's name
            prefix = text("help_usage", _HELP_LANG[0])
        super().add_usage(usage, actions, groups, prefix)


def _common(p: argparse.ArgumentParser, lang: str, *, period: bool = True) -> None:
    def h(key: str) -> str:
        return text(f"help_{key}", lang)

    p.add_argument("--registry", type=Path, metavar=h("meta_file"), help=h("registry"))
    p.add_argument("--geodata", type=Path, metavar=h("meta_folder"), help=h("geodata"))
    if period:
        p.add_argument("--periode", default=None, metavar=h("meta_period"), help=h("periode"))
    other = "en" if lang == "nl" else "nl"
    p.add_argument("--coverage", type=_coverage_mode, default="declared",
                   metavar="|".join(mode_label(m, lang) for m in MODES_ORDER),
                   help=text("help_coverage", lang, default=mode_label("declared", lang),
                             other=", ".join(f"'{mode_label(m, other)}'"
                                             for m in MODES_ORDER)))
    p.add_argument("--date", default=None, metavar=h("meta_date"),
                   help=h("date"))
    p.add_argument("--out", type=Path, default=Path("outputs"), metavar=h("meta_folder"),
                   help=h("out"))
    p.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE_M,
                   metavar=h("meta_metres"), help=h("tolerance"))
    p.add_argument("--lang", choices=LANGS, default="nl", help=h("lang"))
    p.add_argument("--thema", default=None, dest="theme", metavar=h("meta_theme"),
                   help=h("thema"))
    p.add_argument("--alleen-bronnen", action="store_true", dest="sources_only",
                   help=h("sources_only"))
    p.add_argument("--offline", action="store_true", help=h("offline"))


def _parser(lang: str = "nl") -> argparse.ArgumentParser:
    """The command line, its help in `lang`."""
    _HELP_LANG[0] = lang

    def h(key: str) -> str:
        return text(f"help_{key}", lang)

    parser = _Parser(prog="cultuurregio", description=h("description"))
    parser.add_argument("--version", action="version", version=f"cultuurregio {__version__}",
                        help=h("version"))
    sub = parser.add_subparsers(dest="command", required=True, title=h("commands"),
                                metavar="{analyse,kaart,valideer,rapport,vergelijk,advies,data}")
    an = sub.add_parser("analyse", help=h("cmd_analyse"), description=h("cmd_analyse"))
    _common(an, lang)
    an.add_argument("--kaart", action="store_true", help=h("kaart_flag"))
    ka = sub.add_parser("kaart", help=h("cmd_kaart"), description=h("cmd_kaart"))
    _common(ka, lang)
    va = sub.add_parser("valideer", help=h("cmd_valideer"), description=h("cmd_valideer"))
    va.add_argument("files", nargs="+", type=Path, metavar=h("meta_file"), help=h("files"))
    _common(va, lang)
    ra = sub.add_parser("rapport", help=h("cmd_rapport"), description=h("cmd_rapport"))
    _common(ra, lang)
    ra.add_argument("--vergelijk", nargs=2, metavar=("A", "B"), help=h("vergelijk_opt"))
    ad = sub.add_parser("advies", help=h("cmd_advies"), description=h("cmd_advies"))
    _common(ad, lang)
    ad.add_argument("--min-inwoners", type=int, default=None, metavar="N",
                    help=h("min_inwoners"))
    ad.add_argument("--vergelijk-met", nargs="+", type=Path, default=(),
                    metavar=h("meta_file"), help=h("vergelijk_met"))
    ve = sub.add_parser("vergelijk", help=h("cmd_vergelijk"), description=h("cmd_vergelijk"))
    ve.add_argument("a", metavar="A", help=h("side"))
    ve.add_argument("b", metavar="B", help=h("side"))
    _common(ve, lang, period=False)
    da = sub.add_parser("data", help=h("cmd_data"), description=h("cmd_data"))
    da.add_argument("--lang", choices=LANGS, default="nl", help=h("lang"))
    dsub = da.add_subparsers(dest="data_command", required=False, title=h("commands"),
                             metavar="{lijst,download,import,build}")
    dl = dsub.add_parser("lijst", help=h("cmd_data_list"), description=h("cmd_data_list"))
    dd = dsub.add_parser("download", help=h("cmd_data_download"),
                         description=h("cmd_data_download"))
    dd.add_argument("year", metavar=h("meta_year"), help=h("year"))
    dd.add_argument("--sha256", default=None, metavar="HEX", help=h("sha256"))
    di = dsub.add_parser("import", help=h("cmd_data_import"), description=h("cmd_data_import"))
    di.add_argument("folder", type=Path, metavar=h("meta_folder"), help=h("import_folder"))
    db = dsub.add_parser("build", help=h("cmd_data_build"), description=h("cmd_data_build"))
    db.add_argument("raw", nargs="?", type=Path, default=None, metavar=h("meta_folder"),
                    help=h("raw"))
    for each in (dl, dd, di, db):
        each.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help=h("lang"))
    return parser


def _options(args: argparse.Namespace) -> dict[str, Any]:
    """The options every command passes on to the API."""
    return {"coverage": args.coverage, "date": args.date, "geodata": args.geodata,
            "tolerance": args.tolerance, "lang": args.lang}


def _analyse(args: argparse.Namespace) -> int:
    a = api.analyse(args.registry, period=args.periode, sources_only=args.sources_only,
                    theme=args.theme, **_options(args))
    _print(a.summary(a.write(args.out, maps=args.kaart, offline=args.offline)))
    return 0


def _kaart(args: argparse.Namespace) -> int:
    a = api.analyse(args.registry, period=args.periode, sources_only=args.sources_only,
                    theme=args.theme, **_options(args))
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


def _advies(args: argparse.Namespace) -> int:
    adv = api.advise(args.registry, period=args.periode, sources_only=args.sources_only,
                     theme=args.theme, min_inhabitants=args.min_inwoners,
                     compare_with=args.vergelijk_met, **_options(args))
    _print(adv.summary(adv.write(args.out, offline=args.offline)))
    return 0


def _data(args: argparse.Namespace) -> int:
    command = args.data_command or "lijst"
    if command == "lijst":
        _print(api.data_overview(lang=args.lang))
        return 0
    if command == "download":
        with _ProgressBar(f"cbsgebiedsindelingen{args.year}.gpkg") as bar:
            change = api.data_download(args.year, sha256=args.sha256, progress=bar,
                                       lang=args.lang)
    elif command == "import":
        change = api.data_import(args.folder, lang=args.lang)
    else:
        change = api.data_build(args.raw, lang=args.lang)
    _print(change.summary().strip())
    return 0


class _ProgressBar:
    """A download's progress on stderr, redrawn in place; only on a terminal."""

    def __init__(self, name: str, stream=None) -> None:  # type: ignore[no-untyped-def]
        self.name, self.stream = name, stream or sys.stderr
        self.shown = -1
        self.active = self.stream.isatty()

    def __enter__(self) -> _ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.active and self.shown >= 0:
            self.stream.write("\n")
            self.stream.flush()

    def __call__(self, got: int, total: int | None) -> None:
        if not self.active:
            return
        step = int(got * 40 / total) if total else (got >> 20)
        if step == self.shown:
            return
        self.shown = step
        if total:
            line = (f"\r{self.name} [{'#' * step}{'.' * (40 - step)}] "
                    f"{got / 1e6:6.1f} / {total / 1e6:.1f} MB")
        else:
            line = f"\r{self.name} {got / 1e6:6.1f} MB"
        self.stream.write(line)
        self.stream.flush()


class _UsageError(Exception):
    """A command line argparse cannot read (reported as the one error line, exit 2)."""


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        lang = _HELP_LANG[0]
        super().__init__(*args, formatter_class=_Formatter, add_help=False, **kwargs)
        self._positionals.title = text("help_positionals", lang)
        self._optionals.title = text("help_optionals", lang)
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help=text("help_help", lang))

    def error(self, message: str) -> NoReturn:
        # argparse words its messages in English; they follow the parser's language
        raise _UsageError(f"{self.prog}: {argparse_text(message, _HELP_LANG[0])}")


def _lang_of(argv: Sequence[str]) -> str:
    """The --lang asked for, before argparse has read (or refused) the command line."""
    for i, arg in enumerate(argv):
        value = arg.partition("=")[2] if arg.startswith("--lang=") else (
            argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None)
        if value in LANGS:
            return value
    return "nl"


def _help_lang(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """The language of --help: --lang when given, else the locale (LC_ALL, LC_MESSAGES,
    LANG; English when it starts with 'en'), else Dutch. Output stays Dutch by default."""
    if any(a == "--lang" or a.startswith("--lang=") for a in argv):
        return _lang_of(argv)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "en" if value.startswith("en") else "nl"
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
            args = _parser(_help_lang(argv, os.environ)).parse_args(argv)
            commands = {"analyse": _analyse, "kaart": _kaart, "valideer": _valideer,
                        "vergelijk": _vergelijk, "rapport": _rapport, "data": _data,
                        "advies": _advies}
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
