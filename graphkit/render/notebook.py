"""A finished map page as a `folium.Map`, for notebooks.

The project's map pages are built as one self-contained HTML document (map_html.py), not
through folium's element tree. `PageMap` carries such a page and behaves as the `folium.Map`
a notebook user expects where it matters: Jupyter shows it inline (an iframe with the page
as `srcdoc`), `save(path)` writes the page, and `get_root().render()` returns it.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import folium

__all__ = ["PageMap"]


class PageMap(folium.Map):
    """A `folium.Map` whose rendering is the given, finished HTML page."""

    def __init__(self, page: str, *, height: str = "600px") -> None:
        super().__init__(location=None, tiles=None)
        self.page = page
        self.height = height
        root = self.get_root()
        root.render = lambda **kwargs: self.page  # type: ignore[method-assign]

    def _repr_html_(self, **kwargs: Any) -> str:
        # srcdoc is an attribute: html.escape makes the page inert text until the iframe
        # parses it as its own document.
        return (f'<iframe srcdoc="{html.escape(self.page, quote=True)}" '
                f'style="width:100%;height:{html.escape(self.height)};border:none" '
                'sandbox="allow-scripts allow-downloads allow-popups" '
                'allowfullscreen></iframe>')

    def save(self, outfile: str | Path, close_file: bool = True, **kwargs: Any) -> None:
        Path(outfile).write_text(self.page, encoding="utf-8")
