"""Hostile input (issue 10): nothing from an input is ever executed, crashes the process,
floods the terminal or leaves a mix of old and new outputs.

Every case asserts its exact outcome: either a clean error (exit 2, one line on stderr
naming the file and the problem, no traceback, the output folder unchanged), or a correct
output in which the hostile text appears literally. The corpus is tests/hostile_corpus.py.
Sections follow the issue's numbered findings; findings 4, 5 and 10 (GeoPackage contents,
CSV readers, download cache) are the data helper's, in the section named for them below.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import resource
import signal
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from cultuurregio.cli import main
from cultuurregio.messages import MAX_LINE_CHARS, InputError, Problem
from cultuurregio.model.names import MAX_SUGGESTED
from cultuurregio.render.files import write_files
from cultuurregio.render.tables import analysis_json, municipalities_csv, spreadsheet_safe
from tests.hostile_corpus import (
    CONTROL,
    NAMES,
    PERIOD,
    PROPOSAL_NAME,
    REGISTRY_NAME,
    proposal_text,
    q,
    registry_text,
    write,
)
from tests.test_browser import browser  # noqa: F401  (the fixture, with its launch set-up)

REPO = Path(__file__).resolve().parent.parent
ANALYSE_FILES = ("analyse.json", "gemeenten.csv", "gemeenten-excel.csv")  # what analyse writes


# --- helpers ------------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path under `folder` with its bytes (None for a folder)."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An output folder holding the outputs of an earlier run (and a file of the user's)."""
    folder = tmp_path / "uit"
    folder.mkdir()
    for name in (*ANALYSE_FILES, "kaart.html", "kaart.png", "valideer.json",
                 "valideer.html", "vergelijk.json", "vergelijk.html", "rapport.html"):
        (folder / name).write_text(f"oud {name}\n", encoding="utf-8")
    (folder / "notities.txt").write_text("van de gebruiker\n", encoding="utf-8")
    return folder


def fails_cleanly(capsys, args: list[str], needle: str, out: Path, *,
                  named: str | None = None) -> str:
    """Exit 2 and one printable line naming `named` and holding `needle`; `out` unchanged."""
    before = snapshot(out)
    assert main([*args, "--out", str(out)]) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    line = lines[0]
    assert line.startswith("cultuurregio: fout: "), line
    assert needle in line, line
    if named is not None:
        assert named in line, line
    assert line.isprintable(), repr(line)  # no control character reaches the terminal
    assert len(line) <= MAX_LINE_CHARS + 40
    assert "Traceback" not in captured.err and captured.out == ""
    assert snapshot(out) == before
    return line


def registry_refused(capsys, geodata: Path, folder: Path, out: Path, name: str, text: str,
                     needle: str, *extra: str) -> str:
    """`analyse` on a registry file `name` holding `text` fails cleanly with `needle`."""
    registry = write(folder, name, text)
    return fails_cleanly(capsys, ["analyse", "--registry", str(registry), "--geodata",
                                  str(geodata), *extra], needle, out, named=name)


def run_process(args: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cultuurregio", *args], capture_output=True,
                          text=True, check=False, cwd=REPO, **kwargs)


# --- the hostile registry through every output (findings 1, 9, 12) -----------------------


