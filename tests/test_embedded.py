"""The CBS data embedded in the package: complete, official, small, exactly what the build
script makes of the official-layout files (those comparisons need ../shared and skip
without it), and the shared-arc topology it is stored in."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import box

from cultuurregio.sources.build import build_embedded
from cultuurregio.sources.cbs import DIVISIONS, load_reference
from cultuurregio.sources.compact import (
    EMBEDDED,
    PROVENANCE_FILE,
    boundaries_file,
    boundaries_years,
    inhabitants_file,
    inhabitants_years,
    read_boundaries,
    read_inhabitants,
    sha256_bytes,
)
from cultuurregio.sources.topology import decode, encode

YEARS = [2018, 2021, 2022, 2023, 2024, 2025]
MUNICIPALITIES = {2018: 380, 2021: 352, 2022: 345, 2023: 342, 2024: 342, 2025: 342}
# CBS's published national population on 1 January (StatLine 37259 / 03759ned)
NATIONAL = {2018: 17_181_084, 2019: 17_282_163, 2020: 17_407_585, 2021: 17_475_415,
            2022: 17_590_672, 2023: 17_811_291, 2024: 17_942_942, 2026: 18_130_208}


def test_every_year_and_division_is_embedded() -> None:
    assert boundaries_years(EMBEDDED) == YEARS
    for year in YEARS:
        found = read_boundaries(EMBEDDED / boundaries_file(year))
        sizes = {d: len(f) for d, f in found.divisions.items()}
        assert sizes == {"gemeente": MUNICIPALITIES[year], "provincie": 12, "landsdeel": 4,
                         "coropgebied": 40, "ggdregio": 25}, year
        for division, prefix in DIVISIONS.items():
            frame = found.divisions[division]
            assert frame.index.str.fullmatch(prefix[:2] + r"\w*\d+").all()
            assert frame.geometry.is_valid.all() and not frame.geometry.is_empty.any()
        assert found.source.endswith(f"cbsgebiedsindelingen{year}.gpkg), via "
                                     "../shared/geodata/cbs")


def test_national_inhabitants_equal_cbs_published_figures() -> None:
    assert inhabitants_years(EMBEDDED) == sorted(NATIONAL)
    for year, total in NATIONAL.items():
        values = read_inhabitants(EMBEDDED / inhabitants_file(year))
        assert int(values.sum()) == total, year
        if year in MUNICIPALITIES:  # one figure per municipality of that 1 January
            codes = read_boundaries(EMBEDDED / boundaries_file(year)).divisions["gemeente"]
            assert set(values.index) == set(codes.index), year


def test_reference_totals_per_year() -> None:
    for year in (2018, 2021, 2023):
        m = load_reference(None, date(year, 1, 1)).municipalities
        assert len(m) == MUNICIPALITIES[year]
        assert int(m["inhabitants"].sum()) == NATIONAL[year]


def test_installed_size_and_provenance() -> None:
    record = json.loads((EMBEDDED / PROVENANCE_FILE).read_text(encoding="utf-8"))
    files = sorted(p for p in EMBEDDED.iterdir() if p.is_file())
    assert sum(p.stat().st_size for p in files) < 1_000_000  # limit 6 MB; we use < 1 MB
    listed = {n for n in record["files"] if not n.startswith("../")}
    assert listed == {p.name for p in files} - {PROVENANCE_FILE}
    for name, entry in record["files"].items():
        data = (EMBEDDED / name).read_bytes()
        assert sha256_bytes(data) == entry["sha256"], name
        assert entry["licence"].startswith("CC BY 4.0") and entry["source"] and entry["inputs"]
        if entry["kind"] == "inhabitants":
            assert entry["table"].startswith("CBS ") and entry["date"].endswith("-01-01")
    assert record["credit"] == "Bron: CBS"


def test_rebuild_is_byte_identical(raw_cbs: Path) -> None:
    """The committed data is exactly what the build script makes of ../shared/geodata/cbs."""
    built = build_embedded(raw_cbs)
    assert len(built) == len(list(EMBEDDED.iterdir())) + 1  # + ../herindelingen.csv
    for path, data in built.items():
        assert path.read_bytes() == data, path.name


@pytest.mark.parametrize("year", YEARS)
def test_boundaries_equal_the_official_layout_file(raw_cbs: Path, year: int) -> None:
    ours = read_boundaries(EMBEDDED / boundaries_file(year)).divisions
    for division in DIVISIONS:
        raw = gpd.read_file(raw_cbs / f"cbsgebiedsindelingen{year}.gpkg",
                            layer=f"{division}_gegeneraliseerd").set_index("statcode")
        raw = raw.sort_index()
        got = ours[division]
        assert list(got.index) == list(raw.index)
        assert list(got["name"]) == list(raw["statnaam"])
        # every vertex of every ring, in order and orientation (normalize fixes the start)
        assert shapely.equals_exact(shapely.normalize(got.geometry.to_numpy()),
                                    shapely.normalize(raw.geometry.to_numpy()), 0).all()


def test_topology_stores_a_shared_edge_once() -> None:
    left, right = box(0, 0, 1, 1), box(1, 0, 2, 1)
    island = box(5, 5, 6, 6).difference(box(5.25, 5.25, 5.75, 5.75))
    topo = encode([left, right, shapely.MultiPolygon([island])])
    # arcs: the shared edge, left's rest, right's rest, the island's two rings
    assert len(topo.arc_len) == 5
    assert sorted(topo.arc_len.tolist()) == [2, 4, 4, 5, 5]
    assert any(a < 0 for a in topo.ring_arcs)  # the shared edge is used reversed once
    back = decode(topo)
    for a, b in zip([left, right, island], back, strict=True):
        assert shapely.equals_exact(shapely.normalize(shapely.MultiPolygon([a])),
                                    shapely.normalize(b), 0)


def test_topology_keeps_decimal_grids() -> None:
    shape = shapely.Polygon([(0.5, 0.25), (10.75, 0.25), (10.75, 3.5), (0.5, 0.25)])
    topo = encode([shape])
    assert topo.quantum == 0.01  # the coarsest grid that holds every coordinate
    assert np.allclose(shapely.get_coordinates(decode(topo)[0]),
                       shapely.get_coordinates(shape))
