"""The proposal composer on kaart.html, in headless Chromium: draft the Achterhoek example
by clicking (and one by keyboard), check the live panel, download the YAML and validate it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import cultuurregio
from cultuurregio.cli import main
from tests.conftest import REPO
from tests.test_browser import Opened, browser, inside, outputs  # noqa: F401  (fixtures)

EXAMPLE = REPO / "geodata" / "voorstellen" / "achterhoek.yaml"


@pytest.fixture(scope="module")
def shipped(geodata: Path, reference) -> cultuurregio.Validation:
    """Validated on the composer's map: kaart.html shows the default period's 1 January
    (valideer alone defaults to the newest map, whose figures differ)."""
    return cultuurregio.validate(EXAMPLE, geodata=geodata, date=reference.date)


def _stat(o: Opened, key: str) -> str:
    return o.page.locator(f'#cr-composer [data-stat="{key}"]').get_attribute("data-value")


def test_compose_the_achterhoek_and_validate_the_download(
        browser, outputs: Path, shipped: cultuurregio.Validation, reference, geodata: Path,  # noqa: F811
        tmp_path: Path) -> None:
    expected = shipped._result.proposals[0]
    members = list(expected.territory)
    assert len(members) == 8
    o = Opened(browser, outputs / "kaart.html")
    try:
        page = o.page
        page.get_by_role("button", name="Voorstel samenstellen").click()
        assert page.locator(".cr-comp-toggle").get_attribute("aria-pressed") == "true"
        page.evaluate("""(codes) => {
            const CR = window.cultuurregio;
            const b = CR.byCode[codes[0]].getBounds();
            codes.forEach((c) => b.extend(CR.byCode[c].getBounds()));
            CR.map.fitBounds(b, {animate: false});
        }""", members)
        by_keyboard = members[-1]
        for code in members[:-1]:
            # as a user would: bring the municipality to the middle of the map first, so no
            # panel (legend, composer, layer list) covers the spot that is clicked
            lat, lon = inside(reference, code)
            page.evaluate("([lat, lon]) => window.cultuurregio.map.panTo([lat, lon], "
                          "{animate: false})", [lat, lon])
            x, y = o.point_of(lat, lon)
            page.mouse.click(x, y)
        # the last one by keyboard: search its name, press Enter
        search = page.locator(".cr-comp-search")
        search.fill(page.evaluate("(c) => window.cultuurregio.byCode[c].feature.properties.name",
                                  by_keyboard))
        search.press("Enter")
        assert page.evaluate("window.cultuurregio.composer.members()") == sorted(members)
        assert page.locator(".leaflet-popup").count() == 0  # clicks composed, no popups

        rows = {m.code: m for m in shipped._result.base.municipalities}
        assert _stat(o, "n") == "8"
        assert int(_stat(o, "inhabitants")) == round(sum(rows[c].inhabitants for c in members))
        assert int(_stat(o, "uncovered")) == len(expected.covers_uncovered)
        assert int(_stat(o, "pieces")) == len(expected.pieces) == 1
        assert int(_stat(o, "overlap")) == len({r for c in members for r in rows[c].regions})
        national = shipped._result.base.totals["national"]["municipalities"]
        assert int(_stat(o, "coverage")) == national["covered"] + len(expected.covers_uncovered)
        panel = page.locator("#cr-composer").inner_text()
        assert "aaneengesloten (1 deel)" in panel

        page.locator(".cr-comp-name").fill("Achterhoek")
        with page.expect_download() as info:
            page.locator(".cr-comp-download").click()
        drafted = tmp_path / "achterhoek.yaml"
        info.value.save_as(drafted)
        assert not o.errors  # offline apart from the optional base map's (blocked) tiles
        assert all(u.startswith("https://service.pdok.nl/brt/") for u in o.requests)
    finally:
        o.close()

    text = drafted.read_text(encoding="utf-8")
    assert "Register: standaard" in text and "Peildatum: 2021-01-01" in text
    out = tmp_path / "val"
    status = main(["valideer", str(drafted), "--geodata", str(geodata), "--out", str(out),
                   "--date", reference.date.isoformat()])
    assert status == (1 if shipped.status == "FOUT" else 0)
    result = json.loads((out / "valideer.json").read_text(encoding="utf-8"))
    again = cultuurregio.validate(drafted, geodata=geodata,
                                  date=reference.date)._result.proposals[0]
    assert again.territory == expected.territory
    assert again.covers_uncovered == expected.covers_uncovered
    assert again.status == expected.status and result["status"] == shipped.status


def test_the_page_carries_its_data_not_code(outputs: Path) -> None:  # noqa: F811
    page = (outputs / "kaart.html").read_text(encoding="utf-8")
    start = page.index('<script type="application/json" id="cr-data">')
    doc = json.loads(page[page.index(">", start) + 1:page.index("</script>", start)])
    composer = doc["composer"]
    assert composer["meta"]["registry"] == "standaard" and composer["edges"]
    assert len(composer["codes"]) == len(doc["layers"][0]["features"])
    assert page.count("start(map_cr, window.cultuurregio.startComposer);") == 1
