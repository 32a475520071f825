"""Download of the official CBS file: tested against a local HTTP server on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from cultuurregio.messages import InputError
from cultuurregio.sources.compact import EMBEDDED
from cultuurregio.sources.fetch import download, locate_geodata, sha256_of
from tests.conftest import write_toy_gpkg


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """Serves tmp_path/www on a free loopback port; yields (url template, folder)."""
    www = tmp_path / "www"
    www.mkdir()
    handler = functools.partial(_QuietHandler, directory=str(www))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    host, port = httpd.server_address[:2]
    try:
        yield f"http://{host}:{port}/cbsgebiedsindelingen{{year}}.gpkg", www
    finally:
        httpd.shutdown()
        httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def test_download_verifies_and_records_checksum(server, tmp_path: Path) -> None:
    url, www = server
    source = write_toy_gpkg(www, layer_style="plain")
    cache = tmp_path / "cache"
    path = download(2022, cache, url=url, known_sha256=sha256_of(source))
    assert path.read_bytes() == source.read_bytes()
    assert (cache / "cbsgebiedsindelingen2022.gpkg.sha256").read_text().strip() == sha256_of(path)


def test_wrong_checksum_leaves_nothing(server, tmp_path: Path) -> None:
    url, www = server
    write_toy_gpkg(www, layer_style="plain")
    cache = tmp_path / "cache"
    with pytest.raises(InputError, match="controlegetal klopt niet"):
        download(2022, cache, url=url, known_sha256="0" * 64)
    assert not any(cache.glob("*.gpkg")) and not any(cache.glob("*.sha256"))


def test_missing_file_on_server(server, tmp_path: Path) -> None:
    url, _ = server
    with pytest.raises(InputError, match="downloaden van .* mislukt"):
        download(2022, tmp_path / "cache", url=url)
    assert not any((tmp_path / "cache").glob("*.gpkg"))


def test_lookup_order_never_downloads(tmp_path: Path) -> None:
    env = {"CULTUURREGIO_GEODATA": str(tmp_path / "env")}
    assert locate_geodata(tmp_path / "opt", 2022, env) == [tmp_path / "opt"]
    assert locate_geodata(None, 2022, env) == [tmp_path / "env"]
    cache = {"CULTUURREGIO_CACHE": str(tmp_path / "cache")}
    assert locate_geodata(None, 2022, cache) == [EMBEDDED]
    with pytest.raises(InputError, match="geen CBS-gegevens voor 2019: ingebouwd zijn 2018, "
                                         "2021, 2022, 2023, 2024, 2025; .*--geodata .*"
                                         "cbsgebiedsindelingen2019.gpkg"):
        locate_geodata(None, 2019, cache)


def test_cli_end_to_end_from_download(server, tmp_path: Path) -> None:
    """The analysis runs on a downloaded file without inhabitants or places tables."""
    from cultuurregio.cli import main

    url, www = server
    write_toy_gpkg(www, layer_style="plain")
    registry = tmp_path / "toy.yaml"
    registry.write_text("regios:\n  a: {naam: A, gemeenten: [Toy 01, Toy 02]}\n")
    folder = download(2022, tmp_path / "cache", url=url).parent
    assert main(["analyse", "--registry", str(registry), "--geodata", str(folder),
                 "--date", "2022-01-01", "--out", str(tmp_path / "o")]) == 0
    data = (tmp_path / "o" / "analyse.json").read_text(encoding="utf-8")
    assert '"boundaries": "cbsgebiedsindelingen2022.gpkg"' in data
