"""The Python API: `analyse`, `validate`, `compare`, `report` and `advise`.

Each function runs the whole pipeline (registry -> CBS data -> model -> graph -> results)
with the same defaults and the same data lookup as the command line, and returns a result
object. `write(folder)` on a result writes exactly the files the matching CLI command
writes; the CLI is a thin layer over these functions.

Unusable input raises `InputError` (a `ValueError`) carrying the message the CLI prints, in
the language asked for with `lang`.

Folium and matplotlib are imported only when a map is drawn.
"""

from __future__ import annotations

import functools
import math
import os
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date as Date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .analysis.pipeline import (
    Context,
    Run,
    analyse_model,
    analysis_date,
    parse_reference_date,
    prepare,
    select_period,
)
from .graph.contiguity import DEFAULT_TOLERANCE_M
from .messages import LANGS, MODE_ALIASES, InputError, Problem, mode_label, source_line, text
from .model.resolve import resolve
from .render.files import write_files
from .render.summary import analysis_summary
from .render.tables import analysis_json, municipalities_csv, spreadsheet_csv
from .sources.cbs import Reference
from .sources.fetch import cache_dir, cache_problems, locate_geodata
from .sources.registry import Registry, load_registry

if TYPE_CHECKING:
    import folium
    import geopandas as gpd
    import pandas as pd

    from .analysis.compare import Comparison as _CoreComparison
    from .analysis.report import Report as _CoreReport
    from .analysis.validate import Validation as _CoreValidation
    from .render.mapdata import MapData

__all__ = [
    "Advice", "Analysis", "Comparison", "InputError", "Report", "Validation", "advise",
    "analyse", "compare", "data_build", "data_download", "data_import", "data_overview",
    "report", "validate",
]

PathLike = str | os.PathLike[str]
DateLike = Date | str
DEFAULT_OUT = Path("outputs")

_F = TypeVar("_F", bound=Callable[..., Any])


