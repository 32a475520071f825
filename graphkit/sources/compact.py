"""The compact form of CBS data that the package ships in `geodata/cbs/` and that
`cultuurregio data` stores in the user's cache: one folder, per reference year

* `gebieden_<YEAR>.npz`: the generalised boundaries of the five CBS divisions of 1 January
  of YEAR as one shared-arc topology (see topology.py), with each area's code and name;
* `inwoners_<YEAR>.csv`: CBS's official inhabitants on 1 January of YEAR per municipality
  of that date (`statcode,inwoners`), for the years CBS has a table of;

and once: `woonplaatsen.csv` (places and their municipality) and `herkomst.json`, the
provenance of every file: source, CBS table, date, licence, and the sha256 of its inputs
and of itself.

This module turns checked inputs into those files' bytes and reads them back; it never
writes (the CLI hands the bytes to render/files.py, the one place that writes files).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

import cultuurregio_geodata

from ..messages import InputError, Problem
from .textio import read_text
from .topology import Topology, decode, encode

__all__ = [
    "DIVISION_ORDER",
    "EMBEDDED",
    "PLACES_FILE",
    "PROVENANCE_FILE",
    "Boundaries",
    "Held",
    "boundaries_file",
    "boundaries_years",
    "check_codes",
    "csv_header",
    "csv_records",
    "encode_boundaries",
    "gemeente_codes",
    "inhabitants_csv",
    "inhabitants_file",
    "inhabitants_years",
    "inventory",
    "provenance_json",
    "read_boundaries",
    "read_inhabitants",
    "read_places",
    "read_provenance",
    "reference_year",
    "sha256_bytes",
    "sha256_of",
]

EMBEDDED = cultuurregio_geodata.HERE / "cbs"
DIVISION_ORDER = ("gemeente", "provincie", "landsdeel", "coropgebied", "ggdregio")
PLACES_FILE = "woonplaatsen.csv"
PROVENANCE_FILE = "herkomst.json"
FORMAT = 1
RD_NEW = 28992
# No Dutch municipality has more than a million inhabitants; a field longer than this is
# not a number of inhabitants (issue 10, finding 5: bounded field size).
MAX_FIELD = 64
MAX_INHABITANTS = 20_000_000
# The reference years the tool accepts for data it fetches or imports.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def boundaries_file(year: int) -> str:
    return f"gebieden_{year}.npz"


def inhabitants_file(year: int) -> str:
    return f"inwoners_{year}.csv"


def _years(folder: Path, pattern: str) -> list[int]:
    found = []
    for path in folder.glob(pattern.replace("{year}", "*")):
        match = re.fullmatch(pattern.replace(".", r"\.").replace("{year}", r"(\d{4})"),
                             path.name)
        if match and path.is_file():
            found.append(int(match.group(1)))
    return sorted(found)


def boundaries_years(folder: Path) -> list[int]:
    return _years(folder, boundaries_file(0).replace("0", "{year}", 1))


def inhabitants_years(folder: Path) -> list[int]:
    return _years(folder, inhabitants_file(0).replace("0", "{year}", 1))


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_of(path: Path) -> str:
    """The sha256 of a file read in chunks (a PDOK GeoPackage is about 150 MB)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- boundaries ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Boundaries:
    """One year's divisions: for each, a frame indexed by code with name and geometry."""

    year: int
    source: str
    divisions: Mapping[str, gpd.GeoDataFrame]


def encode_boundaries(year: int, source: str,
                      divisions: Mapping[str, gpd.GeoDataFrame]) -> bytes:
    """The npz bytes of `divisions` (each indexed by code, with `name` and `geometry`)."""
    frames = [divisions[d] for d in DIVISION_ORDER if d in divisions]
    geoms = np.concatenate([f.geometry.to_numpy() for f in frames])
    topo = encode(geoms)
    buf = io.BytesIO()
    # Fixed member timestamps would need zipfile by hand; np.savez writes none that vary
    # between runs except the zip entries' dates, so write the archive ourselves.
    arrays = {
        **topo.arrays(),
        "divisions": np.array([d for d in DIVISION_ORDER if d in divisions]),
        "div_len": np.array([len(f) for f in frames], dtype=np.int32),
        "codes": np.array([str(c) for f in frames for c in f.index]),
        "names": np.array([str(n) for f in frames for n in f["name"]]),
        "meta": np.array([str(FORMAT), str(year), source]),
    }
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for key in sorted(arrays):
            info = zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            member = io.BytesIO()
            np.lib.format.write_array(member, np.ascontiguousarray(arrays[key]),
                                      allow_pickle=False)
            zf.writestr(info, member.getvalue(), compresslevel=9)
    return buf.getvalue()


