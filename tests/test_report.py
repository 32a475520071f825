"""The analyst report: its figures against analyse.json, the workbook's sheets and types,
the GeoPackage's layers, and byte-identical outputs."""

from __future__ import annotations

import json
import sqlite3
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pyogrio
import pytest

from cultuurregio.cli import main
from cultuurregio.render.mapdata import COVERAGE_COLORS


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
    for row, key in zip(rows, ("all", "covered", "uncovered", "double"), strict=True):
        for column, measure in (("gemeenten", "municipalities"), ("inwoners", "inhabitants"),
                                ("oppervlakte_km2", "area_km2")):
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
    assert "gemeenten" not in tables  # the all-municipalities table is the workbook's
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
        assert (int(got[code]["gewonnen"]), int(got[code]["verloren"])) == (v["gained"],
                                                                             v["lost"])
    assert sum(int(r["gewonnen"]) for r in got.values()) == len(data["gained"])
    assert sum(int(r["verloren"]) for r in got.values()) == len(data["lost"])
    assert len(tables["vergelijking_gemeenten"]) == len(data["gained"]) + len(data["lost"])


def test_sensitivity_table(tables, analysis) -> None:
    modes = {r["wijze"]: r for r in tables["wijzen"]}
    assert list(modes) == ["leden", "verklaard", "provincies"]
    assert int(modes["verklaard"]["niet_gedekt"]) == len(analysis["uncovered"])
    aalten = next(r for r in tables["wijzen_gemeenten"] if r["code"] == "GM0197")
    assert (aalten["listed"], aalten["provinces"]) == ("", "025 Arnhem Nijmegen")


def test_report_carries_map_sources_and_credit(outputs: Path, tables) -> None:
    page = (outputs / "rapport.html").read_text(encoding="utf-8")
    assert 'src="data:image/png;base64,' in page and 'href="kaart.html"' in page
    assert "Bron: CBS" in page and "@page {size: A4" in page
    assert "<script" not in page and "http://" not in page and "https://" not in page
    bronnen = {r["id"]: r for r in tables["bronnen_regios"]}
    # a source by its title and date, with the file as the reference
    assert bronnen["we-the-north"]["dekking_bron"] == (
        "Samenwerking in cultuurregio's (artikel over de evaluatie van de cultuurregio's door "
        "DSP-groep, 2024; bestand 002_c34e227a536540cb.txt)")
    assert bronnen["haaglanden"]["bron"].startswith(
        "Aandachtspunten bij profielen van stedelijke regio's (")
    assert any("cbsgebiedsindelingen2021.gpkg" in r["waarde"] for r in tables["bronnen"])


def _column_widths(sheet) -> dict[int, float]:
    """Column number -> width (the file stores runs of equal widths as one range)."""
    widths = {}
    for dim in sheet.column_dimensions.values():
        for col in range(dim.min, dim.max + 1):
            widths[col] = dim.width
    return widths


