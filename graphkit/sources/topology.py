"""A compact, lossless shared-arc topology for (multi)polygon layers on an integer grid.

The compact CBS data the package ships (and the cache that `cultuurregio data` fills) stores
each year's boundaries this way. Why a topology instead of WKB in GeoParquet or a GeoPackage:

* Neighbouring municipalities share their edges exactly; a topology stores each shared edge
  once (an *arc*), so the file is about half the size before compression, and the renderers
  can get the shared edges back without recomputing them.
* Coordinates are integers on a grid (`quantum` metres; CBS's generalised files are whole
  metres) stored as deltas, which deflate compresses well: a year of five divisions is
  ~100 kB instead of ~500 kB of GeoPackage.
* Decoding is a cumulative sum plus one `shapely.from_ragged_array` call: faster than
  reading a GeoPackage, and it needs nothing beyond numpy and shapely (no pyarrow).

The encoding is exact: `decode(encode(g))` reproduces every vertex of every ring, in order
and orientation, when the coordinates lie on the grid (`encode` checks that).

Layout (all int arrays, one set per topology):
* `arc_xy` (n, 2): the arcs' vertices as deltas, so that `cumsum` gives grid coordinates;
  `arc_len`: vertices per arc.
* `ring_arcs`: per ring, the arcs it is made of; `~i` means arc i reversed (as TopoJSON);
  `ring_len`: arcs per ring.
* `poly_len`: rings per polygon (exterior first); `feat_len`: polygons per feature.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely

__all__ = ["Topology", "decode", "encode", "grid_quantum"]

QUANTA = (1.0, 0.1, 0.01, 0.001)


@dataclass(frozen=True)
class Topology:
    quantum: float
    origin: tuple[int, int]
    arc_xy: np.ndarray
    arc_len: np.ndarray
    ring_arcs: np.ndarray
    ring_len: np.ndarray
    poly_len: np.ndarray
    feat_len: np.ndarray

    def arrays(self, prefix: str = "") -> dict[str, np.ndarray]:
        return {
            f"{prefix}arc_xy": self.arc_xy, f"{prefix}arc_len": self.arc_len,
            f"{prefix}ring_arcs": self.ring_arcs, f"{prefix}ring_len": self.ring_len,
            f"{prefix}poly_len": self.poly_len, f"{prefix}feat_len": self.feat_len,
            f"{prefix}grid": np.array([self.quantum, *self.origin], dtype="float64"),
        }

    @classmethod
    def from_arrays(cls, data, prefix: str = "") -> Topology:
        grid = data[f"{prefix}grid"]
        return cls(
            quantum=float(grid[0]), origin=(int(grid[1]), int(grid[2])),
            arc_xy=data[f"{prefix}arc_xy"], arc_len=data[f"{prefix}arc_len"],
            ring_arcs=data[f"{prefix}ring_arcs"], ring_len=data[f"{prefix}ring_len"],
            poly_len=data[f"{prefix}poly_len"], feat_len=data[f"{prefix}feat_len"],
        )


def grid_quantum(coords: np.ndarray) -> float:
    """The coarsest grid in QUANTA on which every coordinate lies (to 1e-6 of a step);
    the finest when none fits (encode then rounds to it)."""
    for q in QUANTA:
        scaled = coords / q
        if np.all(np.abs(scaled - np.round(scaled)) < 1e-6):
            return q
    return QUANTA[-1]


def _rings(geoms: Sequence) -> tuple[list[np.ndarray], list[int], list[int]]:
    """Every ring (open: last vertex dropped) and the ring/polygon counts."""
    rings: list[np.ndarray] = []
    poly_len: list[int] = []
    feat_len: list[int] = []
    for geom in geoms:
        parts = shapely.get_parts(geom)
        feat_len.append(len(parts))
        for poly in parts:
            if shapely.get_type_id(poly) != 3:
                raise ValueError("only polygons and multipolygons can be encoded")
            holes = range(shapely.get_num_interior_rings(poly))
            members = [shapely.get_exterior_ring(poly), *shapely.get_interior_ring(poly, holes)]
            poly_len.append(len(members))
            rings.extend(shapely.get_coordinates(r)[:-1] for r in members)
    return rings, poly_len, feat_len


def encode(geoms: Sequence, quantum: float | None = None) -> Topology:
    """Split every ring at the vertices where the set of rings sharing its edges changes,
    and store each distinct arc once."""
    raw, poly_len, feat_len = _rings(geoms)
    allxy = np.concatenate(raw) if raw else np.zeros((0, 2))
    q = quantum or grid_quantum(allxy)
    origin = (int(np.floor(allxy[:, 0].min() / q)), int(np.floor(allxy[:, 1].min() / q))) \
        if len(allxy) else (0, 0)
    rings = [[(int(x), int(y)) for x, y in np.round(r / q).astype(np.int64) - origin]
             for r in raw]
    rings = [_dedupe(r) for r in rings]

    owners: dict[tuple, set[int]] = defaultdict(set)
    for rid, ring in enumerate(rings):
        for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
            owners[(a, b) if a < b else (b, a)].add(rid)

    arcs: list[tuple] = []
    index: dict[tuple, int] = {}

    def ref(arc: tuple) -> int:
        if arc in index:
            return index[arc]
        back = arc[::-1]
        if back in index:
            return ~index[back]
        index[arc] = len(arcs)
        arcs.append(arc)
        return index[arc]

    ring_arcs: list[int] = []
    ring_len: list[int] = []
    for ring in rings:
        n = len(ring)
        edge = [frozenset(owners[(a, b) if a < b else (b, a)])
                for a, b in zip(ring, ring[1:] + ring[:1], strict=True)]
        cuts = [i for i in range(n) if edge[i - 1] != edge[i]]
        if not cuts:  # the whole ring is one arc: start at its smallest vertex
            start = min(range(n), key=ring.__getitem__)
            closed = ring[start:] + ring[:start]
            refs = [ref((*closed, closed[0]))]
        else:
            refs = []
            for k, i in enumerate(cuts):
                j = cuts[(k + 1) % len(cuts)]
                piece = ring[i:j + 1] if j > i else ring[i:] + ring[:j + 1]
                refs.append(ref(tuple(piece)))
        ring_arcs.extend(refs)
        ring_len.append(len(refs))

    arc_len = np.array([len(a) for a in arcs], dtype=np.int32)
    flat = np.array([p for a in arcs for p in a], dtype=np.int64).reshape(-1, 2)
    deltas = np.diff(flat, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    return Topology(
        quantum=q, origin=origin,
        arc_xy=deltas.astype(np.int32), arc_len=arc_len,
        ring_arcs=np.array(ring_arcs, dtype=np.int32), ring_len=np.array(ring_len, np.int32),
        poly_len=np.array(poly_len, dtype=np.int32), feat_len=np.array(feat_len, np.int32),
    )


def _dedupe(ring: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop repeated consecutive vertices (a grid can merge two close ones)."""
    out = [p for i, p in enumerate(ring) if p != ring[i - 1]] if len(ring) > 1 else ring
    return out or ring[:1]


