"""Registry format: the embedded default, and every structural error named precisely."""

from __future__ import annotations

from pathlib import Path

import pytest

from cultuurregio.messages import InputError
from cultuurregio.sources.registry import DEFAULT_REGISTRY, load_registry, parse_registry

SEEDS_2018 = {
    "we-the-north", "brabantstad", "twente", "flevoland", "stedendriehoek", "arnhem-nijmegen",
    "zeeland", "ede-wageningen", "mra", "haaglanden", "utrecht", "zwolle", "zuid", "leiden",
    "rotterdam",
}


NEW_2024 = {"noord-holland-noord", "midden-holland", "noord-limburg", "achterhoek"}


def test_default_registry_periods() -> None:
    reg = load_registry()
    assert reg.label == "standaard" and reg.default_period == "2021-2024"
    assert list(reg.periods) == ["2018", "2021-2024", "2025-2028"]
    assert set(reg.select("2018").regions) == SEEDS_2018
    assert set(reg.select("2021-2024").regions) == SEEDS_2018
    assert set(reg.select("2025-2028").regions) == SEEDS_2018 | NEW_2024
    assert list(reg.select("2021-2024").groupings) == ["oost"]
    assert reg.select("2025-2028").groupings == {}  # no seed says Oost continues
    with pytest.raises(InputError, match="onbekende periode '2030'"):
        reg.select("2030")


def test_new_regions_match_the_example_proposals() -> None:
    from cultuurregio.sources.registry import load_proposals

    examples = sorted((DEFAULT_REGISTRY.parent / "voorstellen").glob("*.yaml"))
    proposals, _ = load_proposals(examples)
    reg = load_registry()
    for rid in NEW_2024:
        assert reg.regions[rid].gemeenten == proposals.regions[rid].gemeenten
        assert reg.regions[rid].naam == proposals.regions[rid].naam


def test_default_registry_has_the_15_regions_and_landsdeel_oost() -> None:
    reg = load_registry().select("2021-2024")
    assert set(reg.regions) == SEEDS_2018
    oost = reg.groupings["oost"]
    assert oost.regios == ("arnhem-nijmegen", "stedendriehoek", "ede-wageningen", "zwolle",
                           "twente")
    assert oost.cbs_landsdeel == "Oost-Nederland"


def test_default_registry_cites_a_source_for_every_entry_and_claim() -> None:
    reg = load_registry()
    seeds = {"000_e44194807dd8c811.txt", "001_e6a9c10e11fd0f4f.txt", "002_c34e227a536540cb.txt"}
    for region in reg.regions.values():
        assert region.bron in seeds
        if region.dekking.kind != "leden":
            assert region.dekking_bron in seeds, region.id
        if region.id in SEEDS_2018:
            assert region.extra["convenant"]["bron"] == "000_e44194807dd8c811.txt"
    for period in reg.periods.values():
        assert period.bron in seeds
    # 14 signed covenants and the pending Limburg one (000)
    statuses = [r.extra["convenant"]["status"] for r in reg.regions.values()
                if "convenant" in r.extra]
    assert statuses.count("gesloten") == 14 and statuses.count("in voorbereiding") == 1


def test_default_registry_keeps_names_as_written() -> None:
    reg = load_registry()
    assert "’s-Hertogenbosch" in reg.regions["brabantstad"].gemeenten
    assert "Beemster" in reg.regions["mra"].gemeenten
    assert reg.regions["mra"].partners == ("Vervoerregio Amsterdam",)
    assert reg.regions["arnhem-nijmegen"].partners == (
        "Cultuurnetwerk Arnhem", "Cultuur Netwerk Nijmegen"
    )
    assert len(reg.regions["zwolle"].gemeenten) == 21  # "21 gemeenten in de Regio Zwolle"
    assert len(reg.regions["twente"].gemeenten) == 14  # "de veertien Twentse gemeenten"
    assert len(reg.regions["mra"].gemeenten) == 32


