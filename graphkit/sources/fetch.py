"""Where the CBS data comes from, and the network side of `cultuurregio data download`.

Lookup order for an analysis: the `--geodata` option, the `CULTUURREGIO_GEODATA` variable,
then the user's cache (filled by `data download` and `data import`; a cached year wins
over the embedded one, being the newer choice of the user) and the data embedded in the
package. Nothing is downloaded unless the user asks.

The two official services (looked up, not guessed; cited so they can be checked):

* PDOK's atom download service for CBS gebiedsindelingen, one GeoPackage per year:
  feed https://service.pdok.nl/cbs/gebiedsindelingen/atom/v1_0/index.xml, files
  `.../atom/v1_0/downloads/cbsgebiedsindelingen<YEAR>.gpkg`, layers
  `<division>_gegeneraliseerd` (also `_labelpoint` layers and a register table, ignored),
  columns `statcode`, `statnaam`, EPSG:28992.
* CBS's open data API (OData v3), table 03759ned "Bevolking op 1 januari en gemiddeld;
  geslacht, leeftijd en regio": https://opendata.cbs.nl/ODataApi/odata/03759ned/TypedDataSet
  with the totals of the other dimensions (`Geslacht eq 'T001038'`, `Leeftijd eq '10000'`,
  `BurgerlijkeStaat eq 'T001019'`), `Perioden eq '<YEAR>JJ00'`, regions `GM....` and the
  national total `NL01  ` (CBS pads region keys to six characters), measure
  `BevolkingOp1Januari_1`. The JSON answer is `{"odata.metadata": ..., "value": [rows]}`,
  with `odata.nextLink` when CBS pages the result.

This module only talks to the network and checks what it gets; it never writes a file (a
download goes to a file the caller owns; render/files.py writes the cache).
"""

from __future__ import annotations

import hashlib
import http.client
import io
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import BinaryIO

from ..messages import InputError, Problem
from .compact import (
    EMBEDDED,
    boundaries_file,
    boundaries_years,
    inhabitants_years,
    inventory,
)

__all__ = [
    "CBS_ODATA_URL", "MAX_GPKG_BYTES", "PDOK_URL", "Progress", "cache_dir", "cache_problems",
    "download_gpkg", "download_inhabitants", "endpoints", "locate_geodata", "pdok_address",
]

PDOK_URL = (
    "https://service.pdok.nl/cbs/gebiedsindelingen/atom/v1_0/downloads/"
    "cbsgebiedsindelingen{year}.gpkg"
)
CBS_ODATA_URL = "https://opendata.cbs.nl/ODataApi/odata/03759ned/TypedDataSet"
ODATA_FILTER = (
    "Geslacht eq 'T001038' and Leeftijd eq '10000' and BurgerlijkeStaat eq 'T001019' "
    "and Perioden eq '{year}JJ00' and (substringof('GM',RegioS) or RegioS eq 'NL01  ')"
)
ODATA_SELECT = "RegioS,Perioden,BevolkingOp1Januari_1"

# Bounds on what the network may hand us (issue 10: every input bounded in size and work).
# PDOK's full file is about 150 MB; the generalised layers alone are a few MB.
MAX_GPKG_BYTES = 1_000_000_000
MAX_JSON_BYTES = 5_000_000  # a real page of 03759ned rows is well under 1 MB
MAX_PAGES = 20
MAX_ROWS = 20_000  # every GM code CBS ever used, each year, is a few thousand
TIMEOUT_S = 60  # per read of the socket
# The whole transfer: a server that sends a byte now and then is stopped all the same.
DEADLINE_S = {"gpkg": 3600.0, "json": 300.0}
_CHUNK = 1 << 16

Progress = Callable[[int, "int | None"], None]


def cache_dir(env: Mapping[str, str] = os.environ) -> Path:
    """The user's cache: `CULTUURREGIO_CACHE`, else the platform's user cache folder
    (`$XDG_CACHE_HOME/cultuurregio`, by default `~/.cache/cultuurregio`). Never inside the
    installed package."""
    if env.get("CULTUURREGIO_CACHE"):
        return Path(env["CULTUURREGIO_CACHE"])
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cultuurregio"


