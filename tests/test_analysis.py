"""The coverage analysis on the real 2022 data with the default registry (the core issue's
'done when'), and on the synthetic grid."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from cultuurregio.analysis.pipeline import run_analysis
from cultuurregio.graph.membership import MODES, check_graph, coverage, membership_graph

# Seeds: 001 lists Almere and Lelystad under both MRA and Cultuurregio Flevoland (002:
# "Sommige gemeenten zoals Almere vallen onder twee cultuurregio's"), and Dronten,
# Noordoostpolder and Urk under both Flevoland and the Zwolle region.
SEED_DOUBLES = {
    "GM0034": ("flevoland", "mra"),       # Almere
    "GM0995": ("flevoland", "mra"),       # Lelystad
    "GM0303": ("flevoland", "zwolle"),    # Dronten
    "GM0171": ("flevoland", "zwolle"),    # Noordoostpolder
    "GM0184": ("flevoland", "zwolle"),    # Urk
}
# The 17 municipalities of Noord-Holland Noord as the region was recognised in 2024.
NOORD_HOLLAND_NOORD = {
    # on 1 January 2021, the default period's map: Heerhugowaard and Langedijk are two
    # municipalities (Dijk en Waard from 2022)
    "Alkmaar", "Bergen (NH.)", "Castricum", "Den Helder", "Heerhugowaard", "Langedijk",
    "Drechterland",
    "Enkhuizen", "Heiloo", "Hollands Kroon", "Hoorn", "Koggenland", "Medemblik", "Opmeer",
    "Schagen", "Stede Broec", "Texel", "Uitgeest",
}
ZWOLLE_IN_DRENTHE = {"GM1690", "GM0119", "GM1701", "GM0118"}  # De Wolden, Meppel, Westerveld,
# Hoogeveen


def test_listed_doubles_are_exactly_the_seeds(runs) -> None:
    a = runs["listed"].analysis
    assert dict(a.double_memberships) == SEED_DOUBLES


def test_almere_and_lelystad_in_mra_and_flevoland_in_every_mode(runs) -> None:
    for run in runs.values():
        rows = run.analysis.by_code()
        for code in ("GM0034", "GM0995"):
            assert {"mra", "flevoland"} <= set(rows[code].regions)


def test_declared_leaves_uncovered_only_the_four_areas(runs) -> None:
    a = runs["declared"].analysis
    rows = a.by_code()
    ref = runs["declared"].reference.municipalities
    areas = {
        "Gelderland": {c for c in rows if rows[c].province == "PV25"},
        "Zuid-Holland": {c for c in rows if rows[c].province == "PV28"},
        "Midden- en Noord-Limburg": set(ref.index[ref["corop"].isin(["CR37", "CR38"])]),
        "Noord-Holland Noord": {c for c in rows if rows[c].name in NOORD_HOLLAND_NOORD},
    }
    assert len(areas["Noord-Holland Noord"]) == 18
    uncovered = set(a.uncovered)
    assert uncovered <= set().union(*areas.values())
    for name, codes in areas.items():
        assert uncovered & codes, f"nothing uncovered in {name}"
    # Noord-Holland Noord and Midden/Noord-Limburg fell outside entirely
    assert areas["Noord-Holland Noord"] <= uncovered
    assert areas["Midden- en Noord-Limburg"] <= uncovered


def test_landsdeel_oost_check_reports_zwolle_drenthe(runs) -> None:
    for mode in ("listed", "declared"):
        oost = runs[mode].analysis.landsdelen["oost"]
        assert oost["cbs_landsdeel"] == "LD02"
        assert set(oost["outside_cbs_landsdeel"]) == ZWOLLE_IN_DRENTHE
        assert "GM0034" in oost["cbs_landsdeel_not_in_grouping"]  # Almere: Flevoland is Oost


def test_every_registry_name_resolves_with_notes(runs) -> None:
    notes = runs["declared"].analysis.notes
    reasons = {(n.written, n.code, n.reason) for n in notes}
    # Beemster is still a municipality on 2021-01-01 (Purmerend from 2022: test_names)
    assert ("Haarlemmerliede-Spaarnwoude", "GM0394", "merged") in reasons
    assert ("Den Haag", "GM0518", "alias") in reasons
    assert ("Friesland", "PV21", "alias") in reasons


def test_modes_are_ordered(runs) -> None:
    listed = coverage(runs["listed"].graph, "listed")
    declared = coverage(runs["declared"].graph, "declared")
    provinces = coverage(runs["provinces"].graph, "provinces")
    for code in listed:
        assert set(listed[code]) <= set(declared[code])
        # every declared claim of this registry lies within a member province
        assert set(declared[code]) <= set(provinces[code])


def test_provinces_mode_uses_member_provinces(runs) -> None:
    rows = runs["provinces"].analysis.by_code()
    assert "arnhem-nijmegen" in rows["GM0197"].regions  # Aalten: Gelderland is a member
    assert rows["GM0197"].bases["arnhem-nijmegen"] == ("province",)
    assert set(runs["provinces"].analysis.uncovered) <= {
        c for c, r in rows.items() if r.province == "PV28"
    }


def test_totals_add_up(runs) -> None:
    for run in runs.values():
        t = run.analysis.totals
        national = t["national"]
        n = national["municipalities"]
        assert n["all"] == 352 == n["covered"] + n["uncovered"]
        assert national["inhabitants"]["all"] == 17_475_415  # CBS, 1 January 2021
        for scope in ("provinces", "landsdelen"):
            assert sum(p["municipalities"]["all"] for p in t[scope].values()) == 352
            assert sum(p["inhabitants"]["uncovered"] for p in t[scope].values()) == (
                national["inhabitants"]["uncovered"]
            )
        assert t["provinces"]["PV21"]["name"] == "Fryslân"


def test_gap_clusters_partition_the_uncovered(runs) -> None:
    for run in runs.values():
        a = run.analysis
        flat = [c for cluster in a.gap_clusters for c in cluster]
        assert sorted(flat) == sorted(a.uncovered)
        sizes = [len(c) for c in a.gap_clusters]
        assert sizes == sorted(sizes, reverse=True)


def test_texel_joins_noord_holland_noord_cluster(runs) -> None:
    a = runs["declared"].analysis
    (cluster,) = [c for c in a.gap_clusters if "GM0448" in c]
    assert "GM0400" in cluster and len(cluster) == 18  # Noord-Holland Noord on 2021-01-01
    # the Wadden islands: Ameland, Schiermonnikoog, Terschelling, Vlieland, Texel
    assert a.islands == ("GM0060", "GM0088", "GM0093", "GM0096", "GM0448")


def test_overlap_graph(runs) -> None:
    overlaps = {tuple(o["regions"]): o for o in runs["declared"].analysis.overlaps}
    assert overlaps[("flevoland", "mra")]["municipalities"] == ["GM0034", "GM0995"]
    assert overlaps[("we-the-north", "zwolle")]["weight"] == 4


def test_graph_contract_and_bipartite(runs) -> None:
    G = runs["declared"].graph
    check_graph(G)
    for mode in MODES:
        B = membership_graph(G, mode)
        top = {n for n, d in B.nodes(data=True) if d["bipartite"] == 0}
        assert nx.bipartite.is_bipartite_node_set(B, top)
    assert G.nodes["GM0034"]["kind"] == "gemeente" and G.nodes["mra"]["kind"] == "regio"
    assert G["GM0034"]["mra"]["bases"] == ("listed", "province")  # Flevoland is a member
    assert G["GM0228"]["ede-wageningen"]["bases"] == ("listed",)
    assert G["GM0014"]["we-the-north"]["bases"] == ("listed", "province", "declared")
    assert not G.has_edge("mra", "oost")
    assert G["zwolle"]["oost"]["kind"] == "groep"


def test_contract_violation_is_caught(runs) -> None:
    G = runs["declared"].graph.copy()
    G.add_edge("GM0034", "GM0037", kind="lid", bases=("listed",))
    with pytest.raises(ValueError, match="breaks the contract"):
        check_graph(G)


def test_unknown_mode_lists_allowed() -> None:
    with pytest.raises(ValueError, match="Use listed, provinces, declared"):
        coverage(nx.Graph(), "alles")


# --- synthetic grid -------------------------------------------------------------------


def test_toy_pipeline(toy_geodata: Path, tmp_path: Path) -> None:
    registry = tmp_path / "toy.yaml"
    registry.write_text(
        "regios:\n"
        "  west: {naam: West, gemeenten: [Toy 01], provincies: [West], dekking: provincies}\n"
        "  midden: {naam: Midden, gemeenten: [GM0002, GM0003]}\n"
        "landsdelen:\n"
        "  alles: {naam: Alles, regios: [west, midden]}\n",
        encoding="utf-8",
    )
    run = run_analysis(toy_geodata, registry=registry, on=date(2022, 1, 1), tolerance_m=0)
    a = run.analysis
    rows = a.by_code()
    assert rows["GM0002"].regions == ("midden", "west")  # column 1 lies in West
    assert rows["GM0003"].regions == ("midden",)
    assert dict(a.double_memberships) == {"GM0002": ("midden", "west")}
    # columns 2-3 of rows 1-2 plus GM0004, and the island: two clusters
    assert a.gap_clusters == (
        ("GM0004", "GM0007", "GM0008", "GM0011", "GM0012"), ("GM0013",)
    )
    assert a.islands == ("GM0013",)
    assert a.totals["national"]["inhabitants"]["all"] is None
    assert a.landsdelen["alles"]["cbs_landsdeel"] == "LD01"
    assert a.landsdelen["alles"]["cbs_landsdeel_inferred"] is True
    # with a 6 km tolerance the island joins the grid's gap
    wide = run_analysis(toy_geodata, registry=registry, on=date(2022, 1, 1), tolerance_m=6000)
    assert len(wide.analysis.gap_clusters) == 1
