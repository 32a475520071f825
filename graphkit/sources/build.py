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
import json
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
    MAX_INHABITANTS,
    PLACES_FILE,
    PROVENANCE_FILE,
    boundaries_file,
    check_codes,
    csv_header,
    csv_records,
    encode_boundaries,
    gemeente_codes,
    inhabitants_csv,
    inhabitants_file,
    parse_count,
    provenance_json,
    read_provenance,
    reference_year,
    sha256_bytes,
    sha256_of,
)

__all__ = [
    "LICENCE", "build_embedded", "cache_files", "compact_year", "default_raw", "download_year",
    "import_folder", "odata_inhabitants", "table_inhabitants",
]

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
    digest = sha256_of(gpkg)
    divisions = read_gpkg_divisions(gpkg, year)
    data = encode_boundaries(year, source, divisions)
    entry = {
        "kind": "boundaries", "date": date(year, 1, 1).isoformat(), "source": source,
        "licence": LICENCE, "inputs": {gpkg.name: digest},
        "features": {d: len(f) for d, f in divisions.items()},
        "vertices_input": int(sum(
            int(f.geometry.count_coordinates().sum()) for f in divisions.values()
        )),
    }
    return boundaries_file(year), data, entry


def _csv_rows(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    return [row for _, row in csv_records(path, required)]


def _table_title(table: str) -> str:
    number = re.search(r"CBS (\w+)", table)
    return (f" ({INHABITANTS_TITLE[number.group(1)]})"
            if number and number.group(1) in INHABITANTS_TITLE else "")


def inhabitants_entry(year: int, values: dict[str, int], table: str, source: str,
                      inputs: dict[str, str]) -> tuple[str, bytes, dict]:
    """File name, bytes and provenance entry of one year's inhabitants."""
    entry = {
        "kind": "inhabitants", "date": date(year, 1, 1).isoformat(), "source": source,
        "table": table, "licence": LICENCE, "inputs": inputs,
        "municipalities": len(values), "total": sum(values.values()),
    }
    return inhabitants_file(year), inhabitants_csv(values), entry


def _inhabitants(path: Path) -> dict[str, tuple[bytes, dict]]:
    digest = sha256_bytes(path.read_bytes())
    out = {}
    for year, (values, table) in sorted(table_inhabitants(path).items()):
        name, data, entry = inhabitants_entry(
            year, values, table, f"CBS StatLine, table {table}{_table_title(table)}",
            {path.name: digest})
        out[name] = (data, entry)
    return out


# --- inhabitants tables as CBS hands them out ----------------------------------------------

CBS_TOTALS = {  # the 'all' member of 03759ned's other dimensions: key, and title in exports
    "Geslacht": ("T001038", "Totaal mannen en vrouwen"),
    "Leeftijd": ("10000", "Totaal"),
    "BurgerlijkeStaat": ("T001019", "Totaal burgerlijke staat"),
}
NATIONAL = "NL01"
_GM = re.compile(r"GM[0-9]{4}")
_PERIOD = re.compile(r"([0-9]{4})JJ00")


def _count(value: object) -> int | bool | None:
    """An OData or CSV cell as a count: an int, None when CBS has no figure ('.', empty,
    null), False when it is not a plain non-negative whole number."""
    if value is None or (isinstance(value, str) and value.strip() in ("", ".")):
        return None
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value if 0 <= value <= MAX_INHABITANTS else False
    if isinstance(value, str):
        count = parse_count(value)
        return False if count is None else count
    return False


def _national_check(where: str, year: int, values: dict[str, int], total: int | None) -> None:
    if total is not None and sum(values.values()) != total:
        raise InputError(where, Problem("inh_total", year=year, sum=sum(values.values()),
                                        total=total))


def odata_inhabitants(rows: list, year: int, where: str) -> dict[str, int] | None:
    """The municipalities' inhabitants on 1 January `year` from CBS API rows (see
    fetch.download_inhabitants), checked: known fields, codes, plain counts, and their sum
    equal to CBS's national total when the rows hold it. None when CBS has no figures for
    that year yet (every value null, or no rows)."""
    values: dict[str, int] = {}
    total = None
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict) or not isinstance(row.get("RegioS"), str):
            raise InputError(where, Problem("odata_row", row=number))
        code, period = row["RegioS"].strip(), row.get("Perioden")
        count = _count(row.get("BevolkingOp1Januari_1"))
        if period != f"{year}JJ00" or count is False or not (
                _GM.fullmatch(code) or code == NATIONAL) or code in values:
            raise InputError(where, Problem("odata_row", row=number))
        if count is None:
            continue  # a municipality that no longer existed on that date
        if code == NATIONAL:
            total = count
        else:
            values[code] = count
    if not values:
        return None
    if total is None:  # asked for in the query: without it the sum cannot be checked
        raise InputError(where, Problem("inh_no_total", year=year))
    _national_check(where, year, values, total)
    return values


