"""The one place that turns input text into page data.

Rule (issue 10): no text from any input (names, file names, GeoPackage fields) ever becomes
part of a template's source, HTML markup or script code. A page carries such text in exactly
one way: as a JSON document inside `<script type="application/json">`, which the page's own
JavaScript reads with `JSON.parse` and shows with `textContent`. This module writes that
element; nothing else in the renderers may put input text into a page.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["json_script", "page_json"]

# Inside a <script> element the HTML parser only looks for "</script" and "<!--"; escaping
# every "<", ">" and "&" rules both out. U+2028/2029 are escaped too: harmless in JSON, but
# line terminators in older JavaScript, and invisible in a diff.
_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
           "\u2029": "\\u2029"}
_UNSAFE_RE = re.compile("[<>&\u2028\u2029]")
_ID = re.compile(r"^[a-z][a-z0-9-]*$")


def page_json(value: Any) -> str:
    """Compact, deterministic JSON that is safe inside any <script> element."""
    dumped = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _UNSAFE_RE.sub(lambda m: _UNSAFE[m.group(0)], dumped)


def json_script(element_id: str, value: Any) -> str:
    """`value` as a `<script type="application/json" id=...>` data island. `element_id` is
    the renderer's own constant, never input text."""
    if not _ID.match(element_id):
        raise ValueError(f"not a plain element id: {element_id!r}")
    return f'<script type="application/json" id="{element_id}">{page_json(value)}</script>'
