"""Map building: shared edges survive simplification, the HTML is self-contained, small,
deterministic, and carries every name as data, never as markup."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
import shapely

from cultuurregio.analysis.pipeline import run_analysis
from cultuurregio.render.map_html import render_map_html
from cultuurregio.render.map_png import render_map_png
from cultuurregio.render.mapdata import map_data, simplified_coverage

PROBE = "<img src=x onerror=alert(1)>"


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
    assert len(page.encode("utf-8")) <= 1_500_000
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+href=\"https?:", page)
    assert "cdn.jsdelivr" not in page and "code.jquery" not in page
    assert "L.version" in page or "Leaflet" in page  # Leaflet itself is inlined
    assert "Bron: CBS" in page


def test_html_counts(national) -> None:
    run, _, page = national
    assert page.count('"klass":') == 345
    assert page.count("cr-regio cr-regio-") == len(run.analysis.regions)
    assert f'data-class="geen" data-count="{len(run.analysis.uncovered)}"' in page
    assert f'data-class="meer" data-count="{len(run.analysis.double_memberships)}"' in page


def test_html_is_deterministic(national) -> None:
    run, _, page = national
    again = render_map_html(map_data(run.reference, run.analysis).to_wgs84())
    assert again == page


def test_offline_omits_basemap(national) -> None:
    _, data, page = national
    assert "tile.openstreetmap.org" in page
    offline = render_map_html(data.to_wgs84(), offline=True)
    assert "tile.openstreetmap.org" not in offline


def test_english_map(national) -> None:
    _, data, _ = national
    page = render_map_html(data.to_wgs84(), lang="en")
    assert "Coverage per municipality" in page and "no culture region" in page


def test_png_is_deterministic(national) -> None:
    _, data, _ = national
    first = render_map_png(data)
    assert first.startswith(b"\x89PNG") and len(first) > 50_000
    assert render_map_png(data) == first


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
    # nowhere as markup: only escaped in HTML, only \u003c-escaped inside scripts
    assert PROBE not in page
    assert "</script><script>alert(2)" not in page
    # the layer control shows names as HTML, so the name is HTML-escaped, then JSON-escaped
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in page
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    assert any("\\u003cimg src=x onerror=alert(1)\\u003e" in s for s in scripts)
    json.dumps(page)  # a plain string, whatever it holds
