"""Command line: `cultuurregio analyse`, `kaart`, `valideer`, `vergelijk` and `rapport`.

Bad input ends with one line on stderr naming the file and the problem, exit status 2, and
nothing written.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NoReturn

from . import __version__
from .analysis.compare import MODES_ORDER
from .analysis.coverage import Analysis
from .analysis.pipeline import (
    DEFAULT_DATE,
    Run,
    analyse_model,
    parse_reference_date,
    prepare,
    select_period,
)
from .analysis.report import municipality_table
from .graph.contiguity import DEFAULT_TOLERANCE_M
from .messages import (
    LANGS,
    MODE_ALIASES,
    InputError,
    Problem,
    counted,
    mode_label,
    number,
    one_line,
    percent,
    source_line,
    text,
    visible,
)
from .model.resolve import resolve
from .render.files import write_files
from .render.tables import analysis_json, municipalities_csv, spreadsheet_csv
from .sources.cbs import Reference
from .sources.fetch import locate_geodata
from .sources.registry import Registry, load_registry

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


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        lang = _HELP_LANG[0]
        super().__init__(*args, formatter_class=_Formatter, add_help=False, **kwargs)
        self._positionals.title = text("help_positionals", lang)
        self._optionals.title = text("help_optionals", lang)
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help=text("help_help", lang))

    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.prog}: {message}")


def _common(p: argparse.ArgumentParser, lang: str, *, period: bool = True) -> None:
    def h(key: str) -> str:
        return text(f"help_{key}", lang)

    p.add_argument("--registry", type=Path, metavar=h("meta_file"), help=h("registry"))
    p.add_argument("--geodata", type=Path, metavar=h("meta_folder"), help=h("geodata"))
    if period:
        p.add_argument("--periode", default=None, metavar=h("meta_period"), help=h("periode"))
    p.add_argument("--coverage", type=_coverage_mode, default="declared",
                   metavar="|".join(mode_label(m, lang) for m in MODES_ORDER),
                   help=text("help_coverage", lang,
                             default=mode_label("declared", lang),
                             other=", ".join(f"'{mode_label(m, 'en' if lang == 'nl' else 'nl')}'"
                                             for m in MODES_ORDER)))
    p.add_argument("--date", default=DEFAULT_DATE.isoformat(), metavar=h("meta_date"),
                   help=h("date"))
    p.add_argument("--out", type=Path, default=Path("outputs"), metavar=h("meta_folder"),
                   help=h("out"))
    p.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE_M,
                   metavar=h("meta_metres"), help=h("tolerance"))
    p.add_argument("--lang", choices=LANGS, default="nl", help=h("lang"))
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
                                metavar="{analyse,kaart,valideer,rapport,vergelijk,data}")
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
    ve = sub.add_parser("vergelijk", help=h("cmd_vergelijk"), description=h("cmd_vergelijk"))
    ve.add_argument("a", metavar="A", help=h("side"))
    ve.add_argument("b", metavar="B", help=h("side"))
    _common(ve, lang, period=False)
    da = sub.add_parser("data", help=h("cmd_data"), description=h("cmd_data"))
    dsub = da.add_subparsers(dest="data_command", required=True, title=h("commands"))
    db = dsub.add_parser("build", help=h("cmd_data_build"), description=h("cmd_data_build"))
    db.add_argument("raw", nargs="?", type=Path, default=None, metavar=h("meta_folder"),
                    help=h("raw"))
    db.add_argument("--lang", choices=LANGS, default="nl", help=h("lang"))
    return parser


def _label(registry: str, period: str | None, lang: str) -> str:
    return registry if period is None else text("period_label", lang, registry=registry,
                                                 period=period)


def _summary(run: Run, lang: str, written: Sequence[Path]) -> str:
    a = run.analysis
    national = a.totals["national"]
    n, inh = national["municipalities"], national["inhabitants"]
    names = a.by_code()
    pct = percent(inh["covered"] or 0, inh["all"], lang)
    lines = [
        text("sum_title", lang, registry=_label(a.registry, a.period, lang),
             mode=mode_label(a.coverage_mode, lang), date=a.reference_date),
        text("sum_total", lang, n=n["all"], inh=number(inh["all"], lang), regions=len(a.regions)),
        text("sum_covered", lang, n=counted(n["covered"], "municipality", lang),
             inh=number(inh["covered"], lang), pct=pct),
        text("sum_uncovered", lang, n=counted(n["uncovered"], "municipality", lang),
             inh=number(inh["uncovered"], lang),
             clusters=counted(len(a.gap_clusters), "cluster", lang)),
        *_white_spot_lines(a, lang),
        *_assumption_lines(a, lang),
        text("sum_double", lang, n=counted(n["double"], "municipality", lang), items=", ".join(
            f"{names[c].name} ({' + '.join(a.regions[x]['name'] for x in r)})"
            for c, r in a.double_memberships
        ) or "-"),
    ]
    for g in a.landsdelen.values():
        outside = g["outside_cbs_landsdeel"]
        items = ": " + ", ".join(names[c].name for c in outside) if outside else ""
        lines.append(text("sum_landsdeel", lang, name=g["name"],
                          n=counted(len(outside), "municipality", lang),
                          cbs=g["cbs_landsdeel_name"] or "?", items=items))
    if a.notes:
        lines.append(text("sum_notes", lang, n=len(a.notes)))
    lines.append(text("sum_written", lang, files=", ".join(str(p) for p in written)))
    lines.append(source_line(run.analysis.data, lang))
    return "\n".join(lines)


def _white_spot_lines(a: Analysis, lang: str) -> list[str]:
    names = a.by_code()
    lines = []
    for w in a.white_spots:
        water = text("ws_water", lang, names=", ".join(names[c].name for c in w.over_water)) \
            if w.over_water else ""
        lines.append(text("ws_line", lang, number=w.number, name=w.name,
                          n=counted(len(w.municipalities), "municipality", lang),
                          inh=number(w.inhabitants, lang),
                          water=water))
        lines += [text("ws_sub", lang, name=p.name,
                       n=counted(len(p.municipalities), "municipality", lang),
                       inh=number(p.inhabitants, lang)) for p in w.sub_areas]
    return lines


def _assumption_lines(a: Analysis, lang: str) -> list[str]:
    if a.assumptions_left_out is not None:
        return [text("sum_sources_only", lang,
                     n=counted(len(a.assumptions_left_out), "region", lang),
                     items=", ".join(a.assumptions_left_out) or "-")]
    assumed = a.totals["on_assumption"]
    if not assumed["municipalities"]:
        return []
    return [text("sum_on_assumption", lang, n=assumed["municipalities"],
                 inh=number(assumed["inhabitants"], lang))]


def _registry(args: argparse.Namespace) -> Registry:
    """The registry narrowed to the chosen period, without assumptions if asked."""
    registry = select_period(load_registry(args.registry), args.periode)
    if getattr(args, "sources_only", False):
        registry, _ = registry.without_assumptions()
    return registry


def _run(args: argparse.Namespace) -> Run:
    on = parse_reference_date(args.date)
    # read once, and before any download: a bad registry fails without touching the network
    registry = _registry(args)
    context = prepare(locate_geodata(args.geodata, on.year), on=on, tolerance_m=args.tolerance)
    model = resolve(registry, context.reference, context.resolver)
    return analyse_model(context, model, mode=args.coverage)


def _map_files(run: Run, args: argparse.Namespace) -> dict[Path, str | bytes]:
    # Imported here: folium and matplotlib cost a second of start-up that analyse alone
    # does not need.
    from .render.map_html import render_map_html
    from .render.map_png import render_map_png
    from .render.mapdata import map_data

    data = map_data(run.reference, run.analysis, lang=args.lang)
    return {
        args.out / "kaart.html": render_map_html(
            data.to_wgs84(), lang=args.lang, offline=args.offline
        ),
        args.out / "kaart.png": render_map_png(data, lang=args.lang),
    }


def _analyse(args: argparse.Namespace) -> int:
    run = _run(args)
    files: dict[Path, str | bytes] = {
        args.out / "analyse.json": analysis_json(run.analysis, lang=args.lang),
        args.out / "gemeenten.csv": municipalities_csv(run.analysis),
        args.out / "gemeenten-excel.csv": spreadsheet_csv(
            municipality_table(run.analysis, corop_of=_corop_names(run.reference),
                               lang=args.lang), lang=args.lang),
    }
    if args.kaart:
        files.update(_map_files(run, args))
    _print(_summary(run, args.lang, write_files(files)))
    return 0


def _kaart(args: argparse.Namespace) -> int:
    run = _run(args)
    _print(_summary(run, args.lang, write_files(_map_files(run, args))))
    return 0


def _valideer(args: argparse.Namespace) -> int:
    """Exit 0 when no check is FOUT, 1 when one is; unusable input raises (exit 2)."""
    from .analysis.validate import validate
    from .render.map_html import render_map_html
    from .render.mapdata import map_data
    from .render.validation import validation_json, validation_text
    from .sources.registry import load_proposals

    on = parse_reference_date(args.date)
    proposals, files = load_proposals(list(args.files))
    base_registry = select_period(load_registry(args.registry), args.periode)
    context = prepare(locate_geodata(args.geodata, on.year), on=on, tolerance_m=args.tolerance)
    base = resolve(base_registry, context.reference, context.resolver)
    proposed = resolve(proposals, context.reference, context.resolver, strict=False)
    result = validate(context, base, proposed, files=files, mode=args.coverage, lang=args.lang)

    data = map_data(context.reference, result.base, lang=args.lang)
    heading = text("val_map_heading", args.lang, registry=result.base.registry,
                   mode=mode_label(args.coverage, args.lang),
                   date=result.base.reference_date)
    page = render_map_html(data.to_wgs84(), lang=args.lang, offline=args.offline,
                           heading=heading,
                           proposals={p.id: (p.name, list(p.territory)) for p in result.proposals})
    written = write_files({
        args.out / "valideer.json": validation_json(result, lang=args.lang),
        args.out / "valideer.html": page,
    })
    _print(validation_text(result, lang=args.lang))
    _print(text("sum_written", args.lang, files=", ".join(str(p) for p in written)))
    return 1 if result.status == "FOUT" else 0


def _side(arg: str, registry: Path | None) -> tuple[Registry, str]:
    """A side of a comparison: a registry file (its default period), or a period."""
    path = Path(arg)
    if path.suffix in (".yaml", ".yml") or path.is_file():
        reg = select_period(load_registry(path), None)
        label = reg.label if reg.period is None else f"{reg.label} ({reg.period})"
        return reg, label
    return select_period(load_registry(registry), arg), arg


def _vergelijk(args: argparse.Namespace) -> int:
    from .analysis.compare import compare
    from .render.comparison import change_classes, comparison_json, comparison_text
    from .render.map_html import render_map_html
    from .render.mapdata import map_data

    on = parse_reference_date(args.date)
    (reg_a, label_a), (reg_b, label_b) = _side(args.a, args.registry), _side(args.b,
                                                                             args.registry)
    context = prepare(locate_geodata(args.geodata, on.year), on=on, tolerance_m=args.tolerance)
    a = analyse_model(context, resolve(reg_a, context.reference, context.resolver),
                      mode=args.coverage).analysis
    b = analyse_model(context, resolve(reg_b, context.reference, context.resolver),
                      mode=args.coverage).analysis
    result = compare(context, a, b, a_label=label_a, b_label=label_b)
    klass, classes = change_classes(result, args.lang)
    data = map_data(context.reference, b, lang=args.lang).with_classes(klass, classes)
    heading = text("cmp_map_heading", args.lang, a=label_a, b=label_b,
                   mode=mode_label(args.coverage, args.lang),
                   date=b.reference_date)
    written = write_files({
        args.out / "vergelijk.json": comparison_json(result, lang=args.lang),
        args.out / "vergelijk.html": render_map_html(
            data.to_wgs84(), lang=args.lang, offline=args.offline, heading=heading,
            legend_title=text("cmp_legend", args.lang),
        ),
    })
    _print(comparison_text(result, lang=args.lang))
    _print(text("sum_written", args.lang, files=", ".join(str(p) for p in written)))
    return 0


def _corop_names(reference: Reference) -> dict[str, str]:
    """Municipality code -> name of its COROP area (empty when the data has none)."""
    if reference.corop is None:
        return {}
    names = reference.corop["name"].to_dict()
    return {code: names.get(c, c)
            for code, c in reference.municipalities["corop"].items() if c}


def _rapport(args: argparse.Namespace) -> int:
    from .analysis.compare import compare, mode_sensitivity
    from .analysis.report import build_report
    from .render.gpkg import coverage_gpkg
    from .render.map_html import render_map_html
    from .render.map_png import render_map_png
    from .render.mapdata import map_data
    from .render.report import report_html, report_xlsx

    on = parse_reference_date(args.date)
    full = load_registry(args.registry)
    registry = select_period(full, args.periode)
    pair = args.vergelijk or (list(full.periods)[-2:] if len(full.periods) >= 2 else None)
    context = prepare(locate_geodata(args.geodata, on.year), on=on, tolerance_m=args.tolerance)
    model = resolve(registry, context.reference, context.resolver)
    run = analyse_model(context, model, mode=args.coverage)
    comparison = None
    if pair:
        sides = [_side(x, args.registry) for x in pair]
        a, b = (analyse_model(context, resolve(reg, context.reference, context.resolver),
                              mode=args.coverage).analysis for reg, _ in sides)
        comparison = compare(context, a, b, a_label=sides[0][1], b_label=sides[1][1])
    regions_meta = {
        rid: {"naam": r.naam, "bron": r.bron, "dekking": r.dekking.kind,
              "dekking_bron": r.dekking_bron, "toelichting": r.toelichting}
        for rid, r in sorted(registry.regions.items())
    }
    report = build_report(
        run.analysis, comparison, mode_sensitivity(context, model),
        periods={k: {"naam": p.naam, "bron": p.bron} for k, p in full.periods.items()},
        regions_meta=regions_meta, inhabitants_source=context.reference.inhabitants_source,
        corop_of=_corop_names(context.reference), lang=args.lang,
    )
    shapes = map_data(context.reference, run.analysis, lang=args.lang)
    png = render_map_png(shapes, lang=args.lang)
    exact = map_data(context.reference, run.analysis, lang=args.lang, simplify_m=0)
    written = write_files({
        args.out / "rapport.html": report_html(report, map_png=png, map_link="kaart.html"),
        args.out / "rapport.xlsx": report_xlsx(report),
        args.out / "cultuurregio.gpkg": coverage_gpkg(
            exact, run.analysis, municipalities=report.table("gemeenten"),
            provenance=report.table("bronnen"), lang=args.lang),
        args.out / "kaart.html": render_map_html(shapes.to_wgs84(), lang=args.lang,
                                                 offline=args.offline),
        args.out / "kaart.png": png,
    })
    _print(_summary(run, args.lang, written))
    return 0


def _data(args: argparse.Namespace) -> int:
    from .sources.build import build_embedded, default_raw

    files = build_embedded(args.raw or default_raw())
    _print(text("sum_written", args.lang, files=", ".join(str(p) for p in write_files(files))))
    return 0


class _UsageError(Exception):
    """A command line argparse cannot read (reported as the one error line, exit 2)."""


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


MAX_TOLERANCE_M = 50_000.0


def _check_args(args: argparse.Namespace) -> None:
    tolerance = getattr(args, "tolerance", DEFAULT_TOLERANCE_M)
    if not (math.isfinite(tolerance) and 0 <= tolerance <= MAX_TOLERANCE_M):
        raise InputError(None, Problem("arg_tolerance", value=str(tolerance),
                                       limit=f"{MAX_TOLERANCE_M:,.0f}".replace(",", ".")))


def _print(lines: str) -> None:
    """Print to stdout with input text unable to drive the terminal."""
    print("\n".join(visible(line) for line in lines.split("\n")))


def _fail(message: str, lang: str) -> None:
    """The one error line on stderr."""
    print(f"cultuurregio: {text('error_prefix', lang)}: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command. Exit status: 0 done, 1 a proposal has a FOUT check, 2 unusable input
    (one line on stderr), 130 interrupted (Ctrl-C); a closed stdout ends quietly (141)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _lang_of(argv)
    try:
        args = _parser(_help_lang(argv, os.environ)).parse_args(argv)
        _check_args(args)
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
    except BrokenPipeError:
        # stdout's reader has gone (`... | head`): say nothing, and keep Python's exit-time
        # flush from raising again
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