def test_workbook_sheets_types_frozen_filters(outputs: Path, tables, analysis) -> None:
    book = openpyxl.load_workbook(outputs / "rapport.xlsx")
    assert len(book.sheetnames) == len(tables) + 1  # + every municipality
    assert book.sheetnames[0] == "Kerncijfers" and "Bronnen" in book.sheetnames
    for sheet in book.worksheets:
        assert "_" not in sheet.title, sheet.title  # readable names, not identifiers
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref, sheet.title
        header = [c.value for c in sheet[1]]
        assert all(c.font.bold for c in sheet[1])
        assert len(set(header)) == len(header), (sheet.title, header)  # unique headers
        widths = _column_widths(sheet)
        for col, label in enumerate(header, start=1):
            assert widths[col] >= min(len(label), 24), (sheet.title, label)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                assert cell.value not in ("-", ""), (sheet.title, cell.coordinate)
                if cell.number_format == "#,##0":  # integers are stored as integers
                    assert isinstance(cell.value, int), (sheet.title, cell.coordinate)
                if isinstance(cell.value, str):
                    assert widths[cell.column] >= min(len(cell.value), 80), (sheet.title,
                                                                             cell.coordinate)
    national = analysis["totals"]["national"]
    kern = book["Kerncijfers"]
    assert [c.value for c in kern[1]] == ["Dekking", "Gemeenten", "Inwoners",
                                          "Oppervlakte (km²)"]
    assert kern["B2"].value == national["municipalities"]["all"]
    assert kern["B2"].number_format == kern["C2"].number_format == "#,##0"
    assert kern["C4"].value == national["inhabitants"]["uncovered"]
    assert kern["D2"].number_format == "#,##0.0"
    prov = book["Per provincie"]
    header = [c.value for c in prov[1]]
    inw = header.index("Inwoners") + 1
    share = header.index("Aandeel inwoners gedekt") + 1
    for row in prov.iter_rows(min_row=2):
        assert isinstance(row[inw - 1].value, int)
        assert isinstance(row[share - 1].value, (int, float)) and 0 <= row[share - 1].value <= 1
        assert row[share - 1].number_format == "0.0%"
    codes = [r[0].value for r in book["Niet gedekt"].iter_rows(min_row=2)]
    assert codes == [r["code"] for r in tables["niet_gedekt"]]