def read_boundaries(path: Path) -> Boundaries:
    """Read a `gebieden_<YEAR>.npz` file back into one frame per division (RD New)."""
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = [str(x) for x in data["meta"]]
            if meta[0] != str(FORMAT):
                raise ValueError(f"format {meta[0]}, expected {FORMAT}")
            topo = Topology.from_arrays(data)
            kinds = [str(x) for x in data["divisions"]]
            lengths = data["div_len"].astype(int)
            codes, names = data["codes"], data["names"]
            geoms = decode(topo)
    except InputError:
        raise
    except Exception as exc:  # a damaged or foreign file: zipfile, numpy, shapely errors
        reason = " ".join(str(exc).split())[:120] or type(exc).__name__
        raise InputError(path, Problem("compact_damaged", reason=reason)) from None
    if len(geoms) != int(lengths.sum()) or len(codes) != len(geoms):
        raise InputError(path, Problem("compact_damaged", reason="counts do not add up"))
    out: dict[str, gpd.GeoDataFrame] = {}
    start = 0
    for kind, n in zip(kinds, lengths, strict=True):
        part = slice(start, start + n)
        frame = gpd.GeoDataFrame(
            {"name": names[part].astype(object)},
            geometry=geoms[part], crs=RD_NEW,
            index=pd.Index(codes[part].astype(object), name="statcode"),
        )
        out[kind] = frame.sort_index()
        start += n
    return Boundaries(year=int(meta[1]), source=meta[2], divisions=out)


def gemeente_codes(data: bytes, where: str | Path) -> set[str]:
    """The municipality codes in the bytes of a compact boundaries file, without decoding
    its shapes."""
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
            return {str(c) for c in arrays["codes"][:int(arrays["div_len"][0])]}
    except Exception as exc:  # a damaged or foreign file: zipfile, numpy errors
        reason = " ".join(str(exc).split())[:120] or type(exc).__name__
        raise InputError(where, Problem("compact_damaged", reason=reason)) from None


# --- inhabitants ---------------------------------------------------------------------------

def inhabitants_csv(values: Mapping[str, int]) -> bytes:
    lines = ["statcode,inwoners"] + [f"{c},{int(v)}" for c, v in sorted(values.items())]
    return ("\n".join(lines) + "\n").encode("ascii")


_DIGITS = re.compile(r"[0-9]{1,9}")
_CODE = re.compile(r"GM[0-9]{4}")
# A place or municipality name: Dutch names are at most a few dozen characters.
MAX_NAME_FIELD = 200
MAX_ROWS = 100_000


def reference_year(text: str) -> int | None:
    """A reference year the tool accepts for data it fetches or imports: four ASCII digits
    from FIRST_YEAR to LAST_YEAR; else None."""
    value = text.strip()
    if not re.fullmatch(r"[0-9]{4}", value) or not FIRST_YEAR <= int(value) <= LAST_YEAR:
        return None
    return int(value)


def parse_count(value: str | None) -> int | None:
    """A number of inhabitants written as plain ASCII digits (no sign, no `_`, no exponent,
    no full-width digits), or None."""
    if value is None or not _DIGITS.fullmatch(value.strip()):
        return None
    number = int(value.strip())
    return number if number <= MAX_INHABITANTS else None


def csv_header(path: Path) -> list[str]:
    """The column names of a CSV file (`,` or `;`), from its first 64 kB only: enough to
    tell what table a file is before reading it whole. [] when it is no text table."""
    if not path.is_file():
        return []
    with path.open("rb") as fh:
        head = fh.read(65_536).decode("utf-8-sig", errors="replace").split("\n", 1)[0]
    delimiter = ";" if head.count(";") > head.count(",") else ","
    try:
        return [h.strip() for h in next(csv.reader([head], delimiter=delimiter), [])]
    except csv.Error:
        return []


def csv_records(path: Path, required: tuple[str, ...], *, max_bytes: int = 20_000_000,
                max_field: int = MAX_NAME_FIELD, delimiter: str | None = ",",
                keep: Callable[[dict[str, str]], bool] | None = None,
                ) -> list[tuple[int, dict[str, str]]]:
    """The rows of a CSV file as (line number, {column: cell}), checked: the required
    columns are there, every row has as many cells as the header, no cell is longer than
    `max_field`, at most MAX_ROWS rows kept (`keep` chooses them while reading). Anything
    else is a one-line error naming the file and the line (issue 10, finding 5).
    `delimiter=None`: `;` when the header has more of them than commas (CBS's own CSV
    exports), else `,`."""
    text = read_text(path, max_bytes=max_bytes)
    if delimiter is None:
        head = text.split("\n", 1)[0]
        delimiter = ";" if head.count(";") > head.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    line = 1
    try:
        header = [h.strip() for h in next(reader, [])]
        missing = [c for c in required if c not in header]
        if missing:
            raise InputError(path, Problem("csv_columns", missing=", ".join(missing),
                                           found=", ".join(h[:40] for h in header[:8])))
        rows = []
        for row in reader:
            line = reader.line_num
            if not row:
                continue
            if len(row) != len(header):
                raise InputError(path, Problem("csv_cells", line=line, n=len(row),
                                               expected=len(header)))
            if any(len(cell) > max_field for cell in row):
                raise InputError(path, Problem("csv_long_cell", line=line, limit=max_field))
            record = dict(zip(header, row, strict=True))
            if keep is not None and not keep(record):
                continue
            if len(rows) >= MAX_ROWS:
                raise InputError(path, Problem("csv_rows", limit=MAX_ROWS))
            rows.append((line, record))
    except csv.Error as exc:  # e.g. a field over the csv module's own limit, a stray quote
        raise InputError(path, Problem("csv_value", line=reader.line_num or line,
                                       detail=str(exc)[:80])) from None
    return rows


