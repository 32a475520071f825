"""GeoPackage export for GIS users: coverage per municipality, region territories, gap
clusters (witte vlekken), provinces and landsdelen, with readable Dutch layer and column
names, the provenance of every figure in a `bronnen` table, and a QGIS style per layer in
`layer_styles` (the table QGIS reads), so each layer opens styled like the map."""

from __future__ import annotations

import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio

from ..analysis.coverage import Analysis
from ..analysis.report import Table
from ..messages import text
from .mapdata import MapData
from .palette import GAP_COLOR, GROUPING_COLOR, PROVINCE_COLOR, REGION_PALETTE

__all__ = ["LAYERS", "coverage_gpkg", "qml_style"]

# GDAL stamps GeoPackages with the current time unless told otherwise: fix it so the same
# inputs give the same bytes. The styles' update_time is fixed for the same reason.
_FIXED_DATE = {"OGR_CURRENT_DATE": "2000-01-01T00:00:00.000Z"}
_STYLE_TIME = "2000-01-01T00:00:00Z"

LAYERS = ("gemeenten_dekking", "regio_gebieden", "witte_vlekken", "provincies", "landsdelen")

# Outline-only layers drawn over the coverage: colour, width in mm.
# The same colours as the maps (palette.py).
_OUTLINES = {"regio_gebieden": (REGION_PALETTE[0], 0.6), "witte_vlekken": (GAP_COLOR, 0.8),
             "provincies": (PROVINCE_COLOR, 0.5), "landsdelen": (GROUPING_COLOR, 1.0)}


def _rgba(color: str, alpha: int = 255) -> str:
    return ",".join(str(int(color[i:i + 2], 16)) for i in (1, 3, 5)) + f",{alpha}"


def _fill_symbol(symbols: ET.Element, name: str, fill: str | None, outline: str,
                 width: float) -> None:
    """A QGIS simple-fill symbol; `fill` None draws the outline only."""
    symbol = ET.SubElement(symbols, "symbol", {"type": "fill", "name": name, "alpha": "1",
                                                 "clip_to_extent": "1", "force_rhr": "0"})
    layer = ET.SubElement(symbol, "layer", {"class": "SimpleFill", "enabled": "1",
                                            "locked": "0", "pass": "0"})
    props = {"color": _rgba(fill) if fill else "0,0,0,0", "outline_color": _rgba(outline),
             "outline_style": "solid", "outline_width": f"{width}",
             "outline_width_unit": "MM", "style": "solid" if fill else "no",
             "joinstyle": "bevel"}
    options = ET.SubElement(layer, "Option", {"type": "Map"})
    for key, value in props.items():  # QGIS >= 3.26 reads Option, older versions prop
        ET.SubElement(options, "Option", {"name": key, "type": "QString", "value": value})
    for key, value in props.items():
        ET.SubElement(layer, "prop", {"k": key, "v": value})


def qml_style(layer: str, classes: Mapping[str, Mapping[str, Any]]) -> str:
    """The QML (QGIS layer style) of `layer`: municipalities categorised by coverage class
    in the map's colours and labels; the other layers as outlines."""
    root = ET.Element("qgis", {"version": "3.28.0", "styleCategories": "Symbology"})
    if layer == "gemeenten_dekking":
        renderer = ET.SubElement(root, "renderer-v2", {
            "type": "categorizedSymbol", "attr": "klasse", "symbollevels": "0",
            "enableorderby": "0", "forceraster": "0"})
        categories = ET.SubElement(renderer, "categories")
        symbols = ET.SubElement(renderer, "symbols")
        for i, (key, c) in enumerate(classes.items()):
            ET.SubElement(categories, "category", {"symbol": str(i), "value": key,
                                                   "label": str(c["label"]),
                                                   "render": "true"})
            _fill_symbol(symbols, str(i), str(c["color"]), "#ffffff", 0.1)
    else:
        renderer = ET.SubElement(root, "renderer-v2", {
            "type": "singleSymbol", "symbollevels": "0", "enableorderby": "0",
            "forceraster": "0"})
        symbols = ET.SubElement(renderer, "symbols")
        color, width = _OUTLINES[layer]
        _fill_symbol(symbols, "0", None, color, width)
    ET.SubElement(root, "layerGeometryType").text = "2"  # polygon
    body = ET.tostring(root, encoding="unicode")
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n" + body + "\n"


