"""The analyst report: its figures against analyse.json, the workbook's sheets and types,
the GeoPackage's layers, and byte-identical outputs."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pyogrio
import pytest

from cultuurregio.cli import main


class _Tables(HTMLParser):
    """Collects every table id -> rows of {data-key: data-value}."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[dict[str, str]]] = {}
        self._table: str | None = None
        self._row: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table" and a.get("id", "").startswith("t-"):
            self._table = a["id"][2:]
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self._row = {}
        elif tag == "td" and self._row is not None:
            self._row[a["data-key"]] = a["data-value"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr" and self._row:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None


@pytest.fixture(scope="module")
def outputs(geodata: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("rapport")
    assert main(["rapport", "--geodata", str(geodata), "--out", str(out)]) == 0
    assert main(["analyse", "--geodata", str(geodata), "--out", str(out)]) == 0
    assert main(["vergelijk", "2021-2024", "2025-2028", "--geodata", str(geodata),
                 "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def tables(outputs: Path) -> dict[str, list[dict[str, str]]]:
    parser = _Tables()
    parser.feed((outputs / "rapport.html").read_text(encoding="utf-8"))
    return parser.tables


@pytest.fixture(scope="module")
def analysis(outputs: Path) -> dict:
    return json.loads((outputs / "analyse.json").read_text(encoding="utf-8"))


def test_headline_figures_match_analyse_json(tables, analysis) -> None:
    national = analysis["totals"]["national"]
    rows = tables["kerncijfers"]
    for row, measure in zip(rows, ("municipalities", "inhabitants", "area_km2"), strict=True):
        for column, key in (("alle", "all"), ("gedekt", "covered"),
                            ("niet_gedekt", "uncovered"), ("dubbel", "double")):
            assert float(row[column]) == pytest.approx(national[measure][key])


def test_province_and_landsdeel_tables_match(tables, analysis) -> None:
    for table, scope in (("provincies", "provinces"), ("landsdelen", "landsdelen")):
        got = {r["code"]: r for r in tables[table]}
        assert set(got) == set(analysis["totals"][scope])
        for code, t in analysis["totals"][scope].items():
            assert int(got[code]["niet_gedekt"]) == t["municipalities"]["uncovered"]
            assert int(got[code]["inwoners_niet_gedekt"]) == t["inhabitants"]["uncovered"]


def test_lists_match(tables, analysis) -> None:
    assert [r["code"] for r in tables["niet_gedekt"]] == analysis["uncovered"]
    assert [r["code"] for r in tables["dubbel"]] == [
        d["code"] for d in analysis["double_memberships"]
    ]
    assert len(tables["gatclusters"]) == len(analysis["gap_clusters"])
    assert [int(r["gemeenten"]) for r in tables["gatclusters"]] == [
        len(c) for c in analysis["gap_clusters"]
    ]
    assert {r["id"] for r in tables["regios"]} == set(analysis["regions"])
    oost = tables["groeperingen"][0]
    assert int(oost["buiten_cbs_landsdeel"]) == 4
    assert len(tables["naamopmerkingen"]) == len(analysis["notes"])


def test_comparison_matches_vergelijk_json(tables, outputs: Path) -> None:
    data = json.loads((outputs / "vergelijk.json").read_text(encoding="utf-8"))
    got = {r["code"]: r for r in tables["vergelijking"]}
    for code, v in data["remaining_by_province"].items():
        assert (int(got[code]["voor"]), int(got[code]["na"])) == (v["before"], v["after"])
    assert len(tables["vergelijking_gemeenten"]) == len(data["gained"]) + len(data["lost"])


def test_sensitivity_table(tables, analysis) -> None:
    modes = {r["wijze"]: r for r in tables["wijzen"]}
    assert list(modes) == ["listed", "declared", "provinces"]
    assert int(modes["declared"]["niet_gedekt"]) == len(analysis["uncovered"])
    aalten = next(r for r in tables["wijzen_gemeenten"] if r["code"] == "GM0197")
    assert (aalten["listed"], aalten["provinces"]) == ("-", "arnhem-nijmegen")


def test_report_carries_map_sources_and_credit(outputs: Path, tables) -> None:
    page = (outputs / "rapport.html").read_text(encoding="utf-8")
    assert 'src="data:image/png;base64,' in page and 'href="kaart.html"' in page
    assert "Bron: CBS" in page and "@page {size: A4" in page
    assert "<script" not in page and "http://" not in page and "https://" not in page
    bronnen = {r["id"]: r for r in tables["bronnen"]}
    assert bronnen["we-the-north"]["dekking_bron"] == "002_c34e227a536540cb.txt"
    assert any("cbsgebiedsindelingen2022.gpkg" in r["waarde"] for r in tables["herkomst"])


def test_workbook_sheets_types_frozen_filters(outputs: Path, tables) -> None:
    book = openpyxl.load_workbook(outputs / "rapport.xlsx")
    assert book.sheetnames == list(tables)
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref, sheet.title
        assert all(c.font.bold for c in sheet[1])
    prov = book["provincies"]
    header = [c.value for c in prov[1]]
    inw = header.index("Inwoners") + 1
    share = header.index("Aandeel inwoners gedekt") + 1
    for row in prov.iter_rows(min_row=2):
        assert isinstance(row[inw - 1].value, int)
        assert isinstance(row[share - 1].value, (int, float)) and 0 <= row[share - 1].value <= 1
        assert row[share - 1].number_format == "0.0%"
    codes = [r[0].value for r in book["niet_gedekt"].iter_rows(min_row=2)]
    assert codes == [r["code"] for r in tables["niet_gedekt"]]


def test_geopackage_layers_and_columns(outputs: Path) -> None:
    path = outputs / "cultuurregio.gpkg"
    layers = [name for name, _ in pyogrio.list_layers(path)]
    assert layers == ["gemeenten_dekking", "regio_gebieden", "gatclusters"]
    info = pyogrio.read_info(path, layer="gemeenten_dekking")
    assert info["features"] == 345 and info["crs"] == "EPSG:28992"
    assert list(info["fields"]) == ["code", "naam", "provincie", "inwoners", "aantal_regios",
                                    "regios", "regio_namen", "dekking"]
    assert pyogrio.read_info(path, layer="regio_gebieden")["features"] == 15


def test_outputs_are_byte_identical(geodata: Path, outputs: Path, tmp_path: Path) -> None:
    assert main(["rapport", "--geodata", str(geodata), "--out", str(tmp_path)]) == 0
    for name in ("rapport.html", "rapport.xlsx", "cultuurregio.gpkg", "kaart.html",
                 "kaart.png"):
        assert (tmp_path / name).read_bytes() == (outputs / name).read_bytes(), name


def test_english_report(geodata: Path, tmp_path: Path) -> None:
    assert main(["rapport", "--geodata", str(geodata), "--out", str(tmp_path),
                 "--lang", "en"]) == 0
    page = (tmp_path / "rapport.html").read_text(encoding="utf-8")
    assert "Headline figures" in page and "Sensitivity to the coverage mode" in page
    assert openpyxl.load_workbook(tmp_path / "rapport.xlsx")["provincies"]["B1"].value == "Name"
