"""Build the package's embedded CBS data (geodata/cbs/) from the official-layout files.

Run as `cultuurregio data build [RAW]` (RAW defaults to ../shared/geodata/cbs). It reads

* `cbsgebiedsindelingen<YEAR>.gpkg` in PDOK's layout (layers `<division>_gegeneraliseerd`,
  columns `statcode`, `statnaam`, EPSG:28992), checked like any user file;
* `bevolking_1_januari.csv` (`jaar,statcode,statnaam,inwoners,tabel`, CBS StatLine);
* `woonplaatsen_2025.csv` (places and their municipality);
* `herindelingen.csv` (every municipal change from 2018-01-01 on, splits included);

and returns the bytes of the compact files (see compact.py) plus the project's merger table
`geodata/herindelingen.csv` and the provenance record. The same code path turns a user's
downloaded or imported year into the cache, so the embedded data is exactly what a user's
own import of the same files would give.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import geopandas as gpd

import cultuurregio_geodata

from ..messages import InputError, Problem
from .cbs import read_division
from .compact import (
    DIVISION_ORDER,
    EMBEDDED,
    PLACES_FILE,
    PROVENANCE_FILE,
    boundaries_file,
    encode_boundaries,
    inhabitants_csv,
    inhabitants_file,
    parse_count,
    provenance_json,
    sha256_bytes,
)
from .textio import read_text

__all__ = ["LICENCE", "build_embedded", "compact_year", "default_raw"]

LICENCE = "CC BY 4.0"
CREDIT = "Bron: CBS"
BOUNDARIES_SOURCE = (
    "CBS Gebiedsindelingen, generalised layers (PDOK atom download service, "
    "cbsgebiedsindelingen{year}.gpkg), via ../shared/geodata/cbs"
)
INHABITANTS_TITLE = {
    "37259": "Bevolkingsontwikkeling; regio per periode",
    "03759ned": "Bevolking op 1 januari en gemiddeld; geslacht, leeftijd en regio",
}
MERGERS_FILE = "herindelingen.csv"


def default_raw() -> Path:
    """../shared/geodata/cbs beside a checkout (CI has it; users do not need it)."""
    return cultuurregio_geodata.HERE.parent.parent / "shared" / "geodata" / "cbs"


def read_gpkg_divisions(path: Path, year: int) -> dict[str, gpd.GeoDataFrame]:
    """The five divisions of a PDOK-layout GeoPackage, each checked (cbs.read_division)."""
    from .cbs import _list_layers

    layers = _list_layers(path)
    out = {}
    for division in DIVISION_ORDER:
        frame = read_division(path, layers, division, year,
                              required=division in ("gemeente", "provincie"))
        if frame is not None:
            out[division] = frame
    return out


def compact_year(year: int, gpkg: Path, source: str) -> tuple[str, bytes, dict]:
    """File name, bytes and provenance entry of one year's boundaries."""
    raw = gpkg.read_bytes()
    divisions = read_gpkg_divisions(gpkg, year)
    data = encode_boundaries(year, source, divisions)
    entry = {
        "kind": "boundaries", "date": date(year, 1, 1).isoformat(), "source": source,
        "licence": LICENCE, "inputs": {gpkg.name: sha256_bytes(raw)},
        "features": {d: len(f) for d, f in divisions.items()},
        "vertices_input": int(sum(
            int(f.geometry.count_coordinates().sum()) for f in divisions.values()
        )),
    }
    return boundaries_file(year), data, entry


def _csv_rows(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(read_text(path)))
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(path, Problem("csv_columns", missing=", ".join(missing),
                                       found=", ".join(reader.fieldnames or [])))
    return list(reader)


