"""What the sources say, shown: covenant status (000), the 2018 grouping Route Oost (001),
the BES islands outside the system (002, note 8), and the footnotes on the map."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cultuurregio.cli import main
from cultuurregio.messages import InputError
from cultuurregio.sources.registry import load_registry, parse_registry


def test_covenants_of_the_default() -> None:
    reg = load_registry().select("2021-2024")
    status = {rid: r.extra["convenant"]["status"] for rid, r in reg.regions.items()}
    assert sorted(status.values()).count("gesloten") == 14
    assert [rid for rid, s in status.items() if s != "gesloten"] == ["zuid"]


def test_bad_covenant_is_named() -> None:
    with pytest.raises(InputError) as err:
        parse_registry("regios:\n  x: {naam: X, gemeenten: [Urk],\n"
                       "      convenant: {status: misschien}}\n", label="c.yaml")
    assert "misschien" in err.value.render("nl")


def test_route_oost_groups_five_regions_in_2018() -> None:
    reg = load_registry()
    g = reg.select("2018").groupings["route-oost"]
    assert sorted(g.regios) == ["arnhem-nijmegen", "ede-wageningen", "stedendriehoek", "twente",
                                "zwolle"]
    assert "route-oost" not in reg.select("2021-2024").groupings
    assert sorted(reg.select("2021-2024").groupings["oost"].regios) == sorted(g.regios)


def test_summary_and_json_show_what_the_sources_say(geodata: Path, tmp_path: Path,
                                                    capsys) -> None:
    assert main(["analyse", "--geodata", str(geodata), "--out", str(tmp_path)]) == 0
    said = capsys.readouterr().out
    assert "Convenanten 2021-2024: 14 gesloten; nog niet gesloten: Stedelijke Cultuurregio " \
           "Zuid; bron: Ministerie OCW sluit convenanten met 14 stedelijke cultuurregio's en " \
           "Landsdeel Oost over cultuurbeleid 2021-2024 (persbericht van OCW, 2021-04-22; " \
           "bestand 000_e44194807dd8c811.txt)" in said
    assert "BES-eilanden" in said
    data = json.loads((tmp_path / "analyse.json").read_text(encoding="utf-8"))
    assert "BES-eilanden" in data["national_scope"]
    assert data["regions"]["zuid"]["covenant"]["status"] == "in voorbereiding"
    assert main(["analyse", "--geodata", str(geodata), "--periode", "2018",
                 "--out", str(tmp_path), "--lang", "en"]) == 0
    said = capsys.readouterr().out
    assert "Route Oost" in said and "BES islands" in said


def test_map_names_white_spots_and_marks_assumptions(geodata: Path, tmp_path: Path) -> None:
    assert main(["kaart", "--geodata", str(geodata), "--periode", "2025-2028",
                 "--out", str(tmp_path)]) == 0
    assert main(["analyse", "--geodata", str(geodata), "--periode", "2025-2028",
                 "--out", str(tmp_path)]) == 0
    page = (tmp_path / "kaart.html").read_text(encoding="utf-8")
    data = json.loads((tmp_path / "analyse.json").read_text(encoding="utf-8"))
    n = data["totals"]["on_assumption"]["municipalities"]
    assert f"Op een aanname: {n} gedekte gemeenten" in page
    assert "BES-eilanden" in page
    for spot in data["gap_cluster_details"]:
        assert json.dumps(spot["name"], ensure_ascii=False)[1:-1] in page, spot["name"]
