"""The short text summary of an analysis that `analyse`, `kaart` and `rapport` print."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..analysis.coverage import Analysis
from ..messages import counted, mode_label, number, percent, source_line, text
from ..sources.documents import document_label

__all__ = ["analysis_summary", "registry_label"]


def registry_label(registry: str, period: str | None, lang: str) -> str:
    """The registry's name, with its period when it was narrowed to one."""
    return registry if period is None else text("period_label", lang, registry=registry,
                                                 period=period)


def analysis_summary(a: Analysis, *, written: Sequence[Path], lang: str = "nl") -> str:
    """Totals, doubles, landsdeel checks, the files written and the CBS source line."""
    national = a.totals["national"]
    n, inh = national["municipalities"], national["inhabitants"]
    names = a.by_code()
    pct = percent(inh["covered"] or 0, inh["all"], lang)
    lines = [
        text("sum_title", lang, registry=registry_label(a.registry, a.period, lang),
             mode=mode_label(a.coverage_mode, lang), date=a.reference_date),
        text("sum_total", lang, n=n["all"], inh=number(inh["all"], lang), regions=len(a.regions)),
        text("sum_bes", lang),
        text("sum_covered", lang, n=counted(n["covered"], "municipality", lang),
             inh=number(inh["covered"], lang), pct=pct),
        text("sum_uncovered", lang, n=counted(n["uncovered"], "municipality", lang),
             inh=number(inh["uncovered"], lang),
             clusters=counted(len(a.gap_clusters), "cluster", lang)),
        *_white_spot_lines(a, lang),
        *_assumption_lines(a, lang),
        *_covenant_lines(a, lang),
        *_partial_lines(a, lang),
        text("sum_double", lang, n=counted(n["double"], "municipality", lang), items=", ".join(
            f"{names[c].name} ({' + '.join(a.regions[x]['name'] for x in r)})"
            for c, r in a.double_memberships
        ) or "-"),
    ]
    for g in a.landsdelen.values():
        outside = g["outside_cbs_landsdeel"]
        items = ": " + ", ".join(names[c].name for c in outside) if outside else ""
        lines.append(text("sum_landsdeel", lang, name=g["name"],
                          n=counted(len(outside), "municipality", lang),
                          cbs=g["cbs_landsdeel_name"] or "?", items=items))
    if a.notes:
        lines.append(text("sum_notes", lang, n=len(a.notes)))
    lines.append(text("sum_written", lang, files=", ".join(str(p) for p in written)))
    lines.append(source_line(a.data, lang))
    return "\n".join(lines)


def _white_spot_lines(a: Analysis, lang: str) -> list[str]:
    names = a.by_code()
    lines = []
    for w in a.white_spots:
        water = text("ws_water", lang, names=", ".join(names[c].name for c in w.over_water)) \
            if w.over_water else ""
        lines.append(text("ws_line", lang, number=w.number, name=w.name,
                          n=counted(len(w.municipalities), "municipality", lang),
                          inh=number(w.inhabitants, lang),
                          water=water))
        lines += [text("ws_sub", lang, name=p.name,
                       n=counted(len(p.municipalities), "municipality", lang),
                       inh=number(p.inhabitants, lang)) for p in w.sub_areas]
    return lines


def _covenant_lines(a: Analysis, lang: str) -> list[str]:
    """Covenant status per period and source, as the registry records it (000)."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for r in a.regions.values():
        c = r.get("covenant")
        if c:
            groups.setdefault((c.get("periode", "-"), c.get("bron", "-")), []).append(
                {**c, "region": r["name"]})
    lines = []
    for (period, source), items in sorted(groups.items()):
        pending = [c["region"] for c in items if c["status"] != "gesloten"]
        lines.append(text("sum_covenants", lang, period=period,
                          source=document_label(source, lang) if source != "-" else source,
                          signed=len(items) - len(pending), pending=", ".join(pending) or "-"))
    return lines


def _partial_lines(a: Analysis, lang: str) -> list[str]:
    if a.theme is not None:
        return [text("sum_theme", lang, theme=a.theme)]
    partial = a.totals["partial"]
    if not partial["municipalities"]:
        return []
    return [text("sum_partial", lang, n=partial["municipalities"],
                 inh=number(partial["inhabitants"], lang))]


def _assumption_lines(a: Analysis, lang: str) -> list[str]:
    if a.assumptions_left_out is not None:
        return [text("sum_sources_only", lang,
                     n=counted(len(a.assumptions_left_out), "region", lang),
                     items=", ".join(a.assumptions_left_out) or "-")]
    assumed = a.totals["on_assumption"]
    if not assumed["municipalities"]:
        return []
    return [text("sum_on_assumption", lang, n=assumed["municipalities"],
                 inh=number(assumed["inhabitants"], lang))]
