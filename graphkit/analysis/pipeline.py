"""The analysis pipeline, stage by stage: sources -> resolved model -> graph -> results."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import networkx as nx

from ..graph.contiguity import DEFAULT_TOLERANCE_M, adjacency_graph
from ..graph.membership import build_graph
from ..messages import InputError, Problem
from ..model.names import Resolver, load_aliases
from ..model.resolve import Model, make_resolver, resolve
from ..sources.cbs import Reference, load_reference
from ..sources.mergers import load_mergers
from ..sources.registry import Registry, load_registry
from .coverage import Analysis, analyse

__all__ = [
    "ALL_PERIODS", "DEFAULT_DATE", "Context", "Run", "analyse_model", "parse_reference_date",
    "prepare", "run_analysis", "select_period",
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
    resolver: Resolver | None = None  # the names the run accepted (maps' search boxes)


ALL_PERIODS = "alle"


def select_period(registry: Registry, period: str | None) -> Registry:
    """`period`, the registry's default period when None, or everything for ALL_PERIODS."""
    if period == ALL_PERIODS:
        return registry
    return registry.select(period if period is not None else registry.default_period)


def parse_reference_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(None, Problem("date_format", value=value)) from None


def prepare(geodata: Path | Sequence[Path] | None = None, *, on: date = DEFAULT_DATE,
            tolerance_m: float = DEFAULT_TOLERANCE_M) -> Context:
    mergers = load_mergers()
    reference = load_reference(geodata, on, mergers)
    table = reference.municipalities
    adjacency = adjacency_graph(
        list(table.index), table.geometry.to_numpy(), tolerance=tolerance_m
    )
    names = {**reference.provinces["name"].to_dict(), **reference.landsdelen["name"].to_dict()}
    for extra in (reference.corop, reference.ggd):  # COROP and GGD names for white spots
        if extra is not None:
            names.update(extra["name"].to_dict())
    return Context(reference, make_resolver(reference, mergers, load_aliases()), adjacency,
                   names, tolerance_m)


def analyse_model(context: Context, model: Model, *, mode: str = "declared") -> Run:
    graph = build_graph(model, context.reference.municipalities)
    result = analyse(graph, model, context.adjacency, mode=mode,
                     division_names=context.division_names, tolerance_m=context.tolerance_m)
    return Run(context.reference, model, graph, context.adjacency, result, context.resolver)


def run_analysis(
    geodata: Path | Sequence[Path] | None = None,
    *,
    registry: Path | None = None,
    period: str | None = None,
    mode: str = "declared",
    on: date = DEFAULT_DATE,
    tolerance_m: float = DEFAULT_TOLERANCE_M,
) -> Run:
    """Run every stage on the CBS data in `geodata` (default: embedded) and the registry
    (default: embedded), narrowed to `period` (default: the registry's `standaard_periode`;
    ALL_PERIODS for every region)."""
    reg = select_period(load_registry(registry), period)  # a broken registry fails first
    context = prepare(geodata, on=on, tolerance_m=tolerance_m)
    model = resolve(reg, context.reference, context.resolver)
    return analyse_model(context, model, mode=mode)
