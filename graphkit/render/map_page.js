/* cultuurregio map page: builds every layer, label, legend, panel and search box from the
 * one JSON data document (script#cr-data). Input text is only ever shown with textContent;
 * nothing from the data becomes markup or code. Extend through window.cultuurregio. */
(function () {
  "use strict";

  var CR = window.cultuurregio = {ready: false, layers: [], labels: []};

  // -- small DOM helpers ------------------------------------------------------------------
  function el(tag, cls, text, parent) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function control(position, build) {
    var C = L.Control.extend({
      onAdd: function () {
        var div = build();
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
      }
    });
    return new C({position: position}).addTo(CR.map);
  }

  function fmt(n) {
    return n === null || n === undefined ? CR.T.unknown : n.toLocaleString(CR.T.locale);
  }

  // -- geometry: the shared-arc topology (see topology.py) -------------------------------
  function decodeArcs(topo) {
    var s = topo.scale, t = topo.translate;
    return topo.arcs.map(function (arc) {
      var x = 0, y = 0;
      return arc.map(function (d) {
        x += d[0]; y += d[1];
        return [y * s[1] + t[1], x * s[0] + t[0]];  // [lat, lon]
      });
    });
  }

  function ring(arcs, ids) {
    var out = [];
    ids.forEach(function (id, k) {
      var a = id < 0 ? arcs[~id].slice().reverse() : arcs[id];
      out.push.apply(out, k === 0 ? a : a.slice(1));
    });
    return out;
  }

  function latlngs(arcs, polygons) {
    return polygons.map(function (poly) {
      return poly.map(function (r) { return ring(arcs, r); });
    });
  }

  // -- layers ------------------------------------------------------------------------------
  var PANES = {gemeenten: 400, grenzen: 410, regios: 420, groepen: 430, gaten: 440,
               voorstellen: 450, labels: 460};

  function card(p, detailed) {
    var div = el("div", "cr-card");
    el("strong", null, p.name, div);
    var table = el("table", null, null, div);
    function row(label, value) {
      var tr = el("tr", null, null, table);
      el("th", null, label, tr);
      el("td", null, value, tr);
    }
    row(CR.T.status, p.status);
    row(CR.T.code, p.code);
    row(CR.T.province, p.province);
    row(CR.T.inhabitants, fmt(p.inhabitants));
    row(CR.T.regions, p.region_names.length ? p.region_names.join(", ") : CR.T.none);
    if (detailed) {
      p.regions.forEach(function (r, i) {
        row(p.region_names[i], p.bases[r].map(function (b) { return CR.T.bases[b]; })
          .join(", "));
      });
      p.notes.forEach(function (n) { row(CR.T.note, n); });
    }
    return div;
  }

  function proposalCard(p) {
    var div = el("div", "cr-card cr-proposal-card");
    el("strong", null, p.title, div);
    if (p.statusLabel) { el("span", "cr-verdict-" + p.status, " " + p.statusLabel, div); }
    var table = el("table", null, null, div);
    p.rows.forEach(function (r) {
      var tr = el("tr", null, null, table);
      el("th", null, r[0], tr);
      el("td", "cr-verdict-" + r[2], r[1], tr);
    });
    return div;
  }

  function popupOptions() {
    return {autoPanPaddingTopLeft: CR.padTopLeft, autoPanPaddingBottomRight: CR.padBottomRight,
            maxWidth: 320};
  }

  function coverageLayer(spec, arcs) {
    var group = L.featureGroup();
    spec.features.forEach(function (f) {
      var p = f.properties;
      var shape = L.polygon(latlngs(arcs, f.polygons), {
        pane: "gemeenten", fillColor: CR.colors[p.klass], fillOpacity: 0.78, color: "#555555",
        weight: 0.6, className: "cr-gemeente cr-" + p.code
      });
      shape.feature = f;
      shape.bindTooltip(function () { return card(p, false); },
                        {sticky: true, className: "cr-tooltip", direction: "right", offset: [14, 0]});
      shape.bindPopup(function () { return card(p, true); }, popupOptions());
      shape.on("mouseover", function () { shape.setStyle({weight: 2.5, color: "#000000"}); });
      shape.on("mouseout", function () { shape.setStyle({weight: 0.6, color: "#555555"}); });
      group.addLayer(shape);
      CR.byCode[p.code] = shape;
    });
    return group;
  }

  function shapeLayer(spec, arcs) {
    var group = L.featureGroup();
    spec.features.forEach(function (f) {
      var style = L.extend({pane: spec.pane, className: spec.className}, spec.style);
      if (f.polygons) {  // an area to click: filled, no stroke (its outline is a line feature)
        var area = L.polygon(latlngs(arcs, f.polygons), L.extend({}, style, {stroke: false}));
        if (f.popup) {
          area.bindPopup(function () { return proposalCard(f.popup); }, popupOptions());
          area.bindTooltip(function () { return el("strong", null, f.popup.title); },
                           {sticky: true, className: "cr-tooltip", direction: "right",
                            offset: [14, 0]});
        }
        group.addLayer(area);
      }
      if (f.lines && f.lines.length) {
        var lines = f.lines.map(function (id) { return ring(arcs, [id]); });
        group.addLayer(L.polyline(lines, L.extend({}, style, {fill: false, interactive: false})));
      }
      if (f.label) { addLabel(group, f.label, spec); }
    });
    return group;
  }

  function addLabel(group, label, spec) {
    var span = el("span", "cr-label " + (spec.labelClass || ""), label.text);
    // a proposal's name in its outline's colour, as on the PNG
    if (spec.kind === "proposal") { span.style.color = spec.style.color; }
    var marker = L.marker(label.at, {
      interactive: false, keyboard: false, pane: "labels",
      icon: L.divIcon({className: "cr-label-anchor", html: span, iconSize: null})
    });
    group.addLayer(marker);
    CR.labels.push({marker: marker, span: span, priority: label.priority, group: group});
  }

  function buildLayers(D) {
    var arcs = decodeArcs(D.topology);
    D.layers.forEach(function (spec) {
      var layer = spec.kind === "coverage" ? coverageLayer(spec, arcs) : shapeLayer(spec, arcs);
      var entry = {id: spec.id, name: spec.name, kind: spec.kind, layer: layer, spec: spec};
      CR.layers.push(entry);
      if (spec.show) { layer.addTo(CR.map); }
      if (spec.kind === "coverage") { CR.gemeenten = layer; }
    });
  }

  // -- labels: highest priority first; a label that would touch a shown one is hidden -------
  function overlaps(a, b) {
    return !(a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top);
  }

  // Shown boxes are kept in a grid of LABEL_CELL px squares, and a label is tested only
  // against the boxes in the cells it covers: placing n labels is linear in n (testing
  // each against every shown one was quadratic, slow with thousands of regions).
  var LABEL_CELL = 96;
  function eachCell(box, fn) {
    for (var x = Math.floor(box.left / LABEL_CELL); x <= Math.floor(box.right / LABEL_CELL); x++) {
      for (var y = Math.floor(box.top / LABEL_CELL); y <= Math.floor(box.bottom / LABEL_CELL);
           y++) {
        fn(x + "," + y);
      }
    }
  }

  function placeLabels() {
    var grid = new Map();
    var candidates = CR.labels.filter(function (l) { return CR.map.hasLayer(l.marker); });
    candidates.sort(function (a, b) { return b.priority - a.priority; });
    candidates.forEach(function (l) { l.span.style.visibility = "hidden"; });
    // all measurements first, then all changes: one layout, not one per label
    var rects = candidates.map(function (l) { return l.span.getBoundingClientRect(); });
    var visible = candidates.filter(function (l, i) {
      var r = rects[i];
      if (!(r.width > 0)) { return false; }
      var box = {left: r.left - 2, right: r.right + 2, top: r.top - 1, bottom: r.bottom + 1};
      var free = true;
      eachCell(box, function (key) {
        var there = grid.get(key);
        if (free && there) { free = there.every(function (s) { return !overlaps(box, s); }); }
      });
      if (free) {
        eachCell(box, function (key) {
          if (!grid.has(key)) { grid.set(key, []); }
          grid.get(key).push(box);
        });
      }
      return free;
    });
    visible.forEach(function (l) { l.span.style.visibility = "visible"; });
  }

  // -- page furniture ---------------------------------------------------------------------
  function header(D) {
    var h = document.getElementById("cr-header");
    el("h1", "cr-title", D.title, h);
    if (D.subtitle) { el("p", "cr-subtitle", D.subtitle, h); }
    document.title = D.title;
  }

  function legend(D) {
    control("bottomleft", function () {
      var box = el("details", "cr-legend");
      box.open = !window.matchMedia("(max-width: 600px)").matches;
      el("summary", null, D.legend.title, box);
      D.legend.classes.forEach(function (c) {
        var item = el("div", "cr-class", null, box);
        item.setAttribute("data-class", c.key);
        item.setAttribute("data-count", String(c.count));
        el("span", "cr-swatch", null, item).style.background = c.color;
        el("span", null, c.label + ": " + c.text, item);
      });
      var layers = el("div", "cr-legend-layers", null, box);
      CR.layers.forEach(function (entry) {
        if (!entry.spec.legend) { return; }
        var item = el("div", "cr-legend-layer", null, layers);
        item.setAttribute("data-layer", entry.id);
        var sw = el("span", "cr-line", null, item);
        var s = entry.spec.style;
        sw.style.borderTop = s.weight + "px " + (s.dashArray ? "dashed" : "solid") + " " + s.color;
        el("span", null, entry.name, item);
        CR.legendItems[entry.id] = item;
      });
      D.legend.notes.forEach(function (n) { el("div", "cr-source", n, box); });
      return box;
    });
    syncLegend();
  }

  function syncLegend() {
    CR.layers.forEach(function (entry) {
      var item = CR.legendItems[entry.id];
      if (item) { item.hidden = !CR.map.hasLayer(entry.layer); }
    });
  }

  function layerPanel(D) {
    control("topright", function () {
      var box = el("details", "cr-layers");
      el("summary", null, D.i18n.layers, box);
      var buttons = el("div", "cr-layer-buttons", null, box);
      var all = el("button", null, D.i18n.all_on, buttons);
      var none = el("button", null, D.i18n.all_off, buttons);
      all.type = none.type = "button";
      var inputs = [];
      CR.layers.forEach(function (entry) {
        var label = el("label", "cr-layer", null, box);
        var input = el("input", null, null, label);
        input.type = "checkbox";
        input.checked = CR.map.hasLayer(entry.layer);
        el("span", null, entry.name, label);
        input.addEventListener("change", function () { setLayer(entry, input.checked); });
        inputs.push([entry, input]);
      });
      function every(on) {
        inputs.forEach(function (pair) { pair[1].checked = on; setLayer(pair[0], on); });
      }
      all.addEventListener("click", function () { every(true); });
      none.addEventListener("click", function () { every(false); });
      return box;
    });
  }

  // -- verdict panel beside the map (valideer) ---------------------------------------------
  function verdicts(D) {
    var side = document.getElementById("cr-side");
    if (!D.verdicts) { side.remove(); return; }
    var V = D.verdicts;
    el("h2", null, V.title, side);
    var overall = el("p", "cr-overall cr-verdict-" + V.status, V.overall, side);
    overall.setAttribute("data-status", V.status);
    V.proposals.forEach(function (p) {
      var section = el("section", "cr-proposal", null, side);
      section.setAttribute("data-proposal", p.id);
      var h = el("h3", null, null, section);
      if (p.id) {
        var link = el("button", "cr-proposal-link", p.title, h);
        link.type = "button";
        link.addEventListener("click", function () { openProposal(p.id); });
      } else {
        el("span", null, p.title, h);
      }
      el("span", "cr-verdict-" + p.status, " " + p.statusLabel, h);
      var table = el("table", "cr-verdict-table", null, section);
      p.rows.forEach(function (r) {
        var tr = el("tr", null, null, table);
        el("th", null, r[0], tr);
        el("td", "cr-verdict-" + r[2], r[3], tr);
        el("td", null, r[1], tr);
      });
    });
  }

  function openProposal(id) {
    var entry = CR.layers.filter(function (e) { return e.id === "voorstel-" + id; })[0];
    if (!entry) { return false; }
    if (!CR.map.hasLayer(entry.layer)) { setLayer(entry, true); }
    var area = entry.layer.getLayers().filter(function (l) { return l.getPopup(); })[0];
    CR.map.fitBounds(area.getBounds(), {animate: false, maxZoom: 10});
    area.openPopup(area.getBounds().getCenter());
    return true;
  }

  function setLayer(entry, on) {
    if (on) { entry.layer.addTo(CR.map); } else { CR.map.removeLayer(entry.layer); }
    syncLegend();
    placeLabels();
  }

  // -- search: the same spellings the command line accepts (table built in Python) ---------
  function searchKeys(written) {
    var s = written.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    s = s.replace(/[\u2019\u2018`\u00b4\u2032\u02bc]/g, "'").replace(/[\u00ad\u200b]/g, "");
    s = s.replace(/\s+/g, " ").trim().replace(/-\s+/g, "-").replace(/\s+-/g, "-");
    var prefix = /^(gemeente|gem\.|provincie|prov\.)\s+/;
    while (prefix.test(s)) { s = s.replace(prefix, ""); }
    function loose(x) {
      return (x.match(/[a-z0-9]+/g) || []).filter(function (t) { return t !== "en"; }).join("");
    }
    return [s, loose(s), loose(s.replace(/\([^)]*\)/g, " "))];
  }

  function find(written) {
    var S = CR.data.search, code = written.trim().toUpperCase();
    if (S.names[code]) { return [code]; }
    var keys = searchKeys(written);
    return S.exact[keys[0]] || S.loose[keys[1]] || S.base[keys[2]] || [];
  }

  function select(code) {
    var shape = CR.byCode[code];
    if (!shape) { return false; }
    if (!CR.map.hasLayer(CR.gemeenten)) { CR.gemeenten.addTo(CR.map); }
    CR.map.fitBounds(shape.getBounds(), {maxZoom: 10, animate: false});
    shape.openPopup(shape.getBounds().getCenter());
    CR.selected = code;
    return true;
  }

  function searchBox(D) {
    control("topleft", function () {
      var box = el("div", "cr-search");
      var input = el("input", null, null, box);
      input.type = "search";
      input.placeholder = D.i18n.search;
      input.setAttribute("aria-label", D.i18n.search);
      var list = el("ul", "cr-candidates", null, box);
      var last = null;
      function go() {
        if (input.value === last) { return; }  // blur after Enter: already handled
        last = input.value;
        list.textContent = "";
        if (!input.value.trim()) { return; }
        var codes = find(input.value);
        if (codes.length === 1) { select(codes[0]); return; }
        if (!codes.length) { el("li", "cr-none", D.i18n.not_found, list); return; }
        codes.forEach(function (c) {
          var b = el("button", null, D.search.names[c] + " (" + D.search.provinces[c] + ", " + c +
                     ")", el("li", null, null, list));
          b.type = "button";
          b.addEventListener("click", function () {
            select(c);
            // emptied after this click has bubbled: a detached target would reach the map
            setTimeout(function () { list.textContent = ""; }, 0);
          });
        });
      }
      input.addEventListener("change", go);
      input.addEventListener("keydown", function (e) { if (e.key === "Enter") { go(); } });
      return box;
    });
  }

  function basemap(D) {
    if (!D.basemap) { return; }
    var a = el("a", null, D.basemap.attribution);
    a.href = D.basemap.href;
    L.tileLayer(D.basemap.url, {minZoom: D.basemap.minZoom, maxZoom: D.basemap.maxZoom,
                                attribution: a.outerHTML, opacity: 0.7}).addTo(CR.map);
  }

  function updatePadding() {
    // Popups pan clear of the controls in the corners (search, layers, legend).
    var map = CR.map.getContainer().getBoundingClientRect(), top = 10;
    document.querySelectorAll(".leaflet-top .leaflet-control").forEach(function (c) {
      top = Math.max(top, c.getBoundingClientRect().bottom - map.top + 8);
    });
    CR.padTopLeft.x = 10;
    CR.padTopLeft.y = Math.min(top, map.height / 3);
  }

  // -- start ------------------------------------------------------------------------------
  // The header, base map and attribution are set up at once; the layers, search, panels
  // and legend after the first paint, so the title shows while the shapes are built.
  // `then` runs when everything is drawn (CR.ready).
  CR.start = function (map, then) {
    var D = JSON.parse(document.getElementById("cr-data").textContent);
    CR.map = map; CR.data = D; CR.T = D.i18n; CR.byCode = {}; CR.legendItems = {};
    CR.colors = {};
    D.legend.classes.forEach(function (c) { CR.colors[c.key] = c.color; });
    CR.padTopLeft = L.point(10, 10);
    CR.padBottomRight = L.point(10, 10);
    Object.keys(PANES).forEach(function (name) {
      map.createPane(name).style.zIndex = PANES[name];
    });
    map.getPane("labels").style.pointerEvents = "none";
    header(D);
    verdicts(D);
    map.invalidateSize({animate: false});
    basemap(D);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(el("span", null, D.source).outerHTML);
    map.fitBounds(D.bounds, {animate: false});
    requestAnimationFrame(function () {
      setTimeout(function () { finish(map, D); if (then) { then(); } }, 0);
    });
  };

  function finish(map, D) {
    buildLayers(D);
    searchBox(D);
    layerPanel(D);
    legend(D);
    map.on("popupopen", function () { map.getContainer().classList.add("cr-popup-open"); });
    map.on("popupclose", function () { map.getContainer().classList.remove("cr-popup-open"); });
    map.on("zoomend moveend resize", placeLabels);
    map.on("resize", updatePadding);
    updatePadding();
    placeLabels();
    CR.find = find;
    CR.el = el;  // for add-ons such as map_composer.js
    CR.select = select;
    CR.openProposal = openProposal;
    CR.placeLabels = placeLabels;
    CR.ready = true;
  }
})();
