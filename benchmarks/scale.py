"""Scale benchmark: synthetic tessellations of N areas through the real pipeline.

    .venv/bin/python benchmarks/scale.py SIZE [--seed S] [--libpysal]

Voronoi cells of SIZE random points stand in for municipalities (10 provinces in vertical
bands, 2 landsdelen); regions are random contiguous clusters grown from random seeds, some
overlapping. Times contiguity, graph building and the analysis (coverage, double
memberships, gap clusters), then both maps: the map data (clean and simplified coverage,
dissolved territories), the interactive page (topology, labels, data document) and the
PNG; prints one JSON line with the times and the peak memory (resident set) of this
process. `maps` is the sum of the three map stages. With --libpysal, also builds libpysal's
queen contiguity on the same polygons, checks the neighbour sets are identical and reports
its time.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections import deque

import numpy as np
import pandas as pd
import shapely

from cultuurregio.analysis.coverage import analyse
from cultuurregio.graph.contiguity import DEFAULT_TOLERANCE_M, adjacency_graph, queen_pairs
from cultuurregio.graph.membership import build_graph
from cultuurregio.model.resolve import Model, ResolvedRegion

SIDE_M = 300_000.0  # a square of 300 km, like the Netherlands


def tessellation(size: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    points = shapely.multipoints(rng.uniform(0, SIDE_M, size=(size, 2)))
    frame = shapely.box(0, 0, SIDE_M, SIDE_M)
    cells = shapely.get_parts(shapely.voronoi_polygons(points, extend_to=frame))
    return shapely.intersection(cells, frame)


def grow_regions(pairs: np.ndarray, size: int, seed: int) -> list[list[int]]:
    """Random contiguous clusters covering about 70% of the cells, about 10% of them in
    two regions."""
    rng = np.random.default_rng(seed + 1)
    neighbours: list[list[int]] = [[] for _ in range(size)]
    for i, j in pairs.tolist():
        neighbours[i].append(j)
        neighbours[j].append(i)
    owner = np.zeros(size, dtype=np.int32)
    regions: list[list[int]] = []
    target = int(0.7 * size)
    covered = 0
    while covered < target:
        start = int(rng.integers(size))
        want = int(rng.integers(5, 60))
        members, queue, seen = [], deque([start]), {start}
        while queue and len(members) < want:
            cell = queue.popleft()
            # cells already taken are entered now and then: those become doubles
            if owner[cell] and rng.random() > 0.15:
                continue
            members.append(cell)
            for n in neighbours[cell]:
                if n not in seen:
                    seen.add(n)
                    queue.append(n)
        if members:
            covered += int(sum(owner[m] == 0 for m in members))
            owner[members] += 1
            regions.append(members)
    return regions


def map_times(cells: np.ndarray, table: pd.DataFrame, result) -> dict[str, float]:
    """Both maps of the synthetic analysis, stage by stage."""
    from datetime import date

    import geopandas as gpd

    from cultuurregio.render.map_html import render_map_html
    from cultuurregio.render.map_png import render_map_png
    from cultuurregio.render.mapdata import map_data
    from cultuurregio.sources.cbs import Reference

    municipalities = gpd.GeoDataFrame(table, geometry=list(cells), crs=28992)
    provinces = municipalities.dissolve("province")[["geometry"]].assign(
        name=lambda f: f.index)
    landsdelen = municipalities.dissolve("landsdeel")[["geometry"]].assign(
        name=lambda f: f.index)
    reference = Reference(date(2022, 1, 1), 2022, "synthetisch", municipalities, provinces,
                          landsdelen, None, None, None, None)
    times = {}
    start = time.perf_counter()
    data = map_data(reference, result)
    times["map_data"] = time.perf_counter() - start
    start = time.perf_counter()
    page = render_map_html(data.to_wgs84(), offline=True)
    times["map_html"] = time.perf_counter() - start
    start = time.perf_counter()
    png = render_map_png(data)
    times["map_png"] = time.perf_counter() - start
    times["maps"] = times["map_data"] + times["map_html"] + times["map_png"]
    times["map_html_mb"] = len(page.encode("utf-8")) / 1e6
    times["map_png_mb"] = len(png) / 1e6
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("size", type=int)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--libpysal", action="store_true")
    args = parser.parse_args()
    times: dict[str, float] = {}

    start = time.perf_counter()
    cells = tessellation(args.size, args.seed)
    times["tessellate"] = time.perf_counter() - start
    n = len(cells)
    codes = [f"GM{i:06d}" for i in range(n)]
    centroid_x = shapely.get_coordinates(shapely.centroid(cells))[:, 0]
    province = [f"PV{10 + int(x // (SIDE_M / 10))}" for x in np.minimum(centroid_x, SIDE_M - 1)]
    table = pd.DataFrame(
        {"name": codes, "province": province,
         "landsdeel": ["LD01" if int(p[2:]) < 15 else "LD02" for p in province],
         "inhabitants": np.random.default_rng(args.seed).integers(100, 50_000, n).astype(float),
         "area_km2": shapely.area(cells) / 1e6},
        index=pd.Index(codes, name="code"),
    )

    start = time.perf_counter()
    adjacency = adjacency_graph(codes, cells, tolerance=DEFAULT_TOLERANCE_M / 50)
    times["contiguity"] = time.perf_counter() - start

    pairs = np.array([(int(u[2:]), int(v[2:])) for u, v in adjacency.edges()],
                     dtype=np.int64).reshape(-1, 2)
    regions = grow_regions(pairs, n, args.seed)
    model = Model(
        registry="synthetisch", registry_sha256="-", reference_date="2022-01-01",
        source=f"voronoi-{args.size}",
        regions={
            f"r{i:05d}": ResolvedRegion(
                id=f"r{i:05d}", naam=f"Regio {i}", municipalities=tuple(codes[m] for m in mem),
                provinces=(), partners=(), coverage_kind="leden",
                declared=tuple(codes[m] for m in mem), members=(), bron=None,
                dekking_bron=None, perioden=(),
            )
            for i, mem in enumerate(regions)
        },
        groupings={}, notes=(),
    )

    start = time.perf_counter()
    graph = build_graph(model, table)
    times["graph"] = time.perf_counter() - start

    start = time.perf_counter()
    result = analyse(graph, model, adjacency, mode="declared",
                     division_names={}, tolerance_m=DEFAULT_TOLERANCE_M / 50)
    times["analyse"] = time.perf_counter() - start
    times["pipeline"] = times["contiguity"] + times["graph"] + times["analyse"]

    times.update(map_times(cells, table, result))

    out = {
        "size": args.size, "areas": n, "regions": len(regions),
        "neighbour_pairs": adjacency.number_of_edges(),
        "uncovered": len(result.uncovered), "doubles": len(result.double_memberships),
        "gap_clusters": len(result.gap_clusters),
        "seconds": {k: round(v, 3) for k, v in times.items()},
    }
    if args.libpysal:
        import geopandas as gpd
        from libpysal.graph import Graph

        frame = gpd.GeoDataFrame(geometry=cells, index=codes)
        start = time.perf_counter()
        theirs = Graph.build_contiguity(frame, rook=False)
        libpysal_s = time.perf_counter() - start
        start = time.perf_counter()
        ours = queen_pairs(cells)
        ours_s = time.perf_counter() - start
        adj = theirs.adjacency.reset_index()
        adj = adj[adj["weight"] > 0]
        their_pairs = {tuple(sorted((int(a[2:]), int(b[2:]))))
                       for a, b in adj[["focal", "neighbor"]].itertuples(index=False)}
        out["libpysal"] = {
            "identical": their_pairs == {tuple(p) for p in ours.tolist()},
            "seconds": round(libpysal_s, 3), "ours_seconds": round(ours_s, 3),
            "ratio": round(libpysal_s / ours_s, 2) if ours_s else None,
        }
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
