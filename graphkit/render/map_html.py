"""Interactive coverage map (Leaflet), self-contained and safe for any names.

Safety rule (issue 10), enforced here and nowhere else for map pages:

* No text from any input (region, grouping, proposal and municipality names, file names,
  GeoPackage fields) is ever part of a template's source, markup or script code. All of it
  travels in ONE JSON document, `<script type="application/json" id="cr-data">`, written by
  `pagedata.json_script`; the page's own script (`map_page.js`) reads it with `JSON.parse`
  and shows every string with `textContent`.
* The map skeleton (the map `<div>`, its CSS and the `L.map(...)` call) is constant text
  written in this module. No template is compiled or rendered while a page is built (folium
  is not even imported: it is only used for notebooks, render/notebook.py), so nothing can
  re-compile input text as Jinja (how `{{ ... }}` in a name used to run as Python, through
  branca's `Element`); tests/test_map.py checks that by failing any compilation.
* Leaflet's JavaScript and CSS are inlined from the XStatic-Leaflet package: the page loads
  nothing from the network except, when online, the PDOK base-map tiles.

Geometry is encoded once as a shared-edge topology (topology.py); every layer refers to the
same arcs, so neighbours meet exactly and no border is stored twice. Same input, same bytes.
"""

from __future__ import annotations

import base64
import functools
import re
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import shapely
import xstatic.pkg.leaflet as xleaflet

from ..messages import counted, number, text
from ..model.names import search_keys
from .mapdata import MapData, label_point
from .pagedata import json_script
from .palette import (
    GAP_COLOR,
    GROUPING_COLOR,
    PROVINCE_COLOR,
    REGION_PALETTE,
    proposal_style,
)
from .topology import Topology, build_topology

__all__ = ["render_map_html"]

# PDOK BRT-Achtergrondkaart, grey variant (xyzservices' `nlmaps.grijs`, the PDOK WMTS in
# Web Mercator). Attribution as PDOK asks: "Kaartgegevens © Kadaster".
BASEMAP = {
    "url": "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:3857/"
           "{z}/{x}/{y}.png",
    "attribution": "Kaartgegevens © Kadaster",
    "href": "https://www.kadaster.nl",
    "minZoom": 6,
    "maxZoom": 19,
}


