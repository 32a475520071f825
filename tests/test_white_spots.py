"""White spots: gap clusters joined by land, islands across the water, named after COROP
areas or provinces, with their breakdown. Real CBS data and synthetic grids."""

from __future__ import annotations

import networkx as nx
from shapely.geometry import box

from cultuurregio.analysis.coverage import LARGE_CLUSTER
from cultuurregio.graph.contiguity import adjacency_graph, land_clusters


def _code(analysis, name: str) -> str:
    (code,) = [m.code for m in analysis.municipalities if m.name == name]
    return code


def _spot_of(analysis, code: str):
    (spot,) = [w for w in analysis.white_spots if code in w.municipalities]
    return spot


# --- real data: the default registry, 2021-2024, declared ------------------------------


def test_schiedam_vlaardingen_maassluis_form_a_cluster_of_their_own(runs) -> None:
    a = runs["declared"].analysis
    trio = {_code(a, n) for n in ("Schiedam", "Vlaardingen", "Maassluis")}
    assert trio <= set(a.uncovered)
    spot = _spot_of(a, _code(a, "Maassluis"))
    assert set(spot.municipalities) == trio
    assert spot.named_after == "corop" and "Groot-Rijnmond" in spot.name


def test_texel_is_in_the_noord_holland_noord_cluster(runs) -> None:
    a = runs["declared"].analysis
    texel, den_helder, alkmaar = (_code(a, n) for n in ("Texel", "Den Helder", "Alkmaar"))
    spot = _spot_of(a, texel)
    assert {den_helder, alkmaar} <= set(spot.municipalities)
    assert spot.over_water == (texel,)
    assert "Kop van Noord-Holland" in spot.name


def test_covered_islands_form_no_cluster(runs) -> None:
    a = runs["declared"].analysis
    in_spots = {c for w in a.white_spots for c in w.municipalities}
    for name in ("Ameland", "Schiermonnikoog"):
        code = _code(a, name)
        assert code in a.islands  # no land border at all
        assert a.by_code()[code].regions  # covered ...
        assert code not in in_spots  # ... so part of no white spot


def test_breakdowns_sum_to_each_cluster(runs) -> None:
    for run in runs.values():
        a = run.analysis
        rows = a.by_code()
        assert sorted(c for w in a.white_spots for c in w.municipalities) == sorted(a.uncovered)
        assert [w.municipalities for w in a.white_spots] == list(a.gap_clusters)
        for w in a.white_spots:
            for parts in (w.corop, w.provinces):
                flat = sorted(c for p in parts for c in p.municipalities)
                assert flat == list(w.municipalities)
                assert sum(p.inhabitants for p in parts) == w.inhabitants
                for p in parts:  # each part lies in the division it is named after
                    assert all(p.code in (rows[c].corop, rows[c].province)
                               for c in p.municipalities)
            if w.sub_areas:
                assert len(w.municipalities) > LARGE_CLUSTER and len(w.corop) > 1
                flat = sorted(c for p in w.sub_areas for c in p.municipalities)
                assert flat == list(w.municipalities)


def test_no_cluster_chains_mainland_pieces(runs) -> None:
    """Leaving out the members joined across the water, a cluster is one land piece."""
    for run in runs.values():
        a, adjacency = run.analysis, run.adjacency
        for w in a.white_spots:
            land = set(w.municipalities) - set(w.over_water)
            sub = nx.Graph()
            sub.add_nodes_from(land)
            sub.add_edges_from((u, v) for u, v, q in adjacency.subgraph(land).edges(data="queen")
                               if q)
            assert nx.number_connected_components(sub) == 1, w.name


def test_cluster_names_are_unique(runs) -> None:
    for run in runs.values():
        names = [w.name for w in run.analysis.white_spots]
        assert len(names) == len(set(names))


# --- synthetic shapes --------------------------------------------------------------------


def _graph(shapes: dict[str, object], tolerance: float) -> nx.Graph:
    ids = sorted(shapes)
    return adjacency_graph(ids, [shapes[i] for i in ids], tolerance=tolerance)


def test_island_within_tolerance_joins() -> None:
    shapes = {"A": box(0, 0, 1000, 1000), "B": box(1000, 0, 2000, 1000),
              "I": box(2000, 1500, 3000, 2500)}  # 500 m off B
    clusters = land_clusters(_graph(shapes, 600), shapes)
    assert clusters == ((("A", "B", "I"), ("I",)),)
    assert land_clusters(_graph(shapes, 400), shapes) == ((("A", "B"), ()), (("I",), ()))


def test_mainland_pieces_across_water_stay_apart() -> None:
    # two mainland pieces 300 m apart across water; each borders covered land (C1, C2)
    shapes = {"A": box(0, 0, 1000, 1000), "C1": box(0, 1000, 1000, 2000),
              "B": box(1300, 0, 2300, 1000), "C2": box(1300, 1000, 2300, 2000)}
    adjacency = _graph(shapes, 2500)
    assert adjacency.has_edge("A", "B") and not adjacency["A"]["B"]["queen"]
    assert land_clusters(adjacency, ["A", "B"]) == ((("A",), ()), (("B",), ()))


def test_island_joins_only_the_nearest_piece() -> None:
    # an island between two mainland pieces must not chain them
    shapes = {"A": box(0, 0, 1000, 1000), "C1": box(0, 1000, 1000, 2000),
              "B": box(4000, 0, 5000, 1000), "C2": box(4000, 1000, 5000, 2000),
              "I": box(1800, 0, 2800, 1000)}  # 800 m from A, 1200 m from B
    clusters = land_clusters(_graph(shapes, 1500), ["A", "B", "I"])
    assert clusters == ((("A", "I"), ("I",)), (("B",), ()))


def test_distance_on_tolerance_edges() -> None:
    shapes = {"A": box(0, 0, 1000, 1000), "B": box(1000, 0, 2000, 1000),
              "I": box(2000, 1500, 3000, 2500)}
    g = _graph(shapes, 600)
    assert g["A"]["B"]["distance_m"] == 0 and g["A"]["B"]["queen"]
    assert g["B"]["I"]["distance_m"] == 500 and not g["B"]["I"]["queen"]
