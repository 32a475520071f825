"""The Python API: the same figures and files as the command line, and the same errors."""

from __future__ import annotations

import doctest
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import cultuurregio
from cultuurregio.cli import main
from tests.conftest import REPO

EXAMPLES = REPO / "geodata" / "voorstellen"


@pytest.fixture(scope="module")
def analysis(geodata: Path) -> cultuurregio.Analysis:
    return cultuurregio.analyse(geodata=geodata)


def test_the_package_exports_the_documented_surface() -> None:
    for name in ("analyse", "validate", "compare", "report", "advise", "Analysis", "Validation",
                 "Comparison", "Report", "Advice", "InputError", "data_overview",
                 "data_download", "data_import"):
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


def test_writing_the_map_imports_no_folium_or_pyplot(tmp_path: Path) -> None:
    """kaart writes its page and PNG without folium (and branca, requests, Jinja) or
    pyplot: each costs a fresh process a large share of the map's time (issue 12)."""
    code = ("import sys; from cultuurregio.cli import main; "
            f"assert main(['kaart', '--out', {str(tmp_path)!r}]) == 0; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('folium', 'branca', 'requests', 'jinja2') or m == 'matplotlib.pyplot'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert (tmp_path / "kaart.html").is_file() and (tmp_path / "kaart.png").is_file()
    assert out.stdout.strip().splitlines()[-1] == "[]"


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
    frame = v.proposals
    data = json.loads(v.to_json())
    assert list(frame.index) == ["achterhoek"] and frame.loc["achterhoek", "n_municipalities"] == 8
    assert frame.loc["achterhoek", "status"] == data["proposals"][0]["status"]
    frame.loc["achterhoek", "status"] = "X"
    assert v.proposals.loc["achterhoek", "status"] != "X"


def test_compare_frame_agrees_with_the_comparison(geodata: Path) -> None:
    c = cultuurregio.compare("2018", "2025-2028", geodata=geodata)
    m = c.municipalities
    data = json.loads(c.to_json())
    assert len(m) == len(c.b.municipalities)
    assert sorted(m.index[m.change == "gained"]) == sorted(data["gained"])
    assert sorted(m.index[m.change == "lost"]) == sorted(data["lost"])


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


# --- frames -----------------------------------------------------------------------------


def test_frames_agree_with_analyse_json(analysis: cultuurregio.Analysis) -> None:
    data = json.loads(analysis.to_json())
    m = analysis.municipalities
    assert m.crs.to_epsg() == 28992 and m.index.name == "code"
    assert list(m.index) == [x["code"] for x in data["municipalities"]]
    for row in data["municipalities"]:
        got = m.loc[row["code"]]
        assert got["name"] == row["name"] and got["area_km2"] == row["area_km2"]
        assert got["regions"] == tuple(row["regions"])
        assert (None if pd.isna(got["inhabitants"]) else int(got["inhabitants"])) == \
            row["inhabitants"]
    assert set(m.index[m.n_regions == 0]) == set(data["uncovered"])
    assert list(analysis.doubles.index) == [d["code"] for d in data["double_memberships"]]

    national = data["totals"]["national"]
    for scope in ("all", "covered", "uncovered", "double"):
        row = analysis.totals.loc[scope]
        assert row["municipalities"] == national["municipalities"][scope]
        assert row["inhabitants"] == national["inhabitants"][scope]
        assert row["area_km2"] == national["area_km2"][scope]

    regions = analysis.regions
    assert list(regions.index) == list(data["regions"])
    for rid, r in data["regions"].items():
        assert regions.loc[rid, "municipalities"] == tuple(r["municipalities"])
        assert regions.loc[rid, "inhabitants"] == r["inhabitants"]
        # the territory is the union of its municipalities' shapes
        members = m.loc[list(r["municipalities"])]
        if len(members):
            assert abs(regions.loc[rid].geometry.area - members.area.sum()) < \
                1e-3 * members.area.sum()

    gaps = analysis.gaps
    spots = data["white_spots"] if "white_spots" in data else data["gap_cluster_details"]
    assert len(gaps) == len(data["gap_clusters"]) == len(spots)
    assert [tuple(c) for c in data["gap_clusters"]] == [tuple(sorted(x)) for x in
                                                        gaps.municipalities]
    for number, row in gaps.iterrows():
        assert set(m.index[m.gap_cluster == number]) == set(row["municipalities"])
    assert len(analysis.notes) == len(data["notes"])
    assert list(analysis.notes.message) == [n["message"] for n in data["notes"]]


def test_explore_is_the_kaart_page(analysis: cultuurregio.Analysis, tmp_path: Path) -> None:
    import folium

    page = analysis.explore()
    assert isinstance(page, folium.Map)
    written = {p.name: p for p in analysis.write(tmp_path, tables=False, maps=True)}
    assert page.get_root().render() == written["kaart.html"].read_text(encoding="utf-8")
    shown = page._repr_html_()
    assert shown.startswith("<iframe srcdoc=") and "<script" not in shown  # escaped page
    page.save(tmp_path / "saved.html")
    assert (tmp_path / "saved.html").read_bytes() == written["kaart.html"].read_bytes()


def test_frames_explore_with_a_classification_scheme(analysis: cultuurregio.Analysis) -> None:
    import folium

    m = analysis.municipalities
    assert isinstance(m.explore(column="inhabitants", scheme="quantiles", k=5), folium.Map)


def test_editing_a_frame_changes_no_other_result(analysis: cultuurregio.Analysis,
                                                 geodata: Path) -> None:
    before = analysis.to_json()
    m = analysis.municipalities
    m.loc["GM0034", "name"] = "Nieuw Land"
    m["inhabitants"] = 0
    m.geometry = m.geometry.buffer(1000)
    r = analysis.regions
    r.loc["mra", "municipalities"] = ()
    totals = analysis.totals
    totals.loc["all", "municipalities"] = -1
    again = cultuurregio.analyse(geodata=geodata)
    assert again.municipalities.loc["GM0034", "name"] == "Almere"
    assert analysis.municipalities.loc["GM0034", "name"] == "Almere"
    assert analysis.municipalities.area.sum() == again.municipalities.area.sum()
    assert analysis.regions.loc["mra", "municipalities"]
    assert analysis.to_json() == before == again.to_json()


def test_readme_python_section_runs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Python\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    assert len(blocks) >= 3 and all(">>>" in b for b in blocks)
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    test = parser.get_doctest("\n".join(blocks), {}, "README.md#python", "README.md", 0)
    cwd = Path.cwd()
    os.chdir(REPO)
    try:
        out: list[str] = []
        result = runner.run(test, out=out.append)
    finally:
        os.chdir(cwd)
    assert result.attempted >= 10
    assert result.failed == 0, "".join(out)


# --- installation -------------------------------------------------------------------------


def test_pip_install_into_a_fresh_environment(tmp_path: Path) -> None:
    """`pip install <repo>` (not editable) into a new venv; then the one-liner of issue 14
    works with no set-up and no network, and nothing installs a top-level `graphkit`.

    Honest but quick: the repository (as in a clone) is copied and really built and
    installed by pip into the new environment's site-packages; only the third-party
    dependencies and the build backend are borrowed from this test environment (a .pth
    line), so pip needs no index (--no-index --no-deps --no-build-isolation)."""
    import sysconfig

    source = tmp_path / "clone"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", "outputs", "cache",
        ".pytest_cache", ".ruff_cache", ".hypothesis", "artifacts"))
    env_dir = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True)
    python = env_dir / "bin" / "python"
    purelib = Path(subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True).stdout.strip())
    (purelib / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("CULTUURREGIO_", "PYTHONPATH", "PIP_"))}
    env |= {"CULTUURREGIO_CACHE": str(tmp_path / "cache"), "PIP_NO_INDEX": "1",
            "PIP_CONFIG_FILE": os.devnull, "no_proxy": "*", "https_proxy": "http://127.0.0.1:9",
            "http_proxy": "http://127.0.0.1:9"}
    install = subprocess.run(
        [python, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
         "--no-index", str(source)], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert install.returncode == 0, install.stderr
    assert (purelib / "cultuurregio" / "api.py").is_file()
    assert not (purelib / "graphkit").exists()

    code = ("import cultuurregio; a = cultuurregio.analyse(); "
            "print(a.municipalities.shape, len(a.gaps)); print(cultuurregio.__file__)")
    run = subprocess.run([python, "-c", code], capture_output=True, text=True, env=env,
                         cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    shape, where = run.stdout.strip().splitlines()
    n = len(cultuurregio.analyse().municipalities)
    assert shape.startswith(f"({n}, ") and int(shape.split()[-1]) > 0
    assert Path(where).is_relative_to(purelib)
    fails = subprocess.run([python, "-c", "import graphkit"], capture_output=True, text=True,
                           env=env, cwd=tmp_path)
    assert fails.returncode != 0 and "No module named 'graphkit'" in fails.stderr