def decode(topo: Topology) -> np.ndarray:
    """The features as an array of shapely MultiPolygons, in RD New metres."""
    xy = np.cumsum(topo.arc_xy.astype(np.int64), axis=0)
    starts = np.concatenate([[0], np.cumsum(topo.arc_len)[:-1]]).astype(np.int64)
    # Index of every ring vertex: each arc without its last vertex (the next arc starts
    # there), then the ring's first vertex again to close it.
    pieces: list[np.ndarray] = []
    ring_vertices = np.empty(len(topo.ring_len), dtype=np.int64)
    pos = 0
    for r, count in enumerate(topo.ring_len):
        first = None
        total = 0
        for a in topo.ring_arcs[pos:pos + count]:
            a = int(a)
            if a >= 0:
                idx = np.arange(starts[a], starts[a] + topo.arc_len[a] - 1)
            else:
                a = ~a
                idx = np.arange(starts[a] + topo.arc_len[a] - 1, starts[a], -1)
            if first is None:
                first = idx[:1]
            pieces.append(idx)
            total += len(idx)
        pieces.append(first)
        ring_vertices[r] = total + 1
        pos += count
    order = np.concatenate(pieces)
    coords = (xy[order] + np.array(topo.origin, dtype=np.int64)) * topo.quantum
    offsets = (
        np.concatenate([[0], np.cumsum(ring_vertices)]),
        np.concatenate([[0], np.cumsum(topo.poly_len)]),
        np.concatenate([[0], np.cumsum(topo.feat_len)]),
    )
    return shapely.from_ragged_array(shapely.GeometryType.MULTIPOLYGON, coords, offsets)
