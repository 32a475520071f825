"""The one place that reads CBS files: gebiedsindelingen GeoPackages and the optional
inhabitants and places tables.

A `Reference` is the CBS picture of the country on one reference date: municipalities with
their province, CBS landsdeel, COROP area and GGD region, and the shapes of each division.
"""

from __future__ import annotations

import re
import sqlite3
import time
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from ..messages import InputError, Problem
from .compact import (
    EMBEDDED,
    PLACES_FILE,
    boundaries_file,
    boundaries_years,
    check_codes,
    inhabitants_file,
    inhabitants_years,
    read_boundaries,
    read_inhabitants,
    read_places,
    read_provenance,
)
from .mergers import Merger

__all__ = [
    "DIVISIONS",
    "Reference",
    "find_gpkg",
    "find_layer",
    "load_reference",
    "read_division",
]

# division name in CBS layer names -> prefix of its statcode
DIVISIONS = {
    "gemeente": "GM",
    "provincie": "PV",
    "landsdeel": "LD",
    "coropgebied": "CR",
    "ggdregio": "GGD",
}
RD_NEW = 28992
# A CBS code per division, as every PDOK release since 2018 writes it (issue 10, finding 4).
CODE_FORMS = {  # prefix, number of digits
    "gemeente": ("GM", 4),
    "provincie": ("PV", 2),
    "landsdeel": ("LD", 2),
    "coropgebied": ("CR", 2),
    "ggdregio": ("GG", 4),
}
# A plausible RD New extent in metres: the Netherlands with its territorial waters and a
# margin (EPSG:28992's area of use is about x 0..300 km, y 300..625 km). Shapes beyond it are
# degrees labelled as metres, another CRS mislabelled, or made-up numbers.
RD_EXTENT = (-10_000.0, 280_000.0, 310_000.0, 640_000.0)  # xmin, ymin, xmax, ymax


@dataclass(frozen=True)
class Reference:
    """CBS divisions on a reference date.

    `municipalities` is indexed by CBS code and has columns name, province, landsdeel,
    corop, ggd (codes), inhabitants (float, NaN when unknown), area_km2 and geometry.
    Each other division is a GeoDataFrame indexed by code with columns name, geometry.
    """

    date: date
    year: int
    source: str
    municipalities: gpd.GeoDataFrame
    provinces: gpd.GeoDataFrame
    landsdelen: gpd.GeoDataFrame
    corop: gpd.GeoDataFrame | None
    ggd: gpd.GeoDataFrame | None
    places: pd.DataFrame | None
    inhabitants_source: str | None
    # 1 January of the boundaries' year, and of the inhabitants' table (None: no figures)
    boundaries_date: date | None = None
    inhabitants_date: date | None = None
    inhabitants_table: str | None = None

    def data(self) -> dict[str, str | None]:
        """Which CBS data this reference uses, with dates: for every output."""
        return {
            "boundaries": self.source,
            "boundaries_date": (self.boundaries_date or date(self.year, 1, 1)).isoformat(),
            "inhabitants": self.inhabitants_table,
            "inhabitants_date": self.inhabitants_date.isoformat()
            if self.inhabitants_date else None,
            "areas": "generalised",
        }

    def division(self, kind: str) -> gpd.GeoDataFrame | None:
        return {
            "provincie": self.provinces,
            "landsdeel": self.landsdelen,
            "coropgebied": self.corop,
            "ggdregio": self.ggd,
        }[kind]


def find_layer(layers: Sequence[str], division: str, year: int, filename: str) -> str | None:
    """Name of the generalised layer of `division` for `year`, whatever the release calls it.

    Accepts `gemeente_gegeneraliseerd_2022`, `cbs_gemeente_2022_gegeneraliseerd`, and plain
    `gemeente_gegeneraliseerd` when the file name says it holds that one year.
    """
    exact = {f"{division}_gegeneraliseerd_{year}", f"cbs_{division}_{year}_gegeneraliseerd"}
    for name in layers:
        if name.lower() in exact:
            return name
    if str(year) in filename:
        for name in layers:
            if name.lower() in (f"{division}_gegeneraliseerd", f"cbs_{division}_gegeneraliseerd"):
                return name
    return None


