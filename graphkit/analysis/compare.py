"""Comparison of two registries or periods on one reference date: plain results.

Both sides are resolved against the same CBS reference, so lists written in different
years are compared on the same municipalities (mergers applied and noted).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..model.resolve import Model
from .coverage import Analysis, uncovered_by
from .pipeline import Context, analyse_model

__all__ = [
    "CHANGE_CLASSES", "MODES_ORDER", "Comparison", "Sensitivity", "compare", "mode_sensitivity",
    "remaining_by",
]

CHANGE_CLASSES = ("gewonnen", "verloren", "gedekt", "niet")  # gained, lost, both, neither


@dataclass(frozen=True)
class Comparison:
    a: Analysis
    b: Analysis
    a_label: str
    b_label: str
    regions_added: tuple[str, ...]
    regions_removed: tuple[str, ...]
    regions_renamed: tuple[tuple[str, str, str], ...]  # id, name in A, name in B
    joined: Mapping[str, tuple[str, ...]]  # region id -> municipalities that joined it
    left: Mapping[str, tuple[str, ...]]  # region id -> municipalities that left it
    gained: tuple[str, ...]  # municipalities covered in B, not in A
    lost: tuple[str, ...]
    doubles_appeared: tuple[str, ...]
    doubles_disappeared: tuple[str, ...]
    by_province: Mapping[str, Mapping[str, Any]]
    by_landsdeel: Mapping[str, Mapping[str, Any]]
    remaining_by_province: Mapping[str, Mapping[str, Any]]
    remaining_by_corop: Mapping[str, Mapping[str, Any]]

    def change_class(self) -> dict[str, str]:
        """Per municipality: gewonnen, verloren, gedekt (both) or niet (neither)."""
        gained, lost = set(self.gained), set(self.lost)
        out = {}
        for row in self.b.municipalities:
            if row.code in gained:
                out[row.code] = "gewonnen"
            elif row.code in lost:
                out[row.code] = "verloren"
            else:
                out[row.code] = "gedekt" if row.regions else "niet"
        return out


def remaining_by(context: Context, a: Analysis, b: Analysis, column: str,
                 names: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """Per division: uncovered municipalities and inhabitants in A and in B, and the gross
    change between them: municipalities that gained coverage and those that lost it.

    `before - after == gained - lost` in every division, and the gains and losses of all
    divisions add up to the national ones (a net figure alone hides a loss behind a gain).
    """
    key = context.reference.municipalities[column].to_dict()
    na, ia = uncovered_by(a.municipalities, key)
    nb, ib = uncovered_by(b.municipalities, key)
    rows_a = a.by_code()
    gained: Counter[str] = Counter()
    lost: Counter[str] = Counter()
    gained_inh: Counter[str] = Counter()
    lost_inh: Counter[str] = Counter()
    for row in b.municipalities:
        before = rows_a[row.code].regions
        if row.regions and not before:
            gained[key[row.code]] += 1
            gained_inh[key[row.code]] += round(row.inhabitants or 0)
        elif before and not row.regions:
            lost[key[row.code]] += 1
            lost_inh[key[row.code]] += round(rows_a[row.code].inhabitants or 0)
    return {
        k: {"name": names.get(k, k), "before": na[k], "after": nb[k],
            "inhabitants_before": ia[k], "inhabitants_after": ib[k],
            "gained": gained[k], "lost": lost[k],
            "inhabitants_gained": gained_inh[k], "inhabitants_lost": lost_inh[k]}
        for k in sorted(set(na) | set(nb) | set(gained) | set(lost))
    }


def compare(context: Context, a: Analysis, b: Analysis, *, a_label: str,
            b_label: str) -> Comparison:
    """What changed from A to B: regions, memberships, coverage, doubles, totals."""
    ra, rb = a.by_code(), b.by_code()
    common = sorted(set(a.regions) & set(b.regions))
    joined, left = {}, {}
    for rid in common:
        before = set(a.regions[rid]["municipalities"])
        after = set(b.regions[rid]["municipalities"])
        if after - before:
            joined[rid] = tuple(sorted(after - before))
        if before - after:
            left[rid] = tuple(sorted(before - after))

    def scoped(scope: str) -> dict[str, dict[str, Any]]:
        keys = sorted(set(a.totals[scope]) | set(b.totals[scope]))
        return {k: {"name": (b.totals[scope].get(k) or a.totals[scope][k])["name"],
                    "before": a.totals[scope].get(k), "after": b.totals[scope].get(k)}
                for k in keys}

    corop = context.reference.corop
    return Comparison(
        a=a, b=b, a_label=a_label, b_label=b_label,
        regions_added=tuple(sorted(set(b.regions) - set(a.regions))),
        regions_removed=tuple(sorted(set(a.regions) - set(b.regions))),
        regions_renamed=tuple(
            (rid, a.regions[rid]["name"], b.regions[rid]["name"]) for rid in common
            if a.regions[rid]["name"] != b.regions[rid]["name"]
        ),
        joined=joined, left=left,
        gained=tuple(c for c in rb if rb[c].regions and not ra[c].regions),
        lost=tuple(c for c in rb if ra[c].regions and not rb[c].regions),
        doubles_appeared=tuple(c for c in rb if len(rb[c].regions) > 1 >= len(ra[c].regions)),
        doubles_disappeared=tuple(c for c in rb
                                  if len(ra[c].regions) > 1 >= len(rb[c].regions)),
        by_province=scoped("provinces"),
        by_landsdeel=scoped("landsdelen"),
        remaining_by_province=remaining_by(context, a, b, "province", context.division_names),
        remaining_by_corop=remaining_by(context, a, b, "corop", corop["name"].to_dict())
        if corop is not None else {},
    )


MODES_ORDER = ("listed", "declared", "provinces")


@dataclass(frozen=True)
class Sensitivity:
    """The same registry under each coverage mode, and every municipality whose regions
    differ between modes."""

    analyses: Mapping[str, Analysis]
    changed: tuple[Mapping[str, Any], ...]  # code, name, province, regions per mode

    def totals(self) -> dict[str, Mapping[str, Any]]:
        return {mode: a.totals["national"] for mode, a in self.analyses.items()}


def mode_sensitivity(context: Context, model: Model) -> Sensitivity:
    analyses = {mode: analyse_model(context, model, mode=mode).analysis for mode in MODES_ORDER}
    rows = {mode: a.by_code() for mode, a in analyses.items()}
    first = rows[MODES_ORDER[0]]
    changed = []
    for code in first:
        per_mode = {mode: rows[mode][code].regions for mode in MODES_ORDER}
        if len(set(per_mode.values())) > 1:
            changed.append({
                "code": code, "name": first[code].name, "province": first[code].province,
                "inhabitants": first[code].inhabitants,
                "regions": {m: list(r) for m, r in per_mode.items()},
            })
    return Sensitivity(analyses, tuple(changed))
