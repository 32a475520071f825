"""Periods, comparison and mode sensitivity on the real 2022 data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import cultuurregio_geodata
from cultuurregio.analysis.compare import compare, mode_sensitivity
from cultuurregio.analysis.pipeline import (
    Context,
    analyse_model,
    analysis_date,
    prepare,
    select_period,
)
from cultuurregio.messages import number
from cultuurregio.model.resolve import resolve
from cultuurregio.sources.registry import load_registry, parse_registry


@pytest.fixture(scope="module")
def context(geodata: Path) -> Context:
    """Periods are compared on the later one's first 1 January: 2025-01-01 (342)."""
    return prepare(geodata, on=analysis_date(None, "2021-2024", "2025-2028"))


def analysed(context: Context, registry, mode: str = "declared"):
    return analyse_model(context, resolve(registry, context.reference, context.resolver),
                         mode=mode).analysis


@pytest.fixture(scope="module")
def periods(context: Context):
    reg = load_registry()
    a = analysed(context, reg.select("2021-2024"))
    b = analysed(context, reg.select("2025-2028"))
    return compare(context, a, b, a_label="2021-2024", b_label="2025-2028")


def test_2024_regions_closed_these_gaps(periods) -> None:
    c = periods
    assert c.regions_added == ("achterhoek", "midden-holland", "noord-holland-noord",
                               "noord-limburg")
    assert c.regions_removed == () and c.regions_renamed == ()
    assert len(c.gained) == 37 and c.lost == ()
    closed = {k: v["before"] - v["after"] for k, v in c.remaining_by_province.items()}
    assert closed == {"PV25": 8, "PV27": 17, "PV28": 5, "PV31": 7}
    assert {k: v["gained"] for k, v in c.remaining_by_province.items() if v["gained"]} == closed
    # 74, not 76: Brielle, Hellevoetsluis and Westvoorne are Voorne aan Zee since 2023
    assert c.b.totals["national"]["municipalities"]["uncovered"] == 74
    assert c.remaining_by_corop["CR38"]["after"] == 7  # Midden-Limburg remains open
    assert c.joined == {} and c.left == {}  # no seed gives later member lists


def test_change_classes_partition_the_country(periods) -> None:
    klass = periods.change_class()
    assert len(klass) == 342  # compared on the later period's map, 2025-01-01
    assert sum(v == "gewonnen" for v in klass.values()) == 37
    assert sum(v == "niet" for v in klass.values()) == 74
    assert klass["GM0448"] == "gewonnen"  # Texel, in Noord-Holland Noord


def test_an_empty_change_class_has_no_inhabitants_not_unknown(periods) -> None:
    from cultuurregio.render.comparison import change_classes

    _, classes = change_classes(periods, "nl")
    assert classes["verloren"]["count"] == 0 and classes["verloren"]["inhabitants"] == 0
    assert classes["gewonnen"]["inhabitants"] > 0


def test_registry_file_against_period_renames_and_membership(context: Context,
                                                             tmp_path: Path) -> None:
    """A 2018-style list (Beemster, Weesp) compared on the same 2022 reference."""
    reg = parse_registry(
        "regios:\n"
        "  mra: {naam: MRA klein, gemeenten: [Amsterdam, Beemster, Weesp]}\n"
        "  leiden: {naam: Leiden, gemeenten: [Leiden, Leiderdorp]}\n",
        label="eigen.yaml",
    )
    a = analysed(context, load_registry().select("2021-2024"))
    b = analysed(context, reg)
    c = compare(context, a, b, a_label="2021-2024", b_label="eigen.yaml")
    assert ("mra", "Metropoolregio Amsterdam (MRA)", "MRA klein") in c.regions_renamed
    assert c.joined["leiden"] == ("GM0547",)  # Leiderdorp
    assert "GM0363" not in c.left["mra"] and "GM0439" not in c.left["mra"]  # Purmerend kept
    assert "GM0358" in c.left["mra"]  # Aalsmeer
    assert any(n.written == "Beemster" and n.code == "GM0439" for n in b.notes)
    assert "zwolle" in c.regions_removed


def test_mode_sensitivity(geodata: Path, runs) -> None:
    context = prepare(geodata)  # the default period's map, as `runs`
    model = resolve(select_period(load_registry(), None), context.reference, context.resolver)
    s = mode_sensitivity(context, model)
    for mode, totals in s.totals().items():
        assert totals == runs[mode].analysis.totals["national"]
    aalten = next(r for r in s.changed if r["code"] == "GM0197")
    assert aalten["regions"] == {"listed": [], "declared": [], "provinces": ["arnhem-nijmegen"]}
    groningen = [r for r in s.changed if r["code"] == "GM0014"]
    assert groningen == []  # listed by We the North in every mode
    assert len(s.changed) == 235  # on the 352 municipalities of 2021 (229 of 345 in 2022)


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cultuurregio.cli", *args], capture_output=True,
                          text=True, check=False)


