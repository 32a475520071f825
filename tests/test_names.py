"""Name resolution: what people actually write, on synthetic tables and the 2022 data."""

from __future__ import annotations

from datetime import date

import pytest

from cultuurregio.messages import Problem
from cultuurregio.model.names import Resolution, Resolver, load_aliases, loose_key, normalise
from cultuurregio.model.resolve import make_resolver
from cultuurregio.sources.mergers import Merger


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("’s-Hertogenbosch", "'s-hertogenbosch"),
        ("’s-\nHertogenbosch", "'s-hertogenbosch"),
        ("  Gemeente   Arnhem ", "arnhem"),
        ("Provincie Noord-Holland", "noord-holland"),
        ("Fryslân", "fryslan"),
        ("Súdwest-Fryslân", "sudwest-fryslan"),
    ],
)
def test_normalise_variants(written: str, expected: str) -> None:
    assert normalise(written) == expected
    assert normalise(normalise(written)) == normalise(written)


def test_loose_key_ignores_en_and_punctuation() -> None:
    assert loose_key("Haarlemmerliede-Spaarnwoude") == loose_key("Haarlemmerliede en Spaarnwoude")
    assert loose_key("Bergen (NH)") == loose_key("Bergen (NH.)")
    assert loose_key("Hengelo (O.)", drop_suffix=True) == loose_key("Hengelo")


@pytest.fixture
def toy_resolver() -> Resolver:
    return Resolver(
        reference_date=date(2022, 1, 1),
        municipalities={"GM0001": "Alfa", "GM0002": "Bergen (L.)", "GM0003": "Bergen (NH.)",
                        "GM0004": "'s-Gravenhage", "GM0005": "Delta-Echo"},
        provinces={"PV01": "Fryslân"},
        mergers=[
            Merger(date(2019, 1, 1), "GM0009", "Oud Alfa", "GM0008", "Tussen"),
            Merger(date(2021, 1, 1), "GM0008", "Tussen", "GM0001", "Alfa"),
            Merger(date(2023, 1, 1), "GM0005", "Delta-Echo", "GM0010", "Nieuwstad"),
        ],
        aliases={"gemeente": {normalise("Den Haag"): "'s-Gravenhage"},
                 "provincie": {normalise("Friesland"): "Fryslân"}},
        places=[("Dorp", "GM0001", "Alfa"), ("Gedeeld", "GM0001", "Alfa"),
                ("Gedeeld", "GM0002", "Bergen (L.)")],
    )


def _ok(result: Resolution | Problem) -> Resolution:
    assert isinstance(result, Resolution), result
    return result


def test_alias_resolves_with_note(toy_resolver: Resolver) -> None:
    r = _ok(toy_resolver.municipality("Den Haag", "x"))
    assert (r.code, r.reason) == ("GM0004", "alias")
    assert "'s-Gravenhage" in r.note.render("nl")


def test_codes_resolve(toy_resolver: Resolver) -> None:
    assert _ok(toy_resolver.municipality("gm0002", "x")).code == "GM0002"
    assert _ok(toy_resolver.division("provincie", "PV01", "x")).code == "PV01"


def test_merger_chain_follows_to_successor(toy_resolver: Resolver) -> None:
    r = _ok(toy_resolver.municipality("Oud Alfa", "x"))
    assert (r.code, r.reason) == ("GM0001", "merged")
    assert "2019-01-01" in r.note.render("en")


def test_merged_old_code_resolves(toy_resolver: Resolver) -> None:
    assert _ok(toy_resolver.municipality("GM0009", "x")).code == "GM0001"


def test_future_municipality_is_refused(toy_resolver: Resolver) -> None:
    problem = toy_resolver.municipality("Nieuwstad", "regios.t.gemeenten")
    assert isinstance(problem, Problem)
    assert problem.key == "name_not_yet"
    assert "2023-01-01" in problem.render("nl")


def test_ambiguous_name_lists_both(toy_resolver: Resolver) -> None:
    problem = toy_resolver.municipality("Bergen", "x")
    assert isinstance(problem, Problem) and problem.key == "name_ambiguous"
    shown = problem.render()
    assert "Bergen (L.) (GM0002)" in shown and "Bergen (NH.) (GM0003)" in shown