@functools.cache
def _assets() -> tuple[str, str, str, str]:
    """Leaflet JS and CSS (images inlined), and the page's own script and style."""
    base = Path(xleaflet.BASE_DIR)
    js = (base / "leaflet.js").read_text(encoding="utf-8")
    css = (base / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        data = base64.b64encode((base / match.group(1)).read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    css = re.sub(r"url\((images/[\w.-]+\.png)\)", inline, css)
    here = resources.files(__package__)
    own_js = here.joinpath("map_page.js").read_text(encoding="utf-8")
    own_css = here.joinpath("map_page.css").read_text(encoding="utf-8")
    for script in (js, own_js):
        assert "</script" not in script.lower()
    return js, css, own_js, own_css


@functools.cache
def _composer_assets() -> tuple[str, str]:
    """The proposal composer's script and style (map_composer.js/.css), as page elements."""
    here = resources.files(__package__)
    js = here.joinpath("map_composer.js").read_text(encoding="utf-8")
    css = here.joinpath("map_composer.css").read_text(encoding="utf-8")
    assert "</script" not in js.lower() and "</style" not in css.lower()
    return f"<style>{css}</style>", f"<script>{js}</script>"


# The map skeleton: the map's <div>, its CSS and the `L.map(...)` call. Constants only (no
# input text, no template); written here rather than rendered by folium, so that a command
# writing a map page does not import folium, branca and requests (about 0.5 s per process,
# mostly folium compiling its 46 Jinja templates at import). The class `folium-map` is kept
# for the page's own CSS.
_SKELETON_HEAD = """<meta name="viewport"
  content="width=device-width, initial-scale=1.0, maximum-scale=1.0, user-scalable=no">
<style>
html, body {width: 100%; height: 100%; margin: 0; padding: 0;}
#map_cr {position: relative; width: 100%; height: 100%; left: 0; top: 0;}
.leaflet-container {font-size: 1rem;}
</style>"""
_SKELETON_BODY = '<div class="folium-map" id="map_cr"></div>'
_SKELETON_SCRIPT = """var map_cr = L.map("map_cr", {
  center: [0.0, 0.0], zoom: 1, crs: L.CRS.EPSG3857, zoomControl: true, preferCanvas: false,
  zoomSnap: 0.5
});
L.control.scale().addTo(map_cr);"""


# -- geometry helpers ---------------------------------------------------------------------

def _label_point(geom: shapely.Geometry) -> list[float] | None:
    """[lat, lon] of the label point of `geom` (lon/lat)."""
    p = label_point(geom, lonlat=True)
    return None if p is None else [round(p[1], 5), round(p[0], 5)]


def _area(geom: shapely.Geometry) -> float:
    return 0.0 if geom is None or geom.is_empty else float(geom.area)


def _region_colors(topo: Topology, members: list[np.ndarray]) -> list[str]:
    """Greedy colouring: regions that share a border get different colours where the palette
    allows; deterministic (regions in input order)."""
    owner: dict[int, set[int]] = {}
    for r, idx in enumerate(members):
        for i in idx.tolist():
            owner.setdefault(i, set()).add(r)
    neighbours: list[set[int]] = [set() for _ in members]
    for a, b in topo.sides.tolist():
        if a < 0 or b < 0:
            continue
        for ra in owner.get(a, ()):
            for rb in owner.get(b, ()):
                if ra != rb:
                    neighbours[ra].add(rb)
    colors: list[int] = []
    used = [0] * len(REGION_PALETTE)
    for r in range(len(members)):
        taken = {colors[n] for n in neighbours[r] if n < r}
        free = [c for c in range(len(REGION_PALETTE)) if c not in taken] or list(
            range(len(REGION_PALETTE)))
        pick = min(free, key=lambda c: (used[c], c))  # spread the palette, first on ties
        used[pick] += 1
        colors.append(pick)
    return [REGION_PALETTE[c] for c in colors]


# -- the page's data document -------------------------------------------------------------

def _i18n(lang: str) -> dict[str, Any]:
    return {
        "locale": "nl-NL" if lang == "nl" else "en-GB",
        "status": text("map_status", lang),
        "code": text("map_code", lang),
        "province": text("map_province", lang),
        "inhabitants": text("map_inhabitants", lang),
        "regions": text("map_regions", lang),
        "none": text("map_none", lang),
        "note": text("map_note", lang),
        "unknown": text("unknown_inhabitants", lang),
        "bases": {b: text(f"map_basis_{b}", lang) for b in ("listed", "province", "declared")},
        "search": text("map_search", lang),
        "not_found": text("map_not_found", lang),
        "layers": text("map_panel_layers", lang),
        "all_on": text("map_all_on", lang),
        "all_off": text("map_all_off", lang),
    }


def _search_table(data: MapData) -> dict[str, Any]:
    """Codes by written form, as the resolver accepts them (`Resolver.search_table`: keys by
    `names.normalise` and `names.loose_key`, which the page's `searchKeys` mirrors); without
    a resolver, the names on the map."""
    munis = data.municipalities
    names = dict(zip(munis["code"], munis["name"], strict=True))
    search = data.search
    if search is None:
        search = {"exact": {}, "loose": {}, "base": {}}
        for code, name in sorted(names.items()):
            for kind, key in zip(("exact", "loose", "base"), search_keys(name), strict=True):
                search[kind].setdefault(key, []).append(code)
    tables = {kind: {k: sorted(c for c in v if c in names) for k, v in sorted(search[kind].items())}
              for kind in ("exact", "loose", "base")}
    return {"names": names, "provinces": dict(zip(munis["code"], munis["province"], strict=True)),
            **{kind: {k: v for k, v in t.items() if v} for kind, t in tables.items()}}


def _members(codes: Sequence[str], index: Mapping[str, int]) -> np.ndarray:
    return np.array(sorted(index[c] for c in codes if c in index), dtype=np.int64)


def _shape_layer(lid: str, kind: str, name: str, *, pane: str, css: str, style: dict,
                 features: list[dict], show: bool = True, legend: bool = True,
                 label_class: str = "") -> dict[str, Any]:
    return {"id": lid, "kind": kind, "name": name, "pane": pane, "className": css,
            "style": style, "features": features, "show": show, "legend": legend,
            "labelClass": label_class}


def _label(name: str, geom: shapely.Geometry, priority: float) -> dict[str, Any] | None:
    at = _label_point(geom)
    return None if at is None else {"text": name, "at": at, "priority": round(priority, 3)}


def render_map_html(
    data: MapData,
    *,
    lang: str = "nl",
    offline: bool = False,
    heading: str | None = None,
    subtitle: str | None = None,
    legend_title: str | None = None,
    proposals: Mapping[str, tuple[str, Sequence[str]]] | None = None,
    verdicts: Mapping[str, Any] | None = None,
    show_regions: bool = True,
    composer: Mapping[str, Any] | None = None,
) -> str:
    """The interactive map of `data` (in WGS84) as one self-contained HTML document.

    `proposals` (id -> (name, municipality codes)) are drawn as clickable layers on top;
    `verdicts` (`validation_panel`) fills the panel beside the map and each proposal's
    popup; `heading` replaces the default title; `composer` (composer.py) adds the
    "voorstel samenstellen" panel.
    """
    munis = data.municipalities
    codes = list(munis["code"])
    index = {c: i for i, c in enumerate(codes)}
    topo = build_topology(munis.geometry.to_numpy())
    layers: list[dict[str, Any]] = []

    props = ["code", "name", "province", "inhabitants", "klass", "status", "regions",
             "region_names", "bases", "notes"]
    columns = {p: munis[p].tolist() for p in props}
    layers.append({
        "id": "gemeenten", "kind": "coverage", "name": text("map_layer_municipalities", lang),
        "show": True, "legend": False,
        "features": [
            {"properties": {p: columns[p][i] for p in props}, "polygons": topo.polygons[i]}
            for i in range(len(codes))
        ],
    })

    province_of = {name: k for k, name in enumerate(sorted(set(munis["province"])))}
    layers.append(_shape_layer(
        "provincies", "outline", text("map_layer_provinces", lang), pane="grenzen",
        css="cr-provincie", style={"color": PROVINCE_COLOR, "weight": 1.4, "fill": False},
        features=[{"lines": topo.outline(np.array([province_of[p] for p in munis["province"]]))}],
    ))

    region_members = [_members(m, index) for m in data.regions["members"]]
    colors = _region_colors(topo, region_members)
    total = max(sum(_area(g) for g in data.regions.geometry), 1e-12)
    for i, row in enumerate(data.regions.itertuples(index=False)):
        label = _label(row.name, row.geometry, 2 + _area(row.geometry) / total)
        layers.append(_shape_layer(
            f"regio-{row.id}", "region", text("map_region_layer", lang, name=row.name),
            pane="regios", css=f"cr-regio cr-regio-{row.id}",
            style={"color": colors[i], "weight": 2.4, "dashArray": "7 5", "fill": False},
            features=[{"lines": topo.boundary(region_members[i]),
                       **({"label": label} if label else {})}],
            show=show_regions,
        ))

    if len(data.groupings):
        feats = []
        for row in data.groupings.itertuples(index=False):
            label = _label(row.name, row.geometry, 1.5)
            feats.append({"lines": topo.boundary(_members(row.members, index)),
                          **({"label": label} if label else {})})
        layers.append(_shape_layer(
            "groepen", "grouping", text("map_layer_groupings", lang), pane="groepen",
            css="cr-groep", features=feats,
            style={"color": GROUPING_COLOR, "weight": 5, "opacity": 0.45, "fill": False},
        ))

    gap_label = np.full(len(codes), -1)
    gap_feats = []
    for row in data.gap_clusters.itertuples(index=False):
        gap_label[_members(row.members, index)] = row.number
        label = _label(text("map_gap_label", lang, number=row.number, name=row.name,
                            n=counted(row.n, "municipality", lang)), row.geometry,
                       3 + row.n / max(len(codes), 1))
        if label:
            gap_feats.append({"lines": [], "label": label})
    gap_feats.insert(0, {"lines": topo.outline(gap_label)})
    layers.append(_shape_layer(
        "gaten", "gaps", text("map_layer_gaps", lang), pane="gaten", css="cr-gat",
        style={"color": GAP_COLOR, "weight": 2.6, "dashArray": "2 4", "fill": False},
        features=gap_feats, label_class="cr-label-gap",
    ))

    popups = {p["id"]: p for p in (verdicts or {}).get("proposals", [])}
    for i, (pid, (name, members)) in enumerate((proposals or {}).items()):
        idx = _members(members, index)
        color, dashed = proposal_style(i)
        geom = shapely.coverage_union_all(munis.geometry.to_numpy()[idx]) if len(idx) else None
        label = _label(name, geom, 4)
        popup = popups.get(pid, {"title": name, "rows": []})
        layers.append(_shape_layer(
            f"voorstel-{pid}", "proposal", text("val_layer", lang, name=name),
            pane="voorstellen", css=f"cr-voorstel cr-voorstel-{pid}",
            style={"color": color, "weight": 4, "fillColor": color, "fillOpacity": 0.12,
                   **({"dashArray": "10 6"} if dashed else {})},
            features=[{"polygons": [p for k in idx.tolist() for p in topo.polygons[k]],
                       "popup": popup, **({"label": label} if label else {})},
                      {"lines": topo.boundary(idx)}],
            label_class="cr-label-voorstel",
        ))

    minx, miny, maxx, maxy = munis.total_bounds
    title = heading or data.title["heading"]
    doc = {
        "lang": lang,
        "title": title,
        "subtitle": subtitle or data.title["subtitle"],
        "i18n": _i18n(lang),
        "source": data.title["source"],
        "basemap": None if offline else BASEMAP,
        "bounds": [[miny, minx], [maxy, maxx]],
        "legend": {
            "title": legend_title or text("map_legend", lang),
            "classes": [
                {"key": k, "label": c["label"], "color": c["color"], "count": c["count"],
                 "inhabitants": c["inhabitants"],
                 "text": text("map_legend_count", lang,
                              count=counted(c["count"], "municipality", lang),
                              inh=number(c["inhabitants"], lang))}
                for k, c in data.classes.items()
            ],
            "notes": [data.title["source"], *(data.title[k] for k in ("assumptions", "scope")
                                              if data.title.get(k))],
        },
        "search": _search_table(data),
        "verdicts": verdicts,
        "topology": topo.as_json(),
        "layers": layers,
    }
    if composer is not None:
        doc["composer"] = dict(composer)
    return _page(doc, lang)


def _page(doc: dict[str, Any], lang: str) -> str:
    """The HTML document: constant markup, the map skeleton, and the data document."""
    leaflet_js, leaflet_css, own_js, own_css = _assets()
    head, body, script = _SKELETON_HEAD, _SKELETON_BODY, _SKELETON_SCRIPT
    lang_attr = "en" if lang == "en" else "nl"  # a constant, not input text
    return "\n".join([
        "<!DOCTYPE html>",
        f'<html lang="{lang_attr}">',
        "<head>",
        '<meta charset="utf-8">',
        "<title>cultuurregio</title>",
        head,
        f"<style>{leaflet_css}</style>",
        f"<style>{own_css}</style>",
        "</head>",
        "<body>",
        '<header id="cr-header"></header>',
        '<div id="cr-main">',
        body,
        '<aside id="cr-side"></aside>',
        "</div>",
        json_script("cr-data", doc),
        f"<script>{leaflet_js}</script>",
        f"<script>{own_js}</script>",
        *(_composer_assets() if "composer" in doc else ()),
        f"<script>{script}\nwindow.cultuurregio.start(map_cr"
        + (", window.cultuurregio.startComposer" if "composer" in doc else "") + ");</script>",
        "</body>",
        "</html>",
        "",
    ])
