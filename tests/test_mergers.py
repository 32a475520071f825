"""Merger table: the project's own, and CBS-style tables read by the same reader."""

from __future__ import annotations

import csv
import itertools
from datetime import date
from pathlib import Path

import pytest

from cultuurregio.messages import InputError
from cultuurregio.sources.mergers import load_mergers, normalise_code, parse_date


def test_own_table_holds_every_confirmed_merger(geodata: Path) -> None:
    ours = {(m.date, m.old_code, m.new_code) for m in load_mergers()}
    with (geodata / "herindelingen.csv").open(encoding="utf-8") as fh:
        confirmed = {
            (date.fromisoformat(r["datum"]), r["oude_code"], r["nieuwe_code"])
            for r in csv.DictReader(fh)
        }
    assert confirmed <= ours


def test_own_table_agrees_with_code_lists(geodata: Path) -> None:
    """Every municipality that disappears between two code lists merged per our table."""
    def codes(day: str) -> set[str]:
        with (geodata / f"gemeentecodes_{day}.csv").open(encoding="utf-8") as fh:
            return {r["statcode"] for r in csv.DictReader(fh)}

    merged = {m.old_code for m in load_mergers()}
    days = ["2021-01-01", "2022-01-01", "2022-03-24", "2023-01-01"]
    for before, after in itertools.pairwise(days):
        gone = codes(before) - codes(after)
        assert gone and gone <= merged, (before, after, gone - merged)


def test_reads_cbs_style_table(tmp_path: Path) -> None:
    path = tmp_path / "indelingswijzigingen.csv"
    path.write_text(
        "Datum ingang;Code oude gemeente;Naam oude gemeente;Code nieuwe gemeente;"
        "Naam nieuwe gemeente\n"
        "1-1-2022;0370;Beemster;0439;Purmerend\n"
        "24-3-2022;457;Weesp;363;Amsterdam\n"
        "1-1-2022;0439;Purmerend;0439;Purmerend\n",
        encoding="utf-8",
    )
    rows = load_mergers(path)
    assert [(m.date, m.old_code, m.new_code, m.old_name) for m in rows] == [
        (date(2022, 1, 1), "GM0370", "GM0439", "Beemster"),
        (date(2022, 3, 24), "GM0457", "GM0363", "Weesp"),
    ]


def test_reads_english_headers_and_years(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("year,old code,old name,new code,new name\n2019,GM0393,H en S,GM0394,H\n")
    (m,) = load_mergers(path)
    assert (m.date, m.old_code, m.new_code) == (date(2019, 1, 1), "GM0393", "GM0394")


def test_bad_table_is_named(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("wanneer,wie\n2020,x\n")
    with pytest.raises(InputError, match="m.csv: kolommen date, old_code, new_code ontbreken"):
        load_mergers(path)
    path.write_text("datum,oude_code,oude_naam,nieuwe_code,nieuwe_naam\nooit,GM1,a,GM2,b\n")
    with pytest.raises(InputError, match="regel 2"):
        load_mergers(path)


@pytest.mark.parametrize(("value", "code"), [("GM0370", "GM0370"), ("370", "GM0370"),
                                             ("gm 0370", "GM0370"), ("PV20", None), ("x", None)])
def test_normalise_code(value: str, code: str | None) -> None:
    assert normalise_code(value) == code


@pytest.mark.parametrize(("value", "day"), [("2022-03-24", date(2022, 3, 24)),
                                            ("24-03-2022", date(2022, 3, 24)),
                                            ("2022", date(2022, 1, 1)), ("31-02-2022", None)])
def test_parse_date(value: str, day: date | None) -> None:
    assert parse_date(value) == day