def _inhabitants(path: Path) -> dict[str, tuple[bytes, dict]]:
    rows = _csv_rows(path, ("jaar", "statcode", "inwoners", "tabel"))
    per_year: dict[int, dict[str, int]] = defaultdict(dict)
    tables: dict[int, set[str]] = defaultdict(set)
    for line, row in enumerate(rows, start=2):
        count = parse_count(row["inwoners"])
        if count is None or not re.fullmatch(r"\d{4}", row["jaar"].strip()):
            raise InputError(path, Problem("csv_value", line=line,
                                           detail=f"{row['jaar']!r}, {row['inwoners']!r}"))
        per_year[int(row["jaar"])][row["statcode"].strip()] = count
        tables[int(row["jaar"])].add(row["tabel"].strip())
    digest = sha256_bytes(path.read_bytes())
    out = {}
    for year, values in sorted(per_year.items()):
        table = "; ".join(sorted(tables[year]))
        number = re.search(r"CBS (\w+)", table)
        entry = {
            "kind": "inhabitants", "date": date(year, 1, 1).isoformat(),
            "source": f"CBS StatLine, table {table}"
                      + (f" ({INHABITANTS_TITLE[number.group(1)]})"
                         if number and number.group(1) in INHABITANTS_TITLE else ""),
            "table": table, "licence": LICENCE, "inputs": {path.name: digest},
            "municipalities": len(values), "total": sum(values.values()),
        }
        out[inhabitants_file(year)] = (inhabitants_csv(values), entry)
    return out


def _places(path: Path) -> tuple[bytes, dict]:
    rows = _csv_rows(path, ("woonplaats", "statcode", "statnaam"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["woonplaats", "statcode", "statnaam"])
    for row in sorted(rows, key=lambda r: (r["woonplaats"], r["statcode"])):
        writer.writerow([row["woonplaats"], row["statcode"], row["statnaam"]])
    entry = {
        "kind": "places", "date": "2025-01-01", "licence": "CC BY 4.0 (CBS); MIT (table)",
        "source": "woonplaatsen (BAG) per gemeente, CBS; table corop.generated.csv of the "
                  "PyPI package woningwaardering (MIT)",
        "inputs": {path.name: sha256_bytes(path.read_bytes())}, "places": len(rows),
    }
    return out.getvalue().encode("utf-8"), entry


def _mergers(path: Path) -> tuple[bytes, dict]:
    columns = ("datum", "soort", "oude_code", "oude_naam", "nieuwe_code", "nieuwe_naam",
               "aandeel_oppervlakte")
    rows = _csv_rows(path, columns)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in sorted(rows, key=lambda r: (r["datum"], r["oude_code"], r["nieuwe_code"])):
        writer.writerow([row[c].strip() for c in columns])
    entry = {
        "kind": "mergers", "licence": LICENCE,
        "source": "CBS gemeentelijke indelingswijzigingen from 2018-01-01, checked against "
                  "consecutive years' boundaries (../shared/geodata/cbs/herindelingen.csv)",
        "inputs": {path.name: sha256_bytes(path.read_bytes())}, "rows": len(rows),
    }
    return out.getvalue().encode("utf-8"), entry


def build_embedded(raw: Path, out: Path = EMBEDDED) -> dict[Path, bytes]:
    """Every file of the embedded data, built from the official-layout folder `raw`."""
    if not raw.is_dir():
        raise InputError(raw, Problem("geo_no_dir"))
    files: dict[Path, bytes] = {}
    record: dict[str, dict] = {}
    years = sorted(int(m.group(1)) for p in raw.glob("cbsgebiedsindelingen*.gpkg")
                   if (m := re.fullmatch(r"cbsgebiedsindelingen(\d{4})\.gpkg", p.name)))
    if not years:
        raise InputError(raw, Problem("geo_no_gpkg", year="2018-2025"))
    for year in years:
        name, data, entry = compact_year(year, raw / f"cbsgebiedsindelingen{year}.gpkg",
                                         BOUNDARIES_SOURCE.format(year=year))
        files[out / name], record[name] = data, entry
    for name, (data, entry) in _inhabitants(raw / "bevolking_1_januari.csv").items():
        files[out / name], record[name] = data, entry
    files[out / PLACES_FILE], record[PLACES_FILE] = _places(raw / "woonplaatsen_2025.csv")
    mergers = out.parent / MERGERS_FILE
    files[mergers], record[f"../{MERGERS_FILE}"] = _mergers(raw / MERGERS_FILE)
    for target, data in files.items():
        key = target.name if target.parent == out else f"../{target.name}"
        record[key]["sha256"] = sha256_bytes(data)
        record[key]["bytes"] = len(data)
    files[out / PROVENANCE_FILE] = provenance_json(
        {"credit": CREDIT, "built_by": "cultuurregio data build", "files": record}
    )
    return files

