"""Advice: how to close the white spots that remain under a period and coverage mode.

Built on the contiguity graph (networkx) and the analysis results, no geometry:

1. Each white spot (land-joined cluster of uncovered municipalities, islands attached across
   the water) is cut into *seeds*: its connected parts within one COROP area.
2. A seed below the minimum size merges with the neighbouring seed of the same cluster it
   fits best: most land borders between municipalities of the same GGD region, then of the
   same COROP area, then most borders. Smallest seeds merge first.
3. A seed that reaches the minimum is proposed as a new region. A seed still too small has
   no neighbouring seed left: it goes to the adjacent existing region it fits best (land
   borders with the region's municipalities, counting double where COROP area or GGD region
   is shared). With no region beside it either, it is proposed on its own, marked small.

Every step is sorted, so the same inputs give the same advice. New regions consist of
uncovered municipalities only, so they overlap no existing region.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from .coverage import Analysis, MunicipalityResult, known_sum, rounded

__all__ = ["DEFAULT_MIN_INHABITANTS", "Advice", "Fit", "Suggestion", "advise", "agreement"]

DEFAULT_MIN_INHABITANTS = 100_000


@dataclass(frozen=True)
class Fit:
    """The best-matching area of one functional division, by Jaccard index."""

    code: str
    name: str
    jaccard: float


@dataclass(frozen=True)
class Suggestion:
    rank: int
    kind: str  # nieuw (a new region) | uitbreiding (added to an existing region)
    id: str  # the proposal's region id: new, or the existing region's
    name: str
    municipalities: tuple[str, ...]  # the uncovered municipalities it covers
    inhabitants: int | None
    white_spot: int  # number of the white spot they come from
    corop: Fit | None
    ggd: Fit | None
    borders: int = 0  # extension: land borders with the region's municipalities
    same_corop: int = 0  # ... of which with a municipality in the same COROP area
    same_ggd: int = 0  # ... of which with a municipality in the same GGD region
    below_minimum: bool = False


@dataclass(frozen=True)
class Advice:
    analysis: Analysis
    min_inhabitants: int
    suggestions: tuple[Suggestion, ...]

    def covered(self) -> tuple[str, ...]:
        return tuple(sorted(c for s in self.suggestions for c in s.municipalities))


def _land_graph(adjacency: nx.Graph, members: Iterable[str], over_water: Iterable[str]
                ) -> nx.Graph:
    """The cluster as a graph: land borders, plus each island's tolerance edges."""
    members = set(members)
    islands = set(over_water)
    C = nx.Graph()
    C.add_nodes_from(sorted(members))
    C.add_edges_from(
        (u, v) for u, v, q in adjacency.subgraph(members).edges(data="queen")
        if q or u in islands or v in islands
    )
    return C


def _inhabitants(rows: Mapping[str, MunicipalityResult], codes: Iterable[str]) -> int:
    return rounded(known_sum(rows[c].inhabitants for c in codes)) or 0


def _seeds(C: nx.Graph, rows: Mapping[str, MunicipalityResult]) -> list[frozenset[str]]:
    """Connected parts of the cluster within one COROP area (province when unknown)."""
    groups: dict[str, list[str]] = {}
    for code in C:
        groups.setdefault(rows[code].corop or rows[code].province, []).append(code)
    seeds = []
    for _, codes in sorted(groups.items()):
        seeds += [frozenset(c) for c in nx.connected_components(C.subgraph(codes))]
    return sorted(seeds, key=min)


def _pair_score(C: nx.Graph, rows: Mapping[str, MunicipalityResult], a: frozenset[str],
                b: frozenset[str]) -> tuple[int, int, int]:
    edges = [(u, v) for u in sorted(a) for v in C[u] if v in b]
    return (sum(rows[u].ggd is not None and rows[u].ggd == rows[v].ggd for u, v in edges),
            sum(rows[u].corop is not None and rows[u].corop == rows[v].corop for u, v in edges),
            len(edges))


def _merge_small(C: nx.Graph, rows: Mapping[str, MunicipalityResult],
                 seeds: list[frozenset[str]], minimum: int) -> list[frozenset[str]]:
    seeds = list(seeds)
    while True:
        small = sorted((s for s in seeds if _inhabitants(rows, s) < minimum),
                       key=lambda s: (_inhabitants(rows, s), min(s)))
        for seed in small:
            options = [o for o in seeds if o is not seed and _pair_score(C, rows, seed, o)[2]]
            if options:
                best = max(options, key=lambda o: (*_pair_score(C, rows, seed, o),
                                                   -_inhabitants(rows, o), min(o)))
                seeds = [s for s in seeds if s is not seed and s is not best] + [seed | best]
                seeds.sort(key=min)
                break
        else:
            return seeds


def _jaccard_best(members: frozenset[str], rows: Mapping[str, MunicipalityResult],
                  attr: str, names: Mapping[str, str]) -> Fit | None:
    areas: dict[str, set[str]] = {}
    for code, row in rows.items():
        key = getattr(row, attr)
        if key is not None:
            areas.setdefault(key, set()).add(code)
    best: Fit | None = None
    for key, area in sorted(areas.items()):
        score = round(len(members & area) / len(members | area), 3)
        if best is None or score > best.jaccard:
            best = Fit(key, names.get(key, key), score)
    return best if best is not None and best.jaccard > 0 else None


def _slug(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:40].strip("-") or "gebied"


