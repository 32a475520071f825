"""Map building: shared edges survive simplification, the HTML is self-contained, small,
deterministic, and carries every name as data, never as markup."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shapely

from cultuurregio.analysis.pipeline import run_analysis
from cultuurregio.render.map_html import render_map_html
from cultuurregio.render.map_png import render_map_png
from cultuurregio.render.mapdata import map_data, simplified_coverage

PROBE = "<img src=x onerror=alert(1)>"
# Names that broke or ran through Jinja/mathtext before (issue 10, findings 1 and 9).
HOSTILE = [
    "Probe {{ 7*7 }}",
    "X {{ cycler.__init__.__globals__.os.getcwd() }}",
    "Regio {#1 Noord",
    "Kunst {{ en }} cultuur",
    "Y {% if true %}ja{% endif %}",
    "Z </script><script>alert(3)</script>",
    "math $x^$ \u2028 en & <b>",
]


def page_data(page: str) -> dict[str, Any]:
    """The page's one data document."""
    found = re.findall(r'<script type="application/json" id="cr-data">(.*?)</script>', page,
                       flags=re.S)
    assert len(found) == 1
    return json.loads(found[0])


@pytest.fixture(scope="module")
def national(runs):
    run = runs["declared"]
    data = map_data(run.reference, run.analysis)
    return run, data, render_map_html(data.to_wgs84())


def test_simplification_keeps_a_clean_coverage(reference) -> None:
    original = reference.municipalities.geometry.to_numpy()
    simplified = simplified_coverage(original, 120)
    assert shapely.coverage_is_valid(simplified)  # no overlaps, edges identical
    # the embedded shapes are generalised already (about 10 % of PDOK's vertices kept), so
    # simplifying again removes little; it must never add vertices
    assert shapely.get_num_coordinates(simplified).sum() <= shapely.get_num_coordinates(
        original
    ).sum()
    # no new gaps: the dissolved country has no more holes than before simplification
    def holes(geoms: np.ndarray) -> int:
        union = shapely.union_all(geoms)
        return sum(len(p.interiors) for p in shapely.get_parts(union))

    assert holes(simplified) <= holes(shapely.coverage_clean(original))
    areas = shapely.area(simplified) / shapely.area(original)
    assert np.all(np.abs(areas - 1) < 0.05)


def test_only_an_unclean_coverage_is_cleaned() -> None:
    from shapely import box

    clean = np.array([box(0, 0, 10, 10), box(10, 0, 20, 10)], dtype=object)
    kept = simplified_coverage(clean, 0)
    assert all(shapely.equals_exact(kept, clean, 0))  # valid already: shapes untouched
    overlapping = np.array([box(0, 0, 10.4, 10), box(10, 0, 20, 10)], dtype=object)
    assert not shapely.coverage_is_valid(overlapping)
    cleaned = simplified_coverage(overlapping, 0)
    assert shapely.coverage_is_valid(cleaned)
    assert shapely.area(shapely.intersection(cleaned[0], cleaned[1])) == 0


def test_neighbours_still_share_an_edge(reference) -> None:
    from cultuurregio.graph.contiguity import queen_pairs

    original = reference.municipalities.geometry.to_numpy()
    simplified = simplified_coverage(original, 120)
    shared = 0
    for i, j in queen_pairs(original).tolist():
        border = shapely.intersection(original[i], original[j]).length
        if border > 500:  # a real shared border, not a point contact
            shared += 1
            assert shapely.intersection(simplified[i], simplified[j]).length > 0, (i, j)
    assert shared > 700


def test_html_is_self_contained_and_small(national) -> None:
    _, _, page = national
    assert len(page.encode("utf-8")) <= 600_000  # issue 12: all layers within 0.6 MB
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+href=\"https?:", page)
    assert "cdn.jsdelivr" not in page and "code.jquery" not in page
    assert "L.version" in page or "Leaflet" in page  # Leaflet itself is inlined
    assert "Bron: CBS" in page


