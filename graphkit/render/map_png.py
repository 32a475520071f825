"""Static coverage map (PNG) for notes and slides: the same classes, outlines and legend as
the interactive map, drawn with matplotlib in RD New coordinates.

Drawn once: every layer is one matplotlib collection built straight from the shapes (no
per-layer `GeoDataFrame.plot`, which redraws the figure for each call), so the time is
linear in the number of vertices. Every text is set with `parse_math=False`: names and file
names are input text, and "$...$" in them must read literally, never as mathtext (issue 10).
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping, Sequence

import matplotlib
import numpy as np
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.path import Path
from matplotlib.patheffects import withStroke
from matplotlib.text import Text

from ..messages import counted, number, text
from .mapdata import MapData, label_point
from .palette import GAP_COLOR, PROVINCE_COLOR, proposal_style

__all__ = ["RC", "map_figure", "render_map_png"]

GAP_STYLE = {"color": GAP_COLOR, "linewidth": 1.3, "linestyle": (0, (1.5, 2.0))}
PROVINCE_STYLE = {"color": PROVINCE_COLOR, "linewidth": 0.7}
RC = {"svg.hashsalt": "cultuurregio", "font.size": 9}
MARGIN = 0.01  # of the figure, all round
GAP = 0.008  # between the texts and the map, of the figure's height


def _compound_path(geoms: np.ndarray) -> Path:
    """One compound path for all polygons in `geoms`: every exterior and hole as its own
    closed sub-path, built from flat coordinate arrays (no loop per shape)."""
    parts = shapely.get_parts(shapely.get_parts(geoms))
    parts = parts[shapely.get_type_id(parts) == 3]  # polygons
    rings = shapely.get_rings(parts)
    xy, ring = shapely.get_coordinates(rings, return_index=True)
    if len(xy) == 0:
        return Path(np.zeros((1, 2)), [Path.MOVETO])
    codes = np.full(len(xy), Path.LINETO, dtype=np.uint8)
    starts = np.flatnonzero(np.r_[True, ring[1:] != ring[:-1]])
    codes[starts] = Path.MOVETO
    codes[np.r_[starts[1:], len(xy)] - 1] = Path.CLOSEPOLY
    return Path(xy, codes)


def _lines(geoms: Sequence[shapely.Geometry]) -> list[np.ndarray]:
    out = []
    for g in geoms:
        if g is None or g.is_empty:
            continue
        for part in shapely.get_parts(shapely.boundary(g)):
            out.append(np.asarray(part.coords)[:, :2])
    return out


def _draw_proposals(ax, data: MapData,
                    proposals: Mapping[str, tuple[str, Sequence[str]]]) -> list[Line2D]:
    geoms = data.municipalities.geometry.to_numpy()
    position = {c: i for i, c in enumerate(data.municipalities["code"])}
    handles = []
    for i, (name, members) in enumerate(proposals.values()):
        idx = [position[c] for c in members if c in position]
        if not idx:
            continue
        color, dashed = proposal_style(i)
        line = {"color": color, "linewidth": 1.8, "linestyle": (0, (5, 3)) if dashed else "-"}
        union = shapely.coverage_union_all(geoms[idx])
        ax.add_collection(LineCollection(_lines([union]), **line))
        at = label_point(union)
        if at is not None:
            _text(ax.text(*at, name, ha="center", va="center", fontsize=7.5, color=color,
                          fontweight="bold", path_effects=[withStroke(linewidth=2.5,
                                                                       foreground="white")]))
        handles.append(Line2D([], [], label=name, **line))
    return handles


def _text(artist) -> None:
    artist.set_parse_math(False)


def _fit(artist: Text, content: str, width_px: float, renderer) -> None:
    """Set `content` on `artist`, wrapped at word boundaries so that it is at most
    `width_px` wide (measured, not guessed from a character count)."""
    chars = max(len(content), 1)
    while True:
        artist.set_text(textwrap.fill(content, chars, break_on_hyphens=False))
        wide = artist.get_window_extent(renderer).width
        if wide <= width_px or chars <= 20:
            return
        chars = max(20, min(chars - 1, int(chars * width_px / wide)))


def map_figure(data: MapData, *, lang: str = "nl", dpi: int = 130,
               heading: str | None = None, subtitle: str | None = None,
               legend_title: str | None = None,
               proposals: Mapping[str, tuple[str, Sequence[str]]] | None = None) -> Figure:
    """The coverage map of `data` (in RD New) as a matplotlib Figure on the Agg canvas.

    Layout, top to bottom: title, source line, the map (with its legend inside, lower
    left), footnotes (the map resting on assumptions, what national figures include). The
    texts are wrapped to the figure's width and the map is fitted between them by measuring
    them, so no two of them overlap whatever their length. Call within the rc_context of
    `render_map_png` for the same fonts."""
    munis = data.municipalities
    colors = {k: c["color"] for k, c in data.classes.items()}
    # a bare Figure on the Agg canvas: no pyplot (its import and figure manager are not
    # needed to write a file), no display
    fig = Figure(figsize=(7.5, 8.9), dpi=dpi)
    renderer = FigureCanvasAgg(fig).get_renderer()
    ax = fig.add_axes((0.01, 0.02, 0.98, 0.9))
    # one compound path per class: drawn once, whatever the number of areas
    klass = munis["klass"].to_numpy()
    shapes = munis.geometry.to_numpy()
    present = [k for k in colors if (klass == k).any()]
    ax.add_collection(PathCollection(
        [_compound_path(shapes[klass == k]) for k in present],
        facecolors=[colors[k] for k in present], edgecolors="#6b6b6b", linewidths=0.2,
    ))
    ax.add_collection(LineCollection(_lines(data.provinces.geometry), **PROVINCE_STYLE))
    if len(data.gap_clusters):
        ax.add_collection(LineCollection(_lines(data.gap_clusters.geometry), **GAP_STYLE))
    handles_extra = _draw_proposals(ax, data, proposals or {})
    minx, miny, maxx, maxy = munis.total_bounds
    pad = 0.02 * max(maxx - minx, maxy - miny)
    ax.set_xlim(minx - pad, maxx + pad)
    ax.set_ylim(miny - pad, maxy + pad)
    handles = [
        Patch(
            facecolor=c["color"], edgecolor="#555555",
            label=f"{c['label']}: "
                  + text("map_legend_count", lang,
                         count=counted(c["count"], "municipality", lang),
                         inh=number(c["inhabitants"], lang)),
        )
        for c in data.classes.values()
    ]
    handles.append(Line2D([], [], label=text("map_layer_provinces", lang), **PROVINCE_STYLE))
    if len(data.gap_clusters):
        handles.append(Line2D([], [], label=text("map_layer_gaps", lang), **GAP_STYLE))
    handles += handles_extra
    legend = ax.legend(handles=handles, loc="lower left", frameon=True, fontsize=7.5,
                       title=legend_title or text("map_legend", lang), title_fontsize=8.5)
    for t in [*legend.get_texts(), legend.get_title()]:
        _text(t)
    ax.set_axis_off()
    ax.set_aspect("equal")

    # texts, wrapped to the width by measuring them (matplotlib's own wrap=True parses
    # mathtext despite parse_math), then the map fitted between them
    height = fig.bbox.height
    width = fig.bbox.width * (1 - 2 * MARGIN)
    title = fig.text(0.5, 1 - MARGIN, "", ha="center", va="top", fontsize=10.5,
                     fontweight="bold", parse_math=False)
    _fit(title, heading or data.title["heading"], width, renderer)
    top = title.get_window_extent(renderer).y0 / height - GAP
    source = fig.text(0.5, top, "", ha="center", va="top", fontsize=7.5, color="#333333",
                      parse_math=False)
    _fit(source, subtitle or data.title["subtitle"], width, renderer)
    top = source.get_window_extent(renderer).y0 / height - GAP
    bottom = MARGIN
    notes = [data.title[k] for k in ("assumptions", "scope") if data.title.get(k)]
    if notes:
        footnote = fig.text(MARGIN, MARGIN, "", ha="left", va="bottom", fontsize=6.5,
                            color="#333333", parse_math=False)
        wrapped = []
        for note in notes:
            _fit(footnote, note, width, renderer)
            wrapped.append(footnote.get_text())
        footnote.set_text("\n".join(wrapped))
        bottom = footnote.get_window_extent(renderer).y1 / height + GAP
    ax.set_position((MARGIN, bottom, 1 - 2 * MARGIN, top - bottom))
    return fig


def render_map_png(data: MapData, *, lang: str = "nl", dpi: int = 130,
                   heading: str | None = None, subtitle: str | None = None,
                   legend_title: str | None = None,
                   proposals: Mapping[str, tuple[str, Sequence[str]]] | None = None) -> bytes:
    """The coverage map of `data` (in RD New) as PNG bytes; same input, same bytes.
    `proposals` (id -> (name, municipality codes)) are outlined and labelled on top."""
    with matplotlib.rc_context(RC):
        fig = map_figure(data, lang=lang, dpi=dpi, heading=heading, subtitle=subtitle,
                         legend_title=legend_title, proposals=proposals)
        out = io.BytesIO()
        fig.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()
