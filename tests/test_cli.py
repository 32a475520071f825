"""The command line as a user runs it: outputs, determinism, and clean failures."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cultuurregio.cli import main


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cultuurregio.cli", *args],
        capture_output=True, text=True, env={**os.environ, **(env or {})}, check=False,
    )


@pytest.fixture(scope="module")
def analysed(geodata: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("analyse")
    assert main(["analyse", "--geodata", str(geodata), "--out", str(out)]) == 0
    return out


def test_writes_the_contract(analysed: Path) -> None:
    data = json.loads((analysed / "analyse.json").read_text(encoding="utf-8"))
    for key in ("reference_date", "coverage_mode", "municipalities", "uncovered",
                "double_memberships", "gap_clusters", "landsdelen", "notes"):
        assert key in data
    assert data["reference_date"] == "2021-01-01" and data["coverage_mode"] == "declared"
    assert data["attribution"] == "Bron: CBS"
    first = data["municipalities"][0]
    assert set(first) >= {"code", "name", "province", "inhabitants", "regions"}
    assert [m["code"] for m in data["municipalities"]] == sorted(
        m["code"] for m in data["municipalities"]
    )
    assert {"code": "GM0034", "regions": ["flevoland", "mra"]} in data["double_memberships"]
    oost = data["landsdelen"]["oost"]
    assert set(oost) >= {"regions", "municipalities", "outside_cbs_landsdeel"}
    assert any(n["written"] == "Haarlemmerliede-Spaarnwoude" and n["code"] == "GM0394"
               for n in data["notes"])


def test_csv_has_a_row_per_municipality(analysed: Path) -> None:
    with (analysed / "gemeenten.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 352
    almere = next(r for r in rows if r["code"] == "GM0034")
    assert almere["regios"] == "flevoland;mra" and almere["aantal_regios"] == "2"
    assert almere["provincie"] == "Flevoland" and int(almere["inwoners"]) > 200_000


def test_byte_identical_across_runs_and_hash_seeds(geodata: Path, analysed: Path,
                                                   tmp_path: Path) -> None:
    out = tmp_path / "again"
    result = run_cli("analyse", "--geodata", str(geodata), "--out", str(out),
                     env={"PYTHONHASHSEED": "12345"})
    assert result.returncode == 0, result.stderr
    for name in ("analyse.json", "gemeenten.csv"):
        assert (out / name).read_bytes() == (analysed / name).read_bytes()


def test_summary_in_dutch_and_english(geodata: Path, tmp_path: Path) -> None:
    nl = run_cli("analyse", "--geodata", str(geodata), "--out", str(tmp_path / "nl"),
                 "--coverage", "listed")
    assert nl.returncode == 0
    assert "Dubbel gedekt: 5 gemeenten" in nl.stdout and "Bron: CBS" in nl.stdout
    en = run_cli("analyse", "--geodata", str(geodata), "--out", str(tmp_path / "en"),
                 "--coverage", "listed", "--lang", "en")
    assert "Doubly covered: 5 municipalities" in en.stdout and "Bron: CBS" in en.stdout
    # the machine CSV keeps its header whatever the language
    header = (tmp_path / "en" / "gemeenten.csv").read_text().splitlines()[0]
    assert header == (tmp_path / "nl" / "gemeenten.csv").read_text().splitlines()[0]
    assert header == "code,naam,provincie,landsdeel,inwoners,oppervlakte_km2,aantal_regios," \
        "regios,basis"


def test_env_variable_locates_geodata(geodata: Path, tmp_path: Path) -> None:
    result = run_cli("analyse", "--out", str(tmp_path), env={"CULTUURREGIO_GEODATA": str(geodata)})
    assert result.returncode == 0, result.stderr


def _assert_clean_failure(result: subprocess.CompletedProcess, *needles: str) -> None:
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_unknown_names_fail_with_suggestions_and_write_nothing(geodata: Path,
                                                               tmp_path: Path) -> None:
    registry = tmp_path / "fout.yaml"
    registry.write_text(
        "regios:\n  a: {naam: A, gemeenten: [Amsterdm, Nijverdal, Utrecht, Bergen]}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run_cli("analyse", "--geodata", str(geodata), "--registry", str(registry),
                     "--out", str(out))
    _assert_clean_failure(result, "fout.yaml", "3 namen niet herkend", "Amsterdm",
                          "bedoelt u Amsterdam", "Nijverdal", "Hellendoorn (GM0163)",
                          "Bergen (L.)", "Bergen (NH.)")
    assert not out.exists()


def test_failure_leaves_earlier_outputs_untouched(geodata: Path, analysed: Path,
                                                  tmp_path: Path) -> None:
    before = {p.name: p.read_bytes() for p in analysed.iterdir()}
    registry = tmp_path / "leeg.yaml"
    registry.write_text("regios:\n  a: {naam: A, gemeenten: [Nergenshuizen]}\n")
    result = run_cli("analyse", "--geodata", str(geodata), "--registry", str(registry),
                     "--out", str(analysed), "--lang", "en")
    _assert_clean_failure(result, "leeg.yaml", "1 name not recognised", "Nergenshuizen")
    assert {p.name: p.read_bytes() for p in analysed.iterdir()} == before


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["--date", "2022-13-01"], ["peildatum '2022-13-01'"]),
        (["--registry", "bestaat-niet.yaml"], ["bestaat-niet.yaml", "bestand bestaat niet"]),
        (["--geodata", "/nergens"], ["/nergens", "bestaat niet"]),
    ],
)
def test_bad_arguments(geodata: Path, tmp_path: Path, args: list[str],
                       needles: list[str]) -> None:
    base = ["analyse", "--out", str(tmp_path / "o")]
    if "--geodata" not in args:
        base += ["--geodata", str(geodata)]
    _assert_clean_failure(run_cli(*base, *args), *needles)
    assert not (tmp_path / "o").exists()