def test_html_counts(national) -> None:
    run, _, page = national
    assert page.count('"klass":') == 352
    assert page.count("cr-regio cr-regio-") == len(run.analysis.regions)
    counts = {c["key"]: c["count"] for c in page_data(page)["legend"]["classes"]}
    assert counts["geen"] == len(run.analysis.uncovered)
    assert counts["meer"] == len(run.analysis.double_memberships)


def test_html_is_deterministic(national) -> None:
    run, _, page = national
    again = render_map_html(map_data(run.reference, run.analysis).to_wgs84())
    assert again == page


def test_offline_omits_basemap(national) -> None:
    _, data, page = national
    assert "service.pdok.nl/brt/achtergrondkaart" in page
    assert page_data(page)["basemap"]["attribution"] == "Kaartgegevens © Kadaster"
    offline = render_map_html(data.to_wgs84(), offline=True)
    assert "service.pdok.nl" not in offline and "openstreetmap" not in offline
    assert page_data(offline)["basemap"] is None


def test_english_map(national) -> None:
    _, data, _ = national
    page = render_map_html(data.to_wgs84(), lang="en")
    assert "Coverage per municipality" in page and "no culture region" in page


def test_png_is_deterministic(national) -> None:
    _, data, _ = national
    first = render_map_png(data)
    assert first.startswith(b"\x89PNG") and len(first) > 50_000
    assert render_map_png(data) == first


@pytest.mark.parametrize("long", [False, True], ids=["default", "long texts"])
def test_png_texts_legend_and_map_never_overlap(national, long: bool) -> None:
    """Title, source line, legend and footnotes each keep their own space (issue 12: the
    source line touched the legend), measured on the drawn artists."""
    import matplotlib

    from cultuurregio.render.map_png import RC, map_figure

    _, data, _ = national
    words = "Cultuurregio's en een heel lange naam voor een voorstel, " * 6 if long else None
    with matplotlib.rc_context(RC):
        fig = map_figure(data, heading=words, subtitle=words,
                         legend_title=words[:60] if words else None)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        ax = fig.axes[0]
        names = ("title", "source", "footnotes")
        boxes = {n: t.get_window_extent(renderer) for n, t in zip(names, fig.texts, strict=True)}
        boxes["legend"] = ax.get_legend().get_window_extent(renderer)
    assert fig.texts[2].get_text().startswith("Op een aanname")  # the map rests on them
    for (a, box_a), (b, box_b) in itertools.combinations(boxes.items(), 2):
        assert not box_a.overlaps(box_b), (a, b)
    page = fig.bbox
    for name, box in boxes.items():
        assert page.x0 <= box.x0 and box.x1 <= page.x1, name
        assert page.y0 <= box.y0 and box.y1 <= page.y1, name
    # the map itself lies between the source line and the footnotes
    map_box = ax.get_window_extent(renderer)
    for name, box in boxes.items():
        if name != "legend":
            assert not map_box.overlaps(box), name


def test_png_footnote_only_when_the_map_rests_on_assumptions(national) -> None:
    from dataclasses import replace

    import matplotlib

    from cultuurregio.render.map_png import RC, map_figure

    _, data, _ = national
    plain = replace(data, title={**data.title, "assumptions": ""})
    with matplotlib.rc_context(RC):
        texts = [t.get_text() for t in map_figure(plain).texts]
    assert not any("aanname" in t for t in texts)
    assert any("BES-eilanden" in t for t in texts)


def probe_registry(folder: Path) -> Path:
    registry = folder / "probe.yaml"
    registry.write_text(
        "regios:\n"
        f"  probe:\n    naam: '{PROBE}'\n    gemeenten: [Almere, Zeewolde]\n"
        "  utrecht: {naam: \"U</script><script>alert(2)</script>\", gemeenten: [Utrecht]}\n"
        f"landsdelen:\n  groep: {{naam: '{PROBE}', regios: [probe]}}\n",
        encoding="utf-8",
    )
    return registry


