"""Coverage analysis on the membership graph: plain results, no geometry, no rendering.

Results are keyed by CBS code and sorted so that every output built from them is stable.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from itertools import combinations, islice
from typing import Any

import networkx as nx

from ..graph.contiguity import land_clusters
from ..graph.membership import MODES, coverage
from ..model.resolve import Model, Note, ResolvedRegion
from ..sources.registry import Claim

__all__ = [
    "LARGE_CLUSTER", "Analysis", "AreaPart", "MunicipalityResult", "WhiteSpot", "analyse",
    "known_sum", "overlap_graph", "rounded", "summarise", "uncovered_by", "white_spots",
]

# A white spot of more municipalities than this, spanning two or more COROP areas, is also
# shown split into sub-areas per COROP area.
LARGE_CLUSTER = 10


@dataclass(frozen=True)
class MunicipalityResult:
    code: str
    name: str
    province: str
    landsdeel: str
    inhabitants: float | None
    area_km2: float
    regions: tuple[str, ...]
    bases: Mapping[str, tuple[str, ...]]  # region id -> why it belongs
    corop: str | None = None
    ggd: str | None = None
    on_assumption: bool = False  # covered, but only through claims marked as assumptions
    partial: tuple[str, ...] = ()  # regions it takes part in for some themes only


@dataclass(frozen=True)
class AreaPart:
    """Part of a white spot lying in one division (province, COROP area), or a sub-area."""

    code: str
    name: str
    municipalities: tuple[str, ...]
    inhabitants: int | None


@dataclass(frozen=True)
class WhiteSpot:
    """A gap cluster as a policy unit: named after its COROP areas (up to three) or else its
    provinces, with its breakdown per province and COROP area."""

    number: int
    name: str
    named_after: str  # corop | province
    municipalities: tuple[str, ...]
    over_water: tuple[str, ...]  # islands joined across the water
    inhabitants: int | None
    area_km2: float
    provinces: tuple[AreaPart, ...]
    corop: tuple[AreaPart, ...]
    sub_areas: tuple[AreaPart, ...]  # large clusters only: connected parts per COROP area


@dataclass(frozen=True)
class Analysis:
    registry: str
    registry_sha256: str
    reference_date: str
    coverage_mode: str
    source: str
    tolerance_m: float
    municipalities: tuple[MunicipalityResult, ...]
    uncovered: tuple[str, ...]
    double_memberships: tuple[tuple[str, tuple[str, ...]], ...]
    gap_clusters: tuple[tuple[str, ...], ...]
    islands: tuple[str, ...]
    totals: Mapping[str, Any]
    regions: Mapping[str, Mapping[str, Any]]
    overlaps: tuple[Mapping[str, Any], ...]
    landsdelen: Mapping[str, Mapping[str, Any]]
    notes: tuple[Note, ...]
    division_names: Mapping[str, str]
    period: str | None = None
    white_spots: tuple[WhiteSpot, ...] = ()
    overlaps_omitted: int = 0  # (pair, municipality) entries beyond MAX_OVERLAP_ENTRIES
    assumptions_left_out: tuple[str, ...] | None = None  # regions changed; None: kept
    theme: str | None = None  # coverage asked for one programme line or theme
    data: Mapping[str, str | None] = field(default_factory=dict)  # CBS data and its dates


    def by_code(self) -> dict[str, MunicipalityResult]:
        return {m.code: m for m in self.municipalities}


# which claim each basis of a membership rests on (see graph.membership.BASES)
BASIS_CLAIM = {"listed": "leden", "province": "leden", "declared": "dekking"}


def _rests_on_assumption(region: ResolvedRegion, bases: Iterable[str]) -> bool:
    """True when the membership holds only through claims marked `aanname`."""
    def assumed(topic: str) -> bool:
        claim = region.claims.get(topic)
        return claim is not None and claim.assumption
    return assumed("regio") or all(assumed(BASIS_CLAIM[b]) for b in bases)


def known_sum(values: Iterable[float | None]) -> float | None:
    """Sum of the values that are known; None when none is."""
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def rounded(value: float | None) -> int | None:
    return None if value is None else round(value)


def summarise(rows: Iterable[MunicipalityResult]) -> dict[str, Any]:
    """Counts, inhabitants and area: all, covered, uncovered, and covered twice or more."""
    groups: dict[str, list[MunicipalityResult]] = {
        "all": [], "covered": [], "uncovered": [], "double": []
    }
    for row in rows:
        groups["all"].append(row)
        groups["covered" if row.regions else "uncovered"].append(row)
        if len(row.regions) > 1:
            groups["double"].append(row)

    def inhabitants(rs: list[MunicipalityResult]) -> int | None:
        known = [r.inhabitants for r in rs if r.inhabitants is not None]
        if not known and any(r.inhabitants is None for r in groups["all"]):
            return None
        return round(sum(known))

    return {
        "municipalities": {k: len(v) for k, v in groups.items()},
        "inhabitants": {k: inhabitants(v) for k, v in groups.items()},
        "area_km2": {k: round(sum(r.area_km2 for r in v), 2) for k, v in groups.items()},
    }


def uncovered_by(rows: Iterable[MunicipalityResult], key: Mapping[str, str]
                 ) -> tuple[Counter[str], Counter[str]]:
    """Uncovered municipalities and their inhabitants, counted per `key[code]` (a province,
    COROP area or other division of each municipality)."""
    count: Counter[str] = Counter()
    inhabitants: Counter[str] = Counter()
    for r in rows:
        if not r.regions:
            count[key[r.code]] += 1
            inhabitants[key[r.code]] += round(r.inhabitants or 0)
    return count, inhabitants


# Region overlaps list (pair, municipality) entries. k regions sharing one municipality make
# k*(k-1)/2 pairs: 1,000 regions all naming Amsterdam would be 499,500 pairs. Past this many
# entries the rest are counted, not listed (`region_overlaps_omitted`); real registries
# have a few dozen.
MAX_OVERLAP_ENTRIES = 20_000


def overlap_graph(cov: Mapping[str, tuple[str, ...]], *,
                  limit: int = MAX_OVERLAP_ENTRIES) -> nx.Graph:
    """Regions as nodes; an edge for every pair sharing municipalities, weighted by how many
    (attribute `municipalities` lists them). At most `limit` (pair, municipality) entries
    are made, in code order; `R.graph["omitted"]` counts the rest."""
    R = nx.Graph(omitted=0)
    budget = limit
    for code, regions in sorted(cov.items()):
        R.add_nodes_from(regions)
        pairs = len(regions) * (len(regions) - 1) // 2
        if pairs > budget:
            R.graph["omitted"] += pairs - budget
        for a, b in islice(combinations(regions, 2), min(pairs, budget)):
            if R.has_edge(a, b):
                R[a][b]["municipalities"].append(code)
                R[a][b]["weight"] += 1
            else:
                R.add_edge(a, b, municipalities=[code], weight=1)
        budget -= min(pairs, budget)
    return R


def analyse(
    G: nx.Graph,
    model: Model,
    adjacency: nx.Graph,
    *,
    mode: str = "declared",
    division_names: Mapping[str, str],
    tolerance_m: float,
    theme: str | None = None,
) -> Analysis:
    """Coverage of every municipality under `mode`, and everything derived from it."""
    cov = coverage(G, mode, theme)
    rows = tuple(_row(G, model, code, regions, MODES[mode]) for code, regions in cov.items())
    uncovered = tuple(r.code for r in rows if not r.regions)
    doubles = tuple((r.code, r.regions) for r in rows if len(r.regions) > 1)

    # Gap clusters: uncovered municipalities joined by land; islands across the water.
    spots = white_spots(adjacency, rows, uncovered, division_names)
    clusters = [w.municipalities for w in spots]
    has_queen = {n for u, v, q in adjacency.edges(data="queen") if q for n in (u, v)}
    islands = tuple(sorted(n for n in adjacency if n not in has_queen))

    assumed = [r for r in rows if r.on_assumption]
    partial = [r for r in rows if r.partial]
    totals = {
        "partial": {
            "municipalities": len(partial),
            "inhabitants": rounded(known_sum(r.inhabitants for r in partial)),
        },
        "national": summarise(rows),
        "on_assumption": {
            "municipalities": len(assumed),
            "inhabitants": rounded(known_sum(r.inhabitants for r in assumed)),
        },
        "provinces": _grouped(rows, "province", division_names),
        "landsdelen": _grouped(rows, "landsdeel", division_names),
    }

    members_of: dict[str, list[MunicipalityResult]] = {rid: [] for rid in model.regions}
    for r in rows:
        for rid in r.regions:
            members_of[rid].append(r)
    regions: dict[str, dict[str, Any]] = {}
    for rid, region in sorted(model.regions.items()):
        covered = members_of[rid]
        size = summarise(covered)
        regions[rid] = {
            "name": region.naam,
            "coverage_kind": region.coverage_kind,
            "listed": list(region.municipalities),
            "provinces": list(region.provinces),
            "partners": list(region.partners),
            "municipalities": [r.code for r in covered],
            "totals": size["municipalities"]["all"],
            "inhabitants": size["inhabitants"]["all"],
            "area_km2": size["area_km2"]["all"],
            "source": region.bron,
            "coverage_source": region.dekking_bron,
            "periods": list(region.perioden),
            "claims": {t: _claim_dict(c) for t, c in region.claims.items()},
            "rests_on_assumption": sorted(t for t, c in region.claims.items() if c.assumption),
            "covenant": dict(region.covenant) if region.covenant else None,
            "partial": {code: list(t) for code, t in sorted(region.partial.items())},
        }

    R = overlap_graph(cov)
    overlaps_omitted = R.graph["omitted"]
    overlaps = tuple(
        {"regions": sorted((a, b)), "weight": d["weight"], "municipalities": d["municipalities"]}
        for a, b, d in sorted(R.edges(data=True), key=lambda e: tuple(sorted(e[:2])))
    )

    landsdelen = {}
    for gid, grouping in sorted(model.groupings.items()):
        members = sorted({r.code for r in rows if set(r.regions) & set(grouping.regions)})
        cbs = grouping.cbs_landsdeel
        inside = {r.code for r in rows if r.landsdeel == cbs}
        landsdelen[gid] = {
            "name": grouping.naam,
            "regions": list(grouping.regions),
            "cbs_landsdeel": cbs,
            "cbs_landsdeel_name": division_names.get(cbs or "", None),
            "cbs_landsdeel_inferred": grouping.cbs_landsdeel_inferred,
            "municipalities": members,
            "outside_cbs_landsdeel": sorted(set(members) - inside) if cbs else [],
            "cbs_landsdeel_not_in_grouping": sorted(inside - set(members)) if cbs else [],
        }

    return Analysis(
        registry=model.registry,
        registry_sha256=model.registry_sha256,
        reference_date=model.reference_date,
        coverage_mode=mode,
        source=model.source,
        tolerance_m=tolerance_m,
        municipalities=rows,
        uncovered=uncovered,
        double_memberships=doubles,
        gap_clusters=tuple(clusters),
        islands=islands,
        totals=totals,
        regions=regions,
        overlaps=overlaps,
        overlaps_omitted=overlaps_omitted,
        landsdelen=landsdelen,
        notes=model.notes,
        division_names=dict(division_names),
        period=model.period,
        white_spots=spots,
        assumptions_left_out=model.assumptions_left_out,
        theme=theme,
        data=dict(model.data),
    )


def _claim_dict(claim: Claim) -> dict[str, str]:
    return {k: v for k, v in (("kind", claim.soort), ("source", claim.bron),
                              ("quote", claim.citaat), ("reasoning", claim.redenering),
                              ("note", claim.toelichting)) if v is not None}


def white_spots(
    adjacency: nx.Graph, rows: Iterable[MunicipalityResult], codes: Iterable[str],
    names: Mapping[str, str],
) -> tuple[WhiteSpot, ...]:
    """The clusters of `codes` (see `land_clusters`), named and broken down."""
    by_code = {r.code: r for r in rows}

    def part(code: str, name: str, members: Iterable[str]) -> AreaPart:
        members = tuple(sorted(members))
        return AreaPart(code, name, members,
                        rounded(known_sum(by_code[c].inhabitants for c in members)))

    def split(members: tuple[str, ...], attr: str) -> tuple[AreaPart, ...]:
        groups: dict[str, list[str]] = {}
        for c in members:
            key = getattr(by_code[c], attr)
            if key is not None:
                groups.setdefault(key, []).append(c)
        parts = [part(k, names.get(k, k), v) for k, v in groups.items()]
        return tuple(sorted(parts, key=lambda p: (-len(p.municipalities), p.name, p.code)))

    def biggest(members: Iterable[str]) -> str:
        top = max(members, key=lambda c: (by_code[c].inhabitants or 0, c))
        return by_code[top].name

    corop_size = Counter(r.corop for r in by_code.values())
    spots = []
    for number, (members, over_water) in enumerate(land_clusters(adjacency, codes), start=1):
        provinces, corop = split(members, "province"), split(members, "corop")
        if corop and len(corop) <= 3:
            named_after, name = "corop", ", ".join(p.name for p in corop)
            if len(corop) == 1 and len(members) < corop_size[corop[0].code]:
                name = f"{name} ({biggest(members)})"  # part of one COROP area: say which
        else:
            named_after, name = "province", ", ".join(p.name for p in provinces)
        sub_areas: list[AreaPart] = []
        if len(members) > LARGE_CLUSTER and len(corop) > 1:
            for area in corop:
                pieces = land_clusters(adjacency, area.municipalities)
                for piece, _ in pieces:
                    label = area.name if len(pieces) == 1 else f"{area.name} ({biggest(piece)})"
                    sub_areas.append(part(area.code, label, piece))
        spots.append(WhiteSpot(
            number=number, name=name, named_after=named_after, municipalities=members,
            over_water=over_water,
            inhabitants=rounded(known_sum(by_code[c].inhabitants for c in members)),
            area_km2=round(sum(by_code[c].area_km2 for c in members), 2),
            provinces=provinces, corop=corop, sub_areas=tuple(sub_areas),
        ))
    # two clusters with the same name: tell them apart by their largest municipality
    counts = Counter(w.name for w in spots)
    return tuple(
        w if counts[w.name] == 1 else replace(w, name=f"{w.name} ({biggest(w.municipalities)})")
        for w in spots
    )


def _row(G: nx.Graph, model: Model, code: str, regions: tuple[str, ...],
         accepted: frozenset[str]) -> MunicipalityResult:
    node = G.nodes[code]
    on_assumption = bool(regions) and all(
        _rests_on_assumption(model.regions[rid],
                             [b for b in G[code][rid]["bases"] if b in accepted])
        for rid in regions
    )
    return MunicipalityResult(
        code=code,
        name=node["name"],
        province=node["province"],
        landsdeel=node["landsdeel"],
        inhabitants=node["inhabitants"],
        area_km2=node["area_km2"],
        regions=regions,
        bases={rid: G[code][rid]["bases"] for rid in regions},
        corop=node.get("corop"),
        ggd=node.get("ggd"),
        on_assumption=on_assumption,
        partial=tuple(rid for rid in regions if G[code][rid].get("themes") is not None),
    )


def _grouped(
    rows: tuple[MunicipalityResult, ...], attr: str, names: Mapping[str, str]
) -> dict[str, dict[str, Any]]:
    # one pass over the rows (not one per key: provinces x municipalities)
    groups: dict[str, list[MunicipalityResult]] = {}
    for r in rows:
        groups.setdefault(getattr(r, attr), []).append(r)
    return {key: {"name": names.get(key, key), **summarise(groups[key])}
            for key in sorted(groups)}