def _speaks(func: _F) -> _F:
    """Raise `InputError` with its message in the call's `lang` (the CLI's wording)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            lang = kwargs.get("lang") or getattr(args[0] if args else None, "lang", "nl")
            exc.args = (exc.render(lang if lang in LANGS else "nl"),)
            raise

    return wrapper  # type: ignore[return-value]


def _on(value: DateLike | None) -> Date | None:
    """The date asked for (checked before any file is read), or None: the period decides."""
    if value is None or isinstance(value, Date):
        return value
    return parse_reference_date(str(value))


def _date(asked: Date | None, *periods: str | None) -> Date:
    """The reference date: the one asked for, else the first 1 January of the period (the
    later period's when two are compared; None stands for the newest map)."""
    return asked or analysis_date(None, *periods)


MAX_TOLERANCE_M = 50_000.0


def _checked(coverage: str, lang: str, tolerance: float) -> str:
    """The internal name of a coverage mode (Dutch or English); refuses unknown options."""
    if not (math.isfinite(tolerance) and 0 <= tolerance <= MAX_TOLERANCE_M):
        raise InputError(None, Problem("arg_tolerance", value=str(tolerance),
                                       limit=f"{MAX_TOLERANCE_M:,.0f}".replace(",", ".")))
    if lang not in LANGS:
        raise InputError(None, Problem("api_bad_option", option="lang", value=lang,
                                       allowed=", ".join(LANGS)))
    if coverage not in MODE_ALIASES:
        raise InputError(None, Problem("api_bad_option", option="coverage", value=coverage,
                                       allowed=", ".join(MODE_ALIASES)))
    return MODE_ALIASES[coverage]


def _context(geodata: PathLike | None, on: Date, tolerance: float) -> Context:
    folder = Path(geodata) if geodata is not None else None
    if folder is None and not os.environ.get("CULTUURREGIO_GEODATA"):
        _heal_cache()
    return prepare(locate_geodata(folder, on.year), on=on, tolerance_m=tolerance)


def _heal_cache() -> None:
    """A cached file that no longer matches its record is removed and reported, never
    used (issue 10, finding 10): the next run reads the embedded data or asks for a new
    download."""
    from .render.files import remove_files

    cache = _cache()
    problems = cache_problems(cache)
    if problems:
        remove_files([path for path, _ in problems])
        raise InputError(cache, Problem(
            "cache_damaged", reason=Problem(f"cache_{problems[0][1]}"),
            files=", ".join(path.name for path, _ in problems)))


def _path(value: PathLike | None) -> Path | None:
    return None if value is None else Path(value)


# --- analyse -----------------------------------------------------------------------------


class Analysis:
    """Coverage of every municipality by the regions of one registry (and period)."""

    def __init__(self, run: Run, *, lang: str = "nl") -> None:
        self._run = run
        self.lang = lang

    @property
    def registry(self) -> str:
        return self._run.analysis.registry

    @property
    def period(self) -> str | None:
        return self._run.analysis.period

    @property
    def reference_date(self) -> str:
        return self._run.analysis.reference_date

    @property
    def coverage(self) -> str:
        return self._run.analysis.coverage_mode

    def __repr__(self) -> str:
        n = self._run.analysis.totals["national"]["municipalities"]
        period = f", period={self.period!r}" if self.period else ""
        return (f"<Analysis {self.registry!r}{period}, coverage={self.coverage!r}, "
                f"date={self.reference_date}: {n['covered']} of {n['all']} municipalities "
                f"covered, {n['uncovered']} uncovered, {n['double']} double>")

    # Frames are built on each access from the plain results and copies of the shapes:
    # editing one never changes another, nor any later result.

    @property
    def municipalities(self) -> gpd.GeoDataFrame:
        """One row per municipality, indexed by CBS code: name, province, corop,
        landsdeel, inhabitants, area_km2, n_regions, regions, basis, gap_cluster, geometry
        (EPSG:28992)."""
        from .render.frames import municipality_frame

        return municipality_frame(self._run.reference, self._run.analysis)

    @property
    def regions(self) -> gpd.GeoDataFrame:
        """One row per region, indexed by id: name, coverage_kind, n_municipalities,
        inhabitants, area_km2, municipalities, source, geometry (its territory)."""
        from .render.frames import region_frame

        return region_frame(self._run.reference, self._run.analysis)

    @property
    def gaps(self) -> gpd.GeoDataFrame:
        """One row per gap cluster (uncovered municipalities joined by land, islands across
        water), numbered from the largest: name, n_municipalities, inhabitants, area_km2,
        municipalities, islands, geometry."""
        from .render.frames import gap_frame

        return gap_frame(self._run.reference, self._run.analysis)

    @property
    def doubles(self) -> pd.DataFrame:
        """Municipalities in two or more regions: name, regions."""
        from .render.frames import double_frame

        return double_frame(self._run.analysis)

    @property
    def totals(self) -> pd.DataFrame:
        """National totals (all, covered, uncovered, double): municipalities, inhabitants,
        area_km2."""
        from .render.frames import totals_frame

        return totals_frame(self._run.analysis)

    @property
    def notes(self) -> pd.DataFrame:
        """How the registry's names were read (aliases, mergers, duplicates)."""
        from .render.frames import note_frame

        return note_frame(self._run.analysis, self.lang)

    def explore(self, *, offline: bool = False) -> folium.Map:
        """The interactive map of `kaart.html` as a `folium.Map`: Jupyter shows it inline,
        `save(path)` writes the page."""
        from .render.notebook import PageMap

        return PageMap(self._map_page(offline))

    def _map_page(self, offline: bool, data: MapData | None = None) -> str:
        """kaart.html: the coverage map with the proposal composer."""
        from .render.composer import composer_data
        from .render.map_html import render_map_html
        from .render.mapdata import map_data

        run = self._run
        data = data or map_data(run.reference, run.analysis, lang=self.lang,
                               resolver=run.resolver)
        return render_map_html(data.to_wgs84(), lang=self.lang, offline=offline,
                               composer=composer_data(run.analysis, run.adjacency,
                                                      lang=self.lang))

    def to_json(self) -> str:
        """Exactly the text of `analyse.json`."""
        return analysis_json(self._run.analysis, lang=self.lang)

    def to_csv(self) -> str:
        """Exactly the text of `gemeenten.csv` (the fixed `CSV_HEADER`, whatever the language)."""
        return municipalities_csv(self._run.analysis)

    def to_spreadsheet_csv(self) -> bytes:
        """Exactly the text of `gemeenten-excel.csv` (headers in the user's language)."""
        from .analysis.report import municipality_table

        run = self._run
        table = municipality_table(run.analysis, corop_of=_corop_names(run.reference),
                                   lang=self.lang)
        return spreadsheet_csv(table, lang=self.lang)

    def summary(self, written: Sequence[Path] = ()) -> str:
        """The summary `cultuurregio analyse` prints, naming the files in `written`."""
        return analysis_summary(self._run.analysis, written=written, lang=self.lang)

    def _map_files(self, folder: Path, offline: bool) -> dict[Path, str | bytes]:
        from .render.map_png import render_map_png
        from .render.mapdata import map_data

        data = map_data(self._run.reference, self._run.analysis, lang=self.lang,
                        resolver=self._run.resolver)
        return {
            folder / "kaart.html": self._map_page(offline, data),
            folder / "kaart.png": render_map_png(data, lang=self.lang),
        }

    @_speaks
    def write(self, folder: PathLike = DEFAULT_OUT, *, tables: bool = True, maps: bool = False,
              offline: bool = False) -> list[Path]:
        """Write `analyse.json`, `gemeenten.csv` and `gemeenten-excel.csv` (`tables`),
        `kaart.html` and `kaart.png` (`maps`) into `folder`, all or nothing; returns the
        paths written."""
        folder = Path(folder)
        files: dict[Path, str | bytes] = {}
        if tables:
            files[folder / "analyse.json"] = self.to_json()
            files[folder / "gemeenten.csv"] = self.to_csv()
            files[folder / "gemeenten-excel.csv"] = self.to_spreadsheet_csv()
        if maps:
            files.update(self._map_files(folder, offline))
        return write_files(files)


@_speaks
def analyse(
    registry: PathLike | None = None,
    *,
    period: str | None = None,
    coverage: str = "declared",
    date: DateLike | None = None,
    geodata: PathLike | None = None,
    tolerance: float = DEFAULT_TOLERANCE_M,
    sources_only: bool = False,
    theme: str | None = None,
    lang: str = "nl",
) -> Analysis:
    """Analyse the coverage of a registry, as `cultuurregio analyse` does.

    Parameters
    ----------
    registry
        Registry YAML file; the embedded default when None.
    period
        Policy period of the registry; its `standaard_periode` when None, "alle" for all.
    coverage
        "declared", "listed" or "provinces" (or the Dutch verklaard, leden, provincies).
    date
        Reference date (a date or "YYYY-MM-DD"); when None, the period's first 1 January
        (2018 -> 2018-01-01, 2021-2024 -> 2021-01-01, 2025-2028 -> 2025-01-01).
    geodata
        Folder with CBS data; else CULTUURREGIO_GEODATA, else the data embedded in the
        package and the user's cache (`cultuurregio data`). Never the network.
    tolerance
        Distance in metres within which areas count as neighbours for gap clusters.
    sources_only
        Leave out every claim the registry marks as an assumption (`aanname`).
    theme
        Coverage for one programme line or theme: a partial member (`deelname`) counts only
        when it takes part in it.
    lang
        "nl" or "en": the language of texts in results and of error messages.
    """
    coverage, on = _checked(coverage, lang, tolerance), _on(date)
    # read once, and before any download: a bad registry fails without touching the network
    reg = select_period(load_registry(_path(registry)), period)
    if sources_only:
        reg, _ = reg.without_assumptions()
    context = _context(geodata, _date(on, reg.period), tolerance)
    return Analysis(_analysed(context, reg, coverage, theme), lang=lang)


def _analysed(context: Context, registry: Registry, coverage: str,
              theme: str | None = None) -> Run:
    model = resolve(registry, context.reference, context.resolver)
    return analyse_model(context, model, mode=coverage, theme=theme)


# --- validate ----------------------------------------------------------------------------


class _Checked:
    """A result the CLI prints as a report and writes as `<stem>.json` and `<stem>.html`."""

    _stem: str
    lang: str

    def text(self) -> str:
        raise NotImplementedError

    def to_json(self) -> str:
        raise NotImplementedError

    def to_html(self, *, offline: bool = False) -> str:
        raise NotImplementedError

    def to_png(self) -> bytes:
        raise NotImplementedError

    def summary(self, written: Sequence[Path] = ()) -> str:
        """The report the CLI prints, then the files in `written`."""
        return "\n".join([self.text(), _written(written, self.lang)])

    @_speaks
    def write(self, folder: PathLike = DEFAULT_OUT, *, offline: bool = False) -> list[Path]:
        """Write `<stem>.json`, `<stem>.html` and `<stem>.png` into `folder`, all or
        nothing."""
        folder = Path(folder)
        return write_files({
            folder / f"{self._stem}.json": self.to_json(),
            folder / f"{self._stem}.html": self.to_html(offline=offline),
            folder / f"{self._stem}.png": self.to_png(),
        })


class Validation(_Checked):
    """Proposed regions checked against the current map, each on its own and together.

    `write` gives `valideer.json`, `valideer.html` and `valideer.png`."""

    _stem = "valideer"

    def __init__(self, context: Context, result: _CoreValidation, *, lang: str) -> None:
        self._context = context
        self._result = result
        self.lang = lang

    @property
    def status(self) -> str:
        """The overall verdict: "OK", "WAARSCHUWING" or "FOUT"."""
        return self._result.status

    def __repr__(self) -> str:
        ids = ", ".join(p.id for p in self._result.proposals)
        return f"<Validation of {ids}: {self.status}>"

    @property
    def proposals(self) -> pd.DataFrame:
        """One row per proposal, indexed by id: name, file, status, n_municipalities,
        municipalities, covers_uncovered, overlaps (region -> codes), pieces, islands,
        enclaves."""
        import pandas as pd

        rows = self._result.proposals
        return pd.DataFrame(
            {
                "name": [p.name for p in rows],
                "file": [p.file for p in rows],
                "status": [p.status for p in rows],
                "n_municipalities": [len(p.territory) for p in rows],
                "municipalities": [tuple(p.territory) for p in rows],
                "covers_uncovered": [tuple(p.covers_uncovered) for p in rows],
                "overlaps": [{r: tuple(c) for r, c in p.overlaps.items()} for p in rows],
                "pieces": [len(p.pieces) for p in rows],
                "islands": [tuple(p.islands) for p in rows],
                "enclaves": [tuple(p.enclaves) for p in rows],
            },
            index=pd.Index([p.id for p in rows], name="proposal"),
        )

    def text(self) -> str:
        """The report `cultuurregio valideer` prints."""
        from .render.validation import validation_text

        return validation_text(self._result, lang=self.lang)

    def to_json(self) -> str:
        """Exactly the text of `valideer.json`."""
        from .render.validation import validation_json

        return validation_json(self._result, lang=self.lang)

    def _map(self):
        from .render.mapdata import map_data

        result, lang = self._result, self.lang
        data = map_data(self._context.reference, result.base, lang=lang,
                        resolver=self._context.resolver)
        heading = text("val_map_heading", lang, registry=data.title["registry"],
                       mode=mode_label(result.base.coverage_mode, lang),
                       date=result.base.reference_date)
        return data, heading, {p.id: (p.name, list(p.territory)) for p in result.proposals}

    def to_html(self, *, offline: bool = False) -> str:
        """The map page `valideer.html`: the current map with the proposals on top, each
        clickable, and the verdict table per proposal beside it."""
        from .render.map_html import render_map_html
        from .render.validation import validation_panel

        data, heading, areas = self._map()
        return render_map_html(data.to_wgs84(), lang=self.lang, offline=offline,
                               heading=heading, proposals=areas, show_regions=False,
                               verdicts=validation_panel(self._result, lang=self.lang))

    def to_png(self) -> bytes:
        """`valideer.png`: the proposals outlined over the current coverage."""
        from .render.map_png import render_map_png

        data, heading, areas = self._map()
        return render_map_png(data, lang=self.lang, heading=heading, proposals=areas)



@_speaks
def validate(
    proposals: PathLike | Sequence[PathLike],
    *,
    registry: PathLike | None = None,
    period: str | None = None,
    coverage: str = "declared",
    date: DateLike | None = None,
    geodata: PathLike | None = None,
    tolerance: float = DEFAULT_TOLERANCE_M,
    lang: str = "nl",
) -> Validation:
    """Check proposal files (registry format) against `registry`, as `cultuurregio valideer`
    does; the other options are those of `analyse`."""
    from .analysis.validate import validate as check
    from .sources.registry import load_proposals

    paths = [Path(proposals)] if isinstance(proposals, (str, os.PathLike)) else [
        Path(p) for p in proposals
    ]
    coverage, on = _checked(coverage, lang, tolerance), _on(date)
    proposed, files = load_proposals(paths)
    base_registry = select_period(load_registry(_path(registry)), period)
    # Proposals are written with today's names: validate on the newest map, the base
    # period's lists carried forward through the merger table (None: the newest date).
    context = _context(geodata, _date(on, base_registry.period, None), tolerance)
    base = resolve(base_registry, context.reference, context.resolver)
    resolved = resolve(proposed, context.reference, context.resolver, strict=False)
    result = check(context, base, resolved, files=files, mode=coverage, lang=lang)
    return Validation(context, result, lang=lang)


# --- compare -----------------------------------------------------------------------------


def _side(arg: PathLike, registry: Path | None) -> tuple[Registry, str]:
    """A side of a comparison: a registry file (its default period), or a period."""
    path = Path(arg)
    if path.suffix in (".yaml", ".yml") or path.is_file():
        reg = select_period(load_registry(path), None)
        label = reg.label if reg.period is None else f"{reg.label} ({reg.period})"
        return reg, label
    return select_period(load_registry(registry), str(arg)), str(arg)


class Comparison(_Checked):
    """What changed between two periods or registries on one reference date.

    `write` gives `vergelijk.json`, `vergelijk.html` and `vergelijk.png`."""

    _stem = "vergelijk"

    def __init__(self, context: Context, a: Analysis, b: Analysis,
                 result: _CoreComparison, *, lang: str) -> None:
        self._context = context
        self.a = a
        self.b = b
        self._result = result
        self.lang = lang

    def __repr__(self) -> str:
        r = self._result
        return (f"<Comparison {r.a_label!r} -> {r.b_label!r}: {len(r.gained)} gained, "
                f"{len(r.lost)} lost>")

    @property
    def municipalities(self) -> pd.DataFrame:
        """One row per municipality, indexed by CBS code: name, regions in A and in B, and
        change: "gained", "lost", "both" (covered in A and B) or "neither"."""
        import pandas as pd

        a, b = self._result.a.by_code(), self._result.b.by_code()
        codes = list(b)

        def change(code: str) -> str:
            was, now = bool(a[code].regions), bool(b[code].regions)
            return {(False, True): "gained", (True, False): "lost",
                    (True, True): "both", (False, False): "neither"}[(was, now)]

        return pd.DataFrame(
            {"name": [b[c].name for c in codes],
             "regions_a": [tuple(a[c].regions) for c in codes],
             "regions_b": [tuple(b[c].regions) for c in codes],
             "change": [change(c) for c in codes]},
            index=pd.Index(codes, name="code"),
        )

    def text(self) -> str:
        """The report `cultuurregio vergelijk` prints."""
        from .render.comparison import comparison_text

        return comparison_text(self._result, lang=self.lang)

    def to_json(self) -> str:
        """Exactly the text of `vergelijk.json`."""
        from .render.comparison import comparison_json

        return comparison_json(self._result, lang=self.lang)

    def _map(self):
        from .render.comparison import change_classes
        from .render.mapdata import map_data

        r, lang = self._result, self.lang
        klass, classes = change_classes(r, lang)
        data = map_data(self._context.reference, r.b, lang=lang,
                        resolver=self._context.resolver).with_classes(klass, classes)
        heading = text("cmp_map_heading", lang, a=r.a_label, b=r.b_label,
                       mode=mode_label(r.b.coverage_mode, lang), date=r.b.reference_date)
        return data, heading

    def to_html(self, *, offline: bool = False) -> str:
        """The map page `vergelijk.html`: municipalities coloured by what changed."""
        from .render.map_html import render_map_html

        data, heading = self._map()
        return render_map_html(data.to_wgs84(), lang=self.lang, offline=offline,
                               heading=heading, legend_title=text("cmp_legend", self.lang))

    def to_png(self) -> bytes:
        """`vergelijk.png`: the change map for a memo."""
        from .render.map_png import render_map_png

        data, heading = self._map()
        return render_map_png(data, lang=self.lang, heading=heading,
                              legend_title=text("cmp_legend", self.lang))



def _compared(context: Context, sides: Sequence[tuple[Registry, str]], coverage: str,
              lang: str) -> Comparison:
    from .analysis.compare import compare as changes

    a, b = (Analysis(_analysed(context, reg, coverage), lang=lang) for reg, _ in sides)
    result = changes(context, a._run.analysis, b._run.analysis, a_label=sides[0][1],
                     b_label=sides[1][1])
    return Comparison(context, a, b, result, lang=lang)


@_speaks
def compare(
    a: PathLike,
    b: PathLike,
    *,
    registry: PathLike | None = None,
    coverage: str = "declared",
    date: DateLike | None = None,
    geodata: PathLike | None = None,
    tolerance: float = DEFAULT_TOLERANCE_M,
    lang: str = "nl",
) -> Comparison:
    """Compare two sides, as `cultuurregio vergelijk` does. A side is a period of
    `registry` (e.g. "2018") or a registry file (its default period)."""
    coverage, on = _checked(coverage, lang, tolerance), _on(date)
    sides = [_side(a, _path(registry)), _side(b, _path(registry))]
    # one date for both: the later period's first 1 January; earlier lists are mapped
    # forward through the merger table
    context = _context(geodata, _date(on, *(reg.period for reg, _ in sides)), tolerance)
    return _compared(context, sides, coverage, lang)


# --- report ------------------------------------------------------------------------------


class Report:
    """The analyst report: analysis, comparison of periods and sensitivity to the mode."""

    def __init__(self, context: Context, analysis: Analysis, comparison: Comparison | None,
                 result: _CoreReport, *, lang: str) -> None:
        self._context = context
        self.analysis = analysis
        self.comparison = comparison
        self._result = result
        self.lang = lang

    def __repr__(self) -> str:
        return f"<Report {self._result.subtitle!r}>"

    def summary(self, written: Sequence[Path] = ()) -> str:
        """The summary `cultuurregio rapport` prints."""
        return self.analysis.summary(written)

    @_speaks
    def write(self, folder: PathLike = DEFAULT_OUT, *, offline: bool = False) -> list[Path]:
        """Write `rapport.html`, `rapport.xlsx`, `cultuurregio.gpkg`, `kaart.html` and
        `kaart.png` into `folder`, all or nothing."""
        from .render.gpkg import coverage_gpkg
        from .render.map_png import render_map_png
        from .render.mapdata import map_data
        from .render.report import report_html, report_xlsx

        folder, lang = Path(folder), self.lang
        run = self.analysis._run
        shapes = map_data(run.reference, run.analysis, lang=lang, resolver=run.resolver)
        png = render_map_png(shapes, lang=lang)
        exact = map_data(run.reference, run.analysis, lang=lang, simplify_m=0)
        return write_files({
            folder / "rapport.html": report_html(self._result, map_png=png,
                                                 map_link="kaart.html"),
            folder / "rapport.xlsx": report_xlsx(self._result),
            folder / "cultuurregio.gpkg": coverage_gpkg(
                exact, run.analysis, municipalities=self._result.table("gemeenten"),
                provenance=self._result.table("bronnen"), lang=lang),
            folder / "kaart.html": self.analysis._map_page(offline, shapes),
            folder / "kaart.png": png,
        })


@_speaks
def report(
    registry: PathLike | None = None,
    *,
    period: str | None = None,
    compare: tuple[str, str] | None = None,
    coverage: str = "declared",
    date: DateLike | None = None,
    geodata: PathLike | None = None,
    tolerance: float = DEFAULT_TOLERANCE_M,
    lang: str = "nl",
) -> Report:
    """Build the report, as `cultuurregio rapport` does. `compare` names the two periods
    (or registry files) to compare; by default the registry's last two periods."""
    from .analysis.compare import mode_sensitivity
    from .analysis.report import build_report

    coverage, on = _checked(coverage, lang, tolerance), _on(date)
    full = load_registry(_path(registry))
    reg = select_period(full, period)
    pair = compare or (list(full.periods)[-2:] if len(full.periods) >= 2 else None)
    context = _context(geodata, _date(on, reg.period), tolerance)
    model = resolve(reg, context.reference, context.resolver)
    analysis = Analysis(analyse_model(context, model, mode=coverage), lang=lang)
    comparison = None
    if pair:
        sides = [_side(x, _path(registry)) for x in pair]
        common = _date(on, *(r.period for r, _ in sides))  # as `compare`: the later date
        shared = context if common == context.reference.date else _context(
            geodata, common, tolerance)
        comparison = _compared(shared, sides, coverage, lang)
    regions_meta = {
        rid: {"naam": r.naam, "bron": r.bron, "dekking": r.dekking.kind,
              "dekking_bron": r.dekking_bron, "toelichting": r.toelichting}
        for rid, r in sorted(reg.regions.items())
    }
    result = build_report(
        analysis._run.analysis, comparison._result if comparison else None,
        mode_sensitivity(context, model),
        periods={k: {"naam": p.naam, "bron": p.bron} for k, p in full.periods.items()},
        regions_meta=regions_meta, inhabitants_source=context.reference.inhabitants_source,
        corop_of=_corop_names(context.reference), lang=lang,
    )
    return Report(context, analysis, comparison, result, lang=lang)


def _corop_names(reference: Reference) -> dict[str, str]:
    """Municipality code -> name of its COROP area (empty when the data has none)."""
    if reference.corop is None:
        return {}
    names = reference.corop["name"].to_dict()
    return {code: names.get(c, c)
            for code, c in reference.municipalities["corop"].items() if c}


def _written(paths: Sequence[Path], lang: str) -> str:
    return text("sum_written", lang, files=", ".join(str(p) for p in paths))


# --- advise ------------------------------------------------------------------------------


class Advice:
    """Suggestions that close the white spots of one registry (and period)."""

    def __init__(self, context: Context, run: Run, advice: Any, registry: Registry,
                 agreement: Sequence[Any], *, lang: str) -> None:
        self._context, self._run, self._advice = context, run, advice
        self._registry, self._agreement, self.lang = registry, list(agreement), lang

    @property
    def suggestions(self) -> tuple[Any, ...]:
        return self._advice.suggestions

    def __repr__(self) -> str:
        return (f"<Advice {self._run.analysis.registry!r}: {len(self.suggestions)} "
                f"suggestion(s) for {len(self._run.analysis.uncovered)} uncovered>")

    def text(self) -> str:
        from .render.advice import advice_text

        return advice_text(self._advice, agreement=self._agreement, lang=self.lang)

    def to_json(self) -> str:
        from .render.advice import advice_json

        return advice_json(self._advice, agreement=self._agreement, lang=self.lang)

    def proposals(self) -> dict[str, str]:
        """File name -> proposal YAML, one per suggestion (accepted by `validate` as is)."""
        from .render.advice import proposal_file, proposal_yaml

        return {proposal_file(s): proposal_yaml(s, self._advice,
                                                existing=self._registry.regions,
                                                period=self._registry.period, lang=self.lang)
                for s in self.suggestions}

    def to_html(self, *, offline: bool = False) -> str:
        from .render.map_html import render_map_html
        from .render.mapdata import map_data

        a = self._run.analysis
        data = map_data(self._run.reference, a, lang=self.lang)
        heading = text("adv_map_heading", self.lang, registry=a.registry,
                       mode=mode_label(a.coverage_mode, self.lang), date=a.reference_date)
        return render_map_html(
            data.to_wgs84(), lang=self.lang, offline=offline, heading=heading,
            proposals={s.id: (s.name, list(s.municipalities)) for s in self.suggestions})

    def summary(self, written: Sequence[Path] = ()) -> str:
        folder = next((p.parent for p in written if p.suffix == ".yaml"), None)
        lines = [self.text()]
        if folder is not None:
            lines.append(text("adv_next", self.lang, folder=folder))
        shown = [str(p) for p in written if p.suffix != ".yaml"]
        if folder is not None:
            shown.append(f"{folder}/*.yaml")
        lines.append(text("sum_written", self.lang, files=", ".join(shown)))
        lines.append(source_line(self._run.analysis.data, self.lang))
        return "\n".join(lines)

    @_speaks
    def write(self, folder: PathLike = DEFAULT_OUT, *, offline: bool = False) -> list[Path]:
        """Write `advies.json`, `advies.html` and one proposal per suggestion in
        `advies/`, all or nothing."""
        folder = Path(folder)
        files: dict[Path, str | bytes] = {
            folder / "advies" / name: body for name, body in self.proposals().items()}
        files[folder / "advies.json"] = self.to_json()
        files[folder / "advies.html"] = self.to_html(offline=offline)
        return write_files(files)


@_speaks
def advise(
    registry: PathLike | None = None,
    *,
    period: str | None = None,
    coverage: str = "declared",
    date: DateLike | None = None,
    geodata: PathLike | None = None,
    tolerance: float = DEFAULT_TOLERANCE_M,
    sources_only: bool = False,
    theme: str | None = None,
    min_inhabitants: int | None = None,
    compare_with: Sequence[PathLike] = (),
    lang: str = "nl",
) -> Advice:
    """Suggestions to close the white spots, as `cultuurregio advies` makes them: new
    regions of uncovered municipalities per COROP area (at least `min_inhabitants`, default
    100,000), smaller parts added to the adjacent region they fit best. `compare_with`:
    registry files whose regions the advice is measured against (Jaccard)."""
    from .analysis.advice import DEFAULT_MIN_INHABITANTS, agreement
    from .analysis.advice import advise as _advise
    from .sources.registry import load_proposals

    minimum = DEFAULT_MIN_INHABITANTS if min_inhabitants is None else min_inhabitants
    if minimum < 0:
        raise InputError(None, Problem("adv_bad_minimum", value=minimum))
    coverage, on = _checked(coverage, lang, tolerance), _on(date)
    reg = select_period(load_registry(_path(registry)), period)
    if sources_only:
        reg, _ = reg.without_assumptions()
    others = load_proposals([Path(p) for p in compare_with])[0] if compare_with else None
    context = _context(geodata, _date(on, reg.period), tolerance)
    run = _analysed(context, reg, coverage, theme)
    advice = _advise(run.analysis, run.adjacency, min_inhabitants=minimum)
    agree = []
    if others is not None:
        model = resolve(others, context.reference, context.resolver, strict=False)
        agree = agreement(advice, {rid: (r.naam, r.declared) for rid, r in model.regions.items()})
    return Advice(context, run, advice, reg, agree, lang=lang)


# --- data --------------------------------------------------------------------------------


class DataChange:
    """Files a `data` command wrote, and what it says about them."""

    def __init__(self, written: Sequence[Path], message: str, *, lang: str) -> None:
        self.written = list(written)
        self.message = message
        self.lang = lang

    def __repr__(self) -> str:
        return f"<DataChange {len(self.written)} files>"

    def summary(self) -> str:
        return "\n".join([self.message, _written(self.written, self.lang)])


def _cache(env: Mapping[str, str] | None = None) -> Path:
    return cache_dir(os.environ if env is None else env) / "cbs"


@_speaks
def data_overview(*, lang: str = "nl") -> str:
    """What `cultuurregio data` prints: the embedded and cached CBS files with source,
    date and sha256, each checked against its provenance record."""
    from .render.catalogue import data_overview as _overview
    from .sources.compact import EMBEDDED, inventory

    cache = _cache()
    return _overview((EMBEDDED, inventory(EMBEDDED)), (cache, inventory(cache)), lang=lang)


def _year(year: int | str) -> int:
    from .sources.compact import FIRST_YEAR, LAST_YEAR, reference_year

    chosen = reference_year(str(year))
    if chosen is None:
        raise InputError(None, Problem("data_bad_year", value=str(year).strip()[:12],
                                       first=FIRST_YEAR, last=LAST_YEAR))
    return chosen


@_speaks
def data_download(year: int | str, *, sha256: str | None = None,
                  progress: Callable[[int, int | None], None] | None = None,
                  lang: str = "nl") -> DataChange:
    """Fetch one year's boundaries from PDOK and its inhabitants from CBS's open data API
    into the user's cache (`cultuurregio data download YEAR`). Nothing is stored unless the
    GeoPackage and the table pass every check."""
    from .sources.build import download_year
    from .sources.fetch import endpoints

    chosen = _year(year)
    if sha256 is not None and not re.fullmatch(r"[0-9a-fA-F]{64}", sha256):
        raise InputError(None, Problem("data_bad_sha256", value=sha256[:70]))
    pdok, cbs = endpoints()
    files, has_inhabitants = download_year(chosen, _cache(), pdok_url=pdok, cbs_url=cbs,
                                           sha256=sha256, progress=progress)
    message = text("data_downloaded", lang, year=chosen, inh=text(
        "data_with_inh", lang, year=chosen) if has_inhabitants else text(
        "data_no_inh", lang, year=chosen))
    return DataChange(write_files(files), message, lang=lang)


@_speaks
def data_import(folder: PathLike, *, lang: str = "nl") -> DataChange:
    """Store the files of `folder` (PDOK's cbsgebiedsindelingen<YEAR>.gpkg, CBS table 03759ned
    as CSV) in the user's cache, in the compact form (`cultuurregio data import FOLDER`)."""
    from .sources.build import import_folder

    files, ignored = import_folder(Path(folder), _cache())
    names = sorted(p.name for p in files if p.suffix in (".npz", ".csv"))
    message = text("data_imported", lang, items=", ".join(names))
    if ignored:
        message += "\n" + text("data_ignored", lang, items=", ".join(ignored))
    return DataChange(write_files(files), message, lang=lang)


@_speaks
def data_build(raw: PathLike | None = None, *, lang: str = "nl") -> DataChange:
    """Rebuild the package's embedded data from the official-layout files (developers)."""
    from .sources.build import build_embedded, default_raw

    files = build_embedded(Path(raw) if raw is not None else default_raw())
    return DataChange(write_files(files), "", lang=lang)