def _cbs_row(row: dict[str, str]) -> bool:
    """A row of 03759ned worth reading: the totals of the other dimensions, for a
    municipality or the Netherlands (provinces, landsdelen, COROP areas are left out)."""
    if any(k in row and row[k].strip() not in keys for k, keys in CBS_TOTALS.items()):
        return False
    code = row["RegioS"].strip()
    return code.startswith("GM") or code == NATIONAL


def table_inhabitants(path: Path) -> dict[int, tuple[dict[str, int], str]]:
    """Inhabitants per year from a CSV table: CBS's own export of 03759ned (columns
    `RegioS`, `Perioden`, `BevolkingOp1Januari_1`, `;` or `,`; only the rows of
    municipalities and the Netherlands for all sexes, ages and marital states are read, and
    each year must carry CBS's national total) or the raw form of ../shared/geodata/cbs
    (`jaar,statcode,inwoners,tabel`). Returns {year: (values, table)}."""
    columns = set(csv_header(path))
    per_year: dict[int, dict[str, int]] = defaultdict(dict)
    totals: dict[int, int] = {}
    tables: dict[int, set[str]] = defaultdict(set)
    if {"RegioS", "Perioden", "BevolkingOp1Januari_1"} <= columns:
        for line, row in csv_records(path, (), max_bytes=100_000_000, delimiter=None,
                                     keep=_cbs_row):
            code, period = row["RegioS"].strip(), _PERIOD.fullmatch(row["Perioden"].strip())
            count = _count(row["BevolkingOp1Januari_1"])
            year = reference_year(period.group(1)) if period else None
            if count is False or year is None or not (_GM.fullmatch(code) or
                                                      code == NATIONAL):
                raise InputError(path, Problem("csv_value", line=line, detail=(
                    f"{row['RegioS'][:12]!r}, {row['Perioden'][:12]!r}, "
                    f"{row['BevolkingOp1Januari_1'][:12]!r}")))
            if count is None:
                continue
            if code == NATIONAL:
                totals[year] = count
            elif code in per_year[year]:
                raise InputError(path, Problem("csv_value", line=line, detail=repr(code)))
            else:
                per_year[year][code] = count
                tables[year].add("CBS 03759ned")
        for year in per_year:
            if per_year[year] and year not in totals:
                raise InputError(path, Problem("inh_no_total", year=year))
    elif {"jaar", "statcode", "inwoners", "tabel"} <= columns:
        for line, row in csv_records(path, ("jaar", "statcode", "inwoners", "tabel"),
                                     max_bytes=20_000_000):
            count, year = parse_count(row["inwoners"]), reference_year(row["jaar"])
            code = row["statcode"].strip()
            if count is None or year is None or not _GM.fullmatch(code) or \
                    code in per_year[year]:
                raise InputError(path, Problem("csv_value", line=line,
                                               detail=f"{row['jaar'][:8]!r}, "
                                                      f"{row['inwoners'][:12]!r}"))
            per_year[year][code] = count
            tables[year].add(row["tabel"].strip()[:40])
    else:
        raise InputError(path, Problem("inh_not_table"))
    for year, values in per_year.items():
        _national_check(str(path), year, values, totals.get(year))
    return {y: (v, "; ".join(sorted(tables[y]))) for y, v in per_year.items() if v}


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



# --- the user's cache: `cultuurregio data download` and `data import` ----------------------

def cache_files(folder: Path, entries: dict[str, tuple[bytes, dict]], built_by: str,
                ) -> dict[Path, bytes]:
    """The files to write into the cache `folder` for `entries` ({name: (bytes, provenance
    entry)}), with the folder's provenance record updated: existing entries of other files
    are kept, each new file's own sha256 and size recorded."""
    record = read_provenance(folder).get("files")
    files_record = dict(record) if isinstance(record, dict) else {}
    out: dict[Path, bytes] = {}
    for name, (data, entry) in sorted(entries.items()):
        files_record[name] = {**entry, "sha256": sha256_bytes(data), "bytes": len(data)}
        out[folder / name] = data
    out[folder / PROVENANCE_FILE] = provenance_json(
        {"credit": CREDIT, "built_by": built_by, "files": files_record})
    return out


DOWNLOADED = ("CBS Gebiedsindelingen, generalised layers, downloaded from PDOK's atom "
              "download service: {url}")
IMPORTED = "CBS Gebiedsindelingen, generalised layers, imported from {name}"


