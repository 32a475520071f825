"""Interactive coverage map (folium/Leaflet), self-contained and safe for any names.

* Leaflet's JavaScript and CSS are read at build time from the installed XStatic-Leaflet
  package and inlined; folium's CDN defaults (jQuery, Bootstrap, ...) are not used, so the
  file renders with the network cut off. An online base map is added unless `offline`.
* Names come from user files: tooltips, popups, labels and the search list are built in
  the browser with `textContent`, JSON placed in scripts has `<`, `>` and `&` escaped, and
  the few names Leaflet shows as HTML (layer control) are HTML-escaped.
* Element ids are numbered instead of random, so the same inputs give the same bytes.
"""

from __future__ import annotations

import base64
import contextlib
import html
import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import branca.element
import folium
import geopandas as gpd
import shapely
import xstatic.pkg.leaflet as xleaflet
from jinja2 import Template

from ..messages import number, text
from .mapdata import MapData

__all__ = ["REGION_PALETTE", "render_map_html"]

REGION_PALETTE = (
    "#1f78b4", "#33a02c", "#e31a1c", "#ff7f00", "#6a3d9a", "#b15928", "#a6cee3", "#fb9a99",
    "#fdbf6f", "#cab2d6", "#01665e", "#8c510a", "#c51b7d", "#4d9221", "#2166ac", "#b2182b",
    "#7570b3", "#d95f02", "#1b9e77", "#e7298a",
)


PROPOSAL_PALETTE = ("#0033cc", "#cc0099", "#00a3a3", "#000000", "#006600", "#7a0099")


def _js(value: Any) -> str:
    """JSON safe to place inside a <script> element."""
    dumped = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return dumped.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@contextlib.contextmanager
def _numbered_ids() -> Iterator[None]:
    """Give branca/folium elements sequential ids while a map is built and rendered."""
    counter = itertools.count(1)
    original = branca.element.Element.__dict__["_generate_id"]
    branca.element.Element._generate_id = classmethod(  # type: ignore[method-assign]
        lambda cls: f"{next(counter):04d}"
    )
    try:
        yield
    finally:
        branca.element.Element._generate_id = original  # type: ignore[method-assign]


