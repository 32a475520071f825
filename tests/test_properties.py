"""Property-based tests: name normalisation, graph invariants, and a loader that never
crashes, whatever it is given."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cultuurregio.graph.membership import MODES, build_graph, coverage
from cultuurregio.messages import InputError
from cultuurregio.model.names import Resolution, load_aliases, normalise
from cultuurregio.model.resolve import make_resolver, resolve
from cultuurregio.sources.mergers import load_mergers
from cultuurregio.sources.registry import Registry, parse_registry
from tests.strategies import yaml_texts

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@given(st.text())
@settings(max_examples=500, deadline=None)
def test_normalise_is_idempotent(name: str) -> None:
    once = normalise(name)
    assert normalise(once) == once


def _strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


VARIANTS = [
    str.upper, str.lower, lambda s: s.replace("'", "’"), lambda s: f"Gemeente {s}",
    lambda s: f"  {s.replace(' ', '   ')}  ", _strip_accents, lambda s: s.replace("-", "- "),
]


@pytest.fixture(scope="module")
def resolver(reference):
    return make_resolver(reference, load_mergers(), load_aliases())


@given(data=st.data())
@SETTINGS
def test_resolution_is_variant_insensitive(resolver, reference, data) -> None:
    table = reference.municipalities
    code = data.draw(st.sampled_from(list(table.index)))
    name = table.loc[code, "name"]
    variant = name
    for transform in data.draw(st.lists(st.sampled_from(VARIANTS), max_size=4)):
        variant = transform(variant)
    result = resolver.municipality(variant, "t")
    assert isinstance(result, Resolution), (name, variant, result)
    assert result.code == code


# --- graph invariants on random registries over the real 2022 municipalities --------


@st.composite
def registries(draw, reference, extra: int = 0) -> tuple[str, str]:
    """Registry YAML (codes as names) whose declared territories lie within their member
    provinces or listed members; and the same registry plus `extra` region(s)."""
    table = reference.municipalities
    provinces = sorted(set(table["province"]))
    codes = list(table.index)

    def region(i: int) -> str:
        listed = draw(st.lists(st.sampled_from(codes), max_size=8, unique=True))
        members = draw(st.lists(st.sampled_from(provinces), max_size=2, unique=True))
        kinds = ["leden"] + (["provincies"] if members else []) + (["gemeenten"] if members
                                                                   else [])
        kind = draw(st.sampled_from(kinds))
        if not listed and not members:
            listed = [draw(st.sampled_from(codes))]
        dekking = kind
        if kind == "gemeenten":
            inside = [c for c in codes if table.loc[c, "province"] in members]
            chosen = draw(st.lists(st.sampled_from(inside), min_size=1, max_size=10))
            dekking = "{gemeenten: [" + ", ".join(chosen) + "]}"
        return (f"  r{i}: {{naam: R{i}, gemeenten: [{', '.join(listed)}], "
                f"provincies: [{', '.join(members)}], dekking: {dekking}}}\n")

    n = draw(st.integers(1, 5))
    base = "regios:\n" + "".join(region(i) for i in range(n))
    more = base + "".join(region(n + i) for i in range(extra))
    return base, more


def _graph(text: str, reference, resolver):
    reg: Registry = parse_registry(text, label="p.yaml")
    model = resolve(reg, reference, resolver)
    return build_graph(model, reference.municipalities)


@given(data=st.data())
@SETTINGS
def test_coverage_equals_accepted_region_edges(reference, resolver, data) -> None:
    base, _ = data.draw(registries(reference))
    G = _graph(base, reference, resolver)
    for mode, accepted in MODES.items():
        cov = coverage(G, mode)
        for code, regions in cov.items():
            edges = [v for v, d in G[code].items()
                     if d["kind"] == "lid" and accepted & set(d["bases"])]
            assert len(regions) == len(edges) == len(set(edges))


@given(data=st.data())
@SETTINGS
def test_adding_a_region_never_lowers_coverage(reference, resolver, data) -> None:
    base, more = data.draw(registries(reference, extra=1))
    before, after = _graph(base, reference, resolver), _graph(more, reference, resolver)
    for mode in MODES:
        cb, ca = coverage(before, mode), coverage(after, mode)
        assert all(set(cb[c]) <= set(ca[c]) for c in cb)


@given(data=st.data())
@SETTINGS
def test_modes_are_ordered(reference, resolver, data) -> None:
    base, _ = data.draw(registries(reference))
    G = _graph(base, reference, resolver)
    listed, declared, provinces = (coverage(G, m) for m in ("listed", "declared", "provinces"))
    for code in listed:
        assert set(listed[code]) <= set(declared[code])
        # every declared claim here lies in a member province: declared ⊆ provinces
        assert set(declared[code]) <= set(provinces[code])


@given(yaml_texts)
@settings(max_examples=300, deadline=None)
def test_registry_loader_never_crashes(text: str) -> None:
    try:
        parse_registry(text, label="fuzz.yaml", path=Path("fuzz.yaml"))
    except InputError as exc:
        rendered = exc.render("nl")
        assert rendered.startswith("fuzz.yaml: ") and "\n" not in rendered
        exc.render("en")
