"""`cultuurregio data`, `data download YEAR` and `data import FOLDER`, and the cache they fill.

Downloads run against a local HTTP server on 127.0.0.1 that answers like the real services:
PDOK's atom download path `/cbs/gebiedsindelingen/atom/v1_0/downloads/
cbsgebiedsindelingen<YEAR>.gpkg` serving a GeoPackage in PDOK's layout (the five
`<division>_gegeneraliseerd` layers with `statcode`, `jrstatcode`, `statnaam`, `rubriek`, plus
a `gemeente_labelpoint` layer a real file also has), and CBS's OData v3 path
`/ODataApi/odata/03759ned/TypedDataSet` answering `{"odata.metadata": ..., "value": [...]}`
in two pages linked by `odata.nextLink`, with region keys padded as CBS pads them. The
served data is the real CBS data embedded in the package (2022), so what lands in the cache
can be compared with it exactly.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from cultuurregio import api
from cultuurregio.cli import main
from cultuurregio.sources.compact import EMBEDDED, read_boundaries, read_inhabitants
from tests.test_hostile import fails_cleanly, snapshot

YEAR = 2022
PDOK_PATH = "/cbs/gebiedsindelingen/atom/v1_0/downloads/cbsgebiedsindelingen{year}.gpkg"
ODATA_PATH = "/ODataApi/odata/03759ned/TypedDataSet"


def write_pdok_gpkg(path: Path, year: int = YEAR, *, label: int | None = None) -> Path:
    """The embedded divisions of `year` written in the layout of PDOK's own file
    (`jrstatcode` says `label`, by default the same year)."""
    found = read_boundaries(EMBEDDED / f"gebieden_{year}.npz")
    for division, frame in found.divisions.items():
        table = gpd.GeoDataFrame({
            "statcode": list(frame.index),
            "jrstatcode": [f"{label or year}{c}" for c in frame.index],
            "statnaam": list(frame["name"]),
            "rubriek": division,
        }, geometry=frame.geometry.to_numpy(), crs=28992)
        table.to_file(path, layer=f"{division}_gegeneraliseerd", driver="GPKG")
        if division == "gemeente":
            points = table.assign(geometry=table.geometry.representative_point())
            points.to_file(path, layer="gemeente_labelpoint", driver="GPKG")
    return path


def odata_rows(year: int = YEAR) -> list[dict]:
    """03759ned rows as the API returns them: municipalities, one that no longer existed
    (null), and the national total under CBS's padded key."""
    values = read_inhabitants(EMBEDDED / f"inwoners_{year}.csv")
    rows = [{"RegioS": code, "Perioden": f"{year}JJ00", "BevolkingOp1Januari_1": int(v)}
            for code, v in values.items()]
    rows.insert(3, {"RegioS": "GM0005", "Perioden": f"{year}JJ00",
                    "BevolkingOp1Januari_1": None})  # Bedum, merged in 2019
    rows.append({"RegioS": "NL01  ", "Perioden": f"{year}JJ00",
                 "BevolkingOp1Januari_1": int(values.sum())})
    return rows


