"""Hostile GeoPackage contents (issue 10, finding 4): a PDOK-layout GeoPackage given with
--geodata whose fields or shapes are wrong is refused with the usual one line naming the file
and the problem, exit 2, no traceback, the output folder unchanged."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point, Polygon, box

from cultuurregio.cli import main
from tests.conftest import TOY_ORIGIN, write_toy_gpkg
from tests.test_hostile import fails_cleanly, out  # noqa: F401  (the fixture)

GM_LAYER = "gemeente_gegeneraliseerd"
PV_LAYER = "provincie_gegeneraliseerd"
FILE = "cbsgebiedsindelingen2022.gpkg"
OX, OY = TOY_ORIGIN
G = ("--date", "2022-01-01", "--offline", "--geodata")  # then the folder


def _square(i: int = 0) -> Polygon:
    return box(OX + i * 1000, OY, OX + (i + 1) * 1000, OY + 1000)


def _frame(codes, names, geometry, crs=28992) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"statcode": codes, "statnaam": names}, geometry=geometry, crs=crs)


# case -> (layer to replace, its frame, what the line must say)
CASES = {
    "null_statnaam": (GM_LAYER, _frame(["GM0001", "GM0002"], ["A", None],
                                       [_square(0), _square(1)]),
                      "statnaam leeg of geen tekst bij GM0002"),
    "numeric_statnaam": (GM_LAYER, _frame(["GM0001", "GM0002"], [1, 2],
                                          [_square(0), _square(1)]),
                         "statnaam leeg of geen tekst bij GM0001, GM0002"),
    "null_statcode": (GM_LAYER, _frame(["GM0001", None], ["A", "B"], [_square(0), _square(1)]),
                      "statcode leeg of geen tekst bij rijnummer 2"),
    "code_without_gm": (GM_LAYER, _frame(["GM0001", "0002"], ["A", "B"],
                                         [_square(0), _square(1)]),
                        "statcode 0002 is niet GM gevolgd door 4 cijfers"),
    "code_too_long": (GM_LAYER, _frame(["GM00012"], ["A"], [_square(0)]),
                      "statcode GM00012 is niet GM gevolgd door 4 cijfers"),
    "province_code": (PV_LAYER, _frame(["PV01", "GM0002"], ["West", "Oost"],
                                       [_square(0), _square(1)]),
                      "statcode GM0002 is niet PV gevolgd door 2 cijfers"),
    "empty_province_layer": (PV_LAYER, _frame([], [], []), f"laag {PV_LAYER} is leeg"),
    "points": (GM_LAYER, _frame(["GM0001", "GM0002"], ["A", "B"],
                                [Point(OX, OY), Point(OX + 10, OY)]),
               "vlakken verwacht, gevonden Point bij GM0001, GM0002"),
    "lines": (GM_LAYER, _frame(["GM0001"], ["A"], [LineString([(OX, OY), (OX + 9, OY + 9)])]),
              "vlakken verwacht, gevonden LineString bij GM0001"),
    "three_d": (GM_LAYER, _frame(["GM0001"], ["A"],
                                 [Polygon([(OX, OY, 1), (OX + 9, OY, 1), (OX, OY + 9, 1)])]),
                "driedimensionale geometrie bij GM0001"),
    "huge_coordinates": (GM_LAYER, _frame(["GM0001", "GM0002"], ["A", "B"],
                                          [_square(0), box(1e12, 1e12, 1e12 + 1, 1e12 + 1)]),
                         "coördinaten van GM0002 vallen buiten Nederland"),
    "degrees_labelled_as_rd": (GM_LAYER, _frame(["GM0001"], ["A"], [box(5.0, 52.0, 5.1, 52.1)]),
                               "coördinaten van GM0001 vallen buiten Nederland"),
    # WGS84 in the wrong place (Cape Town) is found after the transformation to RD New
    "outside_after_transform": (GM_LAYER, _frame(["GM0001"], ["A"],
                                                 [box(18.4, -33.95, 18.5, -33.9)], crs=4326),
                                "coördinaten van GM0001 vallen buiten Nederland"),
}


def _hostile_folder(tmp_path: Path, case: str) -> Path:
    folder = tmp_path / "geo"
    path = write_toy_gpkg(folder, layer_style="plain")
    assert path.name == FILE
    layer, frame, _ = CASES[case]
    frame.to_file(path, layer=layer, driver="GPKG")
    return folder


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_geopackage_is_refused(capsys, tmp_path: Path, out: Path,  # noqa: F811
                                       case: str) -> None:
    folder = _hostile_folder(tmp_path, case)
    line = fails_cleanly(capsys, ["analyse", *G, str(folder)], CASES[case][2], out,
                         named=FILE)
    assert "Traceback" not in line


def test_english_message(capsys, tmp_path: Path, out: Path) -> None:  # noqa: F811
    folder = _hostile_folder(tmp_path, "points")
    before = sorted(p.name for p in out.iterdir())
    assert main(["analyse", "--lang", "en", *G, str(folder), "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"cultuurregio: error: {folder / FILE}: layer {GM_LAYER}: polygons expected, found "
        "Point for GM0001, GM0002"
    ]
    assert sorted(p.name for p in out.iterdir()) == before


def test_toy_geopackage_passes_every_check(capsys, tmp_path: Path) -> None:
    """The checks refuse only what is wrong: the valid toy GeoPackage still runs."""
    folder = tmp_path / "geo"
    write_toy_gpkg(folder, layer_style="plain")
    registry = tmp_path / "r.yaml"
    registry.write_text("regios:\n  a: {naam: A, gemeenten: [Toy 01]}\n", encoding="utf-8")
    assert main(["analyse", "--registry", str(registry), *G, str(folder),
                 "--out", str(tmp_path / "uit")]) == 0, capsys.readouterr().err
    assert (tmp_path / "uit" / "analyse.json").is_file()