def test_workbook_lists_every_municipality(outputs: Path, analysis) -> None:
    sheet = openpyxl.load_workbook(outputs / "rapport.xlsx")["Gemeenten"]
    header = [c.value for c in sheet[1]]
    assert header == ["Code", "Naam", "Provincie", "COROP-gebied", "Landsdeel", "Inwoners",
                      "Oppervlakte (km²)", "Aantal regio's", "Regio's", "Grondslag",
                      "Witte vlek"]
    rows = {r[0]: dict(zip(header, r, strict=True))
            for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert list(rows) == [m["code"] for m in analysis["municipalities"]]
    if analysis["reference_date"] == "2022-01-01":
        assert len(rows) == 352
    cluster_of = {c: i for i, cl in enumerate(analysis["gap_clusters"], start=1) for c in cl}
    for m in analysis["municipalities"]:
        row = rows[m["code"]]
        assert row["Inwoners"] == m["inhabitants"] and row["Aantal regio's"] == len(m["regions"])
        assert row["Witte vlek"] == cluster_of.get(m["code"])  # empty when covered
        assert (row["Regio's"] is None) == (not m["regions"])
        assert row["COROP-gebied"]
    almere = rows["GM0034"]
    assert almere["Regio's"] == "Cultuurregio Flevoland, Metropoolregio Amsterdam (MRA)"
    assert almere["Grondslag"].startswith("Cultuurregio Flevoland: als lid genoemd")


def test_geopackage_layers_and_columns(outputs: Path, analysis) -> None:
    path = outputs / "cultuurregio.gpkg"
    layers = [name for name, _ in pyogrio.list_layers(path)]
    assert layers == ["gemeenten_dekking", "regio_gebieden", "witte_vlekken", "provincies",
                      "landsdelen", "bronnen", "layer_styles"]
    info = pyogrio.read_info(path, layer="gemeenten_dekking")
    assert info["features"] == len(analysis["municipalities"]) and info["crs"] == "EPSG:28992"
    assert list(info["fields"]) == [
        "code", "naam", "provincie", "corop_gebied", "landsdeel", "inwoners",
        "oppervlakte_km2", "aantal_regios", "regios", "regio_namen", "grondslag", "witte_vlek",
        "klasse", "dekking"]
    gemeenten = pyogrio.read_dataframe(path, layer="gemeenten_dekking")
    cluster_of = {c: i for i, cl in enumerate(analysis["gap_clusters"], start=1) for c in cl}
    assert [None if v != v else int(v) for v in gemeenten["witte_vlek"]] == [
        cluster_of.get(c) for c in gemeenten["code"]]
    assert gemeenten["landsdeel"].notna().all() and gemeenten["corop_gebied"].notna().all()
    regios = pyogrio.read_dataframe(path, layer="regio_gebieden")
    assert len(regios) == len(analysis["regions"])
    assert dict(zip(regios["id"], regios["inwoners"], strict=True)) == {
        rid: r["inhabitants"] for rid, r in analysis["regions"].items()}
    for layer, scope in (("provincies", "provinces"), ("landsdelen", "landsdelen")):
        frame = pyogrio.read_dataframe(path, layer=layer)
        totals = analysis["totals"][scope]
        assert list(frame["code"]) == sorted(totals)
        for row in frame.itertuples():
            assert row.niet_gedekt == totals[row.code]["municipalities"]["uncovered"]
            assert row.inwoners == totals[row.code]["inhabitants"]["all"]
    assert pyogrio.read_info(path, layer="witte_vlekken")["features"] == len(
        analysis["gap_clusters"])


def test_geopackage_says_where_its_figures_come_from(outputs: Path, analysis) -> None:
    """The 2021 and 2025 exports can be told apart: period, mode, date, sources inside."""
    bronnen = pyogrio.read_dataframe(outputs / "cultuurregio.gpkg", layer="bronnen")
    value = dict(zip(bronnen["sleutel"], bronnen["waarde"], strict=True))
    assert value["registry_sha256"] == analysis["registry"]["sha256"]
    assert value["registry"] == analysis["registry"]["name"]
    assert value["period"] == analysis["period"]
    assert value["reference_date"] == analysis["reference_date"]
    assert value["coverage_mode"] == "verklaard"
    assert value["boundaries"] == f"CBS, {analysis['boundaries']}"
    assert value["inhabitants"].startswith("CBS") and value["attribution"] == "Bron: CBS"
    assert value["tool"].startswith("cultuurregio ")
    assert "persbericht van OCW, 2021-04-22" in value["period:2021-2024"]


def test_geopackage_layers_open_styled_in_qgis(outputs: Path) -> None:
    """layer_styles as QGIS reads it: one default style per layer, valid QML, the map's
    colours for the coverage classes, a fixed update_time (byte-identical output)."""
    with sqlite3.connect(outputs / "cultuurregio.gpkg") as db:
        columns = [r[1] for r in db.execute("PRAGMA table_info(layer_styles)")]
        styles = db.execute("SELECT f_table_name, f_geometry_column, styleQML, useAsDefault,"
                            " update_time FROM layer_styles ORDER BY id").fetchall()
        classes = sorted(r[0] for r in db.execute(
            "SELECT DISTINCT klasse FROM gemeenten_dekking"))
    assert columns == ["id", "f_table_catalog", "f_table_schema", "f_table_name",
                       "f_geometry_column", "styleName", "styleQML", "styleSLD",
                       "useAsDefault", "description", "owner", "ui", "update_time"]
    assert [s[0] for s in styles] == ["gemeenten_dekking", "regio_gebieden", "witte_vlekken",
                                      "provincies", "landsdelen"]
    for name, geometry_column, qml, default, updated in styles:
        assert geometry_column == "geom" and default == 1 and updated == "2000-01-01T00:00:00Z"
        root = ET.fromstring(qml.split("\n", 1)[1])
        assert root.tag == "qgis" and root.find("renderer-v2") is not None, name
    renderer = ET.fromstring(styles[0][2].split("\n", 1)[1]).find("renderer-v2")
    assert renderer.get("type") == "categorizedSymbol" and renderer.get("attr") == "klasse"
    categories = {c.get("value"): c.get("symbol") for c in renderer.iter("category")}
    assert set(classes) <= set(categories) == set(COVERAGE_COLORS)
    for value, symbol in categories.items():
        fill = renderer.find(f"symbols/symbol[@name='{symbol}']/layer/prop[@k='color']")
        color = COVERAGE_COLORS[value]
        assert fill.get("v") == ",".join(str(int(color[i:i + 2], 16)) for i in (1, 3, 5)) \
            + ",255"


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
    assert openpyxl.load_workbook(tmp_path / "rapport.xlsx")["Per province"]["B1"].value == "Name"