def endpoints(env: Mapping[str, str] = os.environ) -> tuple[str, str]:
    """The PDOK file template and the CBS API address: the official ones, or a mirror named
    in `CULTUURREGIO_PDOK_URL` (with `{year}`) and `CULTUURREGIO_CBS_URL`."""
    pdok = env.get("CULTUURREGIO_PDOK_URL") or PDOK_URL
    cbs = env.get("CULTUURREGIO_CBS_URL") or CBS_ODATA_URL
    for name, url in (("CULTUURREGIO_PDOK_URL", pdok), ("CULTUURREGIO_CBS_URL", cbs)):
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise InputError(name, Problem("url_scheme", url=url))
    if "{year}" not in pdok:
        raise InputError("CULTUURREGIO_PDOK_URL", Problem("url_no_year", url=pdok))
    for name, url in (("CULTUURREGIO_PDOK_URL", pdok.replace("{year}", "")),
                      ("CULTUURREGIO_CBS_URL", cbs)):
        if "{" in url or "}" in url:  # the address is filled in with replace, never format
            raise InputError(name, Problem("url_braces", url=url))
    return pdok, cbs


def pdok_address(template: str, year: int) -> str:
    return template.replace("{year}", str(year))


# --- transfer ------------------------------------------------------------------------------

def _failed(url: str, reason: str) -> InputError:
    return InputError(url, Problem("download_failed", reason=" ".join(reason.split())[:160]))


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http and https only (urllib would follow one to ftp://)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if urllib.parse.urlsplit(newurl).scheme not in ("http", "https"):
            raise InputError(req.full_url, Problem("url_redirect", url=newurl))
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_Redirects)


def _stream(url: str, sink: BinaryIO, *, limit: int, deadline: float,
            progress: Progress | None = None, name: str | None = None) -> tuple[int, str]:
    """Copy the body at `url` into `sink`: at most `limit` bytes in at most `deadline`
    seconds, all of them (a transfer that ends before its announced length is an error),
    HTTP 200 only. Returns the number of bytes and the address finally read (after
    redirects). Errors name `name` (default: the address)."""
    where = name or url
    request = urllib.request.Request(url, headers={"User-Agent": "cultuurregio"})
    got = 0
    start = time.monotonic()
    try:
        with _OPENER.open(request, timeout=TIMEOUT_S) as response:
            if response.status != 200:
                raise _failed(where, f"HTTP {response.status}")
            final = response.geturl()
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            if total is not None and total > limit:
                raise InputError(where, Problem("download_too_large", limit=limit))
            while True:
                chunk = response.read1(_CHUNK)  # what has arrived: never waits for a full chunk
                if not chunk:
                    break
                got += len(chunk)
                if got > limit:
                    raise InputError(where, Problem("download_too_large", limit=limit))
                if time.monotonic() - start > deadline:
                    raise InputError(where, Problem("download_slow", seconds=int(deadline)))
                sink.write(chunk)
                if progress is not None:
                    progress(got, total)
            if total is not None and got != total:
                raise InputError(where, Problem("download_interrupted", got=got, total=total))
    except InputError:
        raise
    except urllib.error.HTTPError as exc:
        raise _failed(where, f"HTTP {exc.code} {exc.reason}") from None
    except http.client.IncompleteRead as exc:
        raise InputError(where, Problem("download_interrupted", got=got + len(exc.partial),
                                      total=(exc.expected or 0) + got + len(exc.partial)),
                         ) from None
    except urllib.error.URLError as exc:
        raise _failed(where, str(exc.reason)) from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise _failed(where, str(exc) or type(exc).__name__) from None
    return got, final


def download_gpkg(year: int, target: BinaryIO, *, url: str | None = None,
                  sha256: str | None = None, progress: Progress | None = None,
                  ) -> tuple[str, str]:
    """Fetch PDOK's `cbsgebiedsindelingen<year>.gpkg` into the open file `target`; returns
    its sha256 (checked against `sha256` when given) and the address it came from. The
    caller checks its contents (cbs.read_division) before anything is stored."""
    address = pdok_address(url or endpoints()[0], year)
    digest = hashlib.sha256()

    class _Hashing:
        def write(self, data: bytes) -> None:
            digest.update(data)
            target.write(data)

    _, final = _stream(address, _Hashing(), limit=MAX_GPKG_BYTES,  # type: ignore[arg-type]
                       deadline=DEADLINE_S["gpkg"], progress=progress)
    actual = digest.hexdigest()
    if sha256 is not None and actual != sha256.lower():
        raise InputError(address, Problem("checksum_mismatch", expected=sha256.lower(),
                                          actual=actual))
    return actual, final


