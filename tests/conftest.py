"""Shared fixtures: the real CBS data embedded in the package, the official-layout files in
../shared/geodata/cbs it is built from (tests that need them skip without), and a tiny
synthetic GeoPackage built from squares."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import box

from cultuurregio.analysis.pipeline import Run, run_analysis
from cultuurregio.sources.compact import EMBEDDED

REPO = Path(__file__).resolve().parent.parent


RAW_CBS = REPO.parent / "shared" / "geodata" / "cbs"

# Tests never see the developer's own cache of downloaded CBS data (it would change which
# data an analysis reads); tests that need a cache set CULTUURREGIO_CACHE themselves.
# Set at import, so that every subprocess a test starts inherits it too.
_EMPTY_CACHE = tempfile.TemporaryDirectory(prefix="cultuurregio-test-cache-")
os.environ["CULTUURREGIO_CACHE"] = _EMPTY_CACHE.name
os.environ.pop("CULTUURREGIO_PDOK_URL", None)
os.environ.pop("CULTUURREGIO_CBS_URL", None)


@pytest.fixture(scope="session")
def geodata() -> Path:
    """The CBS data embedded in the package (compact form); what every user gets."""
    return EMBEDDED


@pytest.fixture(scope="session")
def raw_cbs() -> Path:
    """The official-layout files the embedded data is built from. Only tests that compare
    the embedded data with them use this; CI has ../shared, a user's clone need not."""
    if not (RAW_CBS / "cbsgebiedsindelingen2022.gpkg").is_file():
        pytest.skip(f"raw CBS files not found in {RAW_CBS} (../shared/geodata/cbs): only "
                    "the comparison of the embedded data with its sources needs them")
    return RAW_CBS


@pytest.fixture(scope="session")
def runs(geodata: Path) -> dict[str, Run]:
    """The default registry on the 2022 data, once per coverage mode."""
    return {
        mode: run_analysis(geodata, mode=mode)
        for mode in ("listed", "provinces", "declared")
    }


@pytest.fixture(scope="session")
def reference(runs: dict[str, Run]):
    return runs["declared"].reference


# South-west corner of the toy grid in RD New: near Utrecht, inside the extent cbs.py accepts.
TOY_ORIGIN = (150_000, 450_000)


def _box(x0: float, y0: float, x1: float, y1: float):
    """`box` with the corners counted from TOY_ORIGIN."""
    ox, oy = TOY_ORIGIN
    return box(ox + x0, oy + y0, ox + x1, oy + y1)


def write_toy_gpkg(folder: Path, year: int = 2022, *, layer_style: str = "multi") -> Path:
    """A 4x3 grid of 1 km squares as municipalities GM0001..GM0012 (row-major from the
    south-west), two provinces (west: columns 0-1, east: columns 2-3), one landsdeel, and
    an island GM0013 5 km east of the grid; all offset by TOY_ORIGIN."""
    folder.mkdir(parents=True, exist_ok=True)
    cells, codes = [], []
    for row in range(3):
        for col in range(4):
            cells.append(_box(col * 1000, row * 1000, (col + 1) * 1000, (row + 1) * 1000))
            codes.append(f"GM{row * 4 + col + 1:04d}")
    cells.append(_box(9000, 0, 10000, 1000))
    codes.append("GM0013")
    gm = gpd.GeoDataFrame(
        {"statcode": codes, "statnaam": [f"Toy {c[-2:]}" for c in codes]},
        geometry=cells, crs=28992,
    )
    pv = gpd.GeoDataFrame(
        {"statcode": ["PV01", "PV02"], "statnaam": ["West", "Oost"]},
        geometry=[_box(0, 0, 2000, 3000), _box(2000, 0, 10000, 3000)], crs=28992,
    )
    ld = gpd.GeoDataFrame(
        {"statcode": ["LD01"], "statnaam": ["Heel-Toy"]},
        geometry=[_box(0, 0, 10000, 3000)], crs=28992,
    )
    names = {
        "multi": lambda d: f"{d}_gegeneraliseerd_{year}",
        "cbs": lambda d: f"cbs_{d}_{year}_gegeneraliseerd",
        "plain": lambda d: f"{d}_gegeneraliseerd",
    }[layer_style]
    path = folder / (f"cbsgebiedsindelingen{year}.gpkg" if layer_style == "plain"
                     else "toy.gpkg")
    for division, frame in (("gemeente", gm), ("provincie", pv), ("landsdeel", ld)):
        frame.to_file(path, layer=names(division), driver="GPKG")
    return path


@pytest.fixture
def toy_geodata(tmp_path: Path) -> Path:
    folder = tmp_path / "toy"
    write_toy_gpkg(folder)
    return folder


TOY_DATE = date(2022, 1, 1)