def _extension(rows: Mapping[str, MunicipalityResult], adjacency: nx.Graph,
               seed: frozenset[str], regions: Mapping[str, Mapping]
               ) -> tuple[str, tuple[int, int, int]] | None:
    """The adjacent existing region the seed fits best, with (borders, corop, ggd)."""
    score: dict[str, list[int]] = {}
    for code in sorted(seed):
        for other, d in adjacency[code].items():
            if not d["queen"] or other in seed:
                continue
            for rid in rows[other].regions:
                s = score.setdefault(rid, [0, 0, 0])
                s[0] += 1
                s[1] += rows[code].corop is not None and rows[code].corop == rows[other].corop
                s[2] += rows[code].ggd is not None and rows[code].ggd == rows[other].ggd
    if not score:
        return None
    rid = max(sorted(score), key=lambda r: (score[r][1] + score[r][2], score[r][0]))
    return rid, (score[rid][0], score[rid][1], score[rid][2])


def advise(analysis: Analysis, adjacency: nx.Graph, *,
           min_inhabitants: int = DEFAULT_MIN_INHABITANTS) -> Advice:
    """Suggestions that together cover every uncovered municipality of `analysis`."""
    rows = analysis.by_code()
    names = analysis.division_names
    found: list[Suggestion] = []
    for spot in analysis.white_spots:
        C = _land_graph(adjacency, spot.municipalities, spot.over_water)
        for seed in _merge_small(C, rows, _seeds(C, rows), min_inhabitants):
            inh = _inhabitants(rows, seed)
            corop = _jaccard_best(seed, rows, "corop", names)
            ggd = _jaccard_best(seed, rows, "ggd", names)
            codes = tuple(sorted(seed))
            extension = _extension(rows, adjacency, seed, analysis.regions) \
                if inh < min_inhabitants else None
            if extension is not None:
                rid, (borders, same_corop, same_ggd) = extension
                found.append(Suggestion(
                    rank=0, kind="uitbreiding", id=rid, name=analysis.regions[rid]["name"],
                    municipalities=codes, inhabitants=inh, white_spot=spot.number,
                    corop=corop, ggd=ggd, borders=borders, same_corop=same_corop,
                    same_ggd=same_ggd,
                ))
                continue
            found.append(Suggestion(
                rank=0, kind="nieuw", id="", name=_region_name(seed, rows, names),
                municipalities=codes, inhabitants=inh, white_spot=spot.number, corop=corop,
                ggd=ggd, below_minimum=inh < min_inhabitants,
            ))
    found = _merge_extensions(found, rows, names)
    return Advice(analysis, min_inhabitants, _ranked(found, analysis, rows))


def _merge_extensions(found: list[Suggestion], rows: Mapping[str, MunicipalityResult],
                      names: Mapping[str, str]) -> list[Suggestion]:
    """One extension per existing region, even when fragments of several spots join it."""
    by_region: dict[str, list[Suggestion]] = {}
    out = []
    for s in found:
        if s.kind == "uitbreiding":
            by_region.setdefault(s.id, []).append(s)
        else:
            out.append(s)
    for _, parts in sorted(by_region.items()):
        codes = frozenset(c for p in parts for c in p.municipalities)
        first = parts[0]
        out.append(Suggestion(
            rank=0, kind="uitbreiding", id=first.id, name=first.name,
            municipalities=tuple(sorted(codes)), inhabitants=_inhabitants(rows, codes),
            white_spot=min(p.white_spot for p in parts),
            corop=_jaccard_best(codes, rows, "corop", names),
            ggd=_jaccard_best(codes, rows, "ggd", names),
            borders=sum(p.borders for p in parts), same_corop=sum(p.same_corop for p in parts),
            same_ggd=sum(p.same_ggd for p in parts),
        ))
    return out


def _region_name(seed: frozenset[str], rows: Mapping[str, MunicipalityResult],
                 names: Mapping[str, str]) -> str:
    """Named after its COROP areas (most members first); 'part of' one says which part."""
    counts = Counter(rows[c].corop or rows[c].province for c in seed)
    parts = sorted(counts, key=lambda k: (-counts[k], names.get(k, k)))
    name = " / ".join(names.get(k, k) for k in parts[:3])
    whole = {k: sum(1 for r in rows.values() if (r.corop or r.province) == k) for k in parts}
    if len(parts) == 1 and counts[parts[0]] < whole[parts[0]]:
        top = max(seed, key=lambda c: (rows[c].inhabitants or 0, c))
        name = f"{name} ({rows[top].name})"
    return name


def _ranked(found: list[Suggestion], analysis: Analysis,
            rows: Mapping[str, MunicipalityResult]) -> tuple[Suggestion, ...]:
    """Most inhabitants first; new regions get unique ids `advies-<name>`."""
    order = sorted(found, key=lambda s: (-(s.inhabitants or 0), s.municipalities[0]))
    taken = set(analysis.regions)
    out = []
    for rank, s in enumerate(order, start=1):
        sid = s.id
        if s.kind == "nieuw":
            base = sid = f"advies-{_slug(s.name)}"
            n = 2
            while sid in taken:
                sid, n = f"{base}-{n}", n + 1
            taken.add(sid)
        out.append(Suggestion(**{**s.__dict__, "rank": rank, "id": sid}))
    return tuple(out)


def agreement(advice: Advice, regions: Mapping[str, tuple[str, Iterable[str]]]
              ) -> list[dict[str, object]]:
    """For each given region (id -> (name, municipality codes)), the suggestion that
    matches it best (Jaccard index on municipalities)."""
    out: list[dict[str, object]] = []
    for rid, (name, codes) in sorted(regions.items()):
        members = set(codes)
        best, score = None, 0.0
        for s in advice.suggestions:
            mine = set(s.municipalities)
            j = len(members & mine) / len(members | mine) if members | mine else 0.0
            if j > score:
                best, score = s, j
        out.append({"id": rid, "name": name, "municipalities": len(members),
                    "best": best.id if best else None, "best_name": best.name if best else None,
                    "jaccard": round(score, 3)})
    return out
