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
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

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
        text("sum_covered", lang, n=n["covered"], inh=number(inh["covered"], lang), pct=pct),
        text("sum_uncovered", lang, n=n["uncovered"], inh=number(inh["uncovered"], lang),
             clusters=len(a.gap_clusters)),
        *_white_spot_lines(a, lang),
        *_assumption_lines(a, lang),
        text("sum_double", lang, n=n["double"], items=", ".join(
            f"{names[c].name} ({'+'.join(r)})" for c, r in a.double_memberships
        ) or "-"),
    ]
    for g in a.landsdelen.values():
        outside = g["outside_cbs_landsdeel"]
        items = ": " + ", ".join(names[c].name for c in outside) if outside else ""
        lines.append(text("sum_landsdeel", lang, name=g["name"], n=len(outside),
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
                          n=len(w.municipalities), inh=number(w.inhabitants, lang),
                          water=water))
        lines += [text("ws_sub", lang, name=p.name, n=len(p.municipalities),
                       inh=number(p.inhabitants, lang)) for p in w.sub_areas]
    return lines


def _assumption_lines(a: Analysis, lang: str) -> list[str]:
    if a.assumptions_left_out is not None:
        return [text("sum_sources_only", lang, n=len(a.assumptions_left_out),
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

    data = map_data(run.reference, run.analysis, lang=args.lang, resolver=run.resolver)
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
    from .render.map_png import render_map_png
    from .render.mapdata import map_data
    from .render.validation import validation_json, validation_panel, validation_text
    from .sources.registry import load_proposals

    on = parse_reference_date(args.date)
    proposals, files = load_proposals(list(args.files))
    base_registry = select_period(load_registry(args.registry), args.periode)
    context = prepare(locate_geodata(args.geodata, on.year), on=on, tolerance_m=args.tolerance)
    base = resolve(base_registry, context.reference, context.resolver)
    proposed = resolve(proposals, context.reference, context.resolver, strict=False)
    result = validate(context, base, proposed, files=files, mode=args.coverage, lang=args.lang)

    data = map_data(context.reference, result.base, lang=args.lang,
                    resolver=context.resolver)
    heading = text("val_map_heading", args.lang, registry=data.title["registry"],
                   mode=mode_label(args.coverage, args.lang),
                   date=result.base.reference_date)
    areas = {p.id: (p.name, list(p.territory)) for p in result.proposals}
    page = render_map_html(data.to_wgs84(), lang=args.lang, offline=args.offline,
                           heading=heading, proposals=areas, show_regions=False,
                           verdicts=validation_panel(result, lang=args.lang))
    written = write_files({
        args.out / "valideer.json": validation_json(result, lang=args.lang),
        args.out / "valideer.html": page,
        args.out / "valideer.png": render_map_png(data, lang=args.lang, heading=heading,
                                                  proposals=areas),
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
    from .render.map_png import render_map_png
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
    data = map_data(context.reference, b, lang=args.lang,
                    resolver=context.resolver).with_classes(klass, classes)
    heading = text("cmp_map_heading", args.lang, a=label_a, b=label_b,
                   mode=mode_label(args.coverage, args.lang),
                   date=b.reference_date)
    written = write_files({
        args.out / "vergelijk.json": comparison_json(result, lang=args.lang),
        args.out / "vergelijk.html": render_map_html(
            data.to_wgs84(), lang=args.lang, offline=args.offline, heading=heading,
            legend_title=text("cmp_legend", args.lang),
        ),
        args.out / "vergelijk.png": render_map_png(
            data, lang=args.lang, heading=heading, legend_title=text("cmp_legend", args.lang),
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
    shapes = map_data(context.reference, run.analysis, lang=args.lang,
                      resolver=context.resolver)
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
        args = _parser().parse_args(argv)
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
