"""The membership graph (networkx only; no geometry).

Data contract, checked in one place (`check_graph`):

* nodes are CBS codes and registry ids; attribute `kind` is one of
  `gemeente` (CBS code ``GM....``, `bipartite=0`; attributes name, province, landsdeel,
  corop and ggd codes or None, inhabitants, area_km2), `regio` (registry id, `bipartite=1`),
  `provincie` (``PV..``) and `landsdeel` (registry id of a grouping);
* gemeente–regio edges (`kind="lid"`) carry `bases`, a sorted tuple of why the
  municipality belongs to the region: `listed` (named as member), `province` (lies in a
  member province), `declared` (lies in the region's declared territory);
* regio–landsdeel edges have `kind="groep"`; gemeente–provincie edges `kind="ligging"`;
  regio–provincie edges `kind="provincielid"` (the province is a member).

The gemeente–regio subgraph is bipartite; coverage under a mode counts the lid-edges
whose bases the mode accepts.
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx
import pandas as pd

from ..model.resolve import Model

__all__ = [
    "BASES",
    "MODES",
    "build_graph",
    "check_graph",
    "coverage",
    "membership_graph",
    "regions_of",
]

BASES = ("listed", "province", "declared")
MODES: Mapping[str, frozenset[str]] = {
    "listed": frozenset({"listed"}),
    "provinces": frozenset({"listed", "province"}),
    "declared": frozenset({"listed", "declared"}),
}


def build_graph(model: Model, municipalities: pd.DataFrame) -> nx.Graph:
    """Graph of municipalities, regions, provinces and landsdeel groupings.

    `municipalities` is indexed by CBS code with columns name, province, landsdeel,
    inhabitants and area_km2 (the geometry, if any, is ignored).
    """
    G = nx.Graph(registry=model.registry, reference_date=model.reference_date)
    table = municipalities.sort_index()
    codes = table.index.tolist()
    provinces = table["province"].tolist()
    # COROP area and GGD region when the CBS data has them (functional divisions)
    corop, ggd = (table[c].tolist() if c in table else [None] * len(codes)
                  for c in ("corop", "ggd"))
    G.add_nodes_from(
        (code, {"kind": "gemeente", "bipartite": 0, "name": name, "province": province,
                "landsdeel": landsdeel, "inhabitants": None if pd.isna(inh) else float(inh),
                "area_km2": float(area), "corop": _code(cr), "ggd": _code(gg)})
        for code, name, province, landsdeel, inh, area, cr, gg in zip(
            codes, table["name"].tolist(), provinces, table["landsdeel"].tolist(),
            table["inhabitants"].tolist(), table["area_km2"].tolist(), corop, ggd, strict=True,
        )
    )
    G.add_nodes_from(set(provinces), kind="provincie")
    G.add_edges_from(zip(codes, provinces, strict=True), kind="ligging")

    by_province: dict[str, list[str]] = {}
    for code, province in zip(codes, provinces, strict=True):
        by_province.setdefault(province, []).append(code)

    for rid, region in sorted(model.regions.items()):
        G.add_node(rid, kind="regio", bipartite=1, name=region.naam,
                   coverage_kind=region.coverage_kind)
        bases: dict[str, set[str]] = {}
        for code in region.municipalities:
            bases.setdefault(code, set()).add("listed")
        for province in region.provinces:
            G.add_node(province, kind="provincie")
            G.add_edge(rid, province, kind="provincielid")
            for code in by_province.get(province, []):
                bases.setdefault(code, set()).add("province")
        if region.coverage_kind != "leden":
            for code in region.declared:
                bases.setdefault(code, set()).add("declared")
        G.add_edges_from(
            (code, rid, {"kind": "lid", "bases": tuple(b for b in BASES if b in why)})
            for code, why in sorted(bases.items())
        )

    for gid, grouping in sorted(model.groupings.items()):
        G.add_node(gid, kind="landsdeel", name=grouping.naam,
                   cbs_landsdeel=grouping.cbs_landsdeel)
        for rid in grouping.regions:
            G.add_edge(rid, gid, kind="groep")
    check_graph(G)
    return G


def _code(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def check_graph(G: nx.Graph) -> None:
    """Raise ValueError when `G` breaks the data contract in the module docstring."""
    kinds = {"gemeente", "regio", "provincie", "landsdeel"}
    allowed = {
        frozenset({"gemeente", "regio"}): "lid",
        frozenset({"regio", "landsdeel"}): "groep",
        frozenset({"gemeente", "provincie"}): "ligging",
        frozenset({"regio", "provincie"}): "provincielid",
    }
    for node, data in G.nodes(data=True):
        if data.get("kind") not in kinds:
            raise ValueError(f"node {node!r} has no valid kind")
        if data["kind"] == "gemeente" and not str(node).startswith("GM"):
            raise ValueError(f"municipality node {node!r} is not a CBS code")
    for u, v, data in G.edges(data=True):
        pair = frozenset({G.nodes[u]["kind"], G.nodes[v]["kind"]})
        if allowed.get(pair) != data.get("kind"):
            raise ValueError(f"edge {u!r}-{v!r} of kind {data.get('kind')!r} breaks the contract")
        if data["kind"] == "lid" and (
            not data.get("bases") or not set(data["bases"]) <= set(BASES)
        ):
            raise ValueError(f"membership edge {u!r}-{v!r} has no valid bases")


def _accepts(mode: str) -> frozenset[str]:
    try:
        return MODES[mode]
    except KeyError:
        raise ValueError(
            f"coverage mode {mode!r} is not supported. Use {', '.join(MODES)}."
        ) from None


def regions_of(G: nx.Graph, code: str, mode: str) -> tuple[str, ...]:
    """Sorted ids of the regions covering municipality `code` under `mode`."""
    accepted = _accepts(mode)
    return tuple(sorted(
        other for other, data in G[code].items()
        if data["kind"] == "lid" and accepted.intersection(data["bases"])
    ))


def coverage(G: nx.Graph, mode: str) -> dict[str, tuple[str, ...]]:
    """Municipality code -> sorted ids of its regions under `mode`, for every municipality."""
    _accepts(mode)
    return {
        code: regions_of(G, code, mode)
        for code in sorted(n for n, k in G.nodes(data="kind") if k == "gemeente")
    }


def membership_graph(G: nx.Graph, mode: str) -> nx.Graph:
    """The bipartite municipality–region graph of the memberships `mode` accepts."""
    accepted = _accepts(mode)
    B = nx.Graph()
    B.add_nodes_from((n, d) for n, d in G.nodes(data=True) if d["kind"] in ("gemeente", "regio"))
    B.add_edges_from(
        (u, v, d) for u, v, d in G.edges(data=True)
        if d["kind"] == "lid" and accepted.intersection(d["bases"])
    )
    return B
