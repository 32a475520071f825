"""Municipal mergers (herindelingen): the project's table in geodata/, and CBS's own tables.

The project's format is `datum,soort,oude_code,oude_naam,nieuwe_code,nieuwe_naam,
aandeel_oppervlakte` (built from CBS's table by `cultuurregio data build`; `soort` is
`samengevoegd`, `gesplitst` or `hernoemd`, a renaming that keeps its code and is skipped). The
reader also takes CBS's published tables of gemeentelijke indelingswijzigingen: columns are
recognised by meaning (a date column; old and new code and name, in Dutch or English
wording), `;` or `,` as separator, codes with or without the `GM` prefix, and dates written
as `2022-01-01`, `1-1-2022` or a bare year (1 January).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import cultuurregio_geodata

from ..messages import InputError, Problem
from .textio import read_text

__all__ = ["DEFAULT_MERGERS", "Merger", "load_mergers", "normalise_code", "parse_date", "splits"]

DEFAULT_MERGERS = cultuurregio_geodata.HERE / "herindelingen.csv"


@dataclass(frozen=True, order=True)
class Merger:
    """One municipality code that disappeared, and (one of) the municipalities its territory
    went to. A split (`gesplitst`: Winsum 2019, Haaren 2021) has one row per receiver, each
    with the share of the old area it received."""

    date: date
    old_code: str
    old_name: str
    new_code: str
    new_name: str
    kind: str = "samengevoegd"  # samengevoegd | gesplitst
    share: float = 1.0


def splits(mergers: Sequence[Merger]) -> dict[str, list[Merger]]:
    """Old code -> its receivers, largest share first, for codes that were divided."""
    by_old: dict[str, list[Merger]] = {}
    for m in mergers:
        by_old.setdefault(m.old_code, []).append(m)
    return {code: sorted(rows, key=lambda m: (-m.share, m.new_code))
            for code, rows in by_old.items() if len(rows) > 1}


def normalise_code(value: str) -> str | None:
    """`GM0370`, `gm370`, `0370` or `370` -> `GM0370`; None when it is no municipality code."""
    match = re.fullmatch(r"(?:GM)?\s*(\d{1,4})", value.strip(), flags=re.IGNORECASE)
    return f"GM{int(match.group(1)):04d}" if match else None


def parse_date(value: str) -> date | None:
    value = value.strip()
    for pattern, order in (
        (r"(\d{4})-(\d{1,2})-(\d{1,2})", "ymd"),
        (r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", "dmy"),
        (r"(\d{4})", "y"),
    ):
        match = re.fullmatch(pattern, value)
        if not match:
            continue
        parts = [int(p) for p in match.groups()]
        try:
            if order == "ymd":
                return date(parts[0], parts[1], parts[2])
            if order == "dmy":
                return date(parts[2], parts[1], parts[0])
            return date(parts[0], 1, 1)
        except ValueError:
            return None
    return None


def _role(header: str) -> str | None:
    """Which field a column header means, by its words."""
    h = re.sub(r"[^a-z]+", " ", header.casefold()).strip()
    words = set(h.split())
    old = bool(words & {"oud", "oude", "old", "opgeheven", "van", "from"})
    new = bool(words & {"nieuw", "nieuwe", "new", "naar", "to", "ontvangende"})
    if words & {"datum", "date", "ingang", "ingangsdatum", "jaar", "year"} and not (old or new):
        return "date"
    kind = "code" if ("code" in h or "nummer" in words) else "name" if "naam" in h or "name" in h \
        else None
    if kind is None or old == new:
        return None
    return f"{'old' if old else 'new'}_{kind}"


def _header_map(headers: Sequence[str]) -> dict[str, str]:
    exact = {"datum": "date", "oude_code": "old_code", "oude_naam": "old_name",
             "nieuwe_code": "new_code", "nieuwe_naam": "new_name", "soort": "kind",
             "aandeel_oppervlakte": "share"}
    mapping: dict[str, str] = {}
    for header in headers:
        role = exact.get(header.strip()) or _role(header)
        if role and role not in mapping.values():
            mapping[header] = role
    return mapping


def _share(value: str) -> float | None:
    """A share of area, 0 < share <= 1, written as a plain decimal; 1 when absent."""
    value = value.strip()
    if not value:
        return 1.0
    if not re.fullmatch(r"[01](\.[0-9]{1,6})?", value):
        return None
    share = float(value)
    return share if 0 < share <= 1 else None


def load_mergers(path: Path | None = None) -> list[Merger]:
    """Read a merger table (the project's own by default), sorted by date."""
    source = Path(path) if path is not None else DEFAULT_MERGERS
    text = read_text(source)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    headers = next(reader, [])
    mapping = _header_map(headers)
    missing = [r for r in ("date", "old_code", "new_code") if r not in mapping.values()]
    if missing:
        raise InputError(
            source, Problem("csv_columns", missing=", ".join(missing), found=", ".join(headers))
        )
    index = {role: headers.index(h) for h, role in mapping.items()}
    mergers: list[Merger] = []
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        cell = {role: (row[i].strip() if i < len(row) else "") for role, i in index.items()}
        when = parse_date(cell["date"])
        old, new = normalise_code(cell["old_code"]), normalise_code(cell["new_code"])
        if when is None or old is None or new is None:
            detail = f"{cell['date']!r}, {cell['old_code']!r}, {cell['new_code']!r}"
            raise InputError(source, Problem("csv_value", line=line, detail=detail))
        if old == new:  # a renaming, or a municipality absorbing others, keeps its code
            continue
        share = _share(cell.get("share", ""))
        if share is None:
            raise InputError(source, Problem("csv_value", line=line,
                                             detail=f"aandeel {cell.get('share')!r}"))
        kind = "gesplitst" if cell.get("kind", "").strip() == "gesplitst" else "samengevoegd"
        mergers.append(Merger(when, old, cell.get("old_name", ""), new,
                              cell.get("new_name", ""), kind, share))
    return sorted(mergers)
