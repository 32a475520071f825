"""One vocabulary per language: no English word in Dutch text and no Dutch word in English
text, over every message and label in the catalogue and over real outputs (names aside);
counts agree with their nouns; coverage modes in the user's language; --help follows
--lang or the locale; --version."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cultuurregio import __version__
from cultuurregio.cli import _help_lang, main
from cultuurregio.messages import _CATALOGUE, MODE_ALIASES, Counted, Problem, counted, text

# Words that are English and not Dutch (nor used by Dutch as loan words), and the reverse.
# Words both languages share ("in", "per", "map" = folder, "is", "of" = or, "data") are left
# out on purpose: they prove nothing.
_ENGLISH_WORDS = """
the and with without which from only listed declared province provinces coverage covered
uncovered gap gaps municipality municipalities inhabitants region regions merged duplicate
source sources file files notes error warning proposal proposals period periods reason names
name item items explanation found missing allowed unknown invalid must line key keys not
recognised read folder download failed written total share double doubly all none one two more
than check measure value change gained lost closed remaining before after area areas mode modes
member members territory contiguous pieces piece island islands outside inside into were was
has have their its this that these those are be been being for by at on to it an as or show
help exit output language default also else embedded compare build interactive report
workbook fit size median combined together newly twice who how each every
"""
_DUTCH_WORDS = """
de het een en van niet gemeente gemeenten inwoners regio dekking gedekt bestand bron bronnen
periode peildatum voorstel voorstellen witte vlek vlekken kaart leden provincies verklaard
toelichting naam namen wijze opmerking opmerkingen deel delen zijn wordt met voor naar uit bij
dubbel aanname aannames gebied gebieden sleutel sleutels ontbreekt onbekend ongeldig moet regel
geen alle meer dan twee buiten binnen heeft hebben zonder ook nog samen eiland eilanden fout
waarschuwing herkend gelezen opgegaan keer geteld bestaat pas vanaf verwacht gekregen lagen laag
kolom kolommen dekt blijven gedicht verloren gewonnen nieuw toetsing oordeel grenzen opties
gebruik toon hulp stop taal uitvoer standaard citaat afleiding wie
"""
ENGLISH = frozenset(_ENGLISH_WORDS.split())
DUTCH = frozenset(_DUTCH_WORDS.split())

# Names and fixed terms, kept as they are in both languages.
NAMES = ("We the North", "We The North", "Bron: CBS", "CC BY 4.0", "Raad voor Cultuur",
         "Samen in Zee", "Statistics Netherlands")


def _words(template: str) -> list[str]:
    """The words of a template, without placeholders, quoted terms, options, file names,
    language codes and names."""
    t = template
    for name in NAMES:
        t = t.replace(name, " ")
    t = re.sub(r"%\([a-z_]+\)s|\{[^{}]*\}", " ", t)  # placeholders
    t = re.sub(r"(?<![A-Za-z])'[^']*'", " ", t)  # quoted terms: 'leden', 'notes'
    t = re.sub(r"--[a-z-]+|[\w./<>-]+\.(?:json|csv|html|png|gpkg|xlsx|yaml)\b", " ", t)
    t = re.sub(r"\b(?:nl|en):", " ", t)
    t = re.sub(r"[A-Z_]{4,}", " ", t)  # CULTUURREGIO_GEODATA, metavars
    return re.findall(r"[A-Za-zÀ-ÿ]+", t)


def _foreign(template: str, lang: str) -> list[str]:
    wrong = ENGLISH if lang == "nl" else DUTCH
    return [w for w in _words(template) if w.lower() in wrong]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_catalogue_speaks_one_language(lang: str) -> None:
    found = {key: _foreign(pair[lang == "en"], lang) for key, pair in _CATALOGUE.items()}
    assert {k: v for k, v in found.items() if v} == {}


def test_the_word_check_would_have_caught_the_issue() -> None:
    """The examples of issue 13, as they were printed: the check must refuse them."""
    assert _foreign("Cultuurregio's: standaard, dekking declared, peildatum 2022-01-01", "nl")
    assert _foreign("The province is a member, but 002 places parts outside every region",
                    "nl")
    assert _foreign("Sensitivity: coverage listed, provinces", "nl")
    assert _foreign("Gaps closed: 5 gemeenten", "en")


def test_no_either_or_plurals_in_the_catalogue() -> None:
    """'1 gemeenten', 'voorstel(len)', 'cluster(s)': counts take their noun from counted()."""
    pattern = re.compile(r"\((?:s|n|en|len|ies|'s)\)|\w/\w+en\b")
    assert [k for k, (nl, en) in _CATALOGUE.items()
            if pattern.search(nl) or pattern.search(en)] == []


@pytest.mark.parametrize(("n", "nl", "en"), [
    (0, "0 gemeenten", "0 municipalities"), (1, "1 gemeente", "1 municipality"),
    (2, "2 gemeenten", "2 municipalities"), (1234, "1.234 gemeenten", "1,234 municipalities"),
])
def test_counted(n: int, nl: str, en: str) -> None:
    assert counted(n, "municipality", "nl") == nl and counted(n, "municipality", "en") == en
    assert Problem("val_overlap", n=Counted(n, "municipality")).render("nl").startswith(nl)


def test_nouns_have_a_singular_and_a_plural() -> None:
    for key, (nl, en) in _CATALOGUE.items():
        if key.startswith("noun_"):
            assert nl.count("|") == en.count("|") == 1, key


def test_coverage_modes_in_both_languages(geodata: Path, tmp_path: Path) -> None:
    assert {v for v in MODE_ALIASES.values()} == {"listed", "provinces", "declared"}
    for dutch, english in (("leden", "listed"), ("provincies", "provinces"),
                           ("verklaard", "declared")):
        assert MODE_ALIASES[dutch] == MODE_ALIASES[english] == english
        assert text(f"mode_{english}", "nl") == dutch
    out = tmp_path / "o"
    assert main(["analyse", "--geodata", str(geodata), "--out", str(out),
                 "--coverage", "provincies"]) == 0
    data = json.loads((out / "analyse.json").read_text(encoding="utf-8"))
    assert data["coverage_mode"] == "provinces"  # the contract keeps the internal value


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cultuurregio", *args], capture_output=True,
                          text=True, check=False, env=env)


def test_summary_speaks_dutch(geodata: Path, tmp_path: Path) -> None:
    """The terminal summary in Dutch: no English words once the names are taken out, no
    region ids, no either-or plurals."""
    result = run_cli("analyse", "--geodata", str(geodata), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "analyse.json").read_text(encoding="utf-8"))
    shown = result.stdout
    names = sorted({m["name"] for m in data["municipalities"]}
                   | {r["name"] for r in data["regions"].values()}
                   | set(data["division_names"].values())
                   | {w["name"] for w in data.get("white_spots", [])}, key=len, reverse=True)
    for name in names:
        shown = shown.replace(name, " ")
    assert _foreign(shown, "nl") == []
    assert "flevoland+mra" not in result.stdout and "(s)" not in result.stdout
    assert "dekking 'verklaard'" in result.stdout


def test_help_follows_lang_or_locale() -> None:
    base = {"PATH": "/usr/bin:/bin"}
    nl = run_cli("analyse", "--help", env={**base, "LANG": "C.UTF-8"})
    assert nl.returncode == 0 and nl.stdout.startswith("gebruik: cultuurregio analyse")
    assert "dekkingswijze (standaard: verklaard" in nl.stdout and "opties:" in nl.stdout
    assert _foreign(nl.stdout.replace("CULTUURREGIO_GEODATA", ""), "nl") == []
    en = run_cli("analyse", "--help", "--lang", "en", env={**base, "LANG": "C.UTF-8"})
    assert en.stdout.startswith("usage: cultuurregio analyse") and "coverage mode" in en.stdout
    assert _foreign(en.stdout, "en") == []
    by_locale = run_cli("vergelijk", "--help", env={**base, "LANG": "en_GB.UTF-8"})
    assert "compare two periods or registries" in by_locale.stdout
    assert _help_lang(["--help"], {"LC_ALL": "en_US.UTF-8", "LANG": "nl_NL.UTF-8"}) == "en"
    assert _help_lang(["--lang", "nl"], {"LANG": "en_US.UTF-8"}) == "nl"
    assert _help_lang([], {}) == "nl"


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"cultuurregio {__version__}"


# argparse's own English phrases, as they appeared in Dutch error lines before
_ARGPARSE_ENGLISH = ("invalid choice", "choose from", "expected one argument",
                     "the following arguments are required", "unrecognized arguments",
                     "usage:", "invalid float value", "error:")


@pytest.mark.parametrize(
    ("args", "nl_phrase", "en_phrase"),
    [
        (["analyse", "--periode"], "argument --periode: verwacht één waarde",
         "argument --periode: expected one argument"),
        (["analyse", "--tolerance", "veel"], "ongeldige waarde voor float: 'veel'",
         "invalid float value: 'veel'"),
        (["analyse", "--onzin", "x"], "onbekende argumenten: --onzin x",
         "unrecognized arguments: --onzin x"),
        (["vergelijk", "a"], "de volgende argumenten zijn verplicht: B",
         "the following arguments are required: B"),
        (["analys"], "ongeldige keuze: 'analys' (kies uit 'analyse'",
         "invalid choice: 'analys' (choose from 'analyse'"),
    ],
)
def test_argparse_errors_follow_the_language(capsys, monkeypatch, args: list[str],
                                             nl_phrase: str, en_phrase: str) -> None:
    """A bad command line is one line in the user's language, argparse's own words too."""
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert main(args) == 2
    nl = capsys.readouterr().err
    assert nl.count("\n") == 1 and nl.startswith("cultuurregio: fout: ") and nl_phrase in nl
    assert [p for p in _ARGPARSE_ENGLISH if p in nl] == []
    if args[0] != "analys":  # --lang only exists after the command
        assert main([*args, "--lang", "en"]) == 2
        en = capsys.readouterr().err
        assert en.count("\n") == 1 and en.startswith("cultuurregio: error: ") and en_phrase in en


def test_argparse_phrases_are_dutch() -> None:
    """Every Dutch rendering of an argparse phrase passes the vocabulary check."""
    from cultuurregio.messages import _ARGPARSE_NL, argparse_text

    for en, nl in _ARGPARSE_NL:
        assert _foreign(re.sub(r"%\(\w+\)s", "", nl), "nl") == [], nl
        assert argparse_text(en, "en") == en
    assert argparse_text("argument --x: expected 2 arguments", "nl") == (
        "argument --x: verwacht 2 waarden")
    assert argparse_text("iets anders", "nl") == "iets anders"
