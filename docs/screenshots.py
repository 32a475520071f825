"""Regenerate the README's map pictures from real outputs.

    .venv/bin/python docs/screenshots.py

Runs `cultuurregio kaart` and `valideer` on the embedded default data, copies kaart.png, and
photographs kaart.html and valideer.html in headless Chromium (/usr/bin/chromium, network
blocked: the pictures show the offline pages).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from cultuurregio.cli import main

DOCS = Path(__file__).resolve().parent
REPO = DOCS.parent


def shoot(browser, page_path: Path, target: Path, width: int, height: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                  else r.abort())
    page = context.new_page()
    page.goto(page_path.as_uri())
    page.wait_for_function("window.cultuurregio && window.cultuurregio.ready")
    page.screenshot(path=str(target))
    context.close()


def run() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        assert main(["kaart", "--out", str(out), "--offline"]) == 0
        proposals = sorted((REPO / "geodata" / "voorstellen").glob("*.yaml"))
        assert main(["valideer", *map(str, proposals), "--out", str(out), "--offline"]) == 0
        shutil.copyfile(out / "kaart.png", DOCS / "kaart.png")
        shutil.copyfile(out / "valideer.png", DOCS / "valideer.png")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                        args=["--no-sandbox", "--disable-gpu"])
            shoot(browser, out / "kaart.html", DOCS / "kaart-browser.png", 1280, 860)
            shoot(browser, out / "valideer.html", DOCS / "valideer-browser.png", 1280, 860)
            shoot(browser, out / "kaart.html", DOCS / "kaart-390.png", 390, 760)
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(run())
