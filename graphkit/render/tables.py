"""Renderers for analysis results: analyse.json (the contract other tools read),
gemeenten.csv (one row per municipality: a machine contract, the same whatever --lang says)
and gemeenten-excel.csv (the same rows as a Dutch spreadsheet opens them)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .. import __version__
from ..analysis.coverage import Analysis, AreaPart, rounded
from ..analysis.report import Table
from ..messages import visible

__all__ = [
    "ATTRIBUTION", "CSV_HEADER", "analysis_json", "analysis_to_dict", "municipalities_csv",
    "spreadsheet_csv", "spreadsheet_safe",
]

ATTRIBUTION = "Bron: CBS"


def analysis_to_dict(result: Analysis, *, lang: str = "nl") -> dict[str, Any]:
    """The analysis as plain JSON-ready data; keys are the documented contract."""
    return {
        "tool": f"cultuurregio {__version__}",
        "attribution": ATTRIBUTION,
        "registry": {"name": result.registry, "sha256": result.registry_sha256},
        "period": result.period,
        "reference_date": result.reference_date,
        "coverage_mode": result.coverage_mode,
        "sources_only": result.assumptions_left_out is not None,
        "assumptions_left_out": list(result.assumptions_left_out or ()),
        "covered_on_assumption": [m.code for m in result.municipalities if m.on_assumption],
        "boundaries": result.source,
        "data": dict(result.data),
        "contiguity_tolerance_m": result.tolerance_m,
        "municipalities": [
            {
                "code": m.code,
                "name": m.name,
                "province": m.province,
                "landsdeel": m.landsdeel,
                "inhabitants": rounded(m.inhabitants),
                "area_km2": round(m.area_km2, 2),
                "regions": list(m.regions),
                "bases": {rid: list(b) for rid, b in m.bases.items()},
                "on_assumption": m.on_assumption,
            }
            for m in result.municipalities
        ],
        "uncovered": list(result.uncovered),
        "double_memberships": [
            {"code": code, "regions": list(regions)} for code, regions in result.double_memberships
        ],
        "gap_clusters": [list(c) for c in result.gap_clusters],
        "gap_cluster_details": [
            {
                "number": w.number,
                "name": w.name,
                "named_after": w.named_after,
                "municipalities": list(w.municipalities),
                "inhabitants": w.inhabitants,
                "area_km2": w.area_km2,
                "islands": list(w.over_water),
                "provinces": [_part(p) for p in w.provinces],
                "corop": [_part(p) for p in w.corop],
                "sub_areas": [_part(p) for p in w.sub_areas],
            }
            for w in result.white_spots
        ],
        "islands": list(result.islands),
        "totals": result.totals,
        "regions": result.regions,
        "region_overlaps": list(result.overlaps),
        "region_overlaps_omitted": result.overlaps_omitted,
        "landsdelen": result.landsdelen,
        "notes": [
            {
                "region": n.region,
                "written": n.written,
                "code": n.code,
                "name": n.name,
                "reason": n.reason,
                "message": n.message.render(lang),
            }
            for n in result.notes
        ],
        "division_names": dict(sorted(result.division_names.items())),
    }


def _part(p: AreaPart) -> dict[str, Any]:
    return {"code": p.code, "name": p.name, "municipalities": list(p.municipalities),
            "inhabitants": p.inhabitants}


def analysis_json(result: Analysis, *, lang: str = "nl") -> str:
    return json.dumps(analysis_to_dict(result, lang=lang), ensure_ascii=False, indent=2,
                      allow_nan=False) + "\n"


# The machine CSV's header: fixed (documented in the README), independent of --lang.
CSV_HEADER = ("code", "naam", "provincie", "landsdeel", "inwoners", "oppervlakte_km2",
              "aantal_regios", "regios", "basis")


# A cell a spreadsheet would read as a formula (OWASP, "CSV Injection"): neutralised by a
# leading apostrophe, which spreadsheets show as text and do not evaluate.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A CSV text cell that no spreadsheet runs and no terminal obeys: control characters
    escaped (`visible`), a leading `= + - @` (or tab, carriage return) behind an apostrophe.
    Numbers pass unchanged."""
    if not isinstance(value, str):
        return value
    return "'" + visible(value) if value.startswith(_FORMULA_START) else visible(value)


def municipalities_csv(result: Analysis, *, lang: str = "nl") -> str:
    """One row per municipality under the fixed `CSV_HEADER`: UTF-8, `,` between fields,
    `.` as decimal point; `regios` and `basis` list region ids separated by ';'. The user's
    language does not change it (`lang` is accepted for a uniform renderer signature)."""
    del lang
    names = result.division_names
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for m in result.municipalities:
        writer.writerow([spreadsheet_safe(cell) for cell in (
            m.code,
            m.name,
            names.get(m.province, m.province),
            names.get(m.landsdeel, m.landsdeel),
            "" if m.inhabitants is None else round(m.inhabitants),
            f"{m.area_km2:.2f}",
            len(m.regions),
            ";".join(m.regions),
            ";".join(f"{rid}:{'+'.join(b)}" for rid, b in m.bases.items()),
        )])
    return out.getvalue()


def spreadsheet_csv(table: Table, *, lang: str = "nl") -> bytes:
    """A table as a spreadsheet in the user's locale opens it by double-click: UTF-8 with a
    byte-order mark (so Excel reads Fryslân right), CRLF line ends, and in Dutch `;` between
    fields with a decimal comma (in English `,` and a decimal point). Headers are the
    table's labels; whole numbers carry no thousands separator."""
    dutch = lang != "en"
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if dutch else ",", lineterminator="\r\n")
    writer.writerow([c.label for c in table.columns])
    for row in table.rows:
        cells: list[object] = []
        for column in table.columns:
            value = row.get(column.key)
            if value is None:
                cells.append("")
            elif column.kind == "int":
                cells.append(str(round(value)))
            elif column.kind in ("float", "pct"):
                shown = f"{value:.2f}" if column.kind == "float" else f"{value:.4f}"
                cells.append(shown.replace(".", ",") if dutch else shown)
            else:
                cells.append(spreadsheet_safe(str(value)))
        writer.writerow(cells)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
