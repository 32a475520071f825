"""The map as a person sees it, in headless Chromium (Debian's) with the network blocked."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from cultuurregio.cli import main
from tests.conftest import REPO
from tests.test_map import PROBE, probe_registry

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "tests" / "artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
        "--no-first-run", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: apt-get install chromium (as .ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def outputs(geodata: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kaart")
    assert main(["analyse", "--kaart", "--geodata", str(geodata), "--out", str(out)]) == 0
    return out


class Opened:
    """A page opened with every non-file request aborted (and recorded)."""

    def __init__(self, browser, path: Path, *, is_map: bool = True,
                 viewport: tuple[int, int] = (1280, 900)) -> None:
        self.context = browser.new_context(viewport={"width": viewport[0],
                                                     "height": viewport[1]})
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []

        def route(r) -> None:
            if r.request.url.startswith("file:"):
                r.continue_()
            else:
                self.requests.append(r.request.url)
                r.abort()

        self.context.route("**/*", route)
        self.page = self.context.new_page()
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.as_uri())
        if is_map:
            self.page.wait_for_function("window.cultuurregio && window.cultuurregio.ready")

    def point_of(self, lat: float, lon: float) -> tuple[float, float]:
        xy = self.page.evaluate(
            """([lat, lon]) => {
                const m = window.cultuurregio.map;
                const p = m.latLngToContainerPoint([lat, lon]);
                const r = m.getContainer().getBoundingClientRect();
                return [r.left + p.x, r.top + p.y];
            }""",
            [lat, lon],
        )
        return xy[0], xy[1]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def opened(browser, outputs: Path) -> Iterator[Opened]:
    o = Opened(browser, outputs / "kaart.html")
    yield o
    o.close()


def inside(reference, code: str) -> tuple[float, float]:
    geom = reference.municipalities.to_crs(4326).loc[code].geometry
    point = geom.buffer(-0.01).representative_point() if geom.area > 0.01 else \
        geom.representative_point()
    return point.y, point.x


def test_draws_every_municipality_offline(opened: Opened, outputs: Path) -> None:
    data = json.loads((outputs / "analyse.json").read_text(encoding="utf-8"))
    assert opened.page.locator("path.cr-gemeente").count() == len(data["municipalities"]) == 352
    assert opened.page.locator("path.cr-regio").count() == len(data["regions"])
    assert opened.errors == []
    # the only things it tried to fetch are PDOK base-map tiles
    assert opened.requests
    assert all(url.startswith("https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/")
               for url in opened.requests)
    assert "Kadaster" in opened.page.locator(".leaflet-control-attribution").inner_text()
    assert "Bron: CBS" in opened.page.locator(".leaflet-control-attribution").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    opened.page.screenshot(path=str(ARTIFACTS / "kaart-browser.png"))


def test_title_and_legend_match_analysis(opened: Opened, outputs: Path) -> None:
    data = json.loads((outputs / "analyse.json").read_text(encoding="utf-8"))
    title = opened.page.locator(".cr-title").inner_text()
    assert "standaard" in title and "verklaard" in title and "2021-01-01" in title
    national = data["totals"]["national"]["municipalities"]
    expected = {
        "geen": len(data["uncovered"]),
        "een": sum(1 for m in data["municipalities"] if len(m["regions"]) == 1),
        "meer": len(data["double_memberships"]),
    }
    assert sum(expected.values()) == national["all"]
    for klass, count in expected.items():
        item = opened.page.locator(f'.cr-legend [data-class="{klass}"]')
        assert item.is_visible()
        assert f"{count} gemeenten" in item.inner_text()
    uncovered_inh = data["totals"]["national"]["inhabitants"]["uncovered"]
    shown = f"{uncovered_inh:,}".replace(",", ".")
    assert shown in opened.page.locator('.cr-legend [data-class="geen"]').inner_text()


def test_hover_shows_tooltip(opened: Opened, reference) -> None:
    x, y = opened.point_of(*inside(reference, "GM0034"))  # Almere
    opened.page.mouse.move(x, y)
    tip = opened.page.locator(".leaflet-tooltip.cr-tooltip")
    tip.wait_for(state="visible")
    shown = tip.inner_text()
    for expected in ("Almere", "GM0034", "Flevoland", "214.715", "Cultuurregio Flevoland",
                     "Metropoolregio Amsterdam (MRA)"):
        assert expected in shown


def test_hover_uncovered_says_none(opened: Opened, reference) -> None:
    x, y = opened.point_of(*inside(reference, "GM0197"))  # Aalten, Achterhoek
    opened.page.mouse.move(x, y)
    tip = opened.page.locator(".leaflet-tooltip.cr-tooltip")
    tip.wait_for(state="visible")
    assert "Aalten" in tip.inner_text() and "geen cultuurregio" in tip.inner_text()


def test_click_shows_basis_and_notes(opened: Opened, reference) -> None:
    # Haarlemmermeer (Haarlemmerliede en Spaarnwoude merged into it in 2019)
    x, y = opened.point_of(*inside(reference, "GM0394"))
    opened.page.mouse.click(x, y)
    popup = opened.page.locator(".leaflet-popup-content")
    popup.wait_for(state="visible")
    shown = popup.inner_text()
    assert "Haarlemmermeer" in shown and "als lid genoemd" in shown and "via lidprovincie" in shown
    assert "Haarlemmerliede en Spaarnwoude is per 2019-01-01 opgegaan in Haarlemmermeer" in shown


def test_switching_a_region_layer_off_hides_it(opened: Opened) -> None:
    page = opened.page
    assert page.locator("path.cr-regio-twente").count() == 1
    page.locator(".cr-layers summary").click()
    page.get_by_label("Regio: Twente", exact=True).uncheck()
    assert page.locator("path.cr-regio-twente").count() == 0
    assert page.locator(".cr-label", has_text="Twente").count() == 0
    page.get_by_label("Regio: Twente", exact=True).check()
    assert page.locator("path.cr-regio-twente").count() == 1


def test_search_jumps_to_municipality(opened: Opened) -> None:
    box = opened.page.get_by_placeholder("Zoek gemeente of CBS-code")
    box.fill("maastricht")
    box.press("Enter")
    popup = opened.page.locator(".leaflet-popup-content")
    popup.wait_for(state="visible")
    assert "Maastricht" in popup.inner_text()
    assert opened.page.evaluate("window.cultuurregio.map.getZoom()") >= 10


def test_injection_probe_is_text(browser, geodata: Path, tmp_path: Path, reference) -> None:
    registry = probe_registry(tmp_path)
    out = tmp_path / "out"
    assert main(["kaart", "--geodata", str(geodata), "--registry", str(registry),
                 "--out", str(out), "--offline"]) == 0
    o = Opened(browser, out / "kaart.html")
    try:
        page = o.page
        assert page.locator(".cr-label", has_text=PROBE).count() == 2  # region + grouping
        page.locator(".cr-layers summary").click()
        panel = page.locator(".cr-layers")
        assert panel.get_by_text(f"Regio: {PROBE}", exact=True).is_visible()
        legend = page.locator(".cr-legend")
        assert legend.get_by_text(f"Regio: {PROBE}", exact=True).is_visible()
        x, y = o.point_of(*inside(reference, "GM0050"))  # Zeewolde: in the probe region
        page.mouse.move(x, y)
        tip = page.locator(".leaflet-tooltip.cr-tooltip")
        tip.wait_for(state="visible")
        assert PROBE in tip.inner_text()
        assert page.locator('img[src="x"]').count() == 0
        assert page.evaluate("document.querySelectorAll('script').length") < 20
        assert o.dialogs == [] and o.errors == []
        assert o.requests == []  # offline: not even tiles
    finally:
        o.close()


def test_report_renders_offline_and_prints_to_a4(browser, geodata: Path, tmp_path: Path) -> None:
    assert main(["rapport", "--geodata", str(geodata), "--out", str(tmp_path)]) == 0
    o = Opened(browser, tmp_path / "rapport.html", is_map=False, viewport=(1100, 1400))
    try:
        page = o.page
        assert page.evaluate("document.querySelector('figure img').naturalWidth") > 500
        assert page.locator("h1").inner_text().startswith("Cultuurregio's")
        assert page.locator('[data-card="0"] b').inner_text() == "75,9%"
        assert o.requests == [] and o.errors == []
        pdf = page.pdf(format="A4", print_background=True)
        import re

        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert 5 <= pages <= 40
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "rapport.pdf").write_bytes(pdf)
    finally:
        o.close()


# -- issue 12: what the page shows and how it behaves -------------------------------------

LABEL_BOXES = """() => {
    const boxes = [];
    const frame = window.cultuurregio.map.getContainer().getBoundingClientRect();
    document.querySelectorAll('.cr-label').forEach(el => {
        if (getComputedStyle(el).visibility !== 'visible') return;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.right < frame.left || r.left > frame.right ||
            r.bottom < frame.top || r.top > frame.bottom) return;
        boxes.push([r.left, r.top, r.right, r.bottom, el.textContent]);
    });
    return boxes;
}"""


def overlapping(boxes: list) -> list[tuple[str, str]]:
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
                found.append((a[4], b[4]))
    return found


def test_no_two_visible_labels_overlap_at_zoom_7_to_10(opened: Opened) -> None:
    page = opened.page
    page.locator(".cr-layers summary").click()
    page.get_by_role("button", name="alles aan").click()
    for zoom in (7, 8, 9, 10):
        for lat, lon in ((52.1, 5.3), (51.9, 6.0), (52.6, 4.9), (51.5, 5.5)):
            page.evaluate(f"""() => {{ const c = window.cultuurregio;
                c.map.setView([{lat}, {lon}], {zoom}, {{animate: false}}); c.placeLabels(); }}""")
            boxes = page.evaluate(LABEL_BOXES)
            if zoom == 7:
                assert len(boxes) >= 5  # labels are shown, not all hidden
            assert overlapping(boxes) == [], (zoom, lat, lon)


def test_title_names_period_mode_and_dates(opened: Opened, outputs: Path) -> None:
    data = json.loads((outputs / "analyse.json").read_text(encoding="utf-8"))
    page = opened.page
    title = page.locator(".cr-title").inner_text()
    assert data["period"] and f"periode {data['period']}" in title
    assert "verklaard" in title and data["reference_date"] in title
    sub = page.locator(".cr-subtitle").inner_text()
    boundaries, inhabitants = data["data"]["boundaries_date"], data["data"]["inhabitants_date"]
    assert sub.startswith("Bron: CBS") and f"grenzen {boundaries}" in sub
    assert f"inwoners {inhabitants}" in sub
    assert page.evaluate("document.documentElement.lang") == "nl"
    assert page.title() == title


@pytest.mark.parametrize(("written", "code", "name"), [
    ("Den Haag", "GM0518", "'s-Gravenhage"),
    ("den bosch", "GM0796", "'s-Hertogenbosch"),
    ("GM0363", "GM0363", "Amsterdam"),
    ("s-Gravenhage", "GM0518", "'s-Gravenhage"),
    ("Súdwest Fryslân", "GM1900", "Súdwest-Fryslân"),
])
def test_search_accepts_what_the_cli_accepts(opened: Opened, written: str, code: str,
                                             name: str) -> None:
    box = opened.page.get_by_placeholder("Zoek gemeente of CBS-code")
    box.fill(written)
    box.press("Enter")
    popup = opened.page.locator(".leaflet-popup-content")
    popup.wait_for(state="visible")
    assert name in popup.inner_text() and code in popup.inner_text()
    assert opened.page.evaluate("window.cultuurregio.selected") == code


def test_search_lists_candidates_for_ambiguous_names(opened: Opened) -> None:
    box = opened.page.get_by_placeholder("Zoek gemeente of CBS-code")
    box.fill("Bergen")
    box.press("Enter")
    options = opened.page.locator(".cr-candidates button")
    assert options.count() == 2
    shown = " ".join(options.all_inner_texts())
    assert "Bergen (NH.)" in shown and "Bergen (L.)" in shown
    options.filter(has_text="Bergen (L.)").click()
    popup = opened.page.locator(".leaflet-popup-content")
    popup.wait_for(state="visible")
    assert "GM0893" in popup.inner_text()
    box.fill("Nergenshuizen")
    box.press("Enter")
    assert opened.page.locator(".cr-candidates .cr-none").is_visible()


def test_popup_hides_tooltip_and_clears_the_controls(opened: Opened, reference) -> None:
    page = opened.page
    x, y = opened.point_of(*inside(reference, "GM0088"))  # Schiermonnikoog, at the top
    page.mouse.move(x, y)
    page.locator(".leaflet-tooltip.cr-tooltip").wait_for(state="visible")
    page.mouse.click(x, y)
    popup = page.locator(".leaflet-popup")
    popup.wait_for(state="visible")
    page.wait_for_timeout(400)  # auto-pan
    assert not page.locator(".leaflet-tooltip.cr-tooltip").is_visible()
    box = popup.bounding_box()
    for furniture in (".cr-title", ".cr-search", ".cr-layers", ".leaflet-control-zoom"):
        other = page.locator(furniture).bounding_box()
        overlap = (box["x"] < other["x"] + other["width"] and other["x"] < box["x"] + box["width"]
                   and box["y"] < other["y"] + other["height"]
                   and other["y"] < box["y"] + box["height"])
        assert not overlap, furniture


def test_legend_lists_every_visible_layer(opened: Opened) -> None:
    page = opened.page

    def visible_layers() -> list[str]:
        return page.evaluate("""() => window.cultuurregio.layers
            .filter(e => e.spec.legend && window.cultuurregio.map.hasLayer(e.layer))
            .map(e => e.name)""")

    def legend_layers() -> list[str]:
        return page.locator(".cr-legend .cr-legend-layer:visible").all_inner_texts()

    assert len(visible_layers()) >= 10
    assert sorted(legend_layers()) == sorted(visible_layers())
    page.locator(".cr-layers summary").click()
    page.get_by_role("button", name="alles uit").click()
    assert visible_layers() == [] and legend_layers() == []
    assert page.locator("path.cr-gemeente").count() == 0
    gaps = page.evaluate(
        "window.cultuurregio.layers.filter(e => e.id === 'gaten')[0].name")
    page.locator(".cr-layers").get_by_label(gaps, exact=True).check()
    assert legend_layers() == [gaps]
    page.get_by_role("button", name="alles aan").click()
    assert sorted(legend_layers()) == sorted(visible_layers())
    total = page.evaluate("window.cultuurregio.data.layers[0].features.length")
    assert total > 300 and page.locator("path.cr-gemeente").count() == total


def test_narrow_screen_title_and_search_apart(browser, outputs: Path) -> None:
    o = Opened(browser, outputs / "kaart.html", viewport=(390, 844))
    try:
        page = o.page
        title = page.locator(".cr-title")
        search = page.locator(".cr-search input")
        a, b = title.bounding_box(), search.bounding_box()
        assert a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"]
        assert a["x"] >= 0 and a["x"] + a["width"] <= 390
        assert page.evaluate("document.querySelector('.cr-title').scrollWidth") <= a["width"] + 1
        assert b["x"] + b["width"] <= 390
        assert not page.locator(".cr-legend").evaluate("d => d.open")  # folded on phones
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "kaart-390.png"))
    finally:
        o.close()


def test_valideer_page_verdicts_and_clickable_proposals(browser, geodata: Path, tmp_path: Path,
                                                        reference) -> None:
    proposals = sorted((REPO / "geodata" / "voorstellen").glob("*.yaml"))
    assert main(["valideer", *map(str, proposals), "--geodata", str(geodata), "--out",
                 str(tmp_path), "--offline"]) == 0
    assert (tmp_path / "valideer.png").read_bytes().startswith(b"\x89PNG")
    data = json.loads((tmp_path / "valideer.json").read_text(encoding="utf-8"))
    o = Opened(browser, tmp_path / "valideer.html")
    try:
        page = o.page
        sections = page.locator("#cr-side .cr-proposal")
        assert sections.count() == len(data["proposals"]) + 1  # and all together
        for p in data["proposals"]:
            section = page.locator(f'#cr-side [data-proposal="{p["id"]}"]')
            assert p["name"] in section.inner_text()
            assert section.locator("tr").count() == len(p["checks"])
        assert page.locator(".cr-legend .cr-legend-layer", has_text="Voorstel: ").count() == 4
        # each proposal's name is written in its outline's colour (palette.PROPOSAL_PALETTE)
        label_colors = page.evaluate("""() => Array.from(
            document.querySelectorAll('.cr-label-voorstel'), s => getComputedStyle(s).color)""")
        assert label_colors[:3] == ["rgb(238, 51, 119)", "rgb(0, 153, 136)", "rgb(204, 51, 17)"]
        x, y = o.point_of(*inside(reference, "GM1859"))  # Oost Gelre, in the Achterhoek
        page.mouse.click(x, y)
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for(state="visible")
        shown = popup.inner_text()
        assert "Achterhoek" in shown and "leden" in shown and "OK" in shown
        page.locator(".cr-proposal-link", has_text="Noord-Limburg").click()
        page.locator(".leaflet-popup-content", has_text="Noord-Limburg").wait_for()
        page.wait_for_timeout(400)  # the previous popup fades out
        assert page.locator(".leaflet-popup-content").count() == 1
        assert o.errors == [] and o.requests == []
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "valideer-browser.png"))
    finally:
        o.close()
