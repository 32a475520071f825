"""The Python API: the same figures and files as the command line, and the same errors."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import cultuurregio
from cultuurregio.cli import main
from tests.conftest import REPO

EXAMPLES = REPO / "geodata" / "voorstellen"


@pytest.fixture(scope="module")
def analysis(geodata: Path) -> cultuurregio.Analysis:
    return cultuurregio.analyse(geodata=geodata)


def test_the_package_exports_the_documented_surface() -> None:
    for name in ("analyse", "validate", "compare", "report", "Analysis", "Validation",
                 "Comparison", "Report", "InputError"):
        assert name in cultuurregio.__all__ and hasattr(cultuurregio, name)
    assert issubclass(cultuurregio.InputError, ValueError)


@pytest.mark.parametrize(("statement", "absent"), [
    # the package itself imports nothing heavy (the API loads on first use) ...
    ("import cultuurregio", {"pandas", "geopandas", "folium", "matplotlib"}),
    # ... and the API loads the analysis stack, but no map or spreadsheet renderer
    ("from cultuurregio import analyse", {"folium", "branca", "matplotlib", "xlsxwriter"}),
])
def test_imports_stay_light(statement: str, absent: set[str]) -> None:
    code = (f"import sys; {statement}; "
            "print(sorted({m.split('.')[0] for m in sys.modules}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert not absent & set(eval(out.stdout))


def test_write_gives_the_cli_files(analysis: cultuurregio.Analysis, geodata: Path,
                                   tmp_path: Path) -> None:
    assert main(["analyse", "--geodata", str(geodata), "--out", str(tmp_path / "cli")]) == 0
    written = analysis.write(tmp_path / "api")
    assert [p.name for p in written] == ["analyse.json", "gemeenten.csv", "gemeenten-excel.csv"]
    for p in written:
        assert p.read_bytes() == (tmp_path / "cli" / p.name).read_bytes()
    assert analysis.to_json() == (tmp_path / "cli" / "analyse.json").read_text(encoding="utf-8")


def test_validate_returns_the_verdict(geodata: Path, tmp_path: Path) -> None:
    v = cultuurregio.validate([EXAMPLES / "achterhoek.yaml"], geodata=geodata)
    assert v.status in ("OK", "WAARSCHUWING")
    assert [p.name for p in v.write(tmp_path)] == ["valideer.json", "valideer.html", "valideer.png"]
    assert "Achterhoek" in v.text()


def _cli_error(args: list[str]) -> str:
    result = subprocess.run([sys.executable, "-m", "cultuurregio.cli", *args],
                            capture_output=True, text=True, check=False,
                            env={**os.environ, "PYTHONHASHSEED": "0"})
    assert result.returncode == 2 and result.stdout == ""
    line = result.stderr.strip()
    prefix = "cultuurregio: error: " if "--lang" in args else "cultuurregio: fout: "
    assert line.startswith(prefix)
    return line[len(prefix):]


@pytest.mark.parametrize(
    ("call", "args"),
    [
        (lambda g: cultuurregio.analyse(date="2022-13-01", geodata=g),
         ["analyse", "--date", "2022-13-01"]),
        (lambda g: cultuurregio.analyse("bestaat-niet.yaml", geodata=g, lang="en"),
         ["analyse", "--registry", "bestaat-niet.yaml", "--lang", "en"]),
        (lambda g: cultuurregio.analyse(period="1999", geodata=g),
         ["analyse", "--periode", "1999"]),
        (lambda g: cultuurregio.validate("nope.yaml", geodata=g, lang="en"),
         ["valideer", "nope.yaml", "--lang", "en"]),
        (lambda g: cultuurregio.compare("2018", "1999", geodata=g),
         ["vergelijk", "2018", "1999"]),
        (lambda g: cultuurregio.report(period="1999", geodata=g),
         ["rapport", "--periode", "1999"]),
        (lambda g: cultuurregio.report(date="gisteren", geodata=g, lang="en"),
         ["rapport", "--date", "gisteren", "--lang", "en"]),
    ],
    ids=["analyse-date", "analyse-registry-en", "analyse-period", "validate-file-en",
         "compare-period", "report-period", "report-date-en"],
)
def test_errors_carry_the_cli_message(call: Callable[[Path], object], args: list[str],
                                      geodata: Path, tmp_path: Path) -> None:
    expected = _cli_error([*args, "--geodata", str(geodata), "--out", str(tmp_path)])
    with pytest.raises(cultuurregio.InputError) as info:
        call(geodata)
    assert str(info.value) == expected


def test_unknown_options_are_input_errors(geodata: Path) -> None:
    with pytest.raises(cultuurregio.InputError, match="coverage 'alles' is invalid; allowed: "
                                                      "leden, provincies, verklaard, listed"):
        cultuurregio.analyse(coverage="alles", geodata=geodata, lang="en")
    with pytest.raises(cultuurregio.InputError, match="lang 'fr' is ongeldig"):
        cultuurregio.compare("2018", "2025-2028", geodata=geodata, lang="fr")


def test_dutch_mode_names_are_accepted(analysis: cultuurregio.Analysis, geodata: Path) -> None:
    assert cultuurregio.analyse(coverage="verklaard", geodata=geodata).to_json() == \
        analysis.to_json()


def test_write_error_is_an_input_error(analysis: cultuurregio.Analysis, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(cultuurregio.InputError, match="file"):
        analysis.write(blocker / "out")