def _leaflet_assets() -> tuple[str, str]:
    base = Path(xleaflet.BASE_DIR)
    js = (base / "leaflet.js").read_text(encoding="utf-8")
    css = (base / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        data = base64.b64encode((base / match.group(1)).read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    css = re.sub(r"url\((images/[\w.-]+\.png)\)", inline, css)
    js = js.replace("</script", "<\\/script")
    return js, css


def _geojson(frame, properties: list[str]) -> dict[str, Any]:
    features = []
    for row in frame.itertuples(index=False):
        geom = row.geometry
        if geom is None or geom.is_empty:
            continue
        features.append({
            "type": "Feature",
            "properties": {p: getattr(row, p) for p in properties},
            "geometry": json.loads(shapely.to_geojson(geom)),
        })
    return {"type": "FeatureCollection", "features": features}


class _Layer(folium.map.Layer):
    """A GeoJSON layer in its own pane, optionally with one text label (set as text)."""

    _template = Template("""
{% macro script(this, kwargs) %}
if (!{{ this.map_name }}.getPane({{ this.pane|tojson }})) {
  {{ this.map_name }}.createPane({{ this.pane|tojson }});
}
var {{ this.get_name() }} = L.featureGroup();
L.geoJSON({{ this.data }}, {{ this.options }}).addTo({{ this.get_name() }});
{%- for label in this.labels %}
(function () {
  var el = document.createElement("span");
  el.textContent = {{ label.text }};
  L.marker({{ label.latlon }}, {interactive: false, keyboard: false, pane: {{ this.pane|tojson }},
    icon: L.divIcon({className: {{ label.css|tojson }}, html: el, iconSize: null})
  }).addTo({{ this.get_name() }});
})();
{%- endfor %}
{% endmacro %}
""")

    def __init__(self, map_name: str, name: str, data: dict, options: dict, pane: str,
                 labels: list[dict[str, str]] = (), show: bool = True) -> None:
        super().__init__(name=html.escape(name), overlay=True, control=True, show=show)
        self._name = "CrLayer"
        self.map_name = map_name
        self.data = _js(data)
        self.options = _js(options)
        self.pane = pane
        self.labels = labels


class _CoverageLayer(folium.map.Layer):
    """Municipalities coloured by coverage class, with hover tooltip and click popup."""

    _template = Template("""
{% macro script(this, kwargs) %}
{{ this.map_name }}.createPane("gemeenten");
var {{ this.get_name() }} = (function () {
  var T = {{ this.i18n }};
  var COLORS = {{ this.colors }};
  function fmt(n) { return n === null ? T.unknown : n.toLocaleString(T.locale); }
  function row(table, label, value) {
    var tr = document.createElement("tr");
    var th = document.createElement("th"); th.textContent = label;
    var td = document.createElement("td"); td.textContent = value;
    tr.appendChild(th); tr.appendChild(td); table.appendChild(tr);
  }
  function card(p, detailed) {
    var div = document.createElement("div"); div.className = "cr-card";
    var h = document.createElement("strong"); h.textContent = p.name; div.appendChild(h);
    var t = document.createElement("table");
    row(t, T.status, p.status);
    row(t, T.code, p.code);
    row(t, T.province, p.province);
    row(t, T.inhabitants, fmt(p.inhabitants));
    row(t, T.regions, p.region_names.length ? p.region_names.join(", ") : T.none);
    if (detailed) {
      p.regions.forEach(function (r, i) {
        row(t, p.region_names[i], p.bases[r].map(function (b) { return T.bases[b]; }).join(", "));
      });
      p.notes.forEach(function (n) { row(t, T.note, n); });
    }
    div.appendChild(t);
    return div;
  }
  var layer = L.geoJSON({{ this.data }}, {
    pane: "gemeenten",
    style: function (f) {
      return {fillColor: COLORS[f.properties.klass], fillOpacity: 0.8, color: "#4d4d4d",
              weight: 0.6};
    },
    onEachFeature: function (f, l) {
      l.options.className = "cr-gemeente cr-" + f.properties.code;
      l.bindTooltip(function () { return card(f.properties, false); },
                    {sticky: true, className: "cr-tooltip"});
      l.bindPopup(function () { return card(f.properties, true); });
      l.on("mouseover", function () { l.setStyle({weight: 2.5, color: "#000000"}); });
      l.on("mouseout", function () { layer.resetStyle(l); });
    }
  });
  return layer;
})();
{% endmacro %}
""")

    def __init__(self, map_name: str, name: str, data: dict, i18n: dict,
                 colors: dict[str, str]) -> None:
        super().__init__(name=html.escape(name), overlay=True, control=True, show=True)
        self._name = "CrCoverage"
        self.map_name = map_name
        self.data = _js(data)
        self.i18n = _js(i18n)
        self.colors = _js(colors)


class _Extras(branca.element.MacroElement):
    """Search box, attribution and a handle for tests: `window.cultuurregio`."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this.map_name }}, layer = {{ this.layer_name }};
  map.attributionControl.addAttribution({{ this.source }});
  var Search = L.Control.extend({
    onAdd: function () {
      var div = L.DomUtil.create("div", "cr-search leaflet-bar");
      var input = L.DomUtil.create("input", "", div);
      input.type = "search";
      input.placeholder = {{ this.placeholder }};
      input.setAttribute("aria-label", {{ this.placeholder }});
      input.setAttribute("list", "cr-gemeenten");
      var list = L.DomUtil.create("datalist", "", div);
      list.id = "cr-gemeenten";
      var index = {};
      layer.eachLayer(function (l) {
        var p = l.feature.properties;
        index[p.name.toLowerCase()] = l;
        index[p.code.toLowerCase()] = l;
        var option = document.createElement("option");
        option.value = p.name;
        list.appendChild(option);
      });
      function go() {
        var l = index[input.value.trim().toLowerCase()];
        if (l) { map.fitBounds(l.getBounds(), {maxZoom: 11}); l.openPopup(); }
      }
      input.addEventListener("change", go);
      input.addEventListener("keydown", function (e) { if (e.key === "Enter") { go(); } });
      L.DomEvent.disableClickPropagation(div);
      return div;
    }
  });
  new Search({position: "topleft"}).addTo(map);
  window.cultuurregio = {map: map, gemeenten: layer};
})();
{% endmacro %}
""")

    def __init__(self, map_name: str, layer_name: str, source: str, placeholder: str) -> None:
        super().__init__()
        self._name = "CrExtras"
        self.map_name = map_name
        self.layer_name = layer_name
        self.source = _js(source)
        self.placeholder = _js(placeholder)


_STYLE = """
html, body {margin: 0; padding: 0; height: 100%; font-family: system-ui, sans-serif;}
.cr-title {position: absolute; top: 10px; left: 50%; transform: translateX(-50%);
  z-index: 1000; background: rgba(255,255,255,.92); padding: 6px 12px; border-radius: 4px;
  font-size: 15px; font-weight: 600; box-shadow: 0 1px 4px rgba(0,0,0,.3); max-width: 60%;
  text-align: center;}
.cr-legend {position: absolute; bottom: 56px; left: 10px; z-index: 1000; background: #fff;
  padding: 8px 10px; border-radius: 4px; font-size: 13px; box-shadow: 0 1px 4px rgba(0,0,0,.3);}
.cr-legend h2 {font-size: 13px; margin: 0 0 4px 0;}
.cr-legend .cr-swatch {display: inline-block; width: 14px; height: 14px; margin-right: 6px;
  vertical-align: middle; border: 1px solid #555;}
.cr-legend .cr-source {margin-top: 6px; color: #444; font-size: 12px;}
.cr-search input {width: 220px; padding: 5px; font-size: 13px; border: none;}
.cr-card table {border-collapse: collapse; margin-top: 3px;}
.cr-card th {text-align: left; padding-right: 8px; font-weight: normal; color: #555;}
.cr-label {font-size: 11px; font-weight: 600; white-space: nowrap; color: #222;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff;}
.cr-label-gap {color: #b30000;}
.cr-label-voorstel {font-size: 13px; color: #0033cc;}
@media print {.cr-search, .leaflet-control-layers {display: none;}}
"""


def _legend_html(data: MapData, lang: str, title: str | None = None) -> str:
    items = []
    for klass, c in data.classes.items():
        counts = text("map_legend_count", lang, count=c["count"],
                      inh=number(c["inhabitants"], lang))
        items.append(
            f'<div class="cr-class" data-class="{klass}" data-count="{c["count"]}" '
            f'data-inhabitants="{c["inhabitants"] if c["inhabitants"] is not None else ""}">'
            f'<span class="cr-swatch" style="background:{c["color"]}"></span>'
            f'{html.escape(c["label"])}: '
            f"{html.escape(counts)}</div>"
        )
    source = html.escape(text("map_source", lang, year=data.title["year"]))
    return (
        f'<div class="cr-legend"><h2>{html.escape(title or text("map_legend", lang))}</h2>'
        + "".join(items)
        + f'<div class="cr-source">{source}</div></div>'
    )


def _labels(frame, field: str, css: str) -> list[dict[str, str]]:
    labels = []
    for row in frame.itertuples(index=False):
        if row.geometry is None or row.geometry.is_empty:
            continue
        point = row.geometry.representative_point()
        labels.append({"text": _js(getattr(row, field)), "latlon": _js([point.y, point.x]),
                       "css": css})
    return labels


def render_map_html(
    data: MapData,
    *,
    lang: str = "nl",
    offline: bool = False,
    heading: str | None = None,
    legend_title: str | None = None,
    proposals: gpd.GeoDataFrame | None = None,
) -> str:
    """The interactive map of `data` (in WGS84) as one self-contained HTML document.

    `proposals` (id, name, geometry; WGS84) are drawn as their own layers on top, each
    with a bold outline and a label; `heading` replaces the default title.
    """
    with _numbered_ids():
        return _build(data, lang=lang, offline=offline, heading=heading,
                      legend_title=legend_title, proposals=proposals)


def _build(data: MapData, *, lang: str, offline: bool, heading: str | None,
           legend_title: str | None, proposals: gpd.GeoDataFrame | None) -> str:
    minx, miny, maxx, maxy = data.municipalities.total_bounds
    m = folium.Map(location=None, tiles=None, control_scale=True, prefer_canvas=False,
                   zoom_snap=0.25)
    m.default_js = []
    m.default_css = []
    js, css = _leaflet_assets()
    root = m.get_root()
    root.header.add_child(branca.element.Element(f"<style>{css}</style>"), name="leaflet_css")
    root.header.add_child(branca.element.Element(f"<script>{js}</script>"), name="leaflet_js")
    root.header.add_child(branca.element.Element(f"<style>{_STYLE}</style>"), name="cr_style")
    title = heading or text(
        "map_title", lang, **{k: data.title[k] for k in ("registry", "mode", "date")}
    )
    root.header.add_child(branca.element.Element(f"<title>{html.escape(title)}</title>"),
                          name="cr_title")
    root.html.add_child(
        branca.element.Element(f'<div class="cr-title">{html.escape(title)}</div>'),
        name="cr_title_div",
    )
    root.html.add_child(branca.element.Element(_legend_html(data, lang, legend_title)),
                        name="cr_legend")

    if not offline:
        folium.TileLayer(
            "OpenStreetMap", name=text("map_layer_basemap", lang), control=True,
            opacity=0.5,
        ).add_to(m)

    map_name = m.get_name()
    i18n = {
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
    }
    props = ["code", "name", "province", "inhabitants", "klass", "status", "regions",
             "region_names", "bases", "notes"]
    coverage = _CoverageLayer(map_name, text("map_layer_municipalities", lang),
                              _geojson(data.municipalities, props), i18n,
                              {k: c["color"] for k, c in data.classes.items()})
    coverage.add_to(m)

    _Layer(
        map_name, text("map_layer_provinces", lang), _geojson(data.provinces, ["code", "name"]),
        {"pane": "grenzen", "interactive": False, "className": "cr-provincie",
         "style": {"color": "#222222", "weight": 1.6, "fill": False}},
        pane="grenzen",
    ).add_to(m)

    for i, row in enumerate(data.regions.itertuples(index=False)):
        color = REGION_PALETTE[i % len(REGION_PALETTE)]
        frame = data.regions.iloc[[i]]
        _Layer(
            map_name, text("map_region_layer", lang, name=row.name),
            _geojson(frame, ["id", "name"]),
            {"pane": "regios", "interactive": False, "className": f"cr-regio cr-regio-{row.id}",
             "style": {"color": color, "weight": 2.2, "dashArray": "6 4", "fillColor": color,
                       "fillOpacity": 0.06}},
            pane="regios", labels=_labels(frame, "name", "cr-label"),
        ).add_to(m)

    if len(data.groupings):
        _Layer(
            map_name, text("map_layer_groupings", lang), _geojson(data.groupings, ["id", "name"]),
            {"pane": "groepen", "interactive": False, "className": "cr-groep",
             "style": {"color": "#000000", "weight": 4, "opacity": 0.55, "fill": False}},
            pane="groepen", labels=_labels(data.groupings, "name", "cr-label"),
        ).add_to(m)

    gaps = data.gap_clusters.assign(
        label=[text("map_gap_label", lang, number=r.number, n=r.n)
               for r in data.gap_clusters.itertuples(index=False)]
    )
    _Layer(
        map_name, text("map_layer_gaps", lang), _geojson(gaps, ["number", "n", "label"]),
        {"pane": "gaten", "interactive": False, "className": "cr-gat",
         "style": {"color": "#b30000", "weight": 3, "fill": False}},
        pane="gaten", labels=_labels(gaps, "label", "cr-label cr-label-gap"),
    ).add_to(m)

    for i, row in enumerate(() if proposals is None else proposals.itertuples(index=False)):
        frame = proposals.iloc[[i]]
        _Layer(
            map_name, text("val_layer", lang, name=row.name), _geojson(frame, ["id", "name"]),
            {"pane": "voorstellen", "interactive": False,
             "className": f"cr-voorstel cr-voorstel-{row.id}",
             "style": {"color": PROPOSAL_PALETTE[i % len(PROPOSAL_PALETTE)], "weight": 4.5,
                       "fillOpacity": 0.15}},
            pane="voorstellen", labels=_labels(frame, "name", "cr-label cr-label-voorstel"),
        ).add_to(m)

    _Extras(map_name, coverage.get_name(), text("map_source", lang, year=data.title["year"]),
            text("map_search", lang)).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    return m.get_root().render()

