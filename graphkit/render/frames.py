"""Analysis results as (Geo)DataFrames for notebooks: one row per municipality, region,
gap cluster, double membership, total and name note.

Every call builds new frames from the plain results and a copy of the CBS shapes, so an
analyst who edits a frame changes nothing else. Geometry is the exact CBS shape in RD New
(EPSG:28992); dissolved territories come from the same cleaned coverage as the maps.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from ..analysis.coverage import Analysis
from ..sources.cbs import Reference
from .mapdata import dissolve_groups, simplified_coverage

__all__ = [
    "double_frame", "gap_frame", "municipality_frame", "note_frame", "region_frame",
    "totals_frame",
]


def _basis(bases: dict[str, tuple[str, ...]]) -> str:
    return ";".join(f"{rid}:{'+'.join(b)}" for rid, b in bases.items())


def municipality_frame(reference: Reference, analysis: Analysis) -> gpd.GeoDataFrame:
    """Indexed by CBS code: name, province, corop, landsdeel (names), inhabitants, area_km2,
    n_regions, regions (tuple of ids), basis ("mra:listed+province;..."), gap_cluster
    (number, <NA> when covered), geometry."""
    names = analysis.division_names
    table = reference.municipalities
    rows = analysis.by_code()
    codes = list(table.index)
    cluster_of = {c: w.number for w in analysis.white_spots for c in w.municipalities}
    corop = table["corop"] if "corop" in table.columns else pd.Series(None, index=table.index)
    frame = gpd.GeoDataFrame(
        {
            "name": [rows[c].name for c in codes],
            "province": [names.get(rows[c].province, rows[c].province) for c in codes],
            "corop": [names.get(x, x) if isinstance(x, str) and x else None for x in corop],
            "landsdeel": [names.get(rows[c].landsdeel, rows[c].landsdeel) for c in codes],
            "inhabitants": pd.array([None if rows[c].inhabitants is None
                                     else round(rows[c].inhabitants) for c in codes],
                                    dtype="Int64"),
            "area_km2": [round(rows[c].area_km2, 2) for c in codes],
            "n_regions": [len(rows[c].regions) for c in codes],
            "regions": [tuple(rows[c].regions) for c in codes],
            "basis": [_basis(dict(rows[c].bases)) for c in codes],
            "gap_cluster": pd.array([cluster_of.get(c) for c in codes], dtype="Int64"),
        },
        geometry=table.geometry.to_numpy().copy(),
        crs=table.crs,
        index=pd.Index(codes, name="code"),
    )
    return frame


def _dissolved(reference: Reference, groups: list[tuple[str, ...]]) -> list[shapely.Geometry]:
    table = reference.municipalities
    shapes = simplified_coverage(table.geometry.to_numpy(), 0)
    return dissolve_groups(shapes, list(table.index), groups)


def region_frame(reference: Reference, analysis: Analysis) -> gpd.GeoDataFrame:
    """Indexed by region id: name, coverage_kind, n_municipalities, inhabitants, area_km2,
    municipalities (tuple of codes), source, geometry (the territory under the analysis'
    coverage mode)."""
    ids = list(analysis.regions)
    regions = [analysis.regions[r] for r in ids]
    return gpd.GeoDataFrame(
        {
            "name": [r["name"] for r in regions],
            "coverage_kind": [r["coverage_kind"] for r in regions],
            "n_municipalities": [len(r["municipalities"]) for r in regions],
            "inhabitants": pd.array([r["inhabitants"] for r in regions], dtype="Int64"),
            "area_km2": [r["area_km2"] for r in regions],
            "municipalities": [tuple(r["municipalities"]) for r in regions],
            "source": [r["source"] for r in regions],
        },
        geometry=_dissolved(reference, [tuple(r["municipalities"]) for r in regions]),
        crs=reference.municipalities.crs,
        index=pd.Index(ids, name="region"),
    )


def gap_frame(reference: Reference, analysis: Analysis) -> gpd.GeoDataFrame:
    """Indexed by gap cluster number (1 = largest): name, n_municipalities, inhabitants,
    area_km2, municipalities (tuple of codes), islands (joined across water), geometry."""
    spots = list(analysis.white_spots)
    clusters = [tuple(w.municipalities) for w in spots]
    return gpd.GeoDataFrame(
        {
            "name": [w.name for w in spots],
            "n_municipalities": [len(c) for c in clusters],
            "inhabitants": pd.array([w.inhabitants for w in spots], dtype="Int64"),
            "area_km2": [w.area_km2 for w in spots],
            "municipalities": clusters,
            "islands": [tuple(w.over_water) for w in spots],
        },
        geometry=_dissolved(reference, clusters),
        crs=reference.municipalities.crs,
        index=pd.Index([w.number for w in spots], name="gap_cluster"),
    )


def double_frame(analysis: Analysis) -> pd.DataFrame:
    """Municipalities in two or more regions, indexed by CBS code: name, regions."""
    rows = analysis.by_code()
    codes = [code for code, _ in analysis.double_memberships]
    return pd.DataFrame(
        {"name": [rows[c].name for c in codes],
         "regions": [tuple(r) for _, r in analysis.double_memberships]},
        index=pd.Index(codes, name="code"),
    )


def totals_frame(analysis: Analysis) -> pd.DataFrame:
    """National totals: rows all, covered, uncovered, double; columns municipalities,
    inhabitants, area_km2."""
    national = analysis.totals["national"]
    keys = ("all", "covered", "uncovered", "double")
    return pd.DataFrame(
        {
            "municipalities": [national["municipalities"][k] for k in keys],
            "inhabitants": pd.array([national["inhabitants"][k] for k in keys],
                                    dtype="Int64"),
            "area_km2": [national["area_km2"][k] for k in keys],
        },
        index=pd.Index(keys, name="scope"),
    )


def note_frame(analysis: Analysis, lang: str = "nl") -> pd.DataFrame:
    """How names were read: region, written, code, name, reason, message (in `lang`)."""
    return pd.DataFrame(
        [{"region": n.region, "written": n.written, "code": n.code, "name": n.name,
          "reason": n.reason, "message": n.message.render(lang)} for n in analysis.notes],
        columns=["region", "written", "code", "name", "reason", "message"],
    )