def _check_sqlite(path: Path) -> None:
    """Before GDAL opens it: the file is an SQLite database whose GeoPackage layers
    (`gpkg_contents`) are all plain tables. A layer that is a view runs SQL of the file's
    author on every read, and a recursive one never ends (GDAL cannot be interrupted), so
    views are refused. This check itself runs read-only with a bounded budget."""
    try:
        with path.open("rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                raise InputError(path, Problem("geo_not_gpkg", reason="no SQLite header"))
    except OSError as exc:
        raise InputError(path, Problem("file_unreadable", reason=exc.strerror)) from None
    uri = f"file:{urllib.parse.quote(str(path.resolve()))}?mode=ro&immutable=1"
    deadline = time.monotonic() + 5.0
    try:
        con = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise InputError(path, Problem("geo_not_gpkg", reason=str(exc)[:80])) from None
    try:
        con.set_progress_handler(lambda: time.monotonic() > deadline, 10_000)
        kinds = dict(con.execute("SELECT name, type FROM sqlite_master"))
        layers = [row[0] for row in con.execute("SELECT table_name FROM gpkg_contents")]
    except sqlite3.Error as exc:
        raise InputError(path, Problem("geo_not_gpkg", reason=str(exc)[:80])) from None
    finally:
        con.close()
    odd = sorted(str(name)[:40] for name in layers if kinds.get(name) != "table")
    if odd:
        raise InputError(path, Problem("geo_not_table", layers=", ".join(odd[:5])))


def _list_layers(path: Path) -> list[str]:
    _check_sqlite(path)
    try:
        return [str(name) for name, _ in pyogrio.list_layers(path)]
    except Exception as exc:  # pyogrio raises DataSourceError and others
        reason = " ".join(str(exc).split())[:120] or type(exc).__name__
        raise InputError(path, Problem("geo_not_gpkg", reason=reason)) from None


def find_gpkg(folder: Path, year: int) -> tuple[Path, list[str]]:
    """The GeoPackage in `folder` that has a municipality layer for `year`."""
    if not folder.is_dir():
        raise InputError(folder, Problem("geo_no_dir"))
    for path in sorted(folder.glob("*.gpkg")):
        layers = _list_layers(path)
        if find_layer(layers, "gemeente", year, path.name):
            return path, layers
    raise InputError(folder, Problem("geo_no_gpkg", year=year))


def read_division(
    path: Path, layers: Sequence[str], division: str, year: int, *, required: bool = True
) -> gpd.GeoDataFrame | None:
    """Read one division layer, checked: statcode and statnaam present, RD New, valid
    non-empty geometries, unique codes. Returns a frame indexed by code (name, geometry)."""
    layer = find_layer(layers, division, year, path.name)
    if layer is None:
        if not required:
            return None
        raise InputError(
            path, Problem("geo_no_layer", division=division, year=year, layers=", ".join(layers))
        )
    try:
        frame = gpd.read_file(path, layer=layer, engine="pyogrio")
    except Exception as exc:
        reason = " ".join(str(exc).split())[:120] or type(exc).__name__
        raise InputError(path, Problem("geo_not_gpkg", reason=reason)) from None
    for column in ("statcode", "statnaam"):
        if column not in frame.columns:
            raise InputError(path, Problem("geo_no_column", layer=layer, column=column))
    if frame.crs is None:
        raise InputError(path, Problem("geo_no_crs", layer=layer))
    if frame.crs.to_epsg() != RD_NEW:
        frame = frame.to_crs(RD_NEW)
    _check_fields(path, layer, division, frame)
    if "jrstatcode" in frame.columns:  # PDOK writes the year before each code: 2022GM0363
        wrong = ~frame["jrstatcode"].map(lambda v: isinstance(v, str) and v.startswith(str(year)))
        if wrong.any():
            raise InputError(path, Problem("geo_wrong_year", layer=layer, year=year,
                                           codes=_first(frame, wrong)))
    bad = frame.geometry.isna() | frame.geometry.is_empty | ~frame.geometry.is_valid
    if bad.any():
        codes = ", ".join(sorted(frame.loc[bad, "statcode"])[:5])
        raise InputError(path, Problem("geo_bad_geometry", layer=layer, codes=codes))
    dup = frame["statcode"].duplicated()
    if dup.any():
        codes = ", ".join(sorted(frame.loc[dup, "statcode"].unique())[:5])
        raise InputError(path, Problem("geo_duplicate_codes", layer=layer, codes=codes))
    _check_shapes(path, layer, frame)
    frame = frame.rename(columns={"statnaam": "name"})[["statcode", "name", "geometry"]]
    return frame.set_index("statcode").sort_index()


def _first(frame: gpd.GeoDataFrame, rows: pd.Series) -> str:
    """Up to five codes of the flagged rows (codes are checked text by then)."""
    return ", ".join(sorted(frame.loc[rows, "statcode"])[:5])


def _check_fields(path: Path, layer: str, division: str, frame: gpd.GeoDataFrame) -> None:
    """A non-empty layer; every statcode text of the division's form, every statnaam
    non-empty text. Strips the codes in place."""
    if frame.empty:
        raise InputError(path, Problem("geo_empty_layer", layer=layer))
    codes = frame["statcode"]
    textual = codes.map(lambda v: isinstance(v, str))
    if not textual.all():
        rows = ", ".join(str(i + 1) for i in np.flatnonzero(~textual.to_numpy())[:5])
        raise InputError(path, Problem("geo_null_code", layer=layer, rows=rows))
    frame["statcode"] = codes.str.strip()
    prefix, digits = CODE_FORMS[division]
    pattern = re.compile(rf"{prefix}[0-9]{{{digits}}}")
    wrong = ~frame["statcode"].map(lambda c: pattern.fullmatch(c) is not None)
    if wrong.any():
        raise InputError(path, Problem("geo_code_form", layer=layer, codes=_first(frame, wrong),
                                       prefix=prefix, digits=digits))
    names = frame["statnaam"].map(lambda v: isinstance(v, str) and v.strip() != "")
    if not names.all():
        raise InputError(path, Problem("geo_bad_name", layer=layer, codes=_first(frame, ~names)))


def _check_shapes(path: Path, layer: str, frame: gpd.GeoDataFrame) -> None:
    """Polygons in two dimensions inside the RD New extent (valid, non-empty already)."""
    flat = ~frame.geometry.geom_type.isin(("Polygon", "MultiPolygon"))
    if flat.any():
        kinds = ", ".join(sorted(frame.geometry[flat].geom_type.unique()))
        raise InputError(path, Problem("geo_not_polygon", layer=layer, kinds=kinds,
                                       codes=_first(frame, flat)))
    if frame.geometry.has_z.any():
        raise InputError(path, Problem("geo_has_z", layer=layer,
                                       codes=_first(frame, frame.geometry.has_z)))
    xmin, ymin, xmax, ymax = RD_EXTENT
    b = frame.geometry.bounds
    outside = (b["minx"] < xmin) | (b["miny"] < ymin) | (b["maxx"] > xmax) | (b["maxy"] > ymax)
    if outside.any():
        extent = f"x {xmin:.0f}..{xmax:.0f}, y {ymin:.0f}..{ymax:.0f}"
        raise InputError(path, Problem("geo_outside", layer=layer, codes=_first(frame, outside),
                                       extent=extent))


def _assign(units: gpd.GeoSeries, areas: gpd.GeoDataFrame | None) -> pd.Series:
    """Code of the area each unit lies in, by a point inside the unit (nearest area when
    generalisation leaves the point just outside every area)."""
    if areas is None:
        return pd.Series(pd.NA, index=units.index, dtype="object")
    points = units.representative_point()
    unit_idx, area_idx = areas.sindex.query(points, predicate="within")
    codes = np.full(len(units), None, dtype=object)
    codes[unit_idx] = areas.index.to_numpy()[area_idx]
    missing = np.flatnonzero(pd.isna(codes))
    if len(missing):
        near_unit, near_area = areas.sindex.nearest(points.iloc[missing], return_all=False)
        codes[missing[near_unit]] = areas.index.to_numpy()[near_area]
    return pd.Series(codes, index=units.index, dtype="object")


def _apply_mergers(
    municipalities: gpd.GeoDataFrame, mergers: Sequence[Merger], year: int, on: date
) -> gpd.GeoDataFrame:
    """Dissolve municipalities merged after 1 January of the layer's year, up to `on`."""
    start = date(year, 1, 1)
    mapping = {
        m.old_code: (m.new_code, m.new_name)
        for m in sorted(mergers, key=lambda m: m.date)
        if start < m.date <= on and m.old_code in municipalities.index
    }
    if not mapping:
        return municipalities
    names = municipalities["name"].to_dict()
    target = {}
    for code in municipalities.index:
        new = code
        while new in mapping:
            new, new_name = mapping[new]
            names[new] = new_name
        target[code] = new
    frame = municipalities.reset_index(drop=True).assign(
        statcode=[target[c] for c in municipalities.index]
    )
    dissolved = frame.dissolve(by="statcode", aggfunc={"inhabitants": lambda s: s.sum(min_count=1)})
    dissolved["name"] = [names[c] for c in dissolved.index]
    return dissolved[["name", "inhabitants", "geometry"]]


def _divisions(folder: Path, year: int) -> tuple[dict[str, gpd.GeoDataFrame | None], str]:
    """The divisions of `year` in `folder`: the compact form when present, else a CBS
    GeoPackage; and the name of the official file they come from."""
    compact = folder / boundaries_file(year)
    if compact.is_file():
        found = read_boundaries(compact)
        return {d: found.divisions.get(d) for d in DIVISIONS}, found.source
    path, layers = find_gpkg(folder, year)
    return {
        d: read_division(path, layers, d, year, required=d in ("gemeente", "provincie"))
        for d in DIVISIONS
    }, path.name


def _inhabitants_year(folders: Sequence[Path], year: int) -> tuple[Path, int] | None:
    """The inhabitants table to use with boundaries of `year`: that year's own (its
    municipalities are the map's), else the nearest year that has one (the earlier of two
    equally near: CBS's figures are published after the fact, so the earlier one is what
    was known at the start of the year). None when no folder has any."""
    found: dict[int, Path] = {}
    for folder in folders:
        if folder.is_dir():
            for y in inhabitants_years(folder):
                found.setdefault(y, folder / inhabitants_file(y))
    if not found:
        return None
    best = min(found, key=lambda y: (abs(y - year), y))
    return found[best], best


def _carry_forward(values: pd.Series, mergers: Sequence[Merger], start: int,
                   end: int) -> pd.Series:
    """Inhabitants per municipality of 1 January `start`, summed onto the municipalities of
    1 January `end` through the merger table; a divided municipality's figure is shared out
    by the area each receiver got (an estimate, used only when no nearer table exists)."""
    current = values.to_dict()
    window = sorted(m for m in mergers if date(start, 1, 1) < m.date <= date(end, 1, 1))
    for when in sorted({m.date for m in window}):
        moves: dict[str, list[Merger]] = {}
        for m in window:
            if m.date == when and m.old_code in current:
                moves.setdefault(m.old_code, []).append(m)
        for old, rows in moves.items():
            value = current.pop(old)
            total = sum(r.share for r in rows)
            for r in rows:
                current[r.new_code] = current.get(r.new_code, 0.0) + value * r.share / total
    return pd.Series({c: round(v) for c, v in current.items()}, dtype="float64")


def _folder_for(folders: Sequence[Path], year: int) -> Path:
    """The first folder holding boundaries of `year`; a single folder the user named is
    returned as is (its own errors say what is missing)."""
    if len(folders) == 1:
        return folders[0]
    for folder in folders:
        if (folder / boundaries_file(year)).is_file():
            return folder
    years = sorted({y for f in folders if f.is_dir() for y in boundaries_years(f)})
    raise InputError(None, Problem("geo_no_year", year=year,
                                   years=", ".join(map(str, years)) or "-"))


def _source_name(source: str) -> str:
    """The official file a compact year was built from, for outputs (`boundaries`)."""
    match = re.search(r"cbsgebiedsindelingen\d{4}\.gpkg", source)
    return match.group(0) if match else source


def load_reference(
    source: Path | Sequence[Path] | None, on: date, mergers: Sequence[Merger] = ()
) -> Reference:
    """Read the CBS divisions for reference date `on`: from `source` (a folder with the
    compact form or a CBS GeoPackage, or folders searched in order), by default the data
    embedded in the package."""
    folders = [EMBEDDED] if source is None else (
        [Path(source)] if isinstance(source, (str, Path)) else [Path(f) for f in source]
    )
    folder = _folder_for(folders, on.year)
    divisions, boundaries_source = _divisions(folder, on.year)
    gm, provinces = divisions["gemeente"], divisions["provincie"]
    landsdelen = divisions["landsdeel"]
    assert gm is not None and provinces is not None
    if landsdelen is None:  # PDOK ships it; without it the landsdeel check cannot run
        raise InputError(folder, Problem("geo_no_layer", division="landsdeel", year=on.year,
                                         layers="-"))

    chosen = _inhabitants_year(folders if len(folders) > 1 else [folder], on.year)
    inhabitants_path = None
    inhabitants = pd.Series(np.nan, index=gm.index, dtype="float64")
    if chosen is not None:
        inhabitants_path, inhabitants_year = chosen
        values = read_inhabitants(inhabitants_path)
        if inhabitants_year < on.year:
            values = _carry_forward(values, mergers, inhabitants_year, on.year)
        inhabitants = values.reindex(gm.index)
        # never mix silently: a table that leaves municipalities of the map without a
        # figure (another year's table under this year's name, say) is refused; a table
        # carried forward from an earlier year may also name codes merged away since
        given = values.index if inhabitants_year == on.year else \
            values.index.intersection(gm.index)
        check_codes(inhabitants_path, on.year, given, gm.index)
    gm = gm.assign(inhabitants=inhabitants.to_numpy())
    gm = _apply_mergers(gm, mergers, on.year, on)

    geoms = gm.geometry
    municipalities = gpd.GeoDataFrame(
        {
            "name": gm["name"],
            "province": _assign(geoms, provinces),
            "landsdeel": _assign(geoms, landsdelen),
            "corop": _assign(geoms, divisions["coropgebied"]),
            "ggd": _assign(geoms, divisions["ggdregio"]),
            "inhabitants": gm["inhabitants"],
            "area_km2": shapely.area(geoms.to_numpy()) / 1e6,
        },
        geometry=geoms,
        crs=RD_NEW,
    ).sort_index()
    municipalities.index.name = "code"

    places_path = folder / PLACES_FILE
    if not places_path.is_file():
        places_path = EMBEDDED / PLACES_FILE
    inhabitants_source = table_name = inhabitants_date = None
    if inhabitants_path is not None:
        inhabitants_date = date(chosen[1], 1, 1)
        record = read_provenance(inhabitants_path.parent).get("files", {})
        table_name = record.get(inhabitants_path.name, {}).get("table") or inhabitants_path.name
        inhabitants_source = f"{table_name}, {inhabitants_date.isoformat()}"
    return Reference(
        date=on,
        year=on.year,
        source=_source_name(boundaries_source),
        municipalities=municipalities,
        provinces=provinces,
        landsdelen=landsdelen,
        corop=divisions["coropgebied"],
        ggd=divisions["ggdregio"],
        places=read_places(places_path) if places_path.is_file() else None,
        inhabitants_source=inhabitants_source,
        boundaries_date=date(on.year, 1, 1),
        inhabitants_date=inhabitants_date,
        inhabitants_table=table_name,
    )
