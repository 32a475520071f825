"""The text `cultuurregio data` prints: what CBS data is embedded and cached, with source,
date and checksum of every file, and whether each file still matches its record."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..messages import text
from ..sources.compact import Held

__all__ = ["data_overview"]


def _rows(held: Sequence[Held], lang: str) -> list[str]:
    return [text(
        "data_row", lang, file=h.name, kind=text(f"data_kind_{h.kind}", lang)
        if h.kind in ("boundaries", "inhabitants", "places", "mergers") else h.kind,
        date=h.date, source=h.source, sha256=h.sha256,
        status=text("data_ok", lang) if h.matches else text(
            "data_bad", lang, reason=text(f"cache_{h.problem}", lang)),
    ) for h in held]


def data_overview(embedded: tuple[Path, Sequence[Held]], cache: tuple[Path, Sequence[Held]],
                  lang: str = "nl") -> str:
    """Both folders, file by file, each with whether it still matches its record."""
    lines = [text("data_embedded", lang, folder=embedded[0]), *_rows(embedded[1], lang)]
    if cache[1]:
        lines += [text("data_cache", lang, folder=cache[0]), *_rows(cache[1], lang)]
    else:
        lines.append(text("data_cache_empty", lang, folder=cache[0]))
    lines.append(text("data_credit", lang))
    return "\n".join(lines)
