/* "Voorstel samenstellen": draft a proposed region on kaart.html by clicking municipalities
 * (or searching one and pressing Enter), see its figures live, download it as a proposal
 * file in the registry format that `cultuurregio valideer` reads.
 * Everything comes from the page's data document (D.composer): the contiguity graph as
 * index pairs, national totals, the registry, period and reference date. Names are shown
 * with textContent only. Runs after window.cultuurregio.start. */
(function () {
  "use strict";
  var CR = window.cultuurregio;

  function el(tag, cls, text, parent) { return CR.el(tag, cls, text, parent); }

  function fmt(n) { return n === null ? CR.T.unknown : n.toLocaleString(CR.T.locale); }

  function pct(part, whole) {
    return whole ? (100 * part / whole).toLocaleString(CR.T.locale,
      {minimumFractionDigits: 1, maximumFractionDigits: 1}) + "%" : "?";
  }

  function slug(name) {
    var s = name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    return s || "voorstel";
  }

  CR.startComposer = function () {
    var C = CR.data.composer, T = C.i18n;
    var props = {}, neighbours = {}, draft = {};
    CR.gemeenten.eachLayer(function (shape) {
      var p = shape.feature.properties;
      props[p.code] = p;
      neighbours[p.code] = [];
    });
    C.edges.forEach(function (e) {
      var a = C.codes[e[0]], b = C.codes[e[1]];
      neighbours[a].push(b); neighbours[b].push(a);
    });
    var active = false;
    var ui = {};

    function members() { return Object.keys(draft).sort(); }

    function pieces(codes) {
      var seen = {}, count = 0;
      codes.forEach(function (start) {
        if (seen[start]) { return; }
        count += 1;
        var stack = [start];
        seen[start] = true;
        while (stack.length) {
          neighbours[stack.pop()].forEach(function (n) {
            if (draft[n] && !seen[n]) { seen[n] = true; stack.push(n); }
          });
        }
      });
      return count;
    }

    function stats() {
      var codes = members(), inh = 0, unknown = false, newN = 0, newInh = 0, overlap = {};
      codes.forEach(function (c) {
        var p = props[c];
        if (p.inhabitants === null) { unknown = true; } else { inh += p.inhabitants; }
        if (!p.regions.length) {
          newN += 1;
          newInh += p.inhabitants || 0;
        }
        p.regions.forEach(function (r, i) {
          (overlap[r] = overlap[r] || {name: p.region_names[i], names: []}).names.push(p.name);
        });
      });
      return {codes: codes, n: codes.length, inhabitants: unknown ? null : inh,
              uncovered: newN, uncoveredInh: newInh, overlap: overlap,
              pieces: codes.length ? pieces(codes) : 0};
    }

    function paint(code) {
      var shape = CR.byCode[code], p = props[code];
      shape.setStyle(draft[code] ? {fillColor: C.color, fillOpacity: 0.85}
                                 : {fillColor: CR.colors[p.klass], fillOpacity: 0.78});
    }

    function toggle(code, on) {
      if (!props[code]) { return; }
      var want = on === undefined ? !draft[code] : on;
      if (want) { draft[code] = true; } else { delete draft[code]; }
      paint(code);
      render();
    }

    function line(parent, key, label, value) {
      var row = el("div", "cr-comp-row", null, parent);
      row.setAttribute("data-stat", key);
      el("span", "cr-comp-label", label + ": ", row);
      el("span", "cr-comp-value", value, row);
      return row;
    }

    function render() {
      var s = stats(), N = C.national;
      ui.stats.textContent = "";
      line(ui.stats, "n", T.municipalities, String(s.n)).setAttribute("data-value", s.n);
      line(ui.stats, "inhabitants", T.inhabitants, fmt(s.inhabitants))
        .setAttribute("data-value", s.inhabitants === null ? "" : s.inhabitants);
      line(ui.stats, "uncovered", T.uncovered,
           T.uncovered_value.replace("{n}", s.uncovered).replace("{inh}", fmt(s.uncoveredInh)))
        .setAttribute("data-value", s.uncovered);
      line(ui.stats, "pieces", T.contiguity, s.n === 0 ? "-" : s.pieces === 1 ? T.contiguous
           : T.pieces.replace("{n}", s.pieces)).setAttribute("data-value", s.pieces);
      var after = N.covered + s.uncovered, afterInh = N.covered_inhabitants + s.uncoveredInh;
      line(ui.stats, "coverage", T.coverage,
           N.covered + " \u2192 " + after + " (" + pct(N.covered_inhabitants, N.inhabitants) +
           " \u2192 " + pct(afterInh, N.inhabitants) + ")").setAttribute("data-value", after);
      var ids = Object.keys(s.overlap).sort();
      var ov = line(ui.stats, "overlap", T.overlap, ids.length ? "" : T.no_overlap);
      ov.setAttribute("data-value", ids.length);
      var list = el("ul", "cr-comp-overlap", null, ov);
      ids.forEach(function (r) {
        var li = el("li", null, s.overlap[r].name + ": " + s.overlap[r].names.join(", "), list);
        li.setAttribute("data-region", r);
      });
      ui.members.textContent = "";
      s.codes.forEach(function (c) {
        var li = el("li", null, null, ui.members);
        li.setAttribute("data-code", c);
        el("span", null, props[c].name + " ", li);
        var b = el("button", "cr-comp-remove", "\u00d7", li);
        b.type = "button";
        b.setAttribute("aria-label", T.remove.replace("{name}", props[c].name));
        b.addEventListener("click", function () { toggle(c, false); });
      });
      ui.download.disabled = !s.n || !ui.name.value.trim();
    }

    function yaml() {
      var name = ui.name.value.trim(), M = C.meta, q = JSON.stringify;
      var out = [
        "# " + T.yaml_header,
        "# " + T.yaml_registry + ": " + M.registry + (M.registry_sha256 ? " (sha256 " +
          M.registry_sha256 + ")" : ""),
        "# " + T.yaml_period + ": " + (M.period === null ? "-" : M.period),
        "# " + T.yaml_date + ": " + M.date + "; " + T.yaml_mode + ": " + M.mode,
        "regios:",
        "  " + slug(name) + ":",
        "    naam: " + q(name),
        "    gemeenten:"
      ];
      members().forEach(function (c) { out.push("      - " + q(props[c].name)); });
      out.push("    toelichting: " + q(T.yaml_note.replace("{registry}", M.registry)
        .replace("{period}", M.period === null ? "-" : M.period).replace("{date}", M.date)));
      if (M.period !== null) { out.push("    perioden: [" + q(M.period) + "]"); }
      return out.join("\n") + "\n";
    }

    function download() {
      var text = yaml();
      CR.composerYaml = text;
      var a = document.createElement("a");
      a.href = URL.createObjectURL(new Blob([text], {type: "application/yaml"}));
      a.download = slug(ui.name.value.trim()) + ".yaml";
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
    }

    function setActive(on) {
      active = on;
      ui.toggle.setAttribute("aria-pressed", on ? "true" : "false");
      ui.body.hidden = !on;
      CR.map.getContainer().classList.toggle("cr-composing", on);
      // while composing a click adds or removes; the municipality's popup waits
      CR.map.closePopup();
      CR.gemeenten.eachLayer(function (shape) {
        if (on && shape.getPopup()) {
          shape.crPopup = shape.getPopup();
          shape.unbindPopup();
        } else if (!on && shape.crPopup) {
          shape.bindPopup(shape.crPopup);
        }
      });
      if (on) { ui.search.focus(); }
    }

    var Panel = L.Control.extend({
      onAdd: function () {
        var box = el("div", "cr-composer");
        box.id = "cr-composer";
        ui.toggle = el("button", "cr-comp-toggle", T.title, box);
        ui.toggle.type = "button";
        ui.toggle.setAttribute("aria-pressed", "false");
        ui.toggle.addEventListener("click", function () { setActive(!active); });
        ui.body = el("div", "cr-comp-body", null, box);
        ui.body.hidden = true;
        el("p", "cr-comp-help", T.help, ui.body);
        var label = el("label", null, T.name + " ", ui.body);
        ui.name = el("input", "cr-comp-name", null, label);
        ui.name.type = "text";
        ui.name.maxLength = 120;
        ui.name.addEventListener("input", render);
        var slabel = el("label", null, T.add + " ", ui.body);
        ui.search = el("input", "cr-comp-search", null, slabel);
        ui.search.type = "search";
        ui.search.setAttribute("aria-describedby", "cr-comp-message");
        ui.message = el("div", "cr-comp-message", null, ui.body);
        ui.message.id = "cr-comp-message";
        ui.message.setAttribute("role", "status");
        ui.search.addEventListener("keydown", function (e) {
          if (e.key !== "Enter") { return; }
          e.preventDefault();
          var found = CR.find(ui.search.value);
          if (found.length === 1) {
            toggle(found[0], !draft[found[0]]);
            ui.message.textContent = (draft[found[0]] ? T.added : T.removed)
              .replace("{name}", props[found[0]].name);
            ui.search.value = "";
          } else {
            ui.message.textContent = found.length ? T.ambiguous.replace("{names}",
              found.map(function (c) { return props[c].name + " (" + c + ")"; }).join(", "))
              : T.not_found;
          }
        });
        ui.stats = el("div", "cr-comp-stats", null, ui.body);
        ui.stats.setAttribute("aria-live", "polite");
        ui.members = el("ul", "cr-comp-members", null, ui.body);
        ui.download = el("button", "cr-comp-download", T.download, ui.body);
        ui.download.type = "button";
        ui.download.addEventListener("click", download);
        el("div", "cr-source", T.basis, ui.body);
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      }
    });
    new Panel({position: "topright"}).addTo(CR.map);

    CR.gemeenten.eachLayer(function (shape) {
      shape.on("click", function () {
        if (!active) { return; }
        toggle(shape.feature.properties.code);
      });
    });
    render();
    CR.composer = {toggle: toggle, members: members, stats: stats, yaml: yaml,
                   setActive: setActive};
  };
})();
