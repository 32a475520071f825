"""Writes the GeoPackages of the bad-input corpus (run once; the outputs are committed):

    .venv/bin/python tests/bad_inputs/make_gpkgs.py

Each holds a municipality layer for 2022 that is wrong in one way, plus valid province and
landsdeel layers.
"""

from pathlib import Path

import geopandas as gpd
from shapely.geometry import Polygon, box

HERE = Path(__file__).resolve().parent


def write(name: str, gemeente: gpd.GeoDataFrame) -> None:
    folder = HERE / name
    folder.mkdir(exist_ok=True)
    path = folder / "cbs_gebiedsindelingen_2022.gpkg"
    path.unlink(missing_ok=True)
    gemeente.to_file(path, layer="gemeente_gegeneraliseerd_2022", driver="GPKG")
    for layer, code in (("provincie", "PV20"), ("landsdeel", "LD01")):
        gpd.GeoDataFrame({"statcode": [code], "statnaam": ["Heel"]},
                         geometry=[box(0, 0, 10, 10)], crs=28992).to_file(
            path, layer=f"{layer}_gegeneraliseerd_2022", driver="GPKG")


good = [box(0, 0, 5, 10), box(5, 0, 10, 10)]
write("no_statcode", gpd.GeoDataFrame({"code": ["GM0001", "GM0002"],
                                       "statnaam": ["A", "B"]}, geometry=good, crs=28992))
write("no_crs", gpd.GeoDataFrame({"statcode": ["GM0001", "GM0002"], "statnaam": ["A", "B"]},
                                 geometry=good))
write("invalid_geometry", gpd.GeoDataFrame(
    {"statcode": ["GM0001", "GM0002"], "statnaam": ["A", "B"]},
    geometry=[good[0], Polygon([(5, 0), (10, 10), (10, 0), (5, 10)])], crs=28992))
write("empty_geometry", gpd.GeoDataFrame(
    {"statcode": ["GM0001", "GM0002"], "statnaam": ["A", "B"]},
    geometry=[good[0], Polygon()], crs=28992))