def read_inhabitants(path: Path) -> pd.Series:
    """A checked `statcode,inwoners` table: codes `GM` + four digits, each once; counts plain
    non-negative integers. Any bad row is a one-line error naming the file and line."""
    values: dict[str, int] = {}
    for line, row in csv_records(path, ("statcode", "inwoners"), max_bytes=2_000_000,
                                 max_field=MAX_FIELD):
        code, count = row["statcode"].strip(), parse_count(row["inwoners"])
        if not _CODE.fullmatch(code) or count is None or code in values:
            raise InputError(path, Problem("csv_value", line=line,
                                           detail=f"{row['statcode']!r}, {row['inwoners']!r}"))
        values[code] = count
    if not values:
        raise InputError(path, Problem("file_empty"))
    return pd.Series(values, dtype="float64").sort_index()


def check_codes(where: str | Path, year: int, given: Iterable[str],
                codes: Iterable[str]) -> None:
    """Inhabitants of `year` must be given for exactly the municipalities `codes` of that
    year's boundaries: a table of another date would attach wrong figures silently."""
    given, codes = set(given), set(codes)
    missing, extra = sorted(codes - given), sorted(given - codes)
    if missing or extra:
        raise InputError(where, Problem("inh_mismatch", year=year,
                                        missing=", ".join(missing[:5]) or "-",
                                        extra=", ".join(extra[:5]) or "-"))


def read_places(path: Path) -> pd.DataFrame:
    """A checked `woonplaats,statcode,statnaam` table (places and their municipality)."""
    records = []
    for line, row in csv_records(path, ("woonplaats", "statcode", "statnaam"),
                                 max_bytes=5_000_000):
        place, code, name = (row[c].strip() for c in ("woonplaats", "statcode", "statnaam"))
        if not place or not name or not _CODE.fullmatch(code):
            raise InputError(path, Problem("csv_value", line=line,
                                           detail=f"{row['woonplaats'][:40]!r}, "
                                                  f"{row['statcode'][:10]!r}"))
        records.append((place, code, name))
    return pd.DataFrame(records, columns=["woonplaats", "statcode", "statnaam"])


# --- provenance ----------------------------------------------------------------------------

def provenance_json(record: Mapping) -> bytes:
    return (json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def read_provenance(folder: Path) -> dict:
    """The folder's provenance record, or {} when it is missing or damaged (too large,
    not JSON, nested past the parser's limit, not an object)."""
    path = folder / PROVENANCE_FILE
    if not path.is_file():
        return {}
    try:
        data = json.loads(read_text(path, max_bytes=1_000_000))
    except (InputError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


@dataclass(frozen=True)
class Held:
    """One data file in a folder, as `cultuurregio data` lists it."""

    name: str
    kind: str  # boundaries, inhabitants, places, mergers
    date: str
    source: str
    sha256: str
    # why the file cannot be trusted: None when its sha256 is the one its provenance record
    # holds; "checksum", "record_missing" (no sha256 recorded for it) or "record_damaged"
    problem: str | None

    @property
    def matches(self) -> bool:
        return self.problem is None


_LISTED = re.compile(r"(gebieden_\d{4}\.npz|inwoners_\d{4}\.csv|woonplaatsen\.csv)")


def inventory(folder: Path) -> list[Held]:
    """The data files in `folder` with what the folder's provenance record says of each,
    and whether each still matches it. A damaged record leaves every file untrusted."""
    if not folder.is_dir():
        return []
    record = read_provenance(folder).get("files")
    damaged = not isinstance(record, dict) and (folder / PROVENANCE_FILE).exists()
    record = record if isinstance(record, dict) else {}
    held = []
    for path in sorted(folder.iterdir()):
        if not (_LISTED.fullmatch(path.name) and path.is_file()):
            continue
        entry = record.get(path.name)
        entry = entry if isinstance(entry, dict) else {}
        digest = sha256_bytes(path.read_bytes())
        expected = entry.get("sha256")
        problem = ("record_damaged" if damaged else
                   "record_missing" if not isinstance(expected, str) else
                   None if expected == digest else "checksum")
        kind = str(entry.get("kind") or ("boundaries" if path.suffix == ".npz" else
                                         "places" if path.name == PLACES_FILE else
                                         "inhabitants"))
        held.append(Held(
            name=path.name, kind=kind, date=str(entry.get("date") or "-"),
            source=str(entry.get("table") or ", ".join(entry.get("inputs") or ())
                       or entry.get("source") or "-"),
            sha256=digest, problem=problem,
        ))
    return held
