"""Renderers for a validation: a readable table for the terminal and valideer.json."""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..analysis.validate import Check, Validation
from ..messages import counted, mode_label, source_line, text
from .tables import ATTRIBUTION

__all__ = ["validation_json", "validation_panel", "validation_text"]


def _status(status: str, lang: str) -> str:
    return text(f"val_status_{status}", lang)


def _check_lines(check: Check, lang: str, width: int) -> list[str]:
    head = (f"  {_status(check.status, lang):<{width}}  "
            f"{text('val_check_' + check.name, lang):<9} {check.message.render(lang)}")
    pad = " " * (2 + width + 2 + 10)
    return [head, *(f"{pad}- {item.render(lang)}" for item in check.items)]


def validation_text(v: Validation, *, lang: str = "nl") -> str:
    """The validation as plain text: per proposal one line per check, then the sum."""
    width = max(len(_status(s, lang)) for s in ("OK", "WAARSCHUWING", "FOUT"))
    base = v.base
    lines = [text("val_header", lang, k=counted(len(v.proposals), "proposal", lang),
                  registry=base.registry,
                  mode=mode_label(base.coverage_mode, lang), date=base.reference_date), ""]
    for p in v.proposals:
        lines.append(text("val_heading", lang, name=p.name, id=p.id, file=p.file))
        for check in p.checks:
            lines.extend(_check_lines(check, lang, width))
        lines.append("  " + text("val_verdict", lang, status=_status(p.status, lang)))
        lines.append("")
    lines.append(text("val_combined_heading", lang))
    lines.extend(_check_lines(v.combined.check, lang, width))
    lines.append("  " + text("val_verdict", lang, status=_status(v.status, lang)))
    lines.append(source_line(base.data, lang))
    return "\n".join(lines)


def _check_dict(check: Check, lang: str) -> dict[str, Any]:
    return {
        "check": check.name,
        "status": check.status,
        "message": check.message.render(lang),
        "items": [item.render(lang) for item in check.items],
    }


def validation_json(v: Validation, *, lang: str = "nl") -> str:
    """valideer.json: per proposal its checks and figures, and the combined result."""
    c = v.combined
    data = {
        "tool": f"cultuurregio {__version__}",
        "attribution": ATTRIBUTION,
        "registry": {"name": v.base.registry, "sha256": v.base.registry_sha256},
        "reference_date": v.base.reference_date,
        "coverage_mode": v.base.coverage_mode,
        "boundaries": v.base.source,
        "data": dict(v.base.data),
        "status": v.status,
        "proposals": [
            {
                "id": p.id,
                "name": p.name,
                "file": p.file,
                "status": p.status,
                "checks": [_check_dict(ch, lang) for ch in p.checks],
                "municipalities": list(p.territory),
                "covers_uncovered": list(p.covers_uncovered),
                "overlaps": {code: list(regions) for code, regions in p.overlaps.items()},
                "contiguous": p.contiguous,
                "pieces": [list(piece) for piece in p.pieces],
                "islands": list(p.islands),
                "enclaves": list(p.enclaves),
                "before": p.before,
                "after": p.after,
                "fit": p.fit,
            }
            for p in v.proposals
        ],
        "combined": {
            "proposals": list(c.proposals),
            "check": _check_dict(c.check, lang),
            "covers_uncovered": list(c.covered_by_proposals),
            "before": c.before,
            "after": c.after,
            "overlaps_among_proposals": list(c.overlaps_among_proposals),
            "remaining_by_province": c.remaining_by_province,
            "remaining_by_corop": c.remaining_by_corop,
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def _check_row(check: Check, lang: str) -> list[str]:
    message = check.message.render(lang)
    if check.items:
        message += " (" + "; ".join(item.render(lang) for item in check.items) + ")"
    return [text("val_check_" + check.name, lang), message, check.status,
            _status(check.status, lang)]


def validation_panel(v: Validation, *, lang: str = "nl") -> dict[str, Any]:
    """The verdicts as plain data for the map page: the panel beside the map and each
    proposal's popup (rows: check, message, status, status label)."""
    return {
        "title": text("val_panel_title", lang),
        "status": v.status,
        "overall": text("val_verdict", lang, status=_status(v.status, lang)),
        "proposals": [
            {"id": p.id, "title": p.name, "status": p.status,
             "statusLabel": _status(p.status, lang),
             "rows": [_check_row(ch, lang) for ch in p.checks]}
            for p in v.proposals
        ] + [{"id": "", "title": text("val_combined_heading", lang),
              "status": v.combined.check.status,
              "statusLabel": _status(v.combined.check.status, lang),
              "rows": [_check_row(v.combined.check, lang)]}],
    }
