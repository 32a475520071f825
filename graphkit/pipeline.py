"""The analysis pipeline, stage by stage: sources -> resolved model -> graph -> results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import networkx as nx

from .analysis import Analysis, analyse
from .cbs import Reference, load_reference
from .contiguity import DEFAULT_TOLERANCE_M, adjacency_graph
from .graph import build_graph
from .mergers import load_mergers
from .messages import InputError, Problem
from .model import Model, make_resolver, resolve
from .names import load_aliases
from .registry import load_registry

__all__ = ["DEFAULT_DATE", "Run", "parse_reference_date", "run_analysis"]

DEFAULT_DATE = date(2022, 1, 1)


@dataclass(frozen=True)
class Run:
    reference: Reference
    model: Model
    graph: nx.Graph
    adjacency: nx.Graph
    analysis: Analysis


def parse_reference_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(None, Problem("date_format", value=value)) from None


def run_analysis(
    geodata: Path,
    *,
    registry: Path | None = None,
    mode: str = "declared",
    on: date = DEFAULT_DATE,
    tolerance_m: float = DEFAULT_TOLERANCE_M,
) -> Run:
    """Run every stage on the CBS data in `geodata` and the registry (default: embedded)."""
    reg = load_registry(registry)  # first: a broken registry fails before slow reads
    mergers = load_mergers()
    reference = load_reference(geodata, on, mergers)
    resolver = make_resolver(reference, mergers, load_aliases())
    model = resolve(reg, reference, resolver)
    graph = build_graph(model, reference.municipalities)
    table = reference.municipalities
    adjacency = adjacency_graph(
        list(table.index), table.geometry.to_numpy(), tolerance=tolerance_m
    )
    names = {**reference.provinces["name"].to_dict(), **reference.landsdelen["name"].to_dict()}
    result = analyse(
        graph, model, adjacency, mode=mode, division_names=names, tolerance_m=tolerance_m
    )
    return Run(reference, model, graph, adjacency, result)
