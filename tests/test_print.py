"""rapport.html printed to A4 in headless Chromium (Debian's): page 1 carries the map and
the headline figures, every page a page number, long lists sit in the appendix."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from cultuurregio.cli import main
from cultuurregio.messages import number
from tests.test_browser import ARGS, CHROMIUM


@pytest.fixture(scope="module")
def printed(geodata: Path, tmp_path_factory: pytest.TempPathFactory
            ) -> tuple[list[str], dict, list[int]]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: apt-get install chromium (as .ci/run does)")
    from playwright.sync_api import sync_playwright

    out = tmp_path_factory.mktemp("print")
    assert main(["rapport", "--geodata", str(geodata), "--out", str(out)]) == 0
    assert main(["analyse", "--geodata", str(geodata), "--out", str(out)]) == 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context()
        context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                      else r.abort())
        page = context.new_page()
        page.goto((out / "rapport.html").as_uri())
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        browser.close()
    reader = PdfReader(io.BytesIO(pdf))
    pages = [pg.extract_text() for pg in reader.pages]
    analysis = json.loads((out / "analyse.json").read_text(encoding="utf-8"))
    return pages, analysis, [len(pg.images) for pg in reader.pages]


def test_page_one_has_the_map_and_headline_figures(printed) -> None:
    pages, analysis, images = printed
    assert images[0] == 1 and sum(images) == 1  # the map, on page 1 only
    first = pages[0]
    n = analysis["totals"]["national"]
    inh = n["inhabitants"]
    share = f"{100 * inh['covered'] / inh['all']:.1f}%".replace(".", ",")
    for figure in (share, str(n["municipalities"]["uncovered"]), number(inh["uncovered"]),
                   str(n["municipalities"]["double"]), str(len(analysis["regions"]))):
        assert figure in first, figure
    # the map's caption, and no table squeezed in after it
    assert "Dekking per gemeente; zwart gestippeld omlijnd: witte vlekken" in first
    assert "kaart.html" in first and "Bron: CBS" in first
    assert "Kerncijfers" not in first


def test_every_page_has_a_page_number(printed) -> None:
    pages, _, _ = printed
    total = len(pages)
    for i, page in enumerate(pages, start=1):
        assert re.search(rf"(^|\n){i} / {total}(\n|$)", page), f"page {i}: {page[:80]!r}"


def test_long_lists_are_in_the_appendix(printed) -> None:
    pages, analysis, _ = printed
    start = next(i for i, p in enumerate(pages) if "Bijlage: lange lijsten" in p)
    body = "\n".join(pages[:start])
    assert "Gemeenten die per dekkingswijze verschillen" not in body
    assert "Niet gedekte gemeenten" not in body
    assert "Kerncijfers" in body and "Per provincie" in body and "Witte vlekken" in body
    assert len(analysis["uncovered"]) > 40  # why the list waits for the appendix
