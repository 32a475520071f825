"""GeoPackage export for GIS users: coverage per municipality and region territories, with
readable Dutch layer and column names (QGIS shows them as they are)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import geopandas as gpd
import pyogrio

from .mapdata import MapData

__all__ = ["coverage_gpkg"]

# GDAL stamps GeoPackages with the current time unless told otherwise: fix it so the same
# inputs give the same bytes.
_FIXED_DATE = {"OGR_CURRENT_DATE": "2000-01-01T00:00:00.000Z"}


def coverage_gpkg(data: MapData) -> bytes:
    """Layers `gemeenten_dekking`, `regio_gebieden` and `gatclusters` (EPSG:28992)."""
    m = data.municipalities
    gemeenten = gpd.GeoDataFrame(
        {
            "code": m["code"],
            "naam": m["name"],
            "provincie": m["province"],
            "inwoners": m["inhabitants"].astype("float64").round().astype("Int64"),
            "aantal_regios": [len(r) for r in m["regions"]],
            "regios": [";".join(r) for r in m["regions"]],
            "regio_namen": ["; ".join(r) for r in m["region_names"]],
            "dekking": m["status"],
        },
        geometry=m.geometry, crs=m.crs,
    )
    regios = gpd.GeoDataFrame(
        {"id": data.regions["id"], "naam": data.regions["name"],
         "aantal_gemeenten": data.regions["n"]},
        geometry=data.regions.geometry, crs=m.crs,
    )
    gaten = gpd.GeoDataFrame(
        {"nummer": data.gap_clusters["number"], "aantal_gemeenten": data.gap_clusters["n"],
         "inwoners": data.gap_clusters["inhabitants"].astype("Int64")},
        geometry=data.gap_clusters.geometry, crs=m.crs,
    )
    previous = {k: pyogrio.get_gdal_config_option(k) for k in _FIXED_DATE}
    pyogrio.set_gdal_config_options(_FIXED_DATE)
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "cultuurregio.gpkg"
            for name, frame in (("gemeenten_dekking", gemeenten), ("regio_gebieden", regios),
                                ("gatclusters", gaten)):
                frame.to_file(path, layer=name, driver="GPKG", engine="pyogrio")
            return path.read_bytes()
    finally:
        pyogrio.set_gdal_config_options(previous)