@pytest.fixture(scope="module")
def hostile_outputs(geodata: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """analyse --kaart, valideer, vergelijk and rapport on the hostile registry and
    proposals, whose file names are hostile too."""
    root = tmp_path_factory.mktemp("hostile")
    registry = write(root / "in", REGISTRY_NAME, registry_text())
    proposals = write(root / "in", PROPOSAL_NAME, proposal_text())
    g = ["--geodata", str(geodata), "--offline"]
    assert main(["analyse", "--kaart", "--registry", str(registry), *g,
                 "--out", str(root / "analyse")]) == 0
    assert main(["valideer", str(proposals), "--registry", str(registry), *g,
                 "--out", str(root / "valideer")]) == 0
    assert main(["vergelijk", "2021-2024", str(registry), *g,
                 "--out", str(root / "vergelijk")]) == 0
    assert main(["rapport", "--registry", str(registry), *g,
                 "--out", str(root / "rapport")]) == 0
    return root


def test_analyse_json_holds_every_text_literally(hostile_outputs: Path) -> None:
    data = json.loads((hostile_outputs / "analyse" / "analyse.json").read_text("utf-8"))
    regions = data["regions"]
    for i, name in enumerate(NAMES):
        r = regions[f"r{i}"]
        assert r["name"] == name
        assert r["partners"] == [NAMES[(i + 1) % len(NAMES)]]
        assert r["source"] == NAMES[(i + 1) % len(NAMES)]
        assert r["coverage_source"] == name
    assert data["landsdelen"]["g"]["name"] == NAMES[6]
    assert data["registry"]["name"] == REGISTRY_NAME
    assert data["period"] == PERIOD


def test_terminal_output_is_escaped(capsys, geodata: Path, tmp_path: Path) -> None:
    registry = write(tmp_path, REGISTRY_NAME, registry_text())
    assert main(["analyse", "--registry", str(registry), "--geodata", str(geodata),
                 "--out", str(tmp_path / "o")]) == 0
    printed = capsys.readouterr().out
    assert all(line.isprintable() for line in printed.splitlines())
    assert REGISTRY_NAME in printed and "<img src=x" in printed
    from cultuurregio.messages import visible

    assert visible(NAMES[12]) == "lijn\\u2028scheiding\\u2029alinea"  # shown, not obeyed


def test_kaart_png_with_mathtext_in_file_name(hostile_outputs: Path) -> None:
    """Finding 9: a registry named math$x^$.yaml crashed kaart (mathtext)."""
    assert (hostile_outputs / "analyse" / "kaart.png").read_bytes().startswith(b"\x89PNG")
    assert (hostile_outputs / "rapport" / "kaart.png").read_bytes().startswith(b"\x89PNG")


def _page_text(page: str) -> str:
    """The text a reader sees in a page we wrote: markup, scripts and styles removed."""
    import html

    return html.unescape(re.sub(r"<script.*?</script>|<style.*?</style>|<[^>]*>", "\n", page,
                                flags=re.S))


def test_rapport_html_shows_every_name_as_text(hostile_outputs: Path) -> None:
    page = (hostile_outputs / "rapport" / "rapport.html").read_text("utf-8")
    shown = _page_text(page)
    for name in NAMES:
        assert name in shown, name
    assert PERIOD in shown and REGISTRY_NAME in shown
    assert "<img src=x" not in page and "<script>window" not in page
    assert "Probe 49" not in page and "Kunst  cultuur" not in page


@pytest.mark.parametrize("page", ["analyse/kaart.html", "valideer/valideer.html",
                                  "vergelijk/vergelijk.html", "rapport/kaart.html"])
def test_map_pages_hold_names_only_as_data(hostile_outputs: Path, page: str) -> None:
    text = (hostile_outputs / page).read_text("utf-8")
    outside = re.sub(r'<script type="application/json" id="cr-data">.*?</script>', "", text,
                     flags=re.S)
    for fragment in ("Probe", "cycler", "Noord", "window.__hostile", "HYPERLINK", "DROP"):
        assert fragment not in outside, fragment
    assert "Probe 49" not in text and "Kunst  cultuur" not in text


def test_csv_cells_are_never_formulas(runs) -> None:
    """Finding 12: names starting with = + - @ reached gemeenten.csv unchanged."""
    a = runs["declared"].analysis
    hostile = [*NAMES[8:12], "\tTab", "\rCR", "nul\x00teken", "esc\x1b[31m"]
    rows = tuple(replace(m, name=hostile[i % len(hostile)]) if i < len(hostile) else m
                 for i, m in enumerate(a.municipalities))
    table = list(csv.reader(io.StringIO(municipalities_csv(replace(a, municipalities=rows)))))
    names = [row[1] for row in table[1:len(hostile) + 1]]
    assert names == ["'" + NAMES[8], "'+31 cultuur", "'-kunst-", "'@regio", "'\\tTab",
                     "'\\rCR", "nul\\x00teken", "esc\\x1b[31m"]
    for row in table[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)
    assert spreadsheet_safe(-5) == -5  # numbers are numbers
    assert spreadsheet_safe("Utrecht") == "Utrecht"


def test_control_characters_in_a_file_name_never_reach_a_document(geodata: Path,
                                                                    tmp_path: Path) -> None:
    name = "r\x1b[31m\u202e\x07.yaml"
    registry = write(tmp_path, name, "regios:\n  a: {naam: A, gemeenten: [Utrecht]}\n")
    assert main(["rapport", "--registry", str(registry), "--geodata", str(geodata),
                 "--out", str(tmp_path / "o")]) == 0
    for output in ("rapport.html", "kaart.html"):
        page = (tmp_path / "o" / output).read_text("utf-8")
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e]", page)
    assert "r\\x1b[31m\\u202e\\x07.yaml" in _page_text(
        (tmp_path / "o" / "rapport.html").read_text("utf-8"))


# --- headless Chromium: nothing executes, every name reads literally (findings 1, 11) ----


# The text of every element a reader can see, scripts and styles left out.
_VISIBLE_TEXT = """() => {
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
        acceptNode: n => n.parentElement.closest('script, style')
            ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
    const parts = [];
    while (walk.nextNode()) parts.push(walk.currentNode.nodeValue);
    return parts.join('\\n');
}"""