def download_year(year: int, folder: Path, *, pdok_url: str, cbs_url: str,
                  sha256: str | None = None, progress=None, today: date | None = None,
                  ) -> tuple[dict[Path, bytes], bool]:
    """Fetch `year` from CBS and PDOK and return the cache files to write (nothing is
    written here), and whether CBS had inhabitants for that year. The small table comes
    first, so that a failing API costs no large download. The GeoPackage goes to a scratch
    file in a temporary folder that is removed whatever happens; it is checked (a
    GeoPackage with every division in PDOK's layout, sound contents) before it is used."""
    import tempfile

    from .fetch import download_gpkg, download_inhabitants, pdok_address

    retrieved = (today or date.today()).isoformat()
    rows, first, where = download_inhabitants(year, url=cbs_url)
    values = odata_inhabitants(rows, year, where)
    address = pdok_address(pdok_url, year)
    with tempfile.TemporaryDirectory(prefix="cultuurregio-") as scratch:
        gpkg = Path(scratch) / f"cbsgebiedsindelingen{year}.gpkg"
        with gpkg.open("wb") as fh:
            digest, final = download_gpkg(year, fh, url=pdok_url, sha256=sha256,
                                          progress=progress)
        with gpkg.open("rb") as fh:
            header = fh.read(16)
        if header != b"SQLite format 3\x00":  # an HTML page sent with status 200
            raise InputError(address, Problem("geo_not_gpkg", reason="no SQLite header"))
        name, data, entry = compact_year(year, gpkg, DOWNLOADED.format(url=final))
    entry = {**entry, "inputs": {f"cbsgebiedsindelingen{year}.gpkg": digest},
             "retrieved": retrieved}
    entries = {name: (data, entry)}
    if values is not None:
        check_codes(where, year, values, gemeente_codes(data, address))
        table = "CBS 03759ned"
        iname, idata, ientry = inhabitants_entry(
            year, values, table, f"CBS open data API (OData), table 03759ned"
                                 f"{_table_title(table)}, period {year}JJ00: {first}",
            {"03759ned/TypedDataSet (JSON rows, canonical)": sha256_bytes(
                json.dumps(rows, sort_keys=True, ensure_ascii=False).encode())})
        entries[iname] = (idata, {**ientry, "retrieved": retrieved})
    return cache_files(folder, entries, "cultuurregio data download"), values is not None


def _known_codes(year: int, folders: list[Path]) -> set[str] | None:
    """The municipality codes of `year`'s boundaries in the first of `folders` that has
    them (the cache, then the embedded data), or None."""
    for each in folders:
        path = each / boundaries_file(year)
        if path.is_file():
            return gemeente_codes(path.read_bytes(), path)
    return None


def import_folder(source: Path, folder: Path) -> tuple[dict[Path, bytes], list[str]]:
    """The cache files for everything usable in `source` (PDOK's
    cbsgebiedsindelingen<YEAR>.gpkg files, inhabitants tables as CSV), and the names of the
    files in it that were left aside. Every file is checked before anything is returned:
    an inhabitants table against the boundaries of its year (imported with it, cached or
    embedded) when there are any."""
    if not source.is_dir():
        raise InputError(source, Problem("geo_no_dir"))
    entries: dict[str, tuple[bytes, dict]] = {}
    ignored: list[str] = []
    codes: dict[int, set[str]] = {}
    found: dict[int, tuple[dict[str, int], str]] = {}
    for path in sorted(source.iterdir()):
        match = re.fullmatch(r"cbsgebiedsindelingen(\d{4})\.gpkg", path.name)
        if match and path.is_file() and reference_year(match.group(1)) is not None:
            year = int(match.group(1))
            name, data, entry = compact_year(year, path, IMPORTED.format(name=path.name))
            entries[name] = (data, entry)
            codes[year] = gemeente_codes(data, path)
        elif path.suffix.lower() == ".csv" and path.is_file():
            header = set(csv_header(path))
            if not ({"RegioS", "Perioden", "BevolkingOp1Januari_1"} <= header
                    or {"jaar", "statcode", "inwoners", "tabel"} <= header):
                ignored.append(path.name)
                continue
            digest = sha256_bytes(path.read_bytes())
            for year, (values, table) in sorted(table_inhabitants(path).items()):
                found[year] = (values, path.name)
                name, data, entry = inhabitants_entry(
                    year, values, table, f"CBS StatLine, table {table}{_table_title(table)}, "
                                         f"imported from {path.name}", {path.name: digest})
                entries[name] = (data, entry)
        else:
            ignored.append(path.name)
    if not entries:
        raise InputError(source, Problem("import_nothing"))
    for year, (values, name) in sorted(found.items()):
        known = codes.get(year) or _known_codes(year, [folder, EMBEDDED])
        if known is not None:
            check_codes(source / name, year, values, known)
    return cache_files(folder, entries, "cultuurregio data import"), ignored
