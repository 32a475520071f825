"""Command line: `cultuurregio analyse`, `kaart` and `valideer`.

Bad input ends with one line on stderr naming the file and the problem, exit status 2, and
nothing written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .atomic import write_files
from .contiguity import DEFAULT_TOLERANCE_M
from .export import analysis_json, municipalities_csv
from .fetch import locate_geodata
from .graph import MODES
from .messages import LANGS, InputError, number, text
from .pipeline import (
    DEFAULT_DATE,
    Run,
    parse_reference_date,
    prepare,
    run_analysis,
    select_period,
)
from .registry import load_registry

__all__ = ["main"]


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--registry", type=Path, help="regio-register (YAML); standaard: ingebouwd")
    p.add_argument("--geodata", type=Path,
                   help="map met CBS-gebiedsindelingen (anders CULTUURREGIO_GEODATA, cache, "
                        "of download van PDOK)")
    p.add_argument("--periode", default=None,
                   help="beleidsperiode uit het register (standaard: de standaard_periode van "
                        "het register; 'alle' voor alle regio's)")
    p.add_argument("--coverage", choices=tuple(MODES), default="declared",
                   help="dekkingswijze (standaard: declared)")
    p.add_argument("--date", default=DEFAULT_DATE.isoformat(),
                   help="peildatum JJJJ-MM-DD (standaard: %(default)s)")
    p.add_argument("--out", type=Path, default=Path("outputs"), help="uitvoermap")
    p.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE_M,
                   help="afstand in meters waarbinnen gebieden als buren gelden voor "
                        "gatclusters (standaard: %(default)s)")
    p.add_argument("--lang", choices=LANGS, default="nl", help="taal van de uitvoer")
    p.add_argument("--offline", action="store_true",
                   help="kaart zonder online achtergrondkaart (de kaart is altijd "
                        "zelfstandig: geen scripts van internet)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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
    return parser


def _label(registry: str, period: str | None, lang: str) -> str:
    return registry if period is None else text("period_label", lang, registry=registry,
                                                 period=period)


def _summary(run: Run, lang: str, written: Sequence[Path]) -> str:
    a = run.analysis
    national = a.totals["national"]
    n, inh = national["municipalities"], national["inhabitants"]
    names = a.by_code()
    pct = "?"
    if inh["all"]:
        share = 100 * (inh["covered"] or 0) / inh["all"]
        pct = f"{share:.1f}%".replace(".", "," if lang == "nl" else ".")
    lines = [
        text("sum_title", lang, registry=_label(a.registry, a.period, lang),
             mode=a.coverage_mode, date=a.reference_date),
        text("sum_total", lang, n=n["all"], inh=number(inh["all"], lang), regions=len(a.regions)),
        text("sum_covered", lang, n=n["covered"], inh=number(inh["covered"], lang), pct=pct),
        text("sum_uncovered", lang, n=n["uncovered"], inh=number(inh["uncovered"], lang),
             clusters=len(a.gap_clusters)),
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
    lines.append(text("sum_source", lang, year=run.reference.year))
    return "\n".join(lines)


def _run(args: argparse.Namespace) -> Run:
    on = parse_reference_date(args.date)
    if args.registry is not None:  # fail on a bad registry before touching the network
        load_registry(args.registry)
    geodata = locate_geodata(args.geodata, on.year)
    return run_analysis(
        geodata, registry=args.registry, period=args.periode, mode=args.coverage, on=on,
        tolerance_m=args.tolerance,
    )


def _map_files(run: Run, args: argparse.Namespace) -> dict[Path, str | bytes]:
    # Imported here: folium and matplotlib cost a second of start-up that analyse alone
    # does not need.
    from .convert import map_data
    from .render_map import render_map_html
    from .render_png import render_map_png

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
        args.out / "gemeenten.csv": municipalities_csv(run.analysis, lang=args.lang),
    }
    if args.kaart:
        files.update(_map_files(run, args))
    print(_summary(run, args.lang, write_files(files)))
    return 0


def _kaart(args: argparse.Namespace) -> int:
    run = _run(args)
    print(_summary(run, args.lang, write_files(_map_files(run, args))))
    return 0


def _valideer(args: argparse.Namespace) -> int:
    """Exit 0 when no check is FOUT, 1 when one is; unusable input raises (exit 2)."""
    from .convert import map_data, territories
    from .model import resolve
    from .registry import load_proposals
    from .render_map import render_map_html
    from .render_validation import validation_json, validation_text
    from .validate import validate

    on = parse_reference_date(args.date)
    proposals, files = load_proposals(list(args.files))
    base_registry = select_period(load_registry(args.registry), args.periode)
    context = prepare(locate_geodata(args.geodata, on.year), on=on, tolerance_m=args.tolerance)
    base = resolve(base_registry, context.reference, context.resolver)
    proposed = resolve(proposals, context.reference, context.resolver, strict=False)
    result = validate(context, base, proposed, files=files, mode=args.coverage, lang=args.lang)

    data = map_data(context.reference, result.base, lang=args.lang)
    shapes = territories(data, {p.id: (p.name, list(p.territory)) for p in result.proposals})
    heading = text("val_map_heading", args.lang, registry=result.base.registry,
                   mode=args.coverage, date=result.base.reference_date)
    page = render_map_html(data.to_wgs84(), lang=args.lang, offline=args.offline,
                           heading=heading, proposals=shapes.to_crs(4326))
    written = write_files({
        args.out / "valideer.json": validation_json(result, lang=args.lang),
        args.out / "valideer.html": page,
    })
    print(validation_text(result, lang=args.lang))
    print(text("sum_written", args.lang, files=", ".join(str(p) for p in written)))
    return 1 if result.status == "FOUT" else 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    lang = getattr(args, "lang", "nl")
    try:
        return {"analyse": _analyse, "kaart": _kaart, "valideer": _valideer}[args.command](args)
    except InputError as exc:
        print(f"cultuurregio: {text('error_prefix', lang)}: {exc.render(lang)}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
