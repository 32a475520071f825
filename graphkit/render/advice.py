"""Renderers for advice: one proposal file per suggestion (registry format, accepted by
`valideer` as it is), advies.json and the plain-text ranking.

Proposal files are built as data and dumped by PyYAML, so no name ever becomes YAML syntax.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from .. import __version__
from ..analysis.advice import Advice, Fit, Suggestion
from ..messages import counted, decimal, mode_label, number, text
from ..sources.registry import Region
from .tables import ATTRIBUTION

__all__ = ["advice_json", "advice_text", "explain", "proposal_file", "proposal_yaml"]


def proposal_file(s: Suggestion) -> str:
    return f"{s.rank:02d}-{s.id}.yaml"


def explain(s: Suggestion, advice: Advice, lang: str) -> str:
    """The suggestion in one line."""
    rows = advice.analysis.by_code()
    inh = number(s.inhabitants, lang)
    if s.kind == "uitbreiding":
        return text("adv_extend", lang, rank=s.rank, names=", ".join(
            rows[c].name for c in s.municipalities), inh=inh, name=s.name, id=s.id,
            borders=s.borders, corop=s.same_corop, ggd=s.same_ggd)

    def fit(f: Fit | None) -> str:
        return "-" if f is None else f"{f.name} ({decimal(f.jaccard, lang, 2)})"

    small = text("adv_small", lang, min=number(advice.min_inhabitants, lang)) \
        if s.below_minimum else ""
    return text("adv_new", lang, rank=s.rank, name=s.name, id=s.id, n=len(s.municipalities),
                inh=inh, corop=fit(s.corop), ggd=fit(s.ggd), small=small)


def _coverage(region: Region) -> Any:
    kind, items = region.dekking.kind, region.dekking.items
    return kind if not items else {kind: list(items)}


def proposal_yaml(s: Suggestion, advice: Advice, *, existing: Mapping[str, Region],
                  period: str | None, lang: str = "nl") -> str:
    """The suggestion as a registry file: a new region, or the existing region with the
    suggested municipalities added to its members."""
    rows = advice.analysis.by_code()
    added = [rows[c].name for c in s.municipalities]
    def note() -> dict[str, str]:  # a fresh mapping each time: PyYAML writes no aliases
        return {"soort": "aanname", "toelichting": explain(s, advice, lang)}

    if s.kind == "uitbreiding" and s.id in existing:
        r = existing[s.id]
        entry: dict[str, Any] = {"naam": r.naam, "gemeenten": [*r.gemeenten, *added]}
        if r.provincies:
            entry["provincies"] = list(r.provincies)
        if r.partners:
            entry["partners"] = list(r.partners)
        entry["dekking"] = _coverage(r)
        for key, value in (("dekking_bron", r.dekking_bron), ("bron", r.bron)):
            if value:
                entry[key] = value
        entry["onderbouwing"] = {"leden": note()}
        if r.perioden:
            entry["perioden"] = list(r.perioden)
    else:
        entry = {"naam": s.name, "gemeenten": added,
                 "onderbouwing": {"regio": note(), "leden": note()}}
        if period:
            entry["perioden"] = [period]
    header = text("adv_file_header", lang, tool=f"cultuurregio {__version__}")
    body = yaml.safe_dump({"regios": {s.id: entry}}, allow_unicode=True, sort_keys=False,
                          width=100)
    return "".join(f"# {line}\n" for line in header.splitlines()) + body


def _fit(f: Fit | None) -> dict[str, Any] | None:
    return None if f is None else {"code": f.code, "name": f.name, "jaccard": f.jaccard}


def advice_json(advice: Advice, *, agreement: Sequence[Mapping[str, Any]] = (),
                lang: str = "nl") -> str:
    a = advice.analysis
    data = {
        "tool": f"cultuurregio {__version__}",
        "attribution": ATTRIBUTION,
        "registry": {"name": a.registry, "sha256": a.registry_sha256},
        "period": a.period,
        "reference_date": a.reference_date,
        "coverage_mode": a.coverage_mode,
        "boundaries": a.source,
        "sources_only": a.assumptions_left_out is not None,
        "min_inhabitants": advice.min_inhabitants,
        "uncovered": list(a.uncovered),
        "suggestions": [
            {
                "rank": s.rank,
                "kind": s.kind,
                "id": s.id,
                "name": s.name,
                "file": proposal_file(s),
                "municipalities": list(s.municipalities),
                "inhabitants": s.inhabitants,
                "white_spot": s.white_spot,
                "best_corop": _fit(s.corop),
                "best_ggd": _fit(s.ggd),
                "borders": s.borders,
                "same_corop": s.same_corop,
                "same_ggd": s.same_ggd,
                "below_minimum": s.below_minimum,
                "explanation": explain(s, advice, lang),
            }
            for s in advice.suggestions
        ],
        "agreement": list(agreement),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def advice_text(advice: Advice, *, agreement: Sequence[Mapping[str, Any]] = (),
                lang: str = "nl") -> str:
    a = advice.analysis
    national = a.totals["national"]
    lines = [text("adv_header", lang, k=counted(len(advice.suggestions), "suggestion", lang),
                  n=counted(national["municipalities"]["uncovered"], "uncovered", lang),
                  inh=number(national["inhabitants"]["uncovered"], lang),
                  registry=a.registry if a.period is None else f"{a.registry} ({a.period})",
                  mode=mode_label(a.coverage_mode, lang), date=a.reference_date,
                  min=number(advice.min_inhabitants, lang))]
    lines += [explain(s, advice, lang) for s in advice.suggestions]
    if agreement:
        lines.append(text("adv_agreement_heading", lang))
        lines += [text("adv_agreement", lang, name=g["name"], best=g["best_name"] or "-",
                       jaccard=decimal(g["jaccard"], lang, 2)) for g in agreement]
    return "\n".join(lines)
