"""The analysis pipeline, stage by stage: sources -> resolved model -> graph -> results."""

from __future__ import annotations

import re
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
from ..sources.compact import EMBEDDED, boundaries_years
from ..sources.fetch import cache_dir
from ..sources.mergers import load_mergers
from ..sources.registry import Registry, load_registry
from .coverage import Analysis, analyse

__all__ = [
    "ALL_PERIODS", "DEFAULT_DATE", "Context", "Run", "analyse_model", "analysis_date",
    "newest_date", "parse_reference_date", "period_date",
    "prepare", "run_analysis", "select_period",
]

# Each period is analysed on the municipalities of its first 1 January (2018 -> 380,
# 2021-2024 -> 352, 2025-2028 -> 342). DEFAULT_DATE is that date for the embedded registry's
# default period, for callers that name no period; `analysis_date` derives it in general.
DEFAULT_DATE = date(2021, 1, 1)


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


def newest_date() -> date:
    """1 January of the newest year of boundaries embedded in the package or fetched into
    the user's cache (`cultuurregio data download`)."""
    return date(max(boundaries_years(EMBEDDED) + boundaries_years(cache_dir() / "cbs")), 1, 1)


def period_date(period: str | None) -> date:
    """The first 1 January of a period whose key starts with its year ('2018',
    '2021-2024'); the newest embedded year for every region ('alle'), a registry without
    periods, or a key without a year."""
    match = re.match(r"(\d{4})(?!\d)", period or "")
    return date(int(match.group(1)), 1, 1) if match else newest_date()


def analysis_date(value: str | None, *periods: str | None) -> date:
    """The reference date: `--date` when given, else the first 1 January of the period
    (of the later period, when two are compared on one date)."""
    if value:
        return parse_reference_date(value)
    return max(period_date(p) for p in periods) if periods else newest_date()


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


def analyse_model(context: Context, model: Model, *, mode: str = "declared",
                  theme: str | None = None) -> Run:
    graph = build_graph(model, context.reference.municipalities)
    result = analyse(graph, model, context.adjacency, mode=mode,
                     division_names=context.division_names, tolerance_m=context.tolerance_m,
                     theme=theme)
    return Run(context.reference, model, graph, context.adjacency, result, context.resolver)


def run_analysis(
    geodata: Path | Sequence[Path] | None = None,
    *,
    registry: Path | None = None,
    period: str | None = None,
    mode: str = "declared",
    on: date | None = None,
    tolerance_m: float = DEFAULT_TOLERANCE_M,
    theme: str | None = None,
) -> Run:
    """Run every stage on the CBS data in `geodata` (default: embedded) and the registry
    (default: embedded), narrowed to `period` (default: the registry's `standaard_periode`;
    ALL_PERIODS for every region)."""
    reg = select_period(load_registry(registry), period)  # a broken registry fails first
    on = on or analysis_date(None, reg.period)
    context = prepare(geodata, on=on, tolerance_m=tolerance_m)
    model = resolve(reg, context.reference, context.resolver)
    return analyse_model(context, model, mode=mode, theme=theme)
