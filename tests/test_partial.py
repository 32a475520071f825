"""Partial participation (004: members "hebben de vrijheid om te kiezen op welke actie ze wel
en niet samenwerken"): a member may take part in named programme lines only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cultuurregio.analysis.pipeline import run_analysis
from cultuurregio.cli import main
from cultuurregio.messages import InputError
from cultuurregio.sources.registry import parse_registry

REGISTRY = """\
regios:
  twente:
    naam: Twente
    gemeenten: [Almelo, Enschede, Oldenzaal]
    deelname:
      Almelo: [talentontwikkeling]
      Oldenzaal: [erfgoed, talentontwikkeling]
"""


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    path = tmp_path / "deel.yaml"
    path.write_text(REGISTRY, encoding="utf-8")
    return path


def _code(a, name: str) -> str:
    (code,) = [m.code for m in a.municipalities if m.name == name]
    return code


def test_partial_members_count_as_covered_and_are_counted(geodata: Path, registry: Path
                                                          ) -> None:
    a = run_analysis(geodata, registry=registry).analysis
    rows = a.by_code()
    almelo, oldenzaal, enschede = (_code(a, n) for n in ("Almelo", "Oldenzaal", "Enschede"))
    assert all(rows[c].regions == ("twente",) for c in (almelo, oldenzaal, enschede))
    assert rows[almelo].partial == ("twente",) and rows[enschede].partial == ()
    assert a.totals["partial"]["municipalities"] == 2
    assert a.regions["twente"]["partial"] == {almelo: ["talentontwikkeling"],
                                              oldenzaal: ["erfgoed", "talentontwikkeling"]}


@pytest.mark.parametrize(("theme", "covered"), [
    ("talentontwikkeling", {"Almelo", "Enschede", "Oldenzaal"}),
    ("erfgoed", {"Enschede", "Oldenzaal"}),
    ("internationaal", {"Enschede"}),
])
def test_coverage_for_one_theme(geodata: Path, registry: Path, theme: str,
                                covered: set[str]) -> None:
    a = run_analysis(geodata, registry=registry, theme=theme).analysis
    assert {m.name for m in a.municipalities if m.regions} == covered
    assert a.theme == theme


def test_cli_says_how_many_and_takes_a_theme(geodata: Path, registry: Path, tmp_path: Path,
                                             capsys) -> None:
    base = ["analyse", "--geodata", str(geodata), "--registry", str(registry)]
    assert main([*base, "--out", str(tmp_path / "a")]) == 0
    assert "Gedeeltelijke deelname: 2 gemeenten" in capsys.readouterr().out
    assert main([*base, "--thema", "erfgoed", "--out", str(tmp_path / "b")]) == 0
    data = json.loads((tmp_path / "b" / "analyse.json").read_text(encoding="utf-8"))
    assert data["theme"] == "erfgoed"
    assert len([m for m in data["municipalities"] if m["regions"]]) == 2


def test_partial_member_must_be_listed() -> None:
    with pytest.raises(InputError) as err:
        parse_registry("regios:\n  x: {naam: X, gemeenten: [Urk], deelname: {Emmen: [a]}}\n",
                       label="d.yaml")
    assert "Emmen" in err.value.render("nl")
    with pytest.raises(InputError):
        parse_registry("regios:\n  x: {naam: X, gemeenten: [Urk], deelname: {Urk: []}}\n",
                       label="d.yaml")


def test_default_registry_records_no_partial_member(geodata: Path, tmp_path: Path,
                                                    capsys) -> None:
    """No seed names a member taking part in some lines only: the default says so (none)."""
    assert main(["analyse", "--geodata", str(geodata), "--out", str(tmp_path)]) == 0
    data = json.loads((tmp_path / "analyse.json").read_text(encoding="utf-8"))
    assert data["covered_partially"] == [] and data["totals"]["partial"]["municipalities"] == 0
