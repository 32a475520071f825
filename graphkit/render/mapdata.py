"""The one bridge between analysis results and geometry, used by every renderer.

Turns the CBS shapes of a `Reference` plus the plain results of an `Analysis` into the
GeoDataFrames a map needs: municipalities with their coverage class, region territories,
landsdeel groupings, province borders and gap clusters. Shapes are simplified once, on a
cleaned coverage, so that neighbours keep sharing exactly the same edge (no slivers or
gaps at any zoom); every dissolved shape is built from those shared edges.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from shapely.ops import polylabel

from ..analysis.coverage import Analysis, known_sum, rounded
from ..messages import mode_label, number, source_line, text
from ..model.names import Resolver
from ..sources.cbs import Reference
from .palette import COVERAGE_COLORS, PROPOSAL_PALETTE

__all__ = [
    "CLASSES", "COVERAGE_COLORS", "PROPOSAL_PALETTE", "MapData", "coverage_class",
    "dissolve_groups", "label_point", "map_data", "simplified_coverage",
]

WGS84 = 4326
DEFAULT_SIMPLIFY_M = 120.0
CLASSES = ("geen", "een", "meer")  # no region, one region, two or more


def label_point(geom: shapely.Geometry | None, *,
                lonlat: bool = False) -> tuple[float, float] | None:
    """(x, y) for a label: the pole of inaccessibility of the largest part of `geom`, the
    point inside it farthest from its edges. With `lonlat`, longitudes are scaled to ground
    distance first."""
    if geom is None or geom.is_empty:
        return None
    parts = [p for p in shapely.get_parts(shapely.get_parts(geom)) if p.geom_type == "Polygon"]
    if not parts:
        return None
    largest = max(parts, key=lambda p: p.area)
    k = math.cos(math.radians(largest.centroid.y)) if lonlat else 1.0
    scaled = shapely.transform(largest, lambda xy: xy * (k, 1.0)) if lonlat else largest
    size = math.sqrt(max(scaled.area, 1e-18))
    p = polylabel(scaled, tolerance=size / 100)
    return p.x / k, p.y


def coverage_class(n_regions: int) -> str:
    return CLASSES[min(n_regions, 2)]


@dataclass(frozen=True)
class MapData:
    """Everything a map shows, in RD New (`crs` 28992); `to_wgs84` for web maps."""

    municipalities: gpd.GeoDataFrame  # code, name, province, inhabitants, regions, klass, ...
    # id, name, n, members (codes), geometry (territory under the analysis' mode)
    regions: gpd.GeoDataFrame
    groupings: gpd.GeoDataFrame  # id, name, members, geometry
    provinces: gpd.GeoDataFrame  # code, name, geometry (outline)
    gap_clusters: gpd.GeoDataFrame  # number, n, inhabitants, members, name, geometry
    # per class, in legend order: label, color, count, inhabitants
    classes: Mapping[str, Mapping[str, Any]]
    title: Mapping[str, str]
    # written forms -> municipality codes (`Resolver.search_table`), for the search box
    search: Mapping[str, Any] | None = None

    def to_wgs84(self, decimals: int = 5) -> MapData:
        def conv(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
            out = frame.to_crs(WGS84)
            out.geometry = shapely.transform(
                out.geometry.to_numpy(), lambda xy: np.round(xy, decimals)
            )
            return out

        return replace(
            self, municipalities=conv(self.municipalities), regions=conv(self.regions),
            groupings=conv(self.groupings), provinces=conv(self.provinces),
            gap_clusters=conv(self.gap_clusters),
        )

    def with_classes(self, klass: Mapping[str, str],
                     classes: Mapping[str, Mapping[str, Any]]) -> MapData:
        """The same map with other classes: `klass` maps each municipality code to one of
        `classes` (label, color, count, inhabitants)."""
        frame = self.municipalities.copy()
        frame["klass"] = [klass[c] for c in frame["code"]]
        frame["status"] = [classes[k]["label"] for k in frame["klass"]]
        return replace(self, municipalities=frame, classes=classes)


_CLEANED: dict[bytes, np.ndarray] = {}
_CLEANED_MAX = 4


def cleaned_coverage(geometries: np.ndarray) -> np.ndarray:
    """`shapely.coverage_clean` of a boundary set, computed once per set within a process
    (it depends only on the boundaries, and `rapport` maps the same set twice). A set that
    is already a valid coverage (neighbours share their edges exactly, no overlaps: the
    embedded data) is kept as it is: checking that is several times cheaper than cleaning."""
    key = hashlib.sha256(b"".join(shapely.to_wkb(geometries).tolist())).digest()
    if key not in _CLEANED:
        if len(_CLEANED) >= _CLEANED_MAX:
            _CLEANED.pop(next(iter(_CLEANED)))
        cleaned = np.array(geometries, dtype=object)  # a copy: the caller's stays writeable
        if not shapely.coverage_is_valid(cleaned):
            cleaned = shapely.coverage_clean(cleaned)
        cleaned.flags.writeable = False
        _CLEANED[key] = cleaned
    return _CLEANED[key]


def simplified_coverage(geometries: np.ndarray, tolerance_m: float) -> np.ndarray:
    """Clean the coverage (remove the slight overlaps of generalised neighbours), then
    simplify it as a coverage: shared edges stay shared."""
    cleaned = cleaned_coverage(geometries)
    simplified = shapely.coverage_simplify(cleaned, tolerance_m) if tolerance_m > 0 else cleaned
    return shapely.make_valid(simplified)


def dissolve_groups(shapes: np.ndarray, codes: Sequence[str],
                    groups: Iterable[Iterable[str]]) -> list[shapely.Geometry]:
    """Per group of codes, the union of its `shapes` (aligned with `codes`) along their
    shared edges; codes not in `codes` are skipped. Work proportional to the members, not
    to all areas times the groups."""
    position = {c: i for i, c in enumerate(codes)}
    out = []
    for members in groups:
        idx = np.fromiter((position[c] for c in members if c in position), dtype=np.int64)
        out.append(shapely.coverage_union_all(shapes[idx]) if len(idx)
                   else shapely.GeometryCollection())
    return out


def map_data(
    reference: Reference,
    analysis: Analysis,
    *,
    simplify_m: float = DEFAULT_SIMPLIFY_M,
    lang: str = "nl",
    resolver: Resolver | None = None,
) -> MapData:
    """Shapes and attributes for a coverage map of `analysis`; with `resolver`, the map's
    search accepts every spelling it accepts."""
    table = reference.municipalities
    rows = analysis.by_code()
    codes = list(table.index)
    shapes = simplified_coverage(table.geometry.to_numpy(), simplify_m)
    names = analysis.division_names
    notes: dict[str, list[str]] = {}
    for note in analysis.notes:
        if note.code.startswith("GM"):
            notes.setdefault(note.code, []).append(
                f"{note.region}: {note.message.render(lang)}"
            )

    municipalities = gpd.GeoDataFrame(
        {
            "code": codes,
            "name": [rows[c].name for c in codes],
            "province": [names.get(rows[c].province, rows[c].province) for c in codes],
            "inhabitants": [rows[c].inhabitants for c in codes],
            "regions": [list(rows[c].regions) for c in codes],
            "region_names": [[analysis.regions[r]["name"] for r in rows[c].regions]
                             for c in codes],
            "bases": [{r: list(b) for r, b in rows[c].bases.items()} for c in codes],
            "notes": [notes.get(c, []) for c in codes],
            "klass": [coverage_class(len(rows[c].regions)) for c in codes],
            "status": [text(f"map_class_{coverage_class(len(rows[c].regions))}", lang)
                       for c in codes],
        },
        geometry=shapes,
        crs=table.crs,
    )

    def union(groups: Iterable[Iterable[str]]) -> list[shapely.Geometry]:
        return dissolve_groups(shapes, codes, groups)

    region_ids = list(analysis.regions)
    regions = gpd.GeoDataFrame(
        {
            "id": region_ids,
            "name": [analysis.regions[r]["name"] for r in region_ids],
            "n": [len(analysis.regions[r]["municipalities"]) for r in region_ids],
            "members": [list(analysis.regions[r]["municipalities"]) for r in region_ids],
        },
        geometry=union(analysis.regions[r]["municipalities"] for r in region_ids),
        crs=table.crs,
    )

    group_ids = list(analysis.landsdelen)
    groupings = gpd.GeoDataFrame(
        {"id": group_ids, "name": [analysis.landsdelen[g]["name"] for g in group_ids],
         "members": [list(analysis.landsdelen[g]["municipalities"]) for g in group_ids]},
        geometry=union(analysis.landsdelen[g]["municipalities"] for g in group_ids),
        crs=table.crs,
    )

    province_codes = sorted(set(table["province"]))
    by_province: dict[str, list[str]] = {p: [] for p in province_codes}
    for c, p in zip(codes, table["province"], strict=True):
        by_province[p].append(c)
    provinces = gpd.GeoDataFrame(
        {"code": province_codes, "name": [names.get(p, p) for p in province_codes]},
        geometry=union(by_province[p] for p in province_codes),
        crs=table.crs,
    )

    clusters = analysis.gap_clusters
    gap_clusters = gpd.GeoDataFrame(
        {
            "number": list(range(1, len(clusters) + 1)),
            "n": [len(c) for c in clusters],
            "inhabitants": [rounded(known_sum(rows[x].inhabitants for x in c))
                            for c in clusters],
            "members": [list(c) for c in clusters],
            "name": [w.name for w in analysis.white_spots] or [""] * len(clusters),
        },
        geometry=union(clusters),
        crs=table.crs,
    )

    national = analysis.totals["national"]
    n, inh = national["municipalities"], national["inhabitants"]

    def minus(a: int | None, b: int | None) -> int | None:
        return None if a is None or b is None else a - b

    counts = {
        "geen": (n["uncovered"], inh["uncovered"]),
        "een": (n["covered"] - n["double"], minus(inh["covered"], inh["double"])),
        "meer": (n["double"], inh["double"]),
    }
    classes = {
        k: {"label": text(f"map_class_{k}", lang), "color": COVERAGE_COLORS[k],
            "count": counts[k][0], "inhabitants": counts[k][1]}
        for k in CLASSES
    }
    registry = analysis.registry if analysis.period is None else text(
        "period_label", lang, registry=analysis.registry, period=analysis.period)
    title = {
        "registry": registry,
        "mode": mode_label(analysis.coverage_mode, lang),
        "date": analysis.reference_date,
        "year": str(reference.year),
        "source": source_line(analysis.data or reference.data(), lang),
        # footnotes: coverage resting on assumptions, and what national figures include
        "assumptions": text("map_assumption_note", lang,
                            n=analysis.totals["on_assumption"]["municipalities"],
                            inh=number(analysis.totals["on_assumption"]["inhabitants"], lang))
        if analysis.totals.get("on_assumption", {}).get("municipalities") else "",
        "scope": text("sum_bes", lang),
    }
    title["heading"] = text("map_title", lang, registry=registry, mode=title["mode"],
                            date=title["date"])
    title["subtitle"] = title["source"]
    return MapData(municipalities, regions, groupings, provinces, gap_clusters, classes, title,
                   None if resolver is None else resolver.search_table())
