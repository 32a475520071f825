"""Static coverage map (PNG) for notes and slides: the same classes and legend as the
interactive map, drawn with matplotlib in RD New coordinates."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # no display; must precede pyplot
import matplotlib.pyplot as plt
from matplotlib.patches import Patch

from ..messages import counted, number, text
from .mapdata import MapData

__all__ = ["render_map_png"]


def render_map_png(data: MapData, *, lang: str = "nl", dpi: int = 130,
                   heading: str | None = None) -> bytes:
    """The coverage map of `data` (in RD New) as PNG bytes; same input, same bytes."""
    with plt.rc_context({"svg.hashsalt": "cultuurregio", "font.size": 9}):
        fig, ax = plt.subplots(figsize=(7.5, 8.6), dpi=dpi)
        try:
            munis = data.municipalities
            for klass, c in data.classes.items():
                part = munis[munis["klass"] == klass]
                if len(part):
                    part.plot(ax=ax, color=c["color"], edgecolor="#6b6b6b", linewidth=0.2)
            data.provinces.boundary.plot(ax=ax, color="#222222", linewidth=0.8)
            if len(data.gap_clusters):
                data.gap_clusters.boundary.plot(ax=ax, color="#b30000", linewidth=1.4)
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
            handles.append(Patch(facecolor="none", edgecolor="#b30000",
                                 label=text("map_layer_gaps", lang)))
            legend = ax.legend(handles=handles, loc="lower left", frameon=True, fontsize=8,
                               title=text("map_legend", lang), title_fontsize=9)
            for t in [*legend.get_texts(), legend.get_title()]:
                t.set_parse_math(False)
            title = heading or text("map_title", lang, registry=data.title["registry"],
                                    mode=data.title["mode"], date=data.title["date"])
            # parse_math=False everywhere: names and file names are input text, and "$...$"
            # in them must read literally, never as mathtext (issue 10).
            ax.set_title(title, fontsize=10, parse_math=False)
            ax.set_axis_off()
            ax.set_aspect("equal")
            fig.text(0.99, 0.01, data.title["source"],
                     ha="right", va="bottom", fontsize=8, color="#333333", parse_math=False)
            fig.tight_layout()
            out = io.BytesIO()
            fig.savefig(out, format="png", metadata={"Software": None})
        finally:
            plt.close(fig)
    return out.getvalue()
