"""Spatial contiguity: which areas are neighbours. Geometry in, plain pairs out.

Queen contiguity is decided by shared vertices, the rule libpysal's
`Graph.build_contiguity(rook=False)` uses by default. That rule suits CBS's generalised
boundaries, where neighbours share their border vertices but may overlap slightly rather
than touch (a strict `touches` test misses such pairs). A distance tolerance adds pairs
whose shapes lie within that many metres of each other, so that islands separated by a
narrow channel (Texel, 2 km from Den Helder) join the mainland.
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx
import numpy as np
import shapely

__all__ = ["DEFAULT_TOLERANCE_M", "adjacency_graph", "neighbour_pairs", "queen_pairs"]

# Gap clusters join areas closer than this across water. The official generalised
# boundaries put Texel 2.5-2.8 km from Den Helder (2018-2025) and Vlieland 2.5-2.6 km from
# Texel (2021-2025); Terschelling, Ameland and Schiermonnikoog stay 4.4 km or more apart.
DEFAULT_TOLERANCE_M = 3000.0


def queen_pairs(geometries: Sequence[shapely.Geometry] | np.ndarray) -> np.ndarray:
    """Pairs (i, j), i < j, of geometries that share at least one vertex; sorted, unique."""
    geoms = np.asarray(geometries, dtype=object)
    coords, owner = shapely.get_coordinates(geoms, return_index=True)
    if len(coords) == 0:
        return np.empty((0, 2), dtype=np.int64)
    # exact coordinates as one complex number each: a 1-D unique, much faster than rows
    _, vertex = np.unique(coords[:, 0] + 1j * coords[:, 1], return_inverse=True)
    vertex = vertex.ravel()
    # one (vertex, geometry) per key, ordered by vertex: 1-D keys sort far faster than rows
    n = len(geoms)
    keys = np.unique(vertex.astype(np.int64) * n + owner)
    v, g = keys // n, keys % n
    found = []
    for shift in range(1, len(keys)):
        same = v[shift:] == v[:-shift]
        if not same.any():
            break
        found.append(np.column_stack([g[:-shift][same], g[shift:][same]]))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    return _unique_pairs(np.concatenate(found), n)


def _unique_pairs(pairs: np.ndarray, n: int) -> np.ndarray:
    """Rows (i, j) ordered so that i < j, without duplicates, sorted; via 1-D keys."""
    low, high = np.minimum(pairs[:, 0], pairs[:, 1]), np.maximum(pairs[:, 0], pairs[:, 1])
    keys = np.unique(low.astype(np.int64) * n + high)
    return np.column_stack([keys // n, keys % n]).astype(np.int64)


def neighbour_pairs(
    geometries: Sequence[shapely.Geometry] | np.ndarray, *, tolerance: float = 0.0,
    queen: np.ndarray | None = None,
) -> np.ndarray:
    """Queen pairs (computed unless given) plus, when `tolerance` > 0, pairs within
    `tolerance` (CRS units)."""
    geoms = np.asarray(geometries, dtype=object)
    pairs = queen_pairs(geoms) if queen is None else queen
    if tolerance > 0 and len(geoms) > 1:
        tree = shapely.STRtree(geoms)
        left, right = tree.query(geoms, predicate="dwithin", distance=tolerance)
        near = np.column_stack([left, right])
        near = near[near[:, 0] != near[:, 1]]
        pairs = _unique_pairs(np.concatenate([pairs, near]), len(geoms))
    return pairs


def adjacency_graph(
    ids: Sequence[str], geometries: Sequence[shapely.Geometry] | np.ndarray,
    *, tolerance: float = DEFAULT_TOLERANCE_M,
) -> nx.Graph:
    """Graph on `ids`; edge attribute `queen` tells a shared vertex from mere nearness."""
    geoms = np.asarray(geometries, dtype=object)
    queen = queen_pairs(geoms)
    pairs = neighbour_pairs(geoms, tolerance=tolerance, queen=queen)
    # both arrays are sorted and unique: a pair is queen when it is found in `queen`
    keys = pairs[:, 0] * len(geoms) + pairs[:, 1]
    is_queen = np.isin(keys, queen[:, 0] * len(geoms) + queen[:, 1])
    G = nx.Graph()
    G.add_nodes_from(ids)
    G.add_edges_from(
        (ids[i], ids[j], {"queen": bool(q)})
        for (i, j), q in zip(pairs.tolist(), is_queen.tolist(), strict=True)
    )
    return G
