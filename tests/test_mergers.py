"""Merger table: the project's own, and CBS-style tables read by the same reader."""

from __future__ import annotations

import csv
import itertools
from datetime import date
from pathlib import Path

import pytest

from cultuurregio.messages import InputError
from cultuurregio.sources.compact import boundaries_file, boundaries_years, read_boundaries
from cultuurregio.sources.mergers import load_mergers, normalise_code, parse_date


def test_own_table_is_built_from_the_official_one(raw_cbs: Path) -> None:
    ours = {(m.date, m.old_code, m.new_code) for m in load_mergers()}
    with (raw_cbs / "herindelingen.csv").open(encoding="utf-8") as fh:
        official = {
            (date.fromisoformat(r["datum"]), r["oude_code"], r["nieuwe_code"])
            for r in csv.DictReader(fh) if r["oude_code"] != r["nieuwe_code"]
        }
    assert ours == official


def test_own_table_agrees_with_consecutive_years(geodata: Path) -> None:
    """Every municipality code that disappears between two embedded years merged or split
    per our table, into codes that exist the later year; and nothing else is listed."""
    years = boundaries_years(geodata)
    assert years == [2018, 2021, 2022, 2023, 2024, 2025]
    codes = {y: set(read_boundaries(geodata / boundaries_file(y)).divisions["gemeente"].index)
             for y in years}
    mergers = load_mergers()
    for before, after in itertools.pairwise(years):
        listed = [m for m in mergers if date(before, 1, 1) < m.date <= date(after, 1, 1)]
        gone = codes[before] - codes[after]
        assert gone == {m.old_code for m in listed}, (before, after)
        assert {m.new_code for m in listed} <= codes[after]
        # Weesp (2022-03-24) is the one change that took effect after 1 January
        assert all(m.date.month == 1 and m.date.day == 1 for m in listed) or before == 2022
    splits = {m.old_name for m in mergers if [n.old_code for n in mergers].count(m.old_code) > 1}
    assert splits == {"Haaren", "Winsum"}


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
