"""`advies`: suggestions to close the white spots. Real data: every suggestion passes
`valideer` unchanged with no FOUT, together they cover every uncovered municipality, and
each new region is contiguous. Synthetic grids: seeds per COROP area, merging below the
minimum, fragments to the region beside them."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from shapely.geometry import box

from cultuurregio.analysis.advice import advise, agreement
from cultuurregio.analysis.coverage import analyse
from cultuurregio.analysis.pipeline import prepare, select_period
from cultuurregio.analysis.validate import validate
from cultuurregio.cli import main
from cultuurregio.graph.contiguity import adjacency_graph
from cultuurregio.graph.membership import build_graph
from cultuurregio.model.resolve import Model, ResolvedRegion, resolve
from cultuurregio.sources.registry import load_proposals, load_registry

REPO = Path(__file__).resolve().parent.parent

# --- real data: the 2021-2024 default, declared --------------------------------------------


@pytest.fixture(scope="module")
def advised(geodata: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("advies")
    voorstellen = sorted((REPO / "geodata" / "voorstellen").glob("*.yaml"))
    assert main(["advies", "--geodata", str(geodata), "--out", str(out),
                 "--vergelijk-met", *map(str, voorstellen)]) == 0
    return out


@pytest.fixture(scope="module")
def validation(geodata: Path, advised: Path):
    context = prepare(geodata)
    base = resolve(select_period(load_registry(), None), context.reference, context.resolver)
    proposals, files = load_proposals(sorted((advised / "advies").glob("*.yaml")))
    proposed = resolve(proposals, context.reference, context.resolver, strict=False)
    return validate(context, base, proposed, files=files)


def test_valideer_accepts_every_suggestion_unchanged(geodata: Path, advised: Path,
                                                     tmp_path: Path) -> None:
    files = sorted((advised / "advies").glob("*.yaml"))
    data = json.loads((advised / "advies.json").read_text(encoding="utf-8"))
    assert [s["file"] for s in data["suggestions"]] == [f.name for f in files]
    # exit 0: no check is FOUT
    assert main(["valideer", *map(str, files), "--geodata", str(geodata),
                 "--out", str(tmp_path)]) == 0


def test_suggestions_cover_every_uncovered_municipality(validation, advised: Path) -> None:
    data = json.loads((advised / "advies.json").read_text(encoding="utf-8"))
    uncovered = set(validation.base.uncovered)
    assert set(data["uncovered"]) == uncovered
    assert set(validation.combined.covered_by_proposals) == uncovered
    assert validation.after_all.uncovered == ()
    assert validation.status != "FOUT"


def test_new_regions_are_contiguous_and_overlap_nothing(validation, advised: Path) -> None:
    data = json.loads((advised / "advies.json").read_text(encoding="utf-8"))
    kinds = {s["id"]: s["kind"] for s in data["suggestions"]}
    new = [p for p in validation.proposals if kinds[p.id] == "nieuw"]
    assert len(new) >= 2
    for p in new:
        assert p.contiguous, p.id
        assert not p.overlaps, p.id
        assert set(p.territory) <= set(validation.base.uncovered)
    for s in data["suggestions"]:  # the minimum holds unless the suggestion says it does not
        assert s["inhabitants"] >= data["min_inhabitants"] or s["below_minimum"] \
            or s["kind"] == "uitbreiding"


def test_advice_agrees_with_the_four_regions_of_2024(advised: Path) -> None:
    data = json.loads((advised / "advies.json").read_text(encoding="utf-8"))
    agree = {g["id"]: g for g in data["agreement"]}
    assert set(agree) == {"achterhoek", "midden-holland", "noord-holland-noord",
                          "noord-limburg"}
    for g in agree.values():
        assert g["jaccard"] >= 0.5, g
    assert agree["noord-limburg"]["jaccard"] >= 0.8


def test_map_and_text(advised: Path) -> None:
    html = (advised / "advies.html").read_text(encoding="utf-8")
    data = json.loads((advised / "advies.json").read_text(encoding="utf-8"))
    for s in data["suggestions"]:
        assert json.dumps(s["name"], ensure_ascii=False)[1:-1] in html or s["name"] in html
    assert "Bron: CBS" in html


# --- synthetic grid ------------------------------------------------------------------------
# 6 columns x 2 rows of 1 km squares (GM01..GM12, row-major), COROP CR01 = columns 0-2 and
# CR02 = columns 3-5, GGD GG01 = columns 0-3 and GG02 = columns 4-5; island GM13 500 m east
# of column 5 (COROP CR02). Region "west" lists column 0. 30,000 inhabitants each.


def _grid():
    codes, shapes, corop, ggd = [], [], [], []
    for row in range(2):
        for col in range(6):
            codes.append(f"GM{row * 6 + col + 1:02d}")
            shapes.append(box(col * 1000, row * 1000, (col + 1) * 1000, (row + 1) * 1000))
            corop.append("CR01" if col < 3 else "CR02")
            ggd.append("GG01" if col < 4 else "GG02")
    codes.append("GM13")
    shapes.append(box(6500, 0, 7500, 1000))
    corop.append("CR02")
    ggd.append("GG02")
    table = pd.DataFrame({
        "name": [f"Plaats {c[-2:]}" for c in codes], "province": "PV01", "landsdeel": "LD01",
        "corop": corop, "ggd": ggd, "inhabitants": 30_000.0, "area_km2": 1.0,
    }, index=pd.Index(codes))
    west = ResolvedRegion(id="west", naam="West", municipalities=("GM01", "GM07"),
                          provinces=(), partners=(), coverage_kind="leden",
                          declared=("GM01", "GM07"), members=(), bron=None, dekking_bron=None,
                          perioden=())
    model = Model(registry="grid", registry_sha256="0", reference_date="2022-01-01",
                  source="synthetic", regions={"west": west}, groupings={}, notes=())
    adjacency = adjacency_graph(codes, shapes, tolerance=600)
    names = {"PV01": "Provincie", "CR01": "Corop Een", "CR02": "Corop Twee",
             "GG01": "GGD Een", "GG02": "GGD Twee"}
    analysis = analyse(build_graph(model, table), model, adjacency, division_names=names,
                       tolerance_m=600)
    return analysis, adjacency


def test_grid_seeds_follow_corop_areas() -> None:
    analysis, adjacency = _grid()
    advice = advise(analysis, adjacency, min_inhabitants=100_000)
    new = [s for s in advice.suggestions if s.kind == "nieuw"]
    assert [s.municipalities for s in new] == [
        ("GM04", "GM05", "GM06", "GM10", "GM11", "GM12", "GM13"),  # CR02 with its island
        ("GM02", "GM03", "GM08", "GM09"),  # the rest of CR01
    ]
    assert new[0].corop.code == "CR02" and new[0].corop.jaccard == 1.0
    assert new[1].name == "Corop Een (Plaats 09)"  # part of a COROP area: says which part
    assert [s.rank for s in advice.suggestions] == [1, 2]
    assert advice.covered() == analysis.uncovered
    for s in new:
        land = nx.Graph(adjacency.subgraph(s.municipalities))
        assert nx.is_connected(land)


def test_grid_small_seed_merges_with_its_neighbour() -> None:
    analysis, adjacency = _grid()
    (only,) = advise(analysis, adjacency, min_inhabitants=150_000).suggestions
    assert only.kind == "nieuw" and only.municipalities == analysis.uncovered


def test_grid_fragment_too_small_joins_the_region_beside_it() -> None:
    analysis, adjacency = _grid()
    (only,) = advise(analysis, adjacency, min_inhabitants=400_000).suggestions
    assert only.kind == "uitbreiding" and only.id == "west"
    assert only.borders == 4  # GM02 and GM08 each border GM01 and GM07 (one diagonally)
    assert only.same_corop == only.same_ggd == 4


def test_grid_advice_is_deterministic() -> None:
    a1, adj1 = _grid()
    a2, adj2 = _grid()
    assert advise(a1, adj1) == advise(a2, adj2)


def test_agreement_picks_the_best_match() -> None:
    analysis, adjacency = _grid()
    advice = advise(analysis, adjacency, min_inhabitants=100_000)
    (g,) = agreement(advice, {"x": ("X", ["GM02", "GM03", "GM08"])})
    assert g["best_name"] == "Corop Een (Plaats 09)" and g["jaccard"] == 0.75


def test_api_advise_matches_the_command(advised: Path) -> None:
    from cultuurregio import api

    adv = api.advise()
    data = json.loads(adv.to_json())
    written = json.loads((advised / "advies.json").read_text(encoding="utf-8"))
    assert [s["id"] for s in data["suggestions"]] == [s["id"] for s in written["suggestions"]]
    files = adv.proposals()
    assert sorted(files) == sorted(p.name for p in (advised / "advies").glob("*.yaml"))
    for name, body in files.items():
        assert body == (advised / "advies" / name).read_text(encoding="utf-8")
