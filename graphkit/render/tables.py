"""Renderers for analysis results: analyse.json (the contract other tools read) and
gemeenten.csv (one row per municipality, headers in the user's language)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .. import __version__
from ..analysis.coverage import Analysis, AreaPart, rounded
from ..messages import visible

__all__ = [
    "ATTRIBUTION", "analysis_json", "analysis_to_dict", "municipalities_csv", "spreadsheet_safe",
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


_HEADERS = {
    "nl": ["code", "naam", "provincie", "landsdeel", "inwoners", "oppervlakte_km2",
           "aantal_regios", "regios", "basis"],
    "en": ["code", "name", "province", "landsdeel", "inhabitants", "area_km2",
           "n_regions", "regions", "basis"],
}


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
    """One row per municipality; `regios` and `basis` list regions separated by ';'."""
    names = result.division_names
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_HEADERS["en" if lang == "en" else "nl"])
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