def test_place_names_its_municipalities(toy_resolver: Resolver) -> None:
    problem = toy_resolver.municipality("Gedeeld", "x")
    assert isinstance(problem, Problem) and problem.key == "name_is_place"
    assert "Alfa (GM0001)" in problem.render() and "Bergen (L.) (GM0002)" in problem.render()


def test_typo_gets_suggestion(toy_resolver: Resolver) -> None:
    problem = toy_resolver.municipality("Alpha", "x")
    assert isinstance(problem, Problem) and problem.key == "name_unknown_suggest"
    assert "Alfa" in problem.render("en")


def test_gibberish_has_no_suggestion(toy_resolver: Resolver) -> None:
    problem = toy_resolver.municipality("Qqqqqqqq", "x")
    assert isinstance(problem, Problem) and problem.key == "name_unknown"


def test_province_alias(toy_resolver: Resolver) -> None:
    assert _ok(toy_resolver.division("provincie", "Provincie Friesland", "x")).code == "PV01"


# --- the real 2022 names ---------------------------------------------------------------


@pytest.fixture(scope="module")
def real_resolver():
    """Names on 1 January 2022: after Beemster's merger, before Voorne aan Zee's."""
    from cultuurregio.sources.cbs import load_reference
    from cultuurregio.sources.mergers import load_mergers

    mergers = load_mergers()
    return make_resolver(load_reference(None, date(2022, 1, 1), mergers), mergers,
                         load_aliases())


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Den Haag", "GM0518"),
        ("’s-Hertogenbosch", "GM0796"),
        ("’s-\nHertogenbosch", "GM0796"),
        ("'s- Hertogenbosch", "GM0796"),
        ("Den Bosch", "GM0796"),
        ("Hengelo (O.)", "GM0164"),
        ("Hengelo", "GM0164"),
        ("Haarlemmerliede-Spaarnwoude", "GM0394"),
        ("Beemster", "GM0439"),
        ("GM0363", "GM0363"),
        ("Weesp", "GM0457"),  # still a municipality on 2022-01-01
        ("Bergen (NH)", "GM0373"),
        ("Gemeente Arnhem", "GM0202"),
        ("Nuenen", "GM0820"),
        ("Sudwest Fryslan", "GM1900"),
    ],
)
def test_real_municipality_names(real_resolver: Resolver, written: str, code: str) -> None:
    assert _ok(real_resolver.municipality(written, "t")).code == code


@pytest.mark.parametrize("written", ["Friesland", "Fryslân", "Provincie Fryslan", "PV21"])
def test_real_friesland(real_resolver: Resolver, written: str) -> None:
    assert _ok(real_resolver.division("provincie", written, "t")).code == "PV21"


def test_real_merger_note_says_purmerend(real_resolver: Resolver) -> None:
    r = _ok(real_resolver.municipality("Beemster", "t"))
    assert r.reason == "merged"
    assert r.note.render("nl") == "Beemster is per 2022-01-01 opgegaan in Purmerend (GM0439)"


def test_real_place_names_municipality(real_resolver: Resolver) -> None:
    problem = real_resolver.municipality("Nijverdal", "regios.twente.gemeenten")
    assert isinstance(problem, Problem)
    assert "Hellendoorn (GM0163)" in problem.render("nl")
    assert "woonplaats" in problem.render("nl")


def test_real_bergen_is_ambiguous(real_resolver: Resolver) -> None:
    problem = real_resolver.municipality("Bergen", "t")
    assert isinstance(problem, Problem) and problem.key == "name_ambiguous"


def test_real_not_yet(real_resolver: Resolver) -> None:
    problem = real_resolver.municipality("Voorne aan Zee", "t")
    assert isinstance(problem, Problem) and problem.key == "name_not_yet"


def test_real_corop_and_landsdeel(real_resolver: Resolver) -> None:
    assert _ok(real_resolver.division("corop", "Zuid-Limburg", "t")).code == "CR39"
    assert _ok(real_resolver.division("landsdeel", "Oost-Nederland", "t")).code == "LD02"