PAGES = {
    "analyse/kaart.html": (True, NAMES),  # regions, the grouping (NAMES[6]), layers
    "valideer/valideer.html": (True, NAMES),  # the registry's regions and both proposals
    "vergelijk/vergelijk.html": (True, [PERIOD]),  # in the title
    "rapport/rapport.html": (False, [*NAMES, PERIOD, REGISTRY_NAME]),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_pages_in_chromium_run_nothing_and_read_literally(browser, hostile_outputs: Path,  # noqa: F811
                                                          name: str) -> None:
    from tests.test_browser import Opened

    is_map, expected = PAGES[name]
    o = Opened(browser, hostile_outputs / name, is_map=is_map)
    try:
        page = o.page
        if is_map:
            page.locator(".cr-layers summary").click()
        shown = page.evaluate(_VISIBLE_TEXT)
        for text in expected:
            assert text in shown, text
        assert "Probe 49" not in shown and "Kunst  cultuur" not in shown
        assert page.evaluate("window.__hostile") is None  # no injected script or handler ran
        assert page.locator('img[src="x"]').count() == 0
        assert o.dialogs == [] and o.errors == [] and o.requests == []
    finally:
        o.close()


# --- every text field of every input: refused with one line when it holds a control
# --- character (findings 11, 12: ESC, NUL, bidi override never reach any output) ---------

FIELDS = {
    "regios.r.naam": "regios:\n  r: {{naam: {v}, gemeenten: [Utrecht]}}\n",
    "regios.r.gemeenten": "regios:\n  r: {{naam: R, gemeenten: [{v}]}}\n",
    "regios.r.provincies": "regios:\n  r: {{naam: R, provincies: [{v}]}}\n",
    "regios.r.partners": "regios:\n  r: {{naam: R, gemeenten: [Utrecht], partners: [{v}]}}\n",
    "regios.r.bron": "regios:\n  r: {{naam: R, gemeenten: [Utrecht], bron: {v}}}\n",
    "regios.r.dekking_bron": "regios:\n  r: {{naam: R, gemeenten: [Utrecht], "
                             "dekking_bron: {v}}}\n",
    "regios.r.profiel": "regios:\n  r: {{naam: R, gemeenten: [Utrecht], profiel: {v}}}\n",
    "regios.r.toelichting": "regios:\n  r: {{naam: R, gemeenten: [Utrecht], "
                            "toelichting: {v}}}\n",
    "regios.r.dekking": "regios:\n  r: {{naam: R, gemeenten: [Utrecht], "
                        "dekking: {{corop: [{v}]}}}}\n",
    "regios.r.perioden": "regios:\n  r: {{naam: R, gemeenten: [Utrecht], perioden: [{v}]}}\n",
    "landsdelen.g.naam": "regios:\n  r: {{naam: R, gemeenten: [Utrecht]}}\n"
                         "landsdelen:\n  g: {{naam: {v}, regios: [r]}}\n",
    "landsdelen.g.bron": "regios:\n  r: {{naam: R, gemeenten: [Utrecht]}}\n"
                         "landsdelen:\n  g: {{naam: G, regios: [r], bron: {v}}}\n",
    "landsdelen.g.cbs_landsdeel": "regios:\n  r: {{naam: R, gemeenten: [Utrecht]}}\n"
                                  "landsdelen:\n  g: {{naam: G, regios: [r], "
                                  "cbs_landsdeel: {v}}}\n",
    "regios.r.onderbouwing.regio": "regios:\n  r: {{naam: R, gemeenten: [Utrecht], "
                                   "onderbouwing: {{regio: {{soort: citaat, bron: b, "
                                   "citaat: {v}}}}}}}\n",
    "perioden.p.naam": "perioden:\n  p: {{naam: {v}}}\nregios:\n  r: {{naam: R, "
                       "gemeenten: [Utrecht]}}\n",
    "perioden": "perioden:\n  {v}: {{naam: P}}\nregios:\n  r: {{naam: R, "
                "gemeenten: [Utrecht]}}\n",
    "standaard_periode": "standaard_periode: {v}\nregios:\n  r: {{naam: R, "
                         "gemeenten: [Utrecht]}}\n",
}


@pytest.mark.parametrize("char", list(CONTROL))
@pytest.mark.parametrize("field", list(FIELDS))
def test_control_characters_in_every_field(capsys, geodata: Path, tmp_path: Path, out: Path,
                                           field: str, char: str) -> None:
    value = q(f"Utrecht{CONTROL[char]}x")
    line = registry_refused(capsys, geodata, tmp_path, out, "r.yaml",
                            FIELDS[field].format(v=value), "stuurteken U+")
    assert field.rsplit(".", 1)[0] in line


@pytest.mark.parametrize("char", ["ESC", "NUL", "RLO"])
def test_control_characters_in_a_proposal(capsys, geodata: Path, tmp_path: Path, out: Path,
                                          char: str) -> None:
    proposal = write(tmp_path, "v.yaml", f"regios:\n  v: {{naam: {q('V' + CONTROL[char])}, "
                                         "gemeenten: [Venray]}\n")
    fails_cleanly(capsys, ["valideer", str(proposal), "--geodata", str(geodata)],
                  "regios.v.naam: tekst bevat stuurteken", out, named="v.yaml")


# --- names that must resolve: hostile text is refused and shown literally (1, 11) --------


@pytest.mark.parametrize("text", ["{{ 7*7 }}", "{% raw %}", "{# x", "$x^$",
                                  "<script>alert(1)</script>", "=1+1"])
def test_unresolvable_hostile_member_is_shown_literally(capsys, geodata: Path, tmp_path: Path,
                                                       out: Path, text: str) -> None:
    registry_refused(capsys, geodata, tmp_path, out, "r.yaml",
                     f"regios:\n  r: {{naam: R, gemeenten: [{q(text)}]}}\n",
                     f"regios.r.gemeenten: {text!r}")


# --- finding 2: nesting in every YAML form, before a recursive composer sees it ----------

DEEP = {
    "block sequences": "regios:\n  a:\n    gemeenten:\n      " + "- " * 30_000 + "x\n",
    "block sequences at the top": "- " * 30_000 + "x\n",
    "block mappings": "regios:\n" + "".join(" " * (2 * i) + f"k{i}:\n" for i in range(1, 60)),
    "flow sequences": "regios: " + "[" * 200_000 + "]" * 200_000 + "\n",
    "flow mappings": "regios:\n  a: " + "{b: " * 50_000 + "1" + "}" * 50_000 + "\n",
    "mixed": "regios:\n  a:\n    - " + "[{k: " * 40 + "x" + "}]" * 40 + "\n",
    "mapping keys": "? " * 5_000 + "x\n",
}


@pytest.mark.parametrize("form", list(DEEP))
def test_deep_yaml_is_refused(capsys, geodata: Path, tmp_path: Path, out: Path,
                              form: str) -> None:
    registry_refused(capsys, geodata, tmp_path, out, "diep.yaml", DEEP[form],
                     "te diep genest")


def test_deep_block_sequence_in_a_real_process(tmp_path: Path) -> None:
    """The 60 KB file that made libyaml's C stack overflow (exit 139, no message)."""
    path = write(tmp_path, "diep.yaml", DEEP["block sequences"])
    result = run_process(["valideer", str(path), "--out", str(tmp_path / "o")])
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "te diep genest" in result.stderr
    assert not (tmp_path / "o").exists()


def test_anchors_and_aliases_are_refused(capsys, geodata: Path, tmp_path: Path,
                                         out: Path) -> None:
    registry_refused(capsys, geodata, tmp_path, out, "alias.yaml",
                     "regios:\n  a: {naam: A, gemeenten: &g [Utrecht]}\n"
                     "  b: {naam: B, gemeenten: *g}\n", "ankers en aliassen")


# --- finding 3: all-or-nothing outputs ----------------------------------------------------


def test_folder_in_the_way_changes_nothing(capsys, geodata: Path, out: Path) -> None:
    (out / "kaart.png").unlink()
    (out / "kaart.png").mkdir()
    fails_cleanly(capsys, ["analyse", "--kaart", "--geodata", str(geodata)],
                  "staat een map in de weg", out, named="kaart.png")


def test_output_folder_is_a_file(capsys, geodata: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "uit"
    blocker.write_text("een bestand\n")
    before = blocker.read_bytes()
    assert main(["analyse", "--geodata", str(geodata), "--out", str(blocker / "sub")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "kan niet schrijven" in err
    assert blocker.read_bytes() == before


def test_failed_rename_puts_the_old_files_back(tmp_path: Path, monkeypatch) -> None:
    targets = {tmp_path / f"{n}.txt": f"nieuw {n}" for n in "abc"}
    for t in targets:
        t.write_text("oud")
    real = os.replace
    calls = []

    def failing(src, dst):
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(InputError, match="kan niet schrijven"):
        write_files(targets)
    assert {t.name: t.read_text() for t in targets} == dict.fromkeys(("a.txt", "b.txt",
                                                                       "c.txt"), "oud")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt", "c.txt"]


_KILL_DURING_RENAMES = textwrap.dedent("""
    import os, signal, sys
    real = os.replace
    count = 0
    def replace(src, dst):
        global count
        real(src, dst)
        count += 1
        if count == 1:  # a signal arrives between the first rename and the next ones
            os.kill(os.getpid(), getattr(signal, sys.argv[1]))
    os.replace = replace
    from cultuurregio.cli import main
    sys.exit(main(sys.argv[2:]))
""")


@pytest.mark.parametrize("sig", ["SIGTERM", "SIGINT"])
def test_signal_during_renames_leaves_the_new_set(geodata: Path, out: Path, sig: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _KILL_DURING_RENAMES, sig, "analyse", "--geodata",
         str(geodata), "--out", str(out)],
        capture_output=True, text=True, check=False, cwd=REPO,
    )
    # held until the last rename was done, then the usual one line
    assert result.returncode == {"SIGTERM": 143, "SIGINT": 130}[sig], result.stderr
    assert result.stderr.count("\n") == 1 and "afgebroken" in result.stderr
    contents = {n: (out / n).read_bytes() for n in ANALYSE_FILES}
    assert all(not c.startswith(b"oud ") for c in contents.values())  # all new, no mix
    assert json.loads(contents["analyse.json"])["attribution"] == "Bron: CBS"
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


_SIGNAL_WHILE_WRITING = textwrap.dedent("""
    import os, signal, sys
    real = os.fsync
    def fsync(fd):
        real(fd)  # the first temporary is on disk; the signal comes before the next one
        os.kill(os.getpid(), getattr(signal, sys.argv[1]))
    os.fsync = fsync
    from cultuurregio.cli import main
    sys.exit(main(sys.argv[2:]))
""")


@pytest.mark.parametrize("sig", ["SIGTERM", "SIGINT"])
def test_signal_while_writing_keeps_the_old_set(geodata: Path, out: Path, sig: str) -> None:
    before = snapshot(out)
    result = subprocess.run(
        [sys.executable, "-c", _SIGNAL_WHILE_WRITING, sig, "analyse", "--geodata",
         str(geodata), "--out", str(out)],
        capture_output=True, text=True, check=False, cwd=REPO,
    )
    assert result.returncode == {"SIGTERM": 143, "SIGINT": 130}[sig], result.stderr
    assert result.stderr.count("\n") == 1 and "afgebroken" in result.stderr
    assert snapshot(out) == before  # old outputs, and the temporary removed


_KILLED_WHILE_WRITING = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    real = os.fsync
    count = 0
    def fsync(fd):
        global count
        real(fd)
        count += 1
        if count == 2:  # two temporaries are on disk, nothing renamed yet
            os.kill(os.getpid(), signal.SIGKILL)
    os.fsync = fsync
    from cultuurregio.render.files import write_files
    out = Path(sys.argv[1])
    write_files({out / "a.txt": "nieuw", out / "b.txt": "nieuw", out / "c.txt": "nieuw"})
""")


def test_killed_run_leaves_old_files_and_the_next_run_cleans_up(tmp_path: Path) -> None:
    for n in "abc":
        (tmp_path / f"{n}.txt").write_text("oud")
    result = subprocess.run([sys.executable, "-c", _KILLED_WHILE_WRITING, str(tmp_path)],
                            check=False, cwd=REPO)
    assert result.returncode == -signal.SIGKILL
    assert {p.read_text() for p in tmp_path.glob("?.txt")} == {"oud"}
    stale = sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp"))
    assert len(stale) == 2 and stale[0].startswith(".a.txt.")
    (tmp_path / ".a.txt.12345678.tmp").write_text("of an older version, without a pid")
    live = tmp_path / f".b.txt.{os.getpid()}.abcdefgh.tmp"  # of a live process: kept
    live.write_text("in use")
    write_files({tmp_path / n: "nieuw" for n in ("a.txt", "b.txt", "c.txt")})
    assert {p.read_text() for p in tmp_path.glob("?.txt")} == {"nieuw"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [live.name, "a.txt", "b.txt",
                                                           "c.txt"]


def test_file_size_limit_is_a_clean_error(geodata: Path, out: Path) -> None:
    """A write error (here RLIMIT_FSIZE: 'File too large') is one line, exit 2, and the old
    outputs stay."""
    before = snapshot(out)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))

    result = run_process(["analyse", "--geodata", str(geodata), "--out", str(out)],
                         preexec_fn=limit)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "kan niet schrijven" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert snapshot(out) == before


# --- findings 4, 5, 10: GeoPackage contents, CSV readers, download cache ------------------
# Finding 4 (GeoPackage contents: NULL/numeric statnaam, NULL statcode, code forms, empty
# layers, points and lines, 3-D and out-of-extent coordinates) is in tests/test_hostile_data.py.
# Finding 5 for the places table and the imported CBS tables, and finding 10 (a download
# cache that heals: HTML sent with status 200, bad checksum, damaged record, a folder in
# place of a cache file) are in tests/test_data_commands.py, against a local server.


def _geodata_with(tmp_path: Path, name: str, content: str) -> Path:
    """A --geodata folder: the embedded 2022 files with `name` replaced by `content`."""
    from cultuurregio.sources.compact import EMBEDDED

    folder = tmp_path / "geo"
    folder.mkdir()
    for each in ("gebieden_2022.npz", "inwoners_2022.csv", "herkomst.json"):
        (folder / each).write_bytes((EMBEDDED / each).read_bytes())
    (folder / name).write_text(content, encoding="utf-8")
    return folder


@pytest.mark.parametrize(("content", "needle"), [
    ("statcode,inwoners\nGM0363,inf\n", "regel 2: 'GM0363', 'inf'"),
    ("statcode,inwoners\nGM0363,-inf\n", "regel 2: 'GM0363', '-inf'"),
    ("statcode,inwoners\nGM0363,1e308\n", "regel 2: 'GM0363', '1e308'"),
    ("statcode,inwoners\nGM0363,-5\n", "regel 2: 'GM0363', '-5'"),
    ("statcode,inwoners\nGM0363,１２\n", "regel 2: 'GM0363', '１２'"),
    ("statcode,inwoners\nGM0363,1_000\n", "regel 2: 'GM0363', '1_000'"),
    ("statcode,inwoners\nGM0363,{{ 7*7 }}\n", "regel 2: 'GM0363', '{{ 7*7 }}'"),
    ("inwoners,statcode\nGM0363\n", "regel 2: 1 van de 2 velden"),  # swapped, short row
    ("statcode,inwoners\nGM0363\n", "regel 2: 1 van de 2 velden die de kop noemt"),
    ("statcode,inwoners\nGM0363," + "9" * 140_000 + "\n", "regel 2"),
    ("statcode,inwoners\n=cmd|' /C calc'!A0,5\n", "regel 2"),
])
def test_inhabitants_table_is_checked(capsys, tmp_path: Path, out: Path, content: str,
                                      needle: str) -> None:
    """Finding 5: every bad value of the inhabitants table is the one-line error."""
    folder = _geodata_with(tmp_path, "inwoners_2022.csv", content)
    fails_cleanly(capsys, ["analyse", "--geodata", str(folder), "--date", "2022-01-01"],
                  needle, out, named="inwoners_2022.csv")


# --- finding 6: unbounded work from small inputs ------------------------------------------


def test_dev_zero_is_refused(capsys, geodata: Path, out: Path) -> None:
    fails_cleanly(capsys, ["analyse", "--registry", "/dev/zero", "--geodata", str(geodata)],
                  "geen gewoon bestand", out, named="/dev/zero")


def test_fifo_is_refused_without_blocking(capsys, geodata: Path, tmp_path: Path,
                                          out: Path) -> None:
    fifo = tmp_path / "pijp.yaml"
    os.mkfifo(fifo)
    fails_cleanly(capsys, ["analyse", "--registry", str(fifo), "--geodata", str(geodata)],
                  "geen gewoon bestand", out, named="pijp.yaml")


def test_folder_as_registry(capsys, geodata: Path, tmp_path: Path, out: Path) -> None:
    fails_cleanly(capsys, ["valideer", str(tmp_path), "--geodata", str(geodata)],
                  "geen gewoon bestand", out)


def test_size_limit_does_not_trust_st_size(tmp_path: Path) -> None:
    from cultuurregio.sources.textio import read_bytes

    path = write(tmp_path, "groot.yaml", "x" * 1001)
    with pytest.raises(InputError, match="meer dan 1000 bytes"):
        read_bytes(path, max_bytes=1000)
    assert read_bytes(path, max_bytes=1001) == b"x" * 1001


def test_many_regions_sharing_a_municipality(geodata: Path, tmp_path: Path) -> None:
    """1,000 regions all naming Amsterdam (45 KB) gave a 71 MB analyse.json."""
    from cultuurregio.analysis.coverage import MAX_OVERLAP_ENTRIES

    registry = write(tmp_path, "veel.yaml", "regios:\n" + "".join(
        f"  r{i}: {{naam: R{i}, gemeenten: [Amsterdam]}}\n" for i in range(1000)))
    assert main(["analyse", "--registry", str(registry), "--geodata", str(geodata),
                 "--out", str(tmp_path / "o")]) == 0
    path = tmp_path / "o" / "analyse.json"
    data = json.loads(path.read_text("utf-8"))
    listed = sum(o["weight"] for o in data["region_overlaps"])
    assert listed == MAX_OVERLAP_ENTRIES
    assert listed + data["region_overlaps_omitted"] == 1000 * 999 // 2
    assert path.stat().st_size < 5_000_000


def test_regions_per_registry_are_bounded(capsys, geodata: Path, tmp_path: Path,
                                          out: Path) -> None:
    from cultuurregio.sources.registry import MAX_REGIONS

    registry_refused(capsys, geodata, tmp_path, out, "r.yaml", "regios:\n" + "".join(
        f"  r{i}: {{naam: R{i}, gemeenten: [Urk]}}\n" for i in range(MAX_REGIONS + 1)),
        f"regios: {MAX_REGIONS + 1} onderdelen, hoogstens {MAX_REGIONS}")


def test_proposals_per_run_are_bounded(capsys, geodata: Path, tmp_path: Path,
                                       out: Path) -> None:
    from cultuurregio.sources.registry import MAX_PROPOSALS

    first = write(tmp_path, "a.yaml", "regios:\n" + "".join(
        f"  a{i}: {{naam: A{i}, gemeenten: [Amsterdam]}}\n" for i in range(MAX_PROPOSALS)))
    second = write(tmp_path, "b.yaml", "regios:\n  b: {naam: B, gemeenten: [Diemen]}\n")
    fails_cleanly(capsys, ["valideer", str(first), str(second), "--geodata", str(geodata)],
                  f"{MAX_PROPOSALS + 1} voorstellen of meer; één toetsing neemt er hoogstens "
                  f"{MAX_PROPOSALS}", out, named="b.yaml")


def test_suggestions_for_the_first_unknown_names_only(reference) -> None:
    from cultuurregio.model.names import load_aliases
    from cultuurregio.model.resolve import make_resolver
    from cultuurregio.sources.mergers import load_mergers

    resolver = make_resolver(reference, load_mergers(), load_aliases())
    results = [resolver.municipality(f"Amsterdamm{'x' * (i % 3)}{i}", "w") for i in range(300)]
    keys = [r.key for r in results if isinstance(r, Problem)]
    assert keys.count("name_unknown_suggest") == MAX_SUGGESTED
    assert keys.count("name_unknown") == 300 - MAX_SUGGESTED


# --- finding 7: no silent misreadings ----------------------------------------------------

MISREADINGS = [
    ("regios:\n  a: {naam: A, gemeenten: [Provincie Utrecht]}\n",
     "'Provincie Utrecht' is een provincie, geen gemeente; zet het onder 'provincies'"),
    ("regios:\n  a: {naam: A, gemeenten: [Friesland]}\n",
     "'Friesland' is een provincie, geen gemeente"),
    ("regios:\n  a: {naam: A, provincies: [Gemeente Utrecht]}\n",
     "'Gemeente Utrecht' is een gemeente, geen provincie; zet het onder 'gemeenten'"),
    ("regios:\n  a: {naam: A, provincies: [Amsterdam]}\n",
     "'Amsterdam' is een gemeente, geen provincie"),
    ('regios:\n  "mra\\n": {naam: A, gemeenten: [Utrecht]}\n', "regio-id 'mra\\n' is ongeldig"),
    ('regios:\n  "mra ": {naam: A, gemeenten: [Utrecht]}\n', "regio-id 'mra ' is ongeldig"),
    ("regios:\n  a: {naam: A, gemeenten: [Utrecht]}\nlandsdelen:\n  g: {naam: G, regios: []}\n",
     "landsdelen.g: 'regios' is leeg"),
    ("regios:\n  a: {naam: A, gemeenten: [Utrecht], perioden: []}\n",
     "regios.a: 'perioden' is leeg"),
    ("perioden:\n  p1: {naam: P1}\n  p2: {naam: P2}\nstandaard_periode: p2\n"
     "regios:\n  a: {naam: A, gemeenten: [Utrecht], perioden: [p1]}\n",
     "geen regio hoort bij periode 'p2'; perioden met regio's: p1"),
]


@pytest.mark.parametrize(("text", "needle"), MISREADINGS)
def test_misreadings_are_errors(capsys, geodata: Path, tmp_path: Path, out: Path, text: str,
                                needle: str) -> None:
    registry_refused(capsys, geodata, tmp_path, out, "r.yaml", text, needle)


@pytest.mark.parametrize(("text", "period", "needle"), [
    ("regios:\n  a: {naam: A, gemeenten: [Utrecht]}\n", "2021-2024",
     "onbekende periode '2021-2024'; bekend: -"),
    ("regios:\n  a: {naam: A, gemeenten: [Utrecht], perioden: [p1]}\n", "p2",
     "onbekende periode 'p2'; bekend: p1"),
])
def test_unknown_period_lists_the_known(capsys, geodata: Path, tmp_path: Path, out: Path,
                                        text: str, period: str, needle: str) -> None:
    registry_refused(capsys, geodata, tmp_path, out, "r.yaml", text, needle,
                     "--periode", period)


def test_misspelt_period_of_the_default(capsys, geodata: Path, out: Path) -> None:
    fails_cleanly(capsys, ["kaart", "--periode", "2021-2042", "--geodata", str(geodata)],
                  "onbekende periode '2021-2042'; bekend: 2018, 2021-2024, 2025-2028", out)


# --- finding 8: numbers ------------------------------------------------------------------


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e400", "-5", "50001"])
def test_tolerance_must_be_finite_and_sane(capsys, geodata: Path, out: Path,
                                           value: str) -> None:
    fails_cleanly(capsys, ["analyse", "--tolerance", value, "--geodata", str(geodata)],
                  "--tolerance", out)


def test_json_refuses_nan(runs) -> None:
    a = runs["declared"].analysis
    with pytest.raises(ValueError, match="not JSON compliant"):
        analysis_json(replace(a, tolerance_m=float("nan")))


def test_bad_option_is_one_line(capsys, out: Path) -> None:
    fails_cleanly(capsys, ["analyse", "--coverage", "\x1b[2Jbijna"], "--coverage", out)


# --- finding 11: the terminal ------------------------------------------------------------


def test_control_characters_in_a_file_name_are_escaped(capsys, geodata: Path, tmp_path: Path,
                                                       out: Path) -> None:
    name = "a\x1b]0;titel\x07b\nc\u202ed.yaml"
    line = fails_cleanly(capsys, ["analyse", "--registry", str(tmp_path / name), "--geodata",
                                  str(geodata)], "bestand bestaat niet", out)
    assert "a\\x1b]0;titel\\x07b\\nc\\u202ed.yaml" in line


def test_control_characters_in_a_yaml_key_are_escaped(capsys, geodata: Path, tmp_path: Path,
                                                      out: Path) -> None:
    registry_refused(capsys, geodata, tmp_path, out, "k.yaml",
                     'regios:\n  r: {naam: R, gemeenten: [Utrecht], "\\e[2J\\ngemeeten": x}\n',
                     "onbekende sleutel ['\\x1b[2J\\ngemeeten']")


def test_huge_name_is_refused_in_one_short_line(capsys, geodata: Path, tmp_path: Path,
                                                out: Path) -> None:
    """A 4.5 MB name was echoed whole (and took minutes to resolve)."""
    registry = write(tmp_path, "lang.yaml", "regios:\n  r: {naam: R, gemeenten: ["
                     + "X" * 4_500_000 + "]}\n")
    line = fails_cleanly(capsys, ["analyse", "--registry", str(registry), "--geodata",
                                  str(geodata)], "regios.r.gemeenten: tekst is te lang "
                                                 "(4500000 tekens, hoogstens 300)", out)
    assert len(line) < 200


def test_long_values_are_cut_in_the_line(capsys, geodata: Path, tmp_path: Path,
                                         out: Path) -> None:
    registry = write(tmp_path, "lang.yaml", "regios:\n  r: {naam: R, gemeenten: ["
                     + ", ".join(f"X{i}{'y' * 290}" for i in range(30)) + "]}\n")
    line = fails_cleanly(capsys, ["analyse", "--registry", str(registry), "--geodata",
                                  str(geodata)], "30 namen niet herkend", out)
    assert "y" * 190 + "…" in line and "y" * 200 not in line  # each value cut to 200
    assert line.endswith("…") and len(line) == len("cultuurregio: fout: ") + MAX_LINE_CHARS


def test_many_problems_are_counted(capsys, geodata: Path, tmp_path: Path, out: Path) -> None:
    registry = write(tmp_path, "veel.yaml", "regios:\n  r: {naam: R, gemeenten: ["
                     + ", ".join(f"Qq{i}" for i in range(40)) + "]}\n")
    line = fails_cleanly(capsys, ["analyse", "--registry", str(registry), "--geodata",
                                  str(geodata)], "en nog 16 problemen", out)
    assert "'Qq23'" in line and "'Qq24'" not in line


def test_ctrl_c_is_one_line_and_exit_130(tmp_path: Path) -> None:
    import time

    proc = subprocess.Popen([sys.executable, "-m", "cultuurregio", "kaart", "--out",
                             str(tmp_path / "o")], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert stderr.count("\n") == 1 and "afgebroken" in stderr and "Traceback" not in stderr
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_closed_pipe_ends_quietly(geodata: Path, tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "cultuurregio", "valideer",
         *map(str, sorted((REPO / "geodata" / "voorstellen").glob("*.yaml"))),
         "--geodata", str(geodata), "--out", str(tmp_path / "o")],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    proc.stdout.close()  # `| head -0`: the reader is gone before anything is written
    stderr = proc.stderr.read() if proc.stderr else b""
    proc.wait(timeout=60)
    assert stderr == b"", stderr.decode()
    assert proc.returncode == 141
