"""Where the CBS data comes from: a folder the user names, the data embedded in the package,
or the user's cache; and the download of official files into that cache.

Lookup order: the `--geodata` option, the `CULTUURREGIO_GEODATA` variable, then the embedded
data and the cache. Nothing is downloaded unless the user asks (`cultuurregio data
download YEAR`).
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Mapping
from pathlib import Path

import pooch

import cultuurregio_geodata

from ..messages import InputError, Problem
from .compact import EMBEDDED, boundaries_file, boundaries_years

__all__ = ["PDOK_URL", "cache_dir", "download", "locate_geodata", "sha256_of"]

PDOK_URL = (
    "https://service.pdok.nl/cbs/gebiedsindelingen/atom/v1_0/downloads/"
    "cbsgebiedsindelingen{year}.gpkg"
)
# Checksums of official files, pinned once verified against a download. A year without a
# pinned checksum is trusted on first download and its checksum recorded beside it; every
# later use checks the cached file against that record.
KNOWN_SHA256: Mapping[int, str] = {}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def cache_dir(env: Mapping[str, str] = os.environ) -> Path:
    if env.get("CULTUURREGIO_CACHE"):
        return Path(env["CULTUURREGIO_CACHE"])
    home = cultuurregio_geodata.HERE
    if os.access(home, os.W_OK):
        return home / "cache"
    return Path(pooch.os_cache("cultuurregio"))


def _file_name(year: int) -> str:
    return f"cbsgebiedsindelingen{year}.gpkg"


def _cached(folder: Path, year: int) -> bool:
    """True when the cache holds the year's file and it matches its recorded checksum."""
    path = folder / _file_name(year)
    record = path.with_suffix(".gpkg.sha256")
    if not path.is_file() or not record.is_file():
        return False
    expected = KNOWN_SHA256.get(year) or record.read_text().strip()
    if sha256_of(path) == expected:
        return True
    path.unlink()  # corrupt or replaced: fetch again
    record.unlink()
    return False


def download(
    year: int,
    folder: Path,
    *,
    url: str | None = None,
    known_sha256: str | None = None,
) -> Path:
    """Fetch the official GeoPackage for `year` into `folder`, verifying its checksum.

    Nothing is left behind when the download fails or the checksum does not match.
    """
    url = (url or PDOK_URL).format(year=year)
    expected = known_sha256 or KNOWN_SHA256.get(year)
    folder.mkdir(parents=True, exist_ok=True)
    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        path = Path(
            pooch.retrieve(
                url,
                known_hash=f"sha256:{expected}" if expected else None,
                fname=_file_name(year),
                path=folder,
                progressbar=False,
            )
        )
    except ValueError as exc:  # pooch: checksum mismatch (the download is discarded)
        actual = str(exc).split("(")[-1].split(")")[0] if "(" in str(exc) else "?"
        raise InputError(
            url, Problem("checksum_mismatch", expected=expected, actual=actual)
        ) from None
    except Exception as exc:  # network errors of every kind
        reason = " ".join(str(exc).split())[:160] or type(exc).__name__
        raise InputError(url, Problem("download_failed", url=url, reason=reason)) from None
    finally:
        logger.setLevel(level)
    actual = sha256_of(path)
    if expected and actual != expected:  # belt and braces: pooch checked already
        path.unlink()
        raise InputError(url, Problem("checksum_mismatch", expected=expected, actual=actual))
    record = path.with_suffix(".gpkg.sha256")
    tmp = record.with_suffix(".tmp")
    tmp.write_text(actual + "\n")
    os.replace(tmp, record)
    return path


def locate_geodata(
    option: Path | None, year: int, env: Mapping[str, str] = os.environ
) -> list[Path]:
    """The folders to read CBS data for `year` from, in order: the `--geodata` option, else
    the `CULTUURREGIO_GEODATA` variable, else the data embedded in the package and the
    user's cache (filled by `download`; no command calls it yet). Never the network."""
    if option is not None:
        return [Path(option)]
    if env.get("CULTUURREGIO_GEODATA"):
        return [Path(env["CULTUURREGIO_GEODATA"])]
    folders = [EMBEDDED, cache_dir(env) / "cbs"]
    holding = [f for f in folders if (f / boundaries_file(year)).is_file()]
    if not holding:
        years = sorted({y for f in folders if f.is_dir() for y in boundaries_years(f)})
        raise InputError(None, Problem("geo_no_year", year=year,
                                       years=", ".join(map(str, years)) or "-"))
    return holding
