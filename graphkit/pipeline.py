"""The analysis pipeline, stage by stage: sources -> resolved model -> graph -> results."""

from __future__ import annotations

from collections.abc import Mapping
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
from .names import Resolver, load_aliases
from .registry import load_registry

__all__ = [
    "DEFAULT_DATE", "Context", "Run", "analyse_model", "parse_reference_date", "prepare",
    "run_analysis",
]

DEFAULT_DATE = date(2022, 1, 1)


@dataclass(frozen=True)
class Context:
    """What every analysis on one reference date shares: CBS divisions, the name resolver,
    the contiguity graph and the names of provinces and landsdelen."""

    reference: Reference
    resolver: Resolver
    adjacency: nx.Graph
    division_names: Mapping[str, str]
    tolerance_m: float


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


def prepare(geodata: Path, *, on: date = DEFAULT_DATE,
            tolerance_m: float = DEFAULT_TOLERANCE_M) -> Context:
    mergers = load_mergers()
    reference = load_reference(geodata, on, mergers)
    table = reference.municipalities
    adjacency = adjacency_graph(
        list(table.index), table.geometry.to_numpy(), tolerance=tolerance_m
    )
    names = {**reference.provinces["name"].to_dict(), **reference.landsdelen["name"].to_dict()}
    return Context(reference, make_resolver(reference, mergers, load_aliases()), adjacency,
                   names, tolerance_m)


def analyse_model(context: Context, model: Model, *, mode: str = "declared") -> Run:
    graph = build_graph(model, context.reference.municipalities)
    result = analyse(graph, model, context.adjacency, mode=mode,
                     division_names=context.division_names, tolerance_m=context.tolerance_m)
    return Run(context.reference, model, graph, context.adjacency, result)


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
    context = prepare(geodata, on=on, tolerance_m=tolerance_m)
    model = resolve(reg, context.reference, context.resolver)
    return analyse_model(context, model, mode=mode)