def test_injection_probe_stays_data(geodata: Path, tmp_path: Path) -> None:
    run = run_analysis(geodata, registry=probe_registry(tmp_path))
    page = render_map_html(map_data(run.reference, run.analysis).to_wgs84())
    # nowhere as markup: input text exists only inside the JSON document, <-escaped
    assert PROBE not in page
    assert "</script><script>alert(2)" not in page
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page
    names = [layer["name"] for layer in page_data(page)["layers"]]
    assert f"Regio: {PROBE}" in names
    json.dumps(page)  # a plain string, whatever it holds


def hostile_registry(folder: Path) -> Path:
    regions = "".join(
        f"  r{i}: {{naam: {json.dumps(name)}, gemeenten: [{town}]}}\n"
        for i, (name, town) in enumerate(zip(HOSTILE, ["Almere", "Utrecht", "Zwolle", "Ede",
                                                       "Venlo", "Urk", "Texel"], strict=True))
    )
    registry = folder / "math$x^$ {{ 7*7 }}.yaml"
    registry.write_text(
        f"regios:\n{regions}landsdelen:\n  g: {{naam: {json.dumps(HOSTILE[0])}, "
        "regios: [r0, r1]}\n",
        encoding="utf-8",
    )
    return registry


@pytest.fixture(scope="module")
def hostile(geodata: Path, tmp_path_factory: pytest.TempPathFactory):
    run = run_analysis(geodata, registry=hostile_registry(tmp_path_factory.mktemp("hostile")))
    return run, map_data(run.reference, run.analysis)


def test_hostile_names_read_literally_in_the_page(hostile) -> None:
    run, data = hostile
    proposals = {"p": (HOSTILE[2], ["GM0034"])}
    page = render_map_html(data.to_wgs84(), proposals=proposals, heading=HOSTILE[0])
    doc = page_data(page)
    names = [layer["name"] for layer in doc["layers"]]
    for name in HOSTILE:
        assert f"Regio: {name}" in names
    assert f"Voorstel: {HOSTILE[2]}" in names
    labels = [f["label"]["text"] for layer in doc["layers"] for f in layer.get("features", [])
              if "label" in f]
    assert set(HOSTILE) <= set(labels)
    assert doc["title"] == HOSTILE[0]
    assert "registry" in run.analysis.registry or "{{ 7*7 }}" in run.analysis.registry
    # outside the data document no input text survives, not even in part
    outside = re.sub(r'<script type="application/json" id="cr-data">.*?</script>', "", page,
                     flags=re.S)
    for fragment in ("Probe", "Kunst", "cycler", "Noord", "alert(3)", "math $x"):
        assert fragment not in outside
    assert "Probe 49" not in page and "Kunst  cultuur" not in page
    assert "\u2028" not in page and "\u2029" not in page