def test_only_regios_is_valid() -> None:
    reg = parse_registry("regios:\n  a: {naam: A, gemeenten: [Utrecht]}\n", label="x.yaml")
    assert list(reg.regions) == ["a"] and reg.groupings == {}
    assert reg.regions["a"].dekking.kind == "leden"


def test_same_text_same_checksum() -> None:
    text = DEFAULT_REGISTRY.read_text(encoding="utf-8")
    assert parse_registry(text, label="a").sha256 == parse_registry(text, label="b").sha256


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("", "bestand is leeg"),
        ("regios: [\n", "geen geldige YAML"),
        ("- a\n- b\n", "blok 'regios:'"),
        ("regios:\n  a: {naam: A, gemeenten: [X]}\n  a: {naam: B, gemeenten: [Y]}\n",
         "sleutel 'a' staat twee keer"),
        ("regios:\n  a: {naam: A, gemeeten: [X]}\n", r"onbekende sleutel \['gemeeten'\]"),
        ("regios:\n  a: {naam: A, gemeenten: Utrecht}\n", "'gemeenten' moet \\[str, ...\\] zijn"),
        ("regios:\n  a: {naam: A, gemeenten: [1234]}\n", "'gemeenten' moet"),
        ("regios:\n  a: {naam: A}\n", "geen gemeenten en geen provincies"),
        ("regios:\n  a: {gemeenten: [X]}\n", "'naam' ontbreekt"),
        ("regios:\n  A B: {naam: A, gemeenten: [X]}\n", "regio-id 'A B' is ongeldig"),
        ("regios:\n  a: {naam: A, gemeenten: [X], dekking: alles}\n", "dekking 'alles'"),
        ("regios:\n  a: {naam: A, gemeenten: [X], dekking: provincies}\n",
         "dekking 'provincies' maar de regio heeft geen provincies"),
        ("regios:\n  a: {naam: A, gemeenten: [X]}\nlandsdelen:\n  o: {naam: O, regios: [a, b]}\n",
         "onbekende regio 'b'"),
        ("regios:\n  a: {naam: A, gemeenten: [X]}\nlandsdelen:\n  a: {naam: O, regios: [a]}\n",
         "landsdeel-id 'a' is ook een regio-id"),
        ("regios: {}\n", "geen enkele regio"),
        ("regio:\n  a: {naam: A}\n", "blok 'regios:'"),
        ("regios:\n  a: {naam: A, gemeenten: [X]}\nextra: 1\n", "hoogste niveau"),
        ("perioden: {p1: {naam: P}}\nregios:\n  a: {naam: A, gemeenten: [X], perioden: [p2]}\n",
         "periode 'p2' staat niet onder 'perioden'"),
        ("perioden: {p1: {naam: P}}\nstandaard_periode: p9\nregios:\n  a: {naam: A, "
         "gemeenten: [X]}\n", "onbekende periode 'p9'"),
    ],
)
def test_structural_errors_are_named(text: str, match: str) -> None:
    with pytest.raises(InputError, match=match) as info:
        parse_registry(text, label="proef.yaml", path=Path("proef.yaml"))
    assert info.value.render().startswith("proef.yaml: ")
    assert "\n" not in info.value.render("en")


def test_every_problem_is_collected_in_one_error() -> None:
    text = "regios:\n  a: {naam: A, gemeeten: [X]}\n  b: {gemeenten: [Y]}\n"
    with pytest.raises(InputError) as info:
        parse_registry(text, label="p.yaml")
    assert len(info.value.problems) == 2


def test_english_messages() -> None:
    with pytest.raises(InputError) as info:
        parse_registry("regios:\n  a: {naam: A}\n", label="p.yaml")
    assert "region has no municipalities and no provinces" in info.value.render("en")


def test_unreadable_files(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(InputError, match="bestand bestaat niet"):
        load_registry(missing)
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"regios:\n  a: {naam: \xff\xfe}\n")
    with pytest.raises(InputError, match="geen UTF-8"):
        load_registry(binary)
