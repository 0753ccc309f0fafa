"""Screenshots of the storefront's main pages at phone and desktop widths, in headless Chromium.

Usage: python scripts/screenshots.py [BASE_URL] [OUT_DIR]
(defaults: http://127.0.0.1:5000 and test-artifacts/screens)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTHS = {"phone": (360, 780), "desktop": (1366, 900)}


def main() -> None:
    base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5000"
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "test-artifacts/screens")
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for label, (width, height) in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(base + "/")
            category = page.locator(".category-tile").first.get_attribute("href")
            page.goto(base + category)
            product = page.locator(".product-card__link").first.get_attribute("href")
            pages = {
                "home": "/",
                "category": category,
                "product": product,
                "search": "/search?q=oak",
                "404": "/no-such-page",
            }
            for name, path in pages.items():
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                target = out / f"{name}-{label}.png"
                page.screenshot(path=str(target), full_page=name != "category")
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth > document.documentElement.clientWidth"
                )
                flag = " HORIZONTAL SCROLL" if overflow else ""
                print(f"{target}{flag}")
            page.close()
        browser.close()


if __name__ == "__main__":
    if len(sys.argv) > 1 and not re.match(r"https?://", sys.argv[1]):
        sys.exit(__doc__)
    main()
