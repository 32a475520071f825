"""Reading CBS GeoPackages: layer names of every release, checks, spatial assignment."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Polygon, box

from cultuurregio.messages import InputError, source_line
from cultuurregio.sources.cbs import find_layer, load_reference
from cultuurregio.sources.compact import EMBEDDED, read_inhabitants
from cultuurregio.sources.mergers import load_mergers
from tests.conftest import write_toy_gpkg


@pytest.mark.parametrize(
    ("layers", "filename", "expected"),
    [
        (["gemeente_gegeneraliseerd_2022", "gemeente_gegeneraliseerd_2021"], "x.gpkg",
         "gemeente_gegeneraliseerd_2022"),
        (["cbs_gemeente_2022_gegeneraliseerd"], "x.gpkg", "cbs_gemeente_2022_gegeneraliseerd"),
        (["gemeente_gegeneraliseerd"], "cbsgebiedsindelingen2022.gpkg", "gemeente_gegeneraliseerd"),
        (["gemeente_gegeneraliseerd"], "cbsgebiedsindelingen2021.gpkg", None),
        (["gemeente_gegeneraliseerd_2021"], "x.gpkg", None),
        (["provincie_gegeneraliseerd_2022"], "x.gpkg", None),
    ],
)
def test_find_layer(layers: list[str], filename: str, expected: str | None) -> None:
    assert find_layer(layers, "gemeente", 2022, filename) == expected


@pytest.fixture(scope="module")
def reference_2022():
    return load_reference(None, date(2022, 1, 1), load_mergers())


def test_real_reference(reference_2022) -> None:
    m = reference_2022.municipalities
    assert len(m) == 345
    assert len(reference_2022.provinces) == 12 and len(reference_2022.landsdelen) == 4
    assert m.crs.to_epsg() == 28992
    assert round(m["inhabitants"].sum()) == 17_590_672  # CBS 37259, 1 January 2022
    assert m.loc["GM0034", "name"] == "Almere"


def test_assignment_matches_cbs_places_table(raw_cbs: Path) -> None:
    """COROP area by a point inside each municipality: the same as CBS's places table
    (woonplaatsen with their municipality and COROP area, 2025 municipalities)."""
    m = load_reference(None, date(2025, 1, 1)).municipalities
    with (raw_cbs / "woonplaatsen_2025.csv").open(encoding="utf-8") as fh:
        corop = {r["statcode"]: r["coropcode"] for r in csv.DictReader(fh)}
    assert len(corop) == 342 and set(corop) == set(m.index)
    assert {c: m.loc[c, "corop"] for c in corop} == corop


def test_every_municipality_lies_in_its_provinces_landsdeel(reference) -> None:
    m = reference.municipalities
    assert m[["province", "landsdeel", "corop", "ggd"]].notna().all().all()
    # CBS's fixed grouping: each province lies in exactly one landsdeel
    assert (m.groupby("province")["landsdeel"].nunique() == 1).all()
    assert m.loc["GM0034", ["province", "landsdeel"]].tolist() == ["PV24", "LD02"]


def test_mid_year_merger_dissolves(reference_2022) -> None:
    """On 2022-03-24 Weesp is part of Amsterdam: 344 municipalities, sums of both."""
    later = load_reference(None, date(2022, 3, 24), load_mergers())
    m, before = later.municipalities, reference_2022.municipalities
    assert set(m.index) == set(before.index) - {"GM0457"}
    assert m.loc["GM0363", "inhabitants"] == (
        before.loc["GM0363", "inhabitants"] + before.loc["GM0457", "inhabitants"]
    )
    assert m.loc["GM0363", "area_km2"] == pytest.approx(
        before.loc["GM0363", "area_km2"] + before.loc["GM0457", "area_km2"], rel=1e-6
    )


@pytest.mark.parametrize("style", ["multi", "cbs", "plain"])
def test_toy_layers_of_every_release_style(tmp_path: Path, style: str) -> None:
    write_toy_gpkg(tmp_path, layer_style=style)
    ref = load_reference(tmp_path, date(2022, 1, 1))
    m = ref.municipalities
    assert len(m) == 13
    assert m.loc["GM0001", "province"] == "PV01" and m.loc["GM0004", "province"] == "PV02"
    assert m["inhabitants"].isna().all()  # no inhabitants table: unknown, not zero
    assert m.loc["GM0001", "area_km2"] == pytest.approx(1.0)
    assert ref.corop is None


def test_not_a_geopackage(tmp_path: Path) -> None:
    (tmp_path / "kapot.gpkg").write_bytes(b"\x00\x01 dit is geen geopackage" * 10)
    with pytest.raises(InputError, match=r"kapot.gpkg: geen geldige GeoPackage"):
        load_reference(tmp_path, date(2022, 1, 1))


def test_folder_without_data(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="geen CBS-GeoPackage met gemeentegrenzen 2022"):
        load_reference(tmp_path, date(2022, 1, 1))
    with pytest.raises(InputError, match="bestaat niet"):
        load_reference(tmp_path / "nergens", date(2022, 1, 1))


def _write(path: Path, frame: gpd.GeoDataFrame, layer: str) -> None:
    frame.to_file(path, layer=layer, driver="GPKG")


def test_layer_without_statcode(tmp_path: Path) -> None:
    path = write_toy_gpkg(tmp_path)
    bad = gpd.GeoDataFrame({"code": ["GM0001"], "statnaam": ["A"]},
                           geometry=[box(0, 0, 1, 1)], crs=28992)
    _write(path, bad, "gemeente_gegeneraliseerd_2022")
    with pytest.raises(InputError, match="kolom 'statcode' ontbreekt"):
        load_reference(tmp_path, date(2022, 1, 1))


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_layer_without_crs(tmp_path: Path) -> None:
    path = write_toy_gpkg(tmp_path)
    bad = gpd.GeoDataFrame({"statcode": ["GM0001"], "statnaam": ["A"]}, geometry=[box(0, 0, 1, 1)])
    _write(path, bad, "gemeente_gegeneraliseerd_2022")
    with pytest.raises(InputError, match="geen coördinatenstelsel"):
        load_reference(tmp_path, date(2022, 1, 1))


def test_invalid_geometry_is_named(tmp_path: Path) -> None:
    path = write_toy_gpkg(tmp_path)
    bowtie = Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])
    bad = gpd.GeoDataFrame({"statcode": ["GM0001", "GM0002"], "statnaam": ["A", "B"]},
                           geometry=[box(0, 0, 1, 1), bowtie], crs=28992)
    _write(path, bad, "gemeente_gegeneraliseerd_2022")
    with pytest.raises(InputError, match="ongeldige geometrie bij GM0002"):
        load_reference(tmp_path, date(2022, 1, 1))


def test_duplicate_codes_are_named(tmp_path: Path) -> None:
    path = write_toy_gpkg(tmp_path)
    bad = gpd.GeoDataFrame({"statcode": ["GM0001", "GM0001"], "statnaam": ["A", "B"]},
                           geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)], crs=28992)
    _write(path, bad, "gemeente_gegeneraliseerd_2022")
    with pytest.raises(InputError, match="statcode dubbel: GM0001"):
        load_reference(tmp_path, date(2022, 1, 1))


def test_bad_inhabitants_table(tmp_path: Path) -> None:
    write_toy_gpkg(tmp_path)
    (tmp_path / "inwoners_2022.csv").write_text("statcode,inwoners\nGM0001,veel\n")
    with pytest.raises(InputError, match="inwoners_2022.csv: regel 2"):
        load_reference(tmp_path, date(2022, 1, 1))


def test_year_without_figures_uses_the_nearest_and_says_so(tmp_path: Path) -> None:
    """1 January 2025 has no CBS table here: 2024's is used (2026's is as near; the earlier
    wins), and every output names both dates."""
    ref = load_reference(None, date(2025, 1, 1), load_mergers())
    assert ref.data() == {"boundaries": "cbsgebiedsindelingen2025.gpkg",
                          "boundaries_date": "2025-01-01", "inhabitants": "CBS 37259",
                          "inhabitants_date": "2024-01-01", "areas": "generalised"}
    assert int(ref.municipalities["inhabitants"].sum()) == 17_942_942
    from cultuurregio.cli import main

    assert main(["analyse", "--date", "2025-01-01", "--out", str(tmp_path)]) == 0
    data = json.loads((tmp_path / "analyse.json").read_text(encoding="utf-8"))
    assert data["data"]["boundaries_date"] == "2025-01-01"
    assert data["data"]["inhabitants_date"] == "2024-01-01"


def test_source_line_names_both_dates() -> None:
    same = {"boundaries_date": "2022-01-01", "inhabitants_date": "2022-01-01",
            "inhabitants": "CBS 37259"}
    assert source_line(same) == ("Bron: CBS; grenzen 2022-01-01 (gegeneraliseerd, "
                                 "oppervlakten bij benadering); inwoners 2022-01-01 (CBS 37259)")
    nearest = {**same, "boundaries_date": "2025-01-01", "inhabitants_date": "2024-01-01"}
    assert "inhabitants 2024-01-01 (CBS 37259; no figures for 2025-01-01, nearest year used)" \
        in source_line(nearest, "en")
    assert source_line({"boundaries_date": "2022-01-01"}).endswith("inwoners onbekend")


def test_older_figures_are_carried_onto_later_municipalities(tmp_path: Path) -> None:
    """With only 2018 figures beside the 2021 map, they are summed through the merger table;
    divided municipalities (Haaren 2021, Winsum 2019) are shared out by area."""
    (tmp_path / "gebieden_2021.npz").symlink_to(EMBEDDED / "gebieden_2021.npz")
    (tmp_path / "inwoners_2018.csv").symlink_to(EMBEDDED / "inwoners_2018.csv")
    ref = load_reference(tmp_path, date(2021, 1, 1), load_mergers())
    m = ref.municipalities["inhabitants"]
    assert ref.inhabitants_date == date(2018, 1, 1) and not m.isna().any()
    assert abs(int(m.sum()) - 17_181_084) <= 5  # shares are rounded per receiver
    old = read_inhabitants(EMBEDDED / "inwoners_2018.csv")
    # Eemsdelta (2021) = Appingedam + Delfzijl + Loppersum of 2018
    assert m["GM1979"] == old["GM0003"] + old["GM0010"] + old["GM0024"]
    # Vught got 43.5 % of Haaren's area, and so of its inhabitants
    assert m["GM0865"] == round(old["GM0865"] + 0.435 / 1.001 * old["GM0788"])