def test_no_template_is_compiled_while_a_page_is_built(hostile, monkeypatch) -> None:
    """The structural guarantee: building a map page compiles no Jinja template at all, so
    no input text can reach a template's source (branca's Element(...) used to)."""
    import jinja2

    _, data = hostile
    render_map_html(data.to_wgs84())  # warm up: anything cached on first use is built
    compiled: list[str] = []
    original = jinja2.Environment.compile

    def recording(self, source, *args, **kwargs):
        compiled.append(str(source))
        return original(self, source, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", recording)
    page = render_map_html(data.to_wgs84(), proposals={"p": (HOSTILE[1], ["GM0034"])},
                           heading=HOSTILE[0], legend_title=HOSTILE[3])
    assert "cycler" in page  # the probe is in the page (as data) ...
    assert compiled == []  # ... and no template was compiled on the way
    assert not any(probe in src for src in compiled for probe in HOSTILE)


def test_png_reads_dollars_literally(hostile) -> None:
    _, data = hostile
    png = render_map_png(data, heading="Kaart math$x^$ {{ 7*7 }} $\\frac{1}{0}$ " * 4,
                         subtitle="$x^$", legend_title="$\\alpha^$",
                         proposals={"p": ("Voorstel $x^$", ["GM0034", "GM0050"])})
    assert png.startswith(b"\x89PNG")
    assert render_map_png(data) == render_map_png(data)


def _decoded_rings(topo, polygons) -> list[shapely.Polygon]:
    """Python twin of the page's decoder (map_page.js: decodeArcs, ring)."""
    arcs = []
    for arc in topo.arcs:
        xy = np.cumsum(np.array(arc, dtype=float), axis=0)
        arcs.append(xy * topo.scale + topo.translate)
    out = []
    for poly in polygons:
        rings = []
        for ids in poly:
            pts = [arcs[i] if i >= 0 else arcs[~i][::-1] for i in ids]
            rings.append(np.concatenate([p if k == 0 else p[1:] for k, p in enumerate(pts)]))
        out.append(shapely.Polygon(rings[0], rings[1:]))
    return out


def test_topology_stores_each_border_once_and_decodes_exactly() -> None:
    from shapely.geometry import box

    from cultuurregio.render.topology import build_topology

    cells = [box(c, r, c + 1, r + 1) for r in range(3) for c in range(4)]
    cells.append(box(9, 0, 10, 1).difference(box(9.4, 0.4, 9.6, 0.6)))  # island with a hole
    cells.append(box(9.4, 0.4, 9.6, 0.6))  # an enclave filling that hole
    topo = build_topology(np.array(cells, dtype=object), quantization=1001)
    for geom, polys in zip(cells, topo.polygons, strict=True):
        (decoded,) = _decoded_rings(topo, polys)
        assert decoded.equals(geom)
    used = [i if i >= 0 else ~i for polys in topo.polygons for poly in polys
            for ring in poly for i in ring]
    counts = np.bincount(used)
    assert counts.max() == 2  # every arc is used by one or two areas, none stored twice
    # the enclave's ring is the island's hole: one arc, both sides known
    first_id = topo.polygons[13][0][0][0]
    enclave_arc = first_id if first_id >= 0 else ~first_id
    assert sorted(topo.sides[enclave_arc].tolist()) == [12, 13]
    # outline of the west half of the grid: 3 + 3 + 2 + 2 unit edges, each once
    west = np.array([0, 0, -1, -1] * 3 + [-1, -1])
    length = sum(shapely.LineString(_arc_xy(topo, i)).length for i in topo.outline(west))
    assert length == pytest.approx(10)
    assert sorted(topo.boundary(np.array([0, 1, 4, 5]))) == sorted(
        topo.outline(np.array([0, 0, -1, -1, 0, 0] + [-1] * 8)))


def _arc_xy(topo, i: int) -> np.ndarray:
    return np.cumsum(np.array(topo.arcs[i], dtype=float), axis=0) * topo.scale + topo.translate


def test_real_topology_is_a_clean_mesh(national) -> None:
    from cultuurregio.render.topology import build_topology

    _, data, _ = national
    wgs = data.to_wgs84().municipalities
    topo = build_topology(wgs.geometry.to_numpy())
    decoded = [shapely.MultiPolygon(_decoded_rings(topo, polys)) for polys in topo.polygons]
    areas = shapely.area(np.array(decoded)) / shapely.area(wgs.geometry.to_numpy())
    assert np.all(np.abs(areas - 1) < 0.02)
    inner = (topo.sides >= 0).all(axis=1).sum()
    assert inner > 700  # shared borders, each stored once with both neighbours


def test_search_table_follows_the_resolver(runs) -> None:
    from cultuurregio.model.names import normalise

    run = runs["declared"]
    table = run.resolver.search_table()
    assert table["exact"][normalise("Den Haag")] == ["GM0518"]
    assert table["exact"][normalise("Den Bosch")] == ["GM0796"]
    # Beemster: its own code on maps before 2022, else its successor Purmerend
    assert table["loose"]["beemster"] == [run.resolver.municipality("Beemster", "t").code]
    assert table["base"]["bergen"] == ["GM0373", "GM0893"]
    assert run.resolver.municipality("Den Haag", "test").code == "GM0518"