def _layers(data: MapData, analysis: Analysis, municipalities: Table
            ) -> dict[str, gpd.GeoDataFrame]:
    m = data.municipalities
    crs = m.crs
    rows = {r["code"]: r for r in municipalities.rows}
    column = {c: [rows[code].get(c) for code in m["code"]]
              for c in ("corop", "landsdeel", "oppervlakte_km2", "basis", "cluster")}
    gemeenten = gpd.GeoDataFrame(
        {
            "code": m["code"],
            "naam": m["name"],
            "provincie": m["province"],
            "corop_gebied": column["corop"],
            "landsdeel": column["landsdeel"],
            "inwoners": m["inhabitants"].astype("float64").round().astype("Int64"),
            "oppervlakte_km2": column["oppervlakte_km2"],
            "aantal_regios": [len(r) for r in m["regions"]],
            "regios": [";".join(r) for r in m["regions"]],
            "regio_namen": ["; ".join(r) for r in m["region_names"]],
            "grondslag": column["basis"],
            "witte_vlek": pd.array(column["cluster"], dtype="Int64"),
            "klasse": m["klass"],
            "dekking": m["status"],
        },
        geometry=m.geometry, crs=crs,
    )
    inhabitants = {rid: r["inhabitants"] for rid, r in analysis.regions.items()}
    regios = gpd.GeoDataFrame(
        {"id": data.regions["id"], "naam": data.regions["name"],
         "aantal_gemeenten": data.regions["n"],
         "inwoners": pd.array([inhabitants[r] for r in data.regions["id"]], dtype="Int64")},
        geometry=data.regions.geometry, crs=crs,
    )
    gaps = data.gap_clusters
    spot_names = {w.number: w.name for w in analysis.white_spots}
    vlekken = gpd.GeoDataFrame(
        {"nummer": gaps["number"],
         "gebied": [spot_names.get(n) for n in gaps["number"]],
         "aantal_gemeenten": gaps["n"],
         "inwoners": gaps["inhabitants"].astype("Int64")},
        geometry=gaps.geometry, crs=crs,
    )

    def scoped(scope: str, codes: Sequence[str], geometry: Sequence[Any]) -> gpd.GeoDataFrame:
        totals = analysis.totals[scope]
        t = [totals[c] for c in codes]
        return gpd.GeoDataFrame(
            {"code": list(codes), "naam": [x["name"] for x in t],
             "gemeenten": [x["municipalities"]["all"] for x in t],
             "gedekt": [x["municipalities"]["covered"] for x in t],
             "niet_gedekt": [x["municipalities"]["uncovered"] for x in t],
             "dubbel": [x["municipalities"]["double"] for x in t],
             "inwoners": pd.array([x["inhabitants"]["all"] for x in t], dtype="Int64"),
             "inwoners_niet_gedekt": pd.array([x["inhabitants"]["uncovered"] for x in t],
                                              dtype="Int64")},
            geometry=list(geometry), crs=crs,
        )

    provinces = data.provinces
    landsdeel_of = {r.code: r.landsdeel for r in analysis.municipalities}
    by_landsdeel = gemeenten[["code", "geometry"]].assign(
        ld=[landsdeel_of[c] for c in gemeenten["code"]]).dissolve(by="ld", sort=True)
    return {
        "gemeenten_dekking": gemeenten,
        "regio_gebieden": regios,
        "witte_vlekken": vlekken,
        "provincies": scoped("provinces", list(provinces["code"]), provinces.geometry),
        "landsdelen": scoped("landsdelen", list(by_landsdeel.index), by_landsdeel.geometry),
    }


def coverage_gpkg(data: MapData, analysis: Analysis, *, municipalities: Table,
                  provenance: Table, lang: str = "nl") -> bytes:
    """Layers `LAYERS` (EPSG:28992), the attribute table `bronnen` (sleutel, gegeven,
    waarde: where every figure comes from, of which date) and `layer_styles`."""
    frames = _layers(data, analysis, municipalities)
    bronnen = pd.DataFrame({
        "sleutel": [r["sleutel"] for r in provenance.rows],
        "gegeven": [r["gegeven"] for r in provenance.rows],
        "waarde": [r["waarde"] for r in provenance.rows],
    })
    styles = pd.DataFrame({
        "f_table_catalog": "", "f_table_schema": "", "f_table_name": list(frames),
        "f_geometry_column": "geom", "styleName": list(frames),
        "styleQML": [qml_style(name, data.classes) for name in frames],
        "styleSLD": "", "useAsDefault": True,
        "description": [text("gpkg_style", lang, layer=name) for name in frames],
        "owner": "", "ui": "", "update_time": _STYLE_TIME,
    })
    previous = {k: pyogrio.get_gdal_config_option(k) for k in _FIXED_DATE}
    pyogrio.set_gdal_config_options(_FIXED_DATE)
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "cultuurregio.gpkg"
            for name, frame in frames.items():
                frame.to_file(path, layer=name, driver="GPKG", engine="pyogrio")
            pyogrio.write_dataframe(bronnen, path, layer="bronnen", driver="GPKG")
            pyogrio.write_dataframe(styles, path, layer="layer_styles", driver="GPKG",
                                    layer_options={"FID": "id"})
            return path.read_bytes()
    finally:
        pyogrio.set_gdal_config_options(previous)
