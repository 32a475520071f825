"""gemeenten.csv is a machine contract (fixed header, UTF-8, ',' and '.'); gemeenten-excel.csv
opens in a Dutch spreadsheet by double-click (BOM, ';', decimal comma)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from cultuurregio.cli import main
from cultuurregio.render.tables import CSV_HEADER


@pytest.fixture(scope="module")
def outputs(geodata: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for lang in ("nl", "en"):
        out[lang] = tmp_path_factory.mktemp(f"csv-{lang}")
        assert main(["analyse", "--geodata", str(geodata), "--out", str(out[lang]),
                     "--lang", lang]) == 0
    return out


def test_machine_csv_is_the_same_in_every_language(outputs) -> None:
    nl = (outputs["nl"] / "gemeenten.csv").read_bytes()
    assert nl == (outputs["en"] / "gemeenten.csv").read_bytes()
    assert not nl.startswith(b"\xef\xbb\xbf")  # plain UTF-8
    rows = list(csv.reader(io.StringIO(nl.decode("utf-8"))))
    assert tuple(rows[0]) == CSV_HEADER
    analysis = json.loads((outputs["nl"] / "analyse.json").read_text(encoding="utf-8"))
    assert len(rows) - 1 == len(analysis["municipalities"])
    fryslan = next(r for r in rows if r[2] == "Fryslân")
    assert float(fryslan[5]) > 0  # decimal point


def test_excel_variant_opens_in_a_dutch_spreadsheet(outputs) -> None:
    raw = (outputs["nl"] / "gemeenten-excel.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark
    assert b"\r\n" in raw
    text = raw.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    analysis = json.loads((outputs["nl"] / "analyse.json").read_text(encoding="utf-8"))
    assert len(rows) == len(analysis["municipalities"])
    assert list(rows[0]) == ["Code", "Naam", "Provincie", "COROP-gebied", "Landsdeel",
                             "Inwoners", "Oppervlakte (km²)", "Aantal regio's", "Regio's",
                             "Grondslag", "Witte vlek"]
    by_code = {m["code"]: m for m in analysis["municipalities"]}
    for row in rows:
        m = by_code[row["Code"]]
        area = row["Oppervlakte (km²)"]
        assert "," in area and "." not in area  # decimal comma
        assert float(area.replace(",", ".")) == pytest.approx(m["area_km2"], abs=0.006)
        assert row["Inwoners"] == str(m["inhabitants"])  # no thousands separator
        assert row["Aantal regio's"] == str(len(m["regions"]))
        assert (row["Witte vlek"] == "") == bool(m["regions"])
    assert any(r["Provincie"] == "Fryslân" for r in rows)
    almere = next(r for r in rows if r["Naam"] == "Almere")
    assert almere["Regio's"] == "Cultuurregio Flevoland, Metropoolregio Amsterdam (MRA)"


def test_excel_variant_in_english_uses_the_english_conventions(outputs) -> None:
    text = (outputs["en"] / "gemeenten-excel.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert "Area (km²)" in rows[0] and "." in rows[0]["Area (km²)"]
