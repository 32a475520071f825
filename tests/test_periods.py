"""Each period on its own map: the municipalities of its first 1 January, and comparisons
of two periods on the later one's map through the merger table (splits included)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from cultuurregio.analysis.pipeline import analysis_date, newest_date, period_date
from cultuurregio.cli import main


def test_period_dates() -> None:
    assert period_date("2018") == date(2018, 1, 1)
    assert period_date("2021-2024") == date(2021, 1, 1)
    assert period_date("2025-2028") == date(2025, 1, 1)
    assert period_date("alle") == period_date(None) == newest_date() == date(2025, 1, 1)
    assert analysis_date(None, "2018", "2025-2028") == date(2025, 1, 1)
    assert analysis_date("2022-03-24", "2018") == date(2022, 3, 24)


@pytest.mark.parametrize(("period", "count", "inhabitants", "dates"), [
    ("2018", 380, 17_181_084, ("2018-01-01", "2018-01-01")),
    ("2021-2024", 352, 17_475_415, ("2021-01-01", "2021-01-01")),
    ("2025-2028", 342, 17_942_942, ("2025-01-01", "2024-01-01")),
])
def test_each_period_on_its_own_map(tmp_path: Path, capsys, period: str, count: int,
                                    inhabitants: int, dates: tuple[str, str]) -> None:
    assert main(["analyse", "--periode", period, "--out", str(tmp_path)]) == 0
    said = capsys.readouterr().out
    data = json.loads((tmp_path / "analyse.json").read_text(encoding="utf-8"))
    national = data["totals"]["national"]
    assert national["municipalities"]["all"] == len(data["municipalities"]) == count
    assert national["inhabitants"]["all"] == inhabitants
    assert (data["data"]["boundaries_date"], data["data"]["inhabitants_date"]) == dates
    assert data["reference_date"] == dates[0]
    assert f"grenzen {dates[0]}" in said and f"inwoners {dates[1]}" in said


def test_date_after_a_mid_year_merger(tmp_path: Path) -> None:
    assert main(["analyse", "--date", "2022-03-24", "--out", str(tmp_path)]) == 0
    data = json.loads((tmp_path / "analyse.json").read_text(encoding="utf-8"))
    codes = {m["code"] for m in data["municipalities"]}
    assert len(codes) == 344 and "GM0457" not in codes  # Weesp is part of Amsterdam


def test_a_year_without_boundaries_is_refused(tmp_path: Path, capsys) -> None:
    assert main(["analyse", "--date", "2019-06-01", "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "geen CBS-gegevens voor 2019: ingebouwd zijn 2018, 2021, 2022, 2023, 2024, 2025" in err
    assert not (tmp_path / "o").exists()


def test_vergelijk_2018_maps_the_lists_forward(tmp_path: Path, capsys) -> None:
    assert main(["vergelijk", "2018", "2025-2028", "--out", str(tmp_path)]) == 0
    said = capsys.readouterr().out
    assert "peildatum 2025-01-01" in said
    assert ("Herindelingen tot de peildatum 2025-01-01 toegepast op de ledenlijsten (3): "
            "Beemster is per 2022-01-01 opgegaan in Purmerend (GM0439); Haarlemmerliede en "
            "Spaarnwoude is per 2019-01-01 opgegaan in Haarlemmermeer (GM0394); Weesp is per "
            "2022-03-24 opgegaan in Amsterdam (GM0363)") in said
    data = json.loads((tmp_path / "vergelijk.json").read_text(encoding="utf-8"))
    assert data["reference_date"] == "2025-01-01"
    assert [(m["written"], m["code"]) for m in data["mergers"]] == [
        ("Beemster", "GM0439"), ("Haarlemmerliede-Spaarnwoude", "GM0394"),
        ("Weesp", "GM0363")]
    assert data["data"]["inhabitants_date"] == "2024-01-01"


def test_divided_municipalities_go_to_their_largest_part(tmp_path: Path) -> None:
    registry = tmp_path / "oud.yaml"
    registry.write_text("regios:\n  a: {naam: A, gemeenten: [Haaren, Winsum, Beemster]}\n",
                        encoding="utf-8")
    assert main(["analyse", "--registry", str(registry), "--date", "2025-01-01",
                 "--out", str(tmp_path / "o")]) == 0
    data = json.loads((tmp_path / "o" / "analyse.json").read_text(encoding="utf-8"))
    notes = {n["written"]: (n["code"], n["message"]) for n in data["notes"]}
    assert notes["Haaren"] == ("GM0865", "Haaren is per 2021-01-01 gesplitst; het grootste deel "
                               "(44%) ging naar Vught (GM0865), de rest naar Oisterwijk (29%), "
                               "Tilburg (18%), Boxtel (10%)")
    assert notes["Winsum"][0] == "GM1966"  # Het Hogeland (78 %), not Westerkwartier (22 %)
    assert sorted(data["regions"]["a"]["municipalities"]) == ["GM0439", "GM0865", "GM1966"]
