"""Claim strength: every claim of the registry is a source's words, an inference or an
assumption; outputs mark what rests on assumptions and `--alleen-bronnen` leaves them out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cultuurregio.analysis.pipeline import analyse_model, period_date, prepare, select_period
from cultuurregio.cli import main
from cultuurregio.messages import InputError
from cultuurregio.model.resolve import resolve
from cultuurregio.sources.registry import CLAIM_KINDS, load_registry, parse_registry
from tests.test_report import _Tables

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"


def _parse(body: str):
    head = 'perioden: {"a": {naam: A}, "b": {naam: B}}\n'
    return parse_registry(head + body, label="test.yaml")


# --- format --------------------------------------------------------------------------------


def test_claims_per_topic_and_per_period() -> None:
    reg = _parse(
        "regios:\n"
        "  x:\n"
        "    naam: X\n"
        "    gemeenten: [Urk]\n"
        "    onderbouwing:\n"
        "      regio: {soort: citaat, bron: s.txt, citaat: 'X bestaat'}\n"
        "      leden:\n"
        "        a: {soort: afleiding, redenering: 'carried over'}\n"
        "        b: {soort: aanname}\n"
    )
    x = reg.regions["x"]
    assert x.claim("regio", "a").citaat == "X bestaat"
    assert x.claim("leden", "a").soort == "afleiding"
    assert x.claim("leden", "b").assumption
    assert x.claim("leden").assumption  # no period: the weakest
    assert x.claim("dekking") is None
    assert reg.select("a").regions["x"].claim("leden").soort == "afleiding"


@pytest.mark.parametrize(("claim", "needle"), [
    ("{soort: gok}", "soort 'gok'"),
    ("{soort: citaat, bron: s.txt}", "citaat"),
    ("{soort: afleiding}", "redenering"),
    ("{soort: aanname, waarom: x}", "waarom"),
    ("[aanname]", "onderbouwing.leden"),
    ("{c: {soort: aanname}}", "'c'"),
])
def test_bad_claims_are_named(claim: str, needle: str) -> None:
    with pytest.raises(InputError) as err:
        _parse(f"regios:\n  x: {{naam: X, gemeenten: [Urk], onderbouwing: {{leden: {claim}}}}}\n")
    assert needle in err.value.render("nl")


def test_without_assumptions_drops_only_what_is_assumed() -> None:
    reg = _parse(
        "regios:\n"
        "  a: {naam: A, gemeenten: [Urk], onderbouwing: {regio: {soort: aanname}}}\n"
        "  b: {naam: B, gemeenten: [Urk], provincies: [Flevoland], dekking: provincies,\n"
        "      onderbouwing: {dekking: {soort: aanname}}}\n"
        "  c: {naam: C, gemeenten: [Urk], provincies: [Flevoland], dekking: provincies,\n"
        "      onderbouwing: {leden: {soort: aanname},\n"
        "                     dekking: {soort: citaat, bron: s.txt, citaat: heel Flevoland}}}\n"
        "  d: {naam: D, gemeenten: [Urk], onderbouwing: {leden: {soort: aanname}}}\n"
        "  e: {naam: E, gemeenten: [Urk]}\n"
    )
    kept, changed = reg.without_assumptions()
    assert changed == ("a", "b", "c", "d")
    assert sorted(kept.regions) == ["b", "c", "e"]
    assert kept.regions["b"].dekking.kind == "leden" and kept.regions["b"].gemeenten == ("Urk",)
    assert kept.regions["c"].gemeenten == () and kept.regions["c"].provincies == ("Flevoland",)
    assert kept.assumptions_left_out == changed


# --- the default registry ------------------------------------------------------------------


def test_default_registry_marks_its_assumptions() -> None:
    reg = load_registry()
    r = reg.regions
    assert r["utrecht"].claim("dekking").soort == "citaat"
    assert r["zeeland"].claim("dekking").soort == "afleiding"
    assert r["brabantstad"].claim("dekking").assumption
    assert r["zuid"].claim("dekking").soort == "afleiding"
    for rid in ("noord-holland-noord", "midden-holland", "noord-limburg", "achterhoek"):
        assert r[rid].claim("leden").assumption, rid
        assert r[rid].claim("regio").soort == "citaat", rid
    carried = [rid for rid, x in r.items() if "2018" in x.perioden]
    assert len(carried) == 15
    for rid in carried:
        assert r[rid].claim("leden", "2018").soort == "citaat", rid
        assert r[rid].claim("leden", "2025-2028").assumption, rid
        assert not r[rid].claim("leden", "2021-2024").assumption, rid
    for rid, x in r.items():  # every claim says what it is
        for topic in ("regio", "leden"):
            assert x.claim(topic) is not None and x.claim(topic).soort in CLAIM_KINDS, rid


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _claims(registry):
    for region in registry.regions.values():
        for topic, per in region.claims.items():
            for period, claim in per.items():
                yield f"{region.id}.{topic}.{period}", claim


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents (../shared/seeds) are "
                    "not beside this checkout")
def test_every_quote_is_in_its_source() -> None:
    """Quotes are exact (line breaks of the PDF text aside)."""
    checked = 0
    registries = [load_registry()] + [load_registry(p) for p in sorted(
        (REPO / "geodata" / "voorstellen").glob("*.yaml"))]
    for registry in registries:
        for where, claim in _claims(registry):
            if claim.soort == "citaat":
                source = (SEEDS / claim.bron).read_text(encoding="utf-8")
                assert _squeeze(claim.citaat) in _squeeze(source), where
                checked += 1
    assert checked > 40


# --- real data -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def context(geodata: Path):
    """One context per period, on its first 1 January (as the CLI does)."""
    return {period: prepare(geodata, on=period_date(period))
            for period in ("2021-2024", "2025-2028")}


def _analysis(contexts, period: str, *, sources_only: bool = False):
    context = contexts[period]
    registry = select_period(load_registry(), period)
    if sources_only:
        registry, _ = registry.without_assumptions()
    model = resolve(registry, context.reference, context.resolver)
    return analyse_model(context, model).analysis


@pytest.mark.parametrize("period", ["2021-2024", "2025-2028"])
def test_sources_only_drops_exactly_what_rests_on_assumptions(context, period: str) -> None:
    full = _analysis(context, period)
    lean = _analysis(context, period, sources_only=True)
    assumed = {m.code for m in full.municipalities if m.on_assumption}
    covered = {m.code for m in full.municipalities if m.regions}
    assert assumed and assumed <= covered
    assert {m.code for m in lean.municipalities if m.regions} == covered - assumed
    assert full.totals["on_assumption"]["municipalities"] == len(assumed)
    assert lean.assumptions_left_out and full.assumptions_left_out is None


def test_2021_2024_assumption_is_brabantstads_territory(context) -> None:
    a = _analysis(context, "2021-2024")
    brabant = {m.code for m in a.municipalities if m.province == "PV30"}
    listed = set(a.regions["brabantstad"]["listed"])
    assumed = {m.code for m in a.municipalities if m.on_assumption}
    assert assumed == brabant - listed
    assert a.regions["brabantstad"]["rests_on_assumption"] == ["dekking"]


def test_2025_2028_carried_lists_rest_on_assumptions(context) -> None:
    a = _analysis(context, "2025-2028")
    rows = a.by_code()
    # the new regions' example members and carried-over lists rest on assumptions ...
    for rid in ("achterhoek", "leiden", "twente"):
        assert all(rows[c].on_assumption for c in a.regions[rid]["municipalities"]), rid
    # ... but Utrecht's province rests on 002's words
    assert not any(rows[c].on_assumption for c in a.regions["utrecht"]["municipalities"])


def test_cli_reports_and_recomputes(geodata: Path, tmp_path: Path, capsys) -> None:
    base = ["analyse", "--geodata", str(geodata), "--periode", "2025-2028"]
    assert main([*base, "--out", str(tmp_path / "a")]) == 0
    said = capsys.readouterr().out
    data = json.loads((tmp_path / "a" / "analyse.json").read_text(encoding="utf-8"))
    n = len(data["covered_on_assumption"])
    assert n == data["totals"]["on_assumption"]["municipalities"] > 0
    assert f"Op een aanname: {n} van de gedekte gemeenten" in said
    assert data["sources_only"] is False
    assert main([*base, "--alleen-bronnen", "--out", str(tmp_path / "b"), "--lang", "en"]) == 0
    said = capsys.readouterr().out
    lean = json.loads((tmp_path / "b" / "analyse.json").read_text(encoding="utf-8"))
    assert lean["sources_only"] is True and "Sources only" in said
    covered = lambda d: sum(1 for m in d["municipalities"] if m["regions"])  # noqa: E731
    assert covered(lean) == covered(data) - n


def test_report_shows_the_assumptions(geodata: Path, tmp_path: Path) -> None:
    assert main(["rapport", "--geodata", str(geodata), "--periode", "2025-2028",
                 "--out", str(tmp_path)]) == 0
    assert main(["analyse", "--geodata", str(geodata), "--periode", "2025-2028",
                 "--out", str(tmp_path)]) == 0
    html = (tmp_path / "rapport.html").read_text(encoding="utf-8")
    data = json.loads((tmp_path / "analyse.json").read_text(encoding="utf-8"))
    n = data["totals"]["on_assumption"]["municipalities"]
    assert f"Op een aanname: {n} gedekte gemeenten" in html
    parser = _Tables()
    parser.feed(html)
    rows = parser.tables["onderbouwing"]
    assert {(r["id"], r["onderwerp"], r["soort"]) for r in rows} >= {
        ("utrecht", "dekking", "citaat"), ("brabantstad", "dekking", "aanname"),
        ("achterhoek", "leden", "aanname"),
    }