class Service:
    """What the local server answers; tests change it to misbehave."""

    def __init__(self, gpkg: bytes) -> None:
        self.gpkg = {YEAR: gpkg}
        self.rows = {YEAR: odata_rows()}
        self.mode = "ok"  # html, missing, truncated, odata_html, odata_foreign_link
        self.requests: list[str] = []
        self.base = ""

    def answer(self, handler: http.server.BaseHTTPRequestHandler) -> None:
        self.requests.append(handler.path)
        url = urllib.parse.urlsplit(handler.path)
        if url.path.startswith("/cbs/"):
            year = int(url.path[-9:-5])
            if self.mode == "missing" or year not in self.gpkg:
                return _send(handler, 404, b"<html>Not Found</html>", "text/html")
            if self.mode == "redirect_ftp":
                handler.send_response(302)
                handler.send_header("Location", "ftp://127.0.0.1:2121/x.gpkg")
                handler.send_header("Content-Length", "0")
                handler.end_headers()
                return None
            if self.mode == "html":
                return _send(handler, 200, b"<!DOCTYPE html><html>Onderhoud</html>",
                             "text/html")
            body = self.gpkg[year]
            if self.mode == "truncated":
                return _send(handler, 200, body, "application/geopackage+sqlite3",
                             cut=len(body) // 2)
            return _send(handler, 200, body, "application/geopackage+sqlite3")
        if url.path == ODATA_PATH:
            query = urllib.parse.parse_qs(url.query)
            if self.mode == "odata_html":
                return _send(handler, 200, b"<html>Storing</html>", "text/html")
            year = int(query["$filter"][0].split("Perioden eq '")[1][:4])
            rows = self.rows.get(year, [])
            half = len(rows) // 2
            if self.mode == "endless_pages":
                page = {"value": rows[:1],
                        "odata.nextLink": f"{self.base}{ODATA_PATH}?{url.query}&$skiptoken=1"}
            elif "$skiptoken" in query:
                page = {"value": rows[half:]}
            else:
                page = {"odata.metadata": f"{self.base}/ODataApi/OData/03759ned/$metadata"
                                          "#Cbs.OData.WebAPI.TypedDataSet",
                        "value": rows[:half]}
                if half:
                    page["odata.nextLink"] = (
                        "http://elders.example/x" if self.mode == "odata_foreign_link" else
                        f"{self.base}{ODATA_PATH}?{url.query}&$skiptoken={half}")
            return _send(handler, 200, json.dumps(page).encode(), "application/json")
        return _send(handler, 404, b"", "text/plain")


def _send(handler, status: int, body: bytes, kind: str, cut: int | None = None) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", kind)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body if cut is None else body[:cut])
    handler.close_connection = True


@pytest.fixture(scope="session")
def pdok_gpkg(tmp_path_factory) -> bytes:
    return write_pdok_gpkg(tmp_path_factory.mktemp("pdok") / "pdok.gpkg").read_bytes()


@pytest.fixture
def service(pdok_gpkg: bytes, tmp_path: Path, monkeypatch) -> Iterator[Service]:
    state = Service(pdok_gpkg)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.answer(self)

        def log_message(self, *args: object) -> None:
            pass

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
            pass  # a client that stops reading early (a refused download) is expected

    httpd = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    monkeypatch.setenv("CULTUURREGIO_PDOK_URL", state.base + PDOK_PATH)
    monkeypatch.setenv("CULTUURREGIO_CBS_URL", state.base + ODATA_PATH)
    monkeypatch.setenv("CULTUURREGIO_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def cache(service: Service, tmp_path: Path) -> Path:
    return tmp_path / "cache" / "cbs"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def refused(capsys, args: list[str], needle: str, *, named: str | None = None) -> str:
    """A `data` command (which has no --out) fails with exit 2 and one clean line."""
    assert main(args) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("cultuurregio: fout: "), captured.err
    assert needle in lines[0], lines[0]
    assert named is None or named in lines[0]
    assert lines[0].isprintable() and "Traceback" not in captured.err
    return lines[0]


def _record(cache: Path) -> dict:
    return json.loads((cache / "herkomst.json").read_text(encoding="utf-8"))["files"]


# --- download ------------------------------------------------------------------------------


def test_download_stores_the_compact_year(service: Service, cache: Path, capsys) -> None:
    assert main(["data", "download", str(YEAR)]) == 0
    said = capsys.readouterr().out
    assert "Opgehaald: grenzen 2022 (PDOK) en inwoners 2022 (CBS 03759ned)" in said
    assert sorted(p.name for p in cache.iterdir()) == [
        "gebieden_2022.npz", "herkomst.json", "inwoners_2022.csv"]
    # the same shapes, codes and names as the embedded year the server was fed from
    got, embedded = (read_boundaries(f / "gebieden_2022.npz") for f in (cache, EMBEDDED))
    for division, frame in embedded.divisions.items():
        pd.testing.assert_index_equal(got.divisions[division].index, frame.index)
        assert list(got.divisions[division]["name"]) == list(frame["name"])
        assert got.divisions[division].geometry.geom_equals_exact(
            frame.geometry, tolerance=0).all()
    pd.testing.assert_series_equal(read_inhabitants(cache / "inwoners_2022.csv"),
                                   read_inhabitants(EMBEDDED / "inwoners_2022.csv"))
    record = _record(cache)
    gpkg_sha = hashlib.sha256(service.gpkg[YEAR]).hexdigest()
    assert record["gebieden_2022.npz"]["inputs"] == {"cbsgebiedsindelingen2022.gpkg": gpkg_sha}
    assert record["inwoners_2022.csv"]["table"] == "CBS 03759ned"
    assert record["inwoners_2022.csv"]["total"] == 17_590_672
    for name, entry in record.items():
        assert entry["sha256"] == hashlib.sha256((cache / name).read_bytes()).hexdigest()
        assert entry["retrieved"] and entry["licence"] == "CC BY 4.0"
    # the exact OData query, and the second page fetched through odata.nextLink
    odata = [r for r in service.requests if r.startswith(ODATA_PATH)]
    assert len(odata) == 2 and "$skiptoken" in odata[1]
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(odata[0]).query)
    assert query["$filter"] == [
        "Geslacht eq 'T001038' and Leeftijd eq '10000' and BurgerlijkeStaat eq 'T001019' "
        "and Perioden eq '2022JJ00' and (substringof('GM',RegioS) or RegioS eq 'NL01  ')"]
    assert query["$select"] == ["RegioS,Perioden,BevolkingOp1Januari_1"]


def test_analysis_reads_the_downloaded_year(service: Service, cache: Path, out: Path,
                                            capsys) -> None:
    assert main(["data", "download", "2022"]) == 0
    # mark the cached year, so that reading it (and not the embedded one) shows
    capsys.readouterr()
    assert main(["analyse", "--date", "2022-01-01", "--out", str(out)]) == 0
    assert "Gemeenten: 345 (17.590.672 inwoners)" in capsys.readouterr().out
    data = json.loads((out / "analyse.json").read_text(encoding="utf-8"))
    assert data["data"]["boundaries"] == "cbsgebiedsindelingen2022.gpkg"
    assert data["data"]["inhabitants"] == "CBS 03759ned"  # the cache's table, not 37259
    listing = api.data_overview()
    assert f"Cache ({cache})" in listing and "inwoners_2022.csv" in listing.split("Cache")[1]


def test_progress_is_reported(service: Service, cache: Path) -> None:
    seen: list[tuple[int, int | None]] = []
    api.data_download(YEAR, progress=lambda got, total: seen.append((got, total)))
    size = len(service.gpkg[YEAR])
    assert seen and seen[-1] == (size, size)
    assert [g for g, _ in seen] == sorted(g for g, _ in seen)


def test_year_without_inhabitants_keeps_the_boundaries(service: Service, cache: Path,
                                                       capsys) -> None:
    service.rows[YEAR] = [{**r, "BevolkingOp1Januari_1": None} for r in odata_rows()]
    assert main(["data", "download", "2022"]) == 0
    assert "CBS heeft nog geen inwoners voor 1 januari 2022" in capsys.readouterr().out
    assert sorted(p.name for p in cache.iterdir()) == ["gebieden_2022.npz", "herkomst.json"]


@pytest.mark.parametrize(("mode", "needle"), [
    ("missing", "downloaden mislukt (HTTP 404"),
    ("html", "geen geldige GeoPackage (no SQLite header)"),
    ("truncated", "overdracht afgebroken na"),
    ("odata_html", "antwoord van de CBS-API is geen JSON"),
    ("odata_foreign_link", "heeft niet de vorm van OData"),
    ("endless_pages", "verdeelt het antwoord over meer dan 20 pagina's"),
    ("redirect_ftp", "doorverwezen naar 'ftp://127.0.0.1:2121/x.gpkg'"),
])
def test_failed_download_stores_nothing(service: Service, cache: Path, tmp_path: Path,
                                        capsys, monkeypatch, mode: str, needle: str) -> None:
    import tempfile

    scratch = tmp_path / "scratch"  # this test's own temporary folder, for the check below
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    assert main(["data", "download", "2022"]) == 0  # an earlier good download
    capsys.readouterr()
    before = snapshot(cache.parent)
    service.mode = mode
    line = refused(capsys, ["data", "download", "2022"], needle)
    assert "niets opgeslagen" in line or "geen geldige GeoPackage" in line
    assert snapshot(cache.parent) == before
    assert list(scratch.iterdir()) == []  # the scratch download is gone too


def test_bad_checksum_stores_nothing(service: Service, cache: Path, out: Path, capsys) -> None:
    refused(capsys, ["data", "download", "2022", "--sha256", "0" * 64],
            "controlegetal klopt niet (verwacht 0000")
    assert not cache.exists()
    good = hashlib.sha256(service.gpkg[YEAR]).hexdigest()
    assert main(["data", "download", "2022", "--sha256", good.upper()]) == 0
    assert (cache / "gebieden_2022.npz").is_file()


@pytest.mark.parametrize(("change", "needle"), [
    (lambda rows: [*rows[:-1], {**rows[-1], "BevolkingOp1Januari_1": 1}],
     "de gemeenten tellen op tot 17590672, het CBS-totaal voor Nederland is 1"),
    (lambda rows: [*rows[:5], {**rows[5], "BevolkingOp1Januari_1": "1e9"}, *rows[6:]],
     "rij 6 van de CBS-API"),
    (lambda rows: [*rows[:5], {**rows[5], "BevolkingOp1Januari_1": -3}, *rows[6:]],
     "rij 6 van de CBS-API"),
    (lambda rows: [*rows[:5], {**rows[5], "RegioS": "{{ 7*7 }}"}, *rows[6:]],
     "rij 6 van de CBS-API"),
    (lambda rows: [r if r["RegioS"] != "NL01  " else {**r, "BevolkingOp1Januari_1": sum(
        x["BevolkingOp1Januari_1"] or 0 for x in rows[:-1] if x["RegioS"] != "GM0363")}
        for r in rows if r["RegioS"] != "GM0363"],
     "inwoners 2022 passen niet bij de gemeenten van de grenzen 2022 (ontbreken: GM0363"),
])
def test_bad_inhabitants_store_nothing(service: Service, cache: Path, out: Path, capsys,
                                       change, needle: str) -> None:
    service.rows[YEAR] = change(odata_rows())
    refused(capsys, ["data", "download", "2022"], needle)
    assert not cache.exists()


def test_download_arguments_are_checked(service: Service, out: Path, capsys) -> None:
    refused(capsys, ["data", "download", "20x2"], "jaar '20x2' is geen jaartal")
    refused(capsys, ["data", "download", "2022", "--sha256", "abc"], "is geen sha256-controlegetal")
    refused(capsys, ["data", "download", "2019"], "downloaden mislukt (HTTP 404")


def test_folder_in_place_of_a_cache_file(service: Service, cache: Path, out: Path,
                                         capsys) -> None:
    (cache / "gebieden_2022.npz").mkdir(parents=True)
    refused(capsys, ["data", "download", "2022"], "gebieden_2022.npz")
    assert sorted(p.name for p in cache.iterdir()) == ["gebieden_2022.npz"]
    # an analysis is not misled by it: it reads the embedded year
    assert main(["analyse", "--date", "2022-01-01", "--out", str(out)]) == 0


# --- the cache heals (issue 10, finding 10) ----------------------------------------------


@pytest.mark.parametrize(("damage", "needle", "left"), [
    (lambda c: (c / "gebieden_2022.npz").write_bytes(b"<html>oops</html>"),
     "controlegetal klopt niet met herkomst.json", {"herkomst.json", "inwoners_2022.csv"}),
    (lambda c: (c / "inwoners_2022.csv").write_text("statcode,inwoners\nGM0363,1\n"),
     "controlegetal klopt niet met herkomst.json", {"herkomst.json", "gebieden_2022.npz"}),
    (lambda c: (c / "herkomst.json").write_text("{ kapot"), "herkomst.json is beschadigd",
     {"herkomst.json"}),
    (lambda c: (c / "herkomst.json").write_text("[" * 200_000 + "]" * 200_000),
     "herkomst.json is beschadigd", {"herkomst.json"}),
    (lambda c: (c / "herkomst.json").unlink(), "niet vermeld in herkomst.json", set()),
])
def test_damaged_cache_is_removed_and_reported(service: Service, cache: Path, out: Path,
                                               capsys, damage, needle: str,
                                               left: set[str]) -> None:
    assert main(["data", "download", "2022"]) == 0
    capsys.readouterr()
    damage(cache)
    assert "BESCHADIGD" in api.data_overview()  # the listing shows it, and changes nothing
    line = fails_cleanly(capsys, ["analyse", "--date", "2022-01-01"], needle, out)
    assert "verwijderd uit de cache" in line and "data download" in line
    assert {p.name for p in cache.iterdir()} == left  # exactly the untrusted files went
    # the next run no longer trusts it: it runs on the embedded data
    assert main(["analyse", "--date", "2022-01-01", "--out", str(out)]) == 0
    assert "Gemeenten: 345 (17.590.672 inwoners)" in capsys.readouterr().out


# --- import --------------------------------------------------------------------------------


def _cbs_export(path: Path, rows: list[dict], *, extra_members: bool = True) -> Path:
    """03759ned as CBS's CSV export: `;`, quoted, every dimension as a column, rows of
    other members (here: men) that an import must leave out."""
    lines = ['"ID";"Geslacht";"Leeftijd";"BurgerlijkeStaat";"RegioS";"Perioden";'
             '"BevolkingOp1Januari_1";"GemiddeldeBevolking_2"']
    for i, row in enumerate(rows):
        value = row["BevolkingOp1Januari_1"]
        cell = "." if value is None else str(value)
        lines.append(f'{i};"T001038";"10000";"T001019";"{row["RegioS"]}";"{row["Perioden"]}";'
                     f'{cell};{cell}')
        if extra_members:
            lines.append(f'{i};"3000   ";"10000";"T001019";"{row["RegioS"]}";'
                         f'"{row["Perioden"]}";1;1')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_of_hand_downloaded_files(service: Service, cache: Path, tmp_path: Path,
                                         capsys) -> None:
    folder = tmp_path / "hand"
    folder.mkdir()
    write_pdok_gpkg(folder / "cbsgebiedsindelingen2022.gpkg")
    _cbs_export(folder / "03759ned_TypedDataSet.csv", odata_rows())
    (folder / "leesmij.txt").write_text("notes")
    assert main(["data", "import", str(folder)]) == 0
    said = capsys.readouterr().out
    assert "Geïmporteerd: gebieden_2022.npz, inwoners_2022.csv" in said
    assert "Overgeslagen (geen PDOK-GeoPackage of inwonertabel): leesmij.txt" in said
    pd.testing.assert_series_equal(read_inhabitants(cache / "inwoners_2022.csv"),
                                   read_inhabitants(EMBEDDED / "inwoners_2022.csv"))
    record = _record(cache)
    assert record["inwoners_2022.csv"]["table"] == "CBS 03759ned"
    first = (cache / "gebieden_2022.npz").read_bytes()
    assert main(["data", "import", str(folder)]) == 0  # deterministic: same bytes again
    assert (cache / "gebieden_2022.npz").read_bytes() == first


@pytest.mark.parametrize(("content", "needle"), [
    ('"RegioS";"Perioden";"BevolkingOp1Januari_1"\n"GM0363";"2022JJ00";"' + "9" * 140_000
     + '"\n', "regel 2"),
    ('"RegioS";"Perioden";"BevolkingOp1Januari_1"\n"GM0363";"2022JJ00"\n',
     "regel 2: 2 van de 3 velden die de kop noemt"),
    ('"RegioS";"Perioden";"BevolkingOp1Januari_1"\n"GM0363";"2022JJ00";"1_000"\n', "regel 2"),
    ('"RegioS";"Perioden";"BevolkingOp1Januari_1"\n"GM0363";"2022JJ00";"inf"\n', "regel 2"),
    ('"RegioS";"Perioden";"BevolkingOp1Januari_1"\n"GM0363";"2022JJ00";"１２"\n', "regel 2"),
])
def test_import_refuses_bad_tables(service: Service, cache: Path, tmp_path: Path, out: Path,
                                   capsys, content: str, needle: str) -> None:
    folder = tmp_path / "hand"
    folder.mkdir()
    (folder / "bevolking.csv").write_text(content, encoding="utf-8")
    refused(capsys, ["data", "import", str(folder)], needle, named="bevolking.csv")
    assert not cache.exists()


def test_import_needs_something(service: Service, tmp_path: Path, out: Path, capsys) -> None:
    refused(capsys, ["data", "import", str(tmp_path / "nergens")],
            "map met CBS-gegevens bestaat niet")
    (tmp_path / "leeg").mkdir()
    refused(capsys, ["data", "import", str(tmp_path / "leeg")], "niets te importeren")


def test_import_of_the_official_files_gives_the_embedded_data(
        service: Service, cache: Path, raw_cbs: Path, capsys) -> None:
    """The raw folder the embedded data is built from, imported as a user would."""
    assert main(["data", "import", str(raw_cbs)]) == 0
    for year in (2018, 2021, 2022, 2023, 2024, 2025):
        got = read_boundaries(cache / f"gebieden_{year}.npz")
        embedded = read_boundaries(EMBEDDED / f"gebieden_{year}.npz")
        assert got.divisions["gemeente"].geometry.geom_equals_exact(
            embedded.divisions["gemeente"].geometry, tolerance=0).all()
    for year in (2018, 2019, 2020, 2021, 2022, 2023, 2024, 2026):
        assert (cache / f"inwoners_{year}.csv").read_bytes() == (
            EMBEDDED / f"inwoners_{year}.csv").read_bytes()


# --- places table of a --geodata folder (issue 10, finding 5) ----------------------------


@pytest.mark.parametrize(("content", "needle"), [
    ("woonplaats,statcode,statnaam\nX," + "GM" * 70_000 + ",Y\n", "regel 2"),
    ("woonplaats,statcode,statnaam\nNijverdal,GM1774\n",
     "regel 2: 2 van de 3 velden die de kop noemt"),
    ("woonplaats,statcode,statnaam\nNijverdal,1774,Hellendoorn\n", "regel 2"),
    ("plaats,code\nNijverdal,GM1774\n", "kolommen woonplaats, statcode, statnaam ontbreken"),
])
def test_places_table_is_checked(tmp_path: Path, out: Path, capsys, content: str,
                                 needle: str) -> None:
    folder = tmp_path / "geo"
    folder.mkdir()
    for name in ("gebieden_2022.npz", "inwoners_2022.csv", "herkomst.json"):
        (folder / name).write_bytes((EMBEDDED / name).read_bytes())
    (folder / "woonplaatsen.csv").write_text(content, encoding="utf-8")
    fails_cleanly(capsys, ["analyse", "--geodata", str(folder), "--date", "2022-01-01"],
                  needle, out, named="woonplaatsen.csv")


def test_overview_lists_sources_and_checksums(capsys) -> None:
    assert main(["data"]) == 0
    listing = capsys.readouterr().out
    for year in (2018, 2021, 2022, 2023, 2024, 2025):
        sha = hashlib.sha256((EMBEDDED / f"gebieden_{year}.npz").read_bytes()).hexdigest()
        assert f"gebieden_{year}.npz  grenzen {year}-01-01  cbsgebiedsindelingen{year}.gpkg" \
            in listing
        assert f"sha256 {sha}  in orde" in listing
    assert "inwoners_2026.csv  inwoners 2026-01-01  CBS 03759ned" in listing
    assert "leeg; vul hem met 'cultuurregio data download JAAR'" in listing
    assert listing.rstrip().endswith("Bron: CBS (CC BY 4.0); kaart en cijfers vermelden de "
                                     "datum van grenzen en inwoners")
    assert main(["data", "--lang", "en"]) == 0
    assert "Embedded (" in capsys.readouterr().out


def test_a_downloaded_newer_year_becomes_the_newest_map(service: Service, cache: Path,
                                                        out: Path, capsys) -> None:
    """A year CBS publishes after this release: fetched, it is what `valideer` defaults to
    and what `--date` in that year reads."""
    from datetime import date

    from cultuurregio.analysis.pipeline import newest_date

    assert newest_date() == date(2025, 1, 1)
    service.gpkg[2030] = write_pdok_gpkg(out / "p2030.gpkg", label=2030).read_bytes()
    service.rows[2030] = [{**r, "Perioden": "2030JJ00"} for r in odata_rows()]
    api.data_download(2030)
    assert newest_date() == date(2030, 1, 1)
    assert main(["analyse", "--date", "2030-06-01", "--out", str(out)]) == 0
    data = json.loads((out / "analyse.json").read_text(encoding="utf-8"))
    assert data["data"]["boundaries"] == "cbsgebiedsindelingen2030.gpkg"
    assert data["data"]["inhabitants_date"] == "2030-01-01"


def test_inhabitants_without_the_national_total_are_refused(service: Service, cache: Path,
                                                            capsys) -> None:
    service.rows[YEAR] = [r for r in odata_rows() if r["RegioS"] != "NL01  "]
    refused(capsys, ["data", "download", "2022"],
            "het CBS-totaal voor Nederland (RegioS NL01) ontbreekt")
    assert not cache.exists()


def test_mirror_address_is_checked(service: Service, capsys, monkeypatch) -> None:
    monkeypatch.setenv("CULTUURREGIO_PDOK_URL", service.base + "/{0}/{year}.gpkg")
    refused(capsys, ["data", "download", "2022"], "bevat accolades buiten {year}")
    monkeypatch.setenv("CULTUURREGIO_PDOK_URL", "file:///etc/{year}")
    refused(capsys, ["data", "download", "2022"], "is geen http- of https-adres")


def test_size_limit_of_a_download(service: Service, cache: Path, capsys, monkeypatch) -> None:
    from cultuurregio.sources import fetch

    monkeypatch.setattr(fetch, "MAX_GPKG_BYTES", 1000)
    refused(capsys, ["data", "download", "2022"], "bestand groter dan 1000 bytes")
    assert not cache.exists()


def test_a_table_alone_is_checked_against_the_years_boundaries(
        service: Service, cache: Path, tmp_path: Path, out: Path, capsys) -> None:
    """A CSV imported without a GeoPackage must fit the municipalities of its year (here the
    embedded 2022 map); once it does, the analysis of that year reads it, not the
    embedded table."""
    folder = tmp_path / "alleen-tabel"
    folder.mkdir()
    rows = [r for r in odata_rows() if r["RegioS"] not in ("GM0363", "NL01  ")]
    rows.append({"RegioS": "NL01  ", "Perioden": "2022JJ00", "BevolkingOp1Januari_1": sum(
        r["BevolkingOp1Januari_1"] or 0 for r in rows)})
    _cbs_export(folder / "bevolking.csv", rows)
    refused(capsys, ["data", "import", str(folder)],
            "inwoners 2022 passen niet bij de gemeenten van de grenzen 2022 (ontbreken: GM0363")
    assert not cache.exists()
    _cbs_export(folder / "bevolking.csv", odata_rows())
    assert main(["data", "import", str(folder)]) == 0
    assert main(["analyse", "--date", "2022-01-01", "--out", str(out)]) == 0
    data = json.loads((out / "analyse.json").read_text(encoding="utf-8"))
    assert data["data"]["inhabitants"] == "CBS 03759ned"
    assert data["data"]["boundaries"] == "cbsgebiedsindelingen2022.gpkg"


def test_export_rows_of_other_members_and_regions_are_left_out(
        service: Service, cache: Path, tmp_path: Path) -> None:
    """CBS's export of a selection holds other sexes and other region kinds; only the
    municipalities' and the Netherlands' totals are read."""
    folder = tmp_path / "export"
    folder.mkdir()
    rows = [*odata_rows(), {"RegioS": "PV20  ", "Perioden": "2022JJ00",
                            "BevolkingOp1Januari_1": 586_813}]
    _cbs_export(folder / "03759ned.csv", rows)
    api.data_import(folder)
    pd.testing.assert_series_equal(read_inhabitants(cache / "inwoners_2022.csv"),
                                   read_inhabitants(EMBEDDED / "inwoners_2022.csv"))


def test_a_file_of_another_year_under_this_years_name(service: Service, tmp_path: Path,
                                                      capsys) -> None:
    folder = tmp_path / "verkeerd"
    folder.mkdir()
    write_pdok_gpkg(folder / "cbsgebiedsindelingen2022.gpkg", 2021)
    refused(capsys, ["data", "import", str(folder)],
            "jrstatcode van GM0014, GM0034, GM0037, GM0047, GM0050 hoort niet bij 2022")


def test_a_layer_that_is_a_view_is_not_read(service: Service, tmp_path: Path,
                                            capsys) -> None:
    """A view runs the file author's SQL on every read (a recursive one never ends): the
    file is refused before GDAL opens it."""
    import sqlite3

    folder = tmp_path / "view"
    folder.mkdir()
    path = write_pdok_gpkg(folder / "cbsgebiedsindelingen2022.gpkg")
    with sqlite3.connect(path) as con:
        con.execute("CREATE VIEW trap AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
                    "SELECT i + 1 FROM n) SELECT i FROM n")
        con.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier) "
                    "VALUES ('trap', 'attributes', 'trap')")
    refused(capsys, ["data", "import", str(folder)], "lagen trap zijn geen gewone tabellen",
            named="cbsgebiedsindelingen2022.gpkg")
