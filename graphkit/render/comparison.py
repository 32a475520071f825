"""Renderers for a comparison: a summary for the terminal, vergelijk.json, and the classes
of the change map."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .. import __version__
from ..analysis.compare import CHANGE_CLASSES, Comparison
from ..analysis.coverage import Analysis, known_sum, rounded
from ..messages import counted, mode_label, number, percent, source_line, text
from ..model.resolve import Note
from .palette import CHANGE_COLORS
from .tables import ATTRIBUTION

__all__ = ["CHANGE_COLORS", "change_classes", "comparison_json", "comparison_text"]



def _names(c: Comparison, codes: tuple[str, ...]) -> str:
    rows = c.b.by_code()
    return ", ".join(rows[x].name for x in codes)


def _per_division(rows: Mapping[str, Mapping[str, Any]], field: str) -> str:
    """"Zuid-Holland 5; Utrecht 1": the divisions where `field` is not zero."""
    return "; ".join(f"{v['name']} {v[field]}" for v in rows.values() if v[field]) or "-"


def comparison_text(c: Comparison, *, lang: str = "nl") -> str:
    """The comparison in a few lines, with numbers. Gains and losses are gross figures, each
    broken down per province and per COROP area; the breakdowns add up to the totals."""
    rows_a, rows_b = c.a.by_code(), c.b.by_code()
    ta, tb = c.a.totals["national"], c.b.totals["national"]
    gained_inh = round(sum(rows_b[x].inhabitants or 0 for x in c.gained))
    lost_inh = round(sum(rows_a[x].inhabitants or 0 for x in c.lost))
    corop_changes = "; ".join(f"{v['name']} +{v['gained']} / -{v['lost']}"
                              for v in c.remaining_by_corop.values()
                              if v["gained"] or v["lost"]) or "-"
    remaining = [f"{v['name']} {v['after']}" for v in c.remaining_by_corop.values()
                 if v["after"]]
    members = [text("cmp_member_item", lang, region=c.b.regions.get(rid, c.a.regions[rid])["name"],
                    joined=len(c.joined.get(rid, ())), left=len(c.left.get(rid, ())))
               for rid in sorted(set(c.joined) | set(c.left))]
    lines = [
        text("cmp_title", lang, a=c.a_label, b=c.b_label, mode=mode_label(c.b.coverage_mode, lang),
             date=c.b.reference_date),
        text("cmp_regions", lang, na=len(c.a.regions), nb=len(c.b.regions),
             added=_region_names(c.b, c.regions_added),
             removed=_region_names(c.a, c.regions_removed),
             renamed=", ".join(f"{x} → {y}" for _, x, y in c.regions_renamed) or "-"),
        text("cmp_members", lang, items="; ".join(members) or "-"),
        text("cmp_coverage", lang, nb_=ta["municipalities"]["covered"],
             na_=tb["municipalities"]["covered"],
             pb=percent(ta["inhabitants"]["covered"], ta["inhabitants"]["all"], lang),
             pa=percent(tb["inhabitants"]["covered"], tb["inhabitants"]["all"], lang)),
        text("cmp_gained", lang, n=counted(len(c.gained), "municipality", lang),
             inh=number(gained_inh, lang),
             where=_per_division(c.remaining_by_province, "gained")),
        text("cmp_lost", lang, n=counted(len(c.lost), "municipality", lang),
             inh=number(lost_inh, lang),
             items=f" ({_names(c, c.lost)})" if c.lost else "",
             where=_per_division(c.remaining_by_province, "lost")),
    ]
    if c.remaining_by_corop:
        lines.append(text("cmp_by_corop", lang, where=corop_changes))
    lines += [
        text("cmp_doubles", lang, nb_=ta["municipalities"]["double"],
             na_=tb["municipalities"]["double"], appeared=len(c.doubles_appeared),
             disappeared=len(c.doubles_disappeared)),
        text("cmp_remaining", lang, n=counted(tb["municipalities"]["uncovered"], "municipality",
                                              lang),
             inh=number(tb["inhabitants"]["uncovered"], lang),
             where="; ".join(remaining) or "-"),
    ]
    merged = merger_notes(c)
    if merged:
        lines.append(text("cmp_mergers", lang, date=c.b.reference_date, n=len(merged),
                          items="; ".join(n.message.render(lang) for n in merged)))
    lines.append(source_line(c.b.data, lang))
    return "\n".join(lines)


def merger_notes(c: Comparison) -> list[Note]:
    """Names on either side that were mapped to their successor on the common date (merged
    or divided municipalities), once each."""
    seen: dict[tuple[str, str], Note] = {}
    for note in (*c.a.notes, *c.b.notes):
        if note.reason == "merged":
            seen.setdefault((note.written, note.code), note)
    return sorted(seen.values(), key=lambda n: (n.written, n.code))


def _region_names(a: Analysis, ids: tuple[str, ...]) -> str:
    return ", ".join(a.regions[r]["name"] for r in ids) or "-"


def change_classes(c: Comparison, lang: str) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """Per municipality its change class, and the legend of the change map."""
    klass = c.change_class()
    rows = c.b.by_code()
    classes = {}
    for k in CHANGE_CLASSES:
        members = [x for x, v in klass.items() if v == k]
        classes[k] = {"label": text(f"cmp_class_{k}", lang), "color": CHANGE_COLORS[k],
                      "count": len(members),
                      # no members: none, not unknown (issue 12 saw "onbekend inwoners")
                      "inhabitants": rounded(known_sum(rows[x].inhabitants for x in members))
                      if members else 0}
    return klass, classes


def comparison_json(c: Comparison, *, lang: str = "nl") -> str:
    rows_a, rows_b = c.a.by_code(), c.b.by_code()
    data = {
        "tool": f"cultuurregio {__version__}",
        "attribution": ATTRIBUTION,
        "a": {"label": c.a_label, "registry": c.a.registry, "period": c.a.period},
        "b": {"label": c.b_label, "registry": c.b.registry, "period": c.b.period},
        "reference_date": c.b.reference_date,
        "coverage_mode": c.b.coverage_mode,
        "boundaries": c.b.source,
        "data": dict(c.b.data),
        "mergers": [{"written": n.written, "code": n.code, "name": n.name,
                     "message": n.message.render(lang)} for n in merger_notes(c)],
        "regions_added": list(c.regions_added),
        "regions_removed": list(c.regions_removed),
        "regions_renamed": [{"id": r, "a": x, "b": y} for r, x, y in c.regions_renamed],
        "joined": {r: list(v) for r, v in c.joined.items()},
        "left": {r: list(v) for r, v in c.left.items()},
        "gained": list(c.gained),
        "lost": list(c.lost),
        "gained_inhabitants": round(sum(rows_b[x].inhabitants or 0 for x in c.gained)),
        "lost_inhabitants": round(sum(rows_a[x].inhabitants or 0 for x in c.lost)),
        "doubles_appeared": [{"code": x, "regions": list(rows_b[x].regions)}
                             for x in c.doubles_appeared],
        "doubles_disappeared": [{"code": x, "regions": list(rows_a[x].regions)}
                                for x in c.doubles_disappeared],
        "totals": {"before": c.a.totals["national"], "after": c.b.totals["national"]},
        "by_province": c.by_province,
        "by_landsdeel": c.by_landsdeel,
        "remaining_by_province": c.remaining_by_province,
        "remaining_by_corop": c.remaining_by_corop,
        "uncovered_after": list(c.b.uncovered),
        "change": c.change_class(),
    }
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
