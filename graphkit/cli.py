"""Command line: `cultuurregio analyse`.

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
from .messages import LANGS, InputError, text
from .pipeline import DEFAULT_DATE, Run, parse_reference_date, run_analysis

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cultuurregio",
        description="Dekking van de Nederlandse cultuurregio's op CBS-gemeentegrenzen.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    an = sub.add_parser("analyse", help="dekking, gaten en dubbele lidmaatschappen")
    an.add_argument("--registry", type=Path, help="regio-register (YAML); standaard: ingebouwd")
    an.add_argument("--geodata", type=Path,
                    help="map met CBS-gebiedsindelingen (anders CULTUURREGIO_GEODATA, cache, "
                         "of download van PDOK)")
    an.add_argument("--coverage", choices=tuple(MODES), default="declared",
                    help="dekkingswijze (standaard: declared)")
    an.add_argument("--date", default=DEFAULT_DATE.isoformat(),
                    help="peildatum JJJJ-MM-DD (standaard: %(default)s)")
    an.add_argument("--out", type=Path, default=Path("outputs"), help="uitvoermap")
    an.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE_M,
                    help="afstand in meters waarbinnen gebieden als buren gelden voor "
                         "gatclusters (standaard: %(default)s)")
    an.add_argument("--lang", choices=LANGS, default="nl", help="taal van de uitvoer")
    return parser


def _number(value: float | None, lang: str) -> str:
    if value is None:
        return text("unknown_inhabitants", lang)
    shown = f"{round(value):,}"
    return shown.replace(",", ".") if lang == "nl" else shown


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
        text("sum_title", lang, registry=a.registry, mode=a.coverage_mode, date=a.reference_date),
        text("sum_total", lang, n=n["all"], inh=_number(inh["all"], lang), regions=len(a.regions)),
        text("sum_covered", lang, n=n["covered"], inh=_number(inh["covered"], lang), pct=pct),
        text("sum_uncovered", lang, n=n["uncovered"], inh=_number(inh["uncovered"], lang),
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


def _analyse(args: argparse.Namespace) -> int:
    on = parse_reference_date(args.date)
    if args.registry is not None:  # fail on a bad registry before touching the network
        from .registry import load_registry

        load_registry(args.registry)
    geodata = locate_geodata(args.geodata, on.year)
    run = run_analysis(
        geodata, registry=args.registry, mode=args.coverage, on=on, tolerance_m=args.tolerance
    )
    files = {
        args.out / "analyse.json": analysis_json(run.analysis, lang=args.lang),
        args.out / "gemeenten.csv": municipalities_csv(run.analysis, lang=args.lang),
    }
    written = write_files(files)
    print(_summary(run, args.lang, written))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    lang = getattr(args, "lang", "nl")
    try:
        return {"analyse": _analyse}[args.command](args)
    except InputError as exc:
        print(f"cultuurregio: {text('error_prefix', lang)}: {exc.render(lang)}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