def _same_origin(a: str, b: str) -> bool:
    x, y = urllib.parse.urlsplit(a), urllib.parse.urlsplit(b)
    return (x.scheme, x.netloc) == (y.scheme, y.netloc)


def download_inhabitants(year: int, *, url: str | None = None) -> tuple[list, str, str]:
    """The rows of CBS table 03759ned for 1 January `year` (municipalities and the national
    total), following `odata.nextLink` on the same server, at most MAX_PAGES pages; the
    address of the first page (for the record) and a short name for messages."""
    base = url or endpoints()[1]
    query = urllib.parse.urlencode({"$filter": ODATA_FILTER.format(year=year),
                                    "$select": ODATA_SELECT, "$format": "json"},
                                   quote_via=urllib.parse.quote)
    first = address = f"{base}?{query}"
    where = f"{base} ({year}JJ00)"
    rows: list = []
    for _ in range(MAX_PAGES):
        buffer = io.BytesIO()
        _stream(address, buffer, limit=MAX_JSON_BYTES, deadline=DEADLINE_S["json"], name=where)
        try:
            document = json.loads(buffer.getvalue().decode("utf-8-sig"))
        except (ValueError, RecursionError):  # HTML error page, truncated or nested JSON
            raise InputError(where, Problem("odata_not_json")) from None
        if not isinstance(document, dict) or not isinstance(document.get("value"), list):
            raise InputError(where, Problem("odata_shape"))
        rows.extend(document["value"])
        if len(rows) > MAX_ROWS:
            raise InputError(where, Problem("odata_rows", limit=MAX_ROWS))
        following = document.get("odata.nextLink")
        if not following:
            return rows, first, where
        if not isinstance(following, str) or not _same_origin(following, base):
            raise InputError(where, Problem("odata_shape"))
        address = following
    raise InputError(where, Problem("odata_pages", pages=MAX_PAGES))


# --- the cache -----------------------------------------------------------------------------

_CACHED = re.compile(r"(gebieden|inwoners)_\d{4}\.(npz|csv)")


def cache_problems(folder: Path) -> list[tuple[Path, str]]:
    """Files in the cache folder that must not be trusted: each with the reason. A file is
    trusted only when the folder's provenance record holds its sha256 and the file matches
    it; a damaged record makes every file in the folder untrusted (compact.inventory)."""
    return [(folder / h.name, h.problem) for h in inventory(folder)
            if h.problem is not None and _CACHED.fullmatch(h.name)]


def _years(folders: list[Path]) -> str:
    years = sorted({y for f in folders if f.is_dir() for y in boundaries_years(f)})
    return ", ".join(map(str, years)) or "-"


def locate_geodata(
    option: Path | None, year: int, env: Mapping[str, str] = os.environ
) -> list[Path]:
    """The folders to read CBS data for `year` from, in order: the `--geodata` option, else
    the `CULTUURREGIO_GEODATA` variable, else the user's cache and the data embedded in the
    package (the caller checks the cache first: see `cache_problems`). Never the network."""
    if option is not None:
        return [Path(option)]
    if env.get("CULTUURREGIO_GEODATA"):
        return [Path(env["CULTUURREGIO_GEODATA"])]
    cache = cache_dir(env) / "cbs"
    folders = [cache, EMBEDDED]
    if not any((f / boundaries_file(year)).is_file() for f in folders):
        raise InputError(None, Problem("geo_no_year", year=year, years=_years(folders)))
    # The cache first, for boundaries and inhabitants alike (a fetched table of a year
    # replaces the embedded one); inhabitants may come from the other folder.
    return [f for f in folders if (f / boundaries_file(year)).is_file()
            or (f.is_dir() and inhabitants_years(f))]