def test_cli_vergelijk(geodata: Path, tmp_path: Path) -> None:
    result = run_cli("vergelijk", "2021-2024", "2025-2028", "--geodata", str(geodata),
                     "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    # on 2025-01-01 (342 municipalities), inhabitants of 1 January 2024 (nearest year)
    assert "Nieuw gedekt: 37 gemeenten, 1.529.596 inwoners" in out
    assert "Noord-Holland 17" in out and "Midden-Limburg 7" in out
    assert "Dekking verloren: 0 gemeenten, 0 inwoners; per provincie: -" in out
    assert "Witte vlekken die blijven: 74 gemeenten" in out and "Bron: CBS" in out
    assert "inwoners 2024-01-01 (CBS 37259; geen cijfers voor 2025-01-01" in out
    data = json.loads((tmp_path / "vergelijk.json").read_text(encoding="utf-8"))
    assert len(data["gained"]) == 37 and data["lost"] == []
    assert data["gained_inhabitants"] == 1_529_596
    page = (tmp_path / "vergelijk.html").read_text(encoding="utf-8")
    from tests.test_map import page_data

    counts = {c["key"]: c["count"] for c in page_data(page)["legend"]["classes"]}
    assert counts["gewonnen"] == 37 and counts["niet"] == 74


def test_cli_vergelijk_unknown_period(geodata: Path, tmp_path: Path) -> None:
    result = run_cli("vergelijk", "2021-2024", "1999", "--geodata", str(geodata),
                     "--out", str(tmp_path / "o"))
    assert result.returncode == 2 and "onbekende periode '1999'" in result.stderr
    assert not (tmp_path / "o").exists()


def _wassenaar_case() -> str:
    """The default registry with Wassenaar dropped from Haaglanden and Midden-Holland added
    to 2021-2024: one loss hidden behind five gains in the same province."""
    source = (Path(cultuurregio_geodata.__file__).parent / "regios.yaml").read_text("utf-8")
    changed = source.replace("gemeenten: [Wassenaar, Leidschendam", "gemeenten: [Leidschendam")
    member_line = "gemeenten: [Bodegraven-Reeuwijk, Gouda, Krimpenerwaard, Waddinxveen, Zuidplas]"
    at = changed.index(member_line)
    tail = changed[at:].replace('perioden: ["2025-2028"]', 'perioden: ["2021-2024", "2025-2028"]',
                                1)
    changed = changed[:at] + tail
    assert changed.count("Wassenaar") == source.count("Wassenaar") - 1
    return changed


def test_gains_and_losses_are_gross_and_add_up(context: Context, geodata: Path,
                                               tmp_path: Path) -> None:
    a = analysed(context, load_registry().select("2021-2024"))
    b = analysed(context, parse_registry(_wassenaar_case(), label="b.yaml").select("2021-2024"))
    c = compare(context, a, b, a_label="A", b_label="B")
    midden_holland = tuple(sorted(b.regions["midden-holland"]["municipalities"]))
    assert len(midden_holland) == 5 and c.gained == midden_holland
    assert c.lost == ("GM0629",)  # Wassenaar
    assert c.left == {"haaglanden": ("GM0629",)} and c.regions_added == ("midden-holland",)
    municipalities = context.reference.municipalities
    for rows, column in ((c.remaining_by_province, "province"), (c.remaining_by_corop, "corop")):
        where = municipalities[column].to_dict()
        for key, v in rows.items():
            assert v["gained"] == sum(where[x] == key for x in c.gained)
            assert v["lost"] == sum(where[x] == key for x in c.lost)
            assert v["before"] - v["after"] == v["gained"] - v["lost"]
        assert sum(v["gained"] for v in rows.values()) == len(c.gained)
        assert sum(v["lost"] for v in rows.values()) == len(c.lost)
        assert sum(v["inhabitants_lost"] for v in rows.values()) == round(
            a.by_code()["GM0629"].inhabitants)
    zh = c.remaining_by_province["PV28"]
    assert (zh["name"], zh["gained"], zh["lost"], zh["before"] - zh["after"]) == (
        "Zuid-Holland", 5, 1, 4)
    assert all(not (v["gained"] or v["lost"]) for k, v in c.remaining_by_province.items()
               if k != "PV28")
    corop = {v["name"]: (v["gained"], v["lost"]) for v in c.remaining_by_corop.values()
             if v["gained"] or v["lost"]}
    assert corop == {"Agglomeratie 's-Gravenhage": (0, 1), "Oost-Zuid-Holland": (4, 0),
                     "Groot-Rijnmond": (1, 0)}  # Zuidplas lies in Groot-Rijnmond

    registry = tmp_path / "b.yaml"
    registry.write_text(_wassenaar_case(), encoding="utf-8")
    result = run_cli("vergelijk", "2021-2024", str(registry), "--geodata",
                     str(geodata), "--date", context.reference.date.isoformat(),
                     "--out", str(tmp_path / "o"))
    assert result.returncode == 0, result.stderr
    gained_inh = number(sum(b.by_code()[x].inhabitants for x in c.gained))
    lost_inh = number(a.by_code()["GM0629"].inhabitants)
    assert (f"Nieuw gedekt: 5 gemeenten, {gained_inh} inwoners; per provincie: Zuid-Holland 5\n"
            f"Dekking verloren: 1 gemeente, {lost_inh} inwoners (Wassenaar); "
            "per provincie: Zuid-Holland 1\n"
            "Per COROP-gebied (erbij / eraf): Agglomeratie 's-Gravenhage +0 / -1; "
            "Oost-Zuid-Holland +4 / -0; Groot-Rijnmond +1 / -0\n") in result.stdout
    data = json.loads((tmp_path / "o" / "vergelijk.json").read_text(encoding="utf-8"))
    assert data["lost"] == ["GM0629"] and data["gained"] == list(midden_holland)
    assert data["remaining_by_province"]["PV28"]["gained"] == 5
    assert data["remaining_by_province"]["PV28"]["lost"] == 1
