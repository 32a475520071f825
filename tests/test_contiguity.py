"""Contiguity: shared-vertex queen rule, equal to libpysal's, plus a distance tolerance."""

from __future__ import annotations

import numpy as np
import pytest
from libpysal.graph import Graph
from shapely.geometry import Polygon, box

from cultuurregio.graph.contiguity import (
    DEFAULT_TOLERANCE_M,
    adjacency_graph,
    neighbour_pairs,
    queen_pairs,
)


def grid(n: int, m: int) -> list[Polygon]:
    return [box(c, r, c + 1, r + 1) for r in range(n) for c in range(m)]


def test_grid_queen_counts() -> None:
    # 3x3 grid: 12 edge-sharing pairs + 8 corner-sharing pairs
    assert len(queen_pairs(grid(3, 3))) == 20


def test_corner_only_contact_is_queen() -> None:
    pairs = queen_pairs([box(0, 0, 1, 1), box(1, 1, 2, 2)])
    assert pairs.tolist() == [[0, 1]]


def test_no_shared_vertex_no_pair() -> None:
    # touching along an edge but with no common vertex is not queen under the vertex rule
    pairs = queen_pairs([box(0, 0, 2, 2), box(2, 0.5, 3, 1.5)])
    assert pairs.tolist() == []


def test_tolerance_joins_near_shapes() -> None:
    shapes = [box(0, 0, 1, 1), box(1.5, 0, 2.5, 1), box(10, 0, 11, 1)]
    assert neighbour_pairs(shapes).tolist() == []
    assert neighbour_pairs(shapes, tolerance=0.6).tolist() == [[0, 1]]


def test_empty_input() -> None:
    assert queen_pairs([]).shape == (0, 2)


def _libpysal_pairs(frame) -> set[tuple[str, str]]:
    g = Graph.build_contiguity(frame, rook=False)
    adj = g.adjacency.reset_index()
    adj = adj[adj["weight"] > 0]
    return {tuple(sorted(p)) for p in adj[["focal", "neighbor"]].itertuples(index=False)}


def test_equal_to_libpysal_on_real_municipalities(reference) -> None:
    """On the default map (352 municipalities of 2021-01-01)."""
    m = reference.municipalities
    codes = list(m.index)
    ours = {(codes[i], codes[j]) for i, j in queen_pairs(m.geometry.to_numpy()).tolist()}
    theirs = _libpysal_pairs(m[["geometry"]])
    assert ours == theirs
    assert len(ours) == 907


def test_equal_to_libpysal_on_random_voronoi() -> None:
    import geopandas as gpd
    import shapely

    rng = np.random.default_rng(7)
    points = shapely.multipoints(rng.uniform(0, 1000, size=(400, 2)))
    cells = shapely.get_parts(shapely.voronoi_polygons(points, extend_to=box(0, 0, 1000, 1000)))
    cells = shapely.intersection(cells, box(0, 0, 1000, 1000))
    frame = gpd.GeoDataFrame(geometry=cells, index=[f"A{i:04d}" for i in range(len(cells))])
    codes = list(frame.index)
    ours = {(codes[i], codes[j]) for i, j in queen_pairs(cells).tolist()}
    assert ours == _libpysal_pairs(frame)


def test_real_islands_and_texel(reference) -> None:
    m = reference.municipalities
    queen = adjacency_graph(list(m.index), m.geometry.to_numpy(), tolerance=0)
    isolated = sorted(n for n in queen if queen.degree(n) == 0)
    # Ameland, Schiermonnikoog, Terschelling, Vlieland, Texel: the Wadden islands
    assert isolated == ["GM0060", "GM0088", "GM0093", "GM0096", "GM0448"]
    near = adjacency_graph(list(m.index), m.geometry.to_numpy(), tolerance=DEFAULT_TOLERANCE_M)
    assert near.has_edge("GM0448", "GM0400")  # Texel - Den Helder, 2.8 km of water
    assert not near["GM0448"]["GM0400"]["queen"]
    assert near.degree("GM0060") == 0 and near.degree("GM0088") == 0


@pytest.mark.parametrize("tolerance", [0.0, 2500.0])
def test_pairs_are_sorted_unique(reference, tolerance: float) -> None:
    pairs = neighbour_pairs(reference.municipalities.geometry.to_numpy(), tolerance=tolerance)
    assert (pairs[:, 0] < pairs[:, 1]).all()
    assert len(np.unique(pairs, axis=0)) == len(pairs)


def test_sorted_unique_is_numpys_unique() -> None:
    """The sort-based distinct values used on the hot paths give exactly np.unique's
    answer, empty input and repeats included."""
    from cultuurregio.graph.contiguity import sorted_unique

    rng = np.random.default_rng(3)
    for values in (np.array([], dtype=np.int64), np.array([5, 5, 5]),
                   rng.integers(-50, 50, 1000), rng.integers(0, 2**40, 5000)):
        assert np.array_equal(sorted_unique(values), np.unique(values))
