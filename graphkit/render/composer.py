"""Data for the proposal composer on kaart.html ("voorstel samenstellen", map_composer.js).

The page computes nothing the validation does not: it counts the draft's municipalities and
inhabitants, the uncovered ones it would cover, the regions it overlaps, and its pieces on
the same contiguity graph `valideer` uses (embedded here as index pairs), against the
national totals of the analysis the map shows.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from ..analysis.coverage import Analysis
from ..messages import mode_label, text
from .palette import PROPOSAL_PALETTE

__all__ = ["composer_data"]

PROPOSAL_COLOR = PROPOSAL_PALETTE[0]  # the colour of the first proposal on valideer

_TEXTS = (
    "title", "help", "name", "add", "municipalities", "inhabitants", "uncovered",
    "uncovered_value", "contiguity", "contiguous", "pieces", "coverage", "overlap",
    "no_overlap", "remove", "download", "added", "removed", "ambiguous", "not_found", "basis",
    "yaml_header", "yaml_registry", "yaml_period", "yaml_date", "yaml_mode", "yaml_note",
)

_PLACEHOLDERS = {k: "{" + k + "}" for k in ("n", "inh", "name", "names", "registry", "period",
                                            "date")}


def composer_data(analysis: Analysis, adjacency: nx.Graph, *, lang: str = "nl") -> dict[str, Any]:
    """The composer's part of the page's data document."""
    codes = [m.code for m in analysis.municipalities]
    index = {c: i for i, c in enumerate(codes)}
    edges = sorted(tuple(sorted((index[u], index[v]))) for u, v in adjacency.edges()
                   if u in index and v in index)
    national = analysis.totals["national"]
    return {
        "codes": codes,
        "edges": [list(e) for e in edges],
        "color": PROPOSAL_COLOR,
        "national": {
            "municipalities": national["municipalities"]["all"],
            "covered": national["municipalities"]["covered"],
            "inhabitants": national["inhabitants"]["all"],
            "covered_inhabitants": national["inhabitants"]["covered"] or 0,
        },
        "meta": {"registry": analysis.registry, "registry_sha256": analysis.registry_sha256,
                 "period": analysis.period, "date": analysis.reference_date,
                 "mode": mode_label(analysis.coverage_mode, lang)},
        # placeholders ({n}, {name}, ...) stay in for the page to fill in with textContent
        "i18n": {k: text(f"comp_{k}", lang, **_PLACEHOLDERS) for k in _TEXTS},
    }
