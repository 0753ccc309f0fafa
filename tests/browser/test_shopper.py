"""A shopper's journey at phone and desktop widths, in Chromium, against the production stack."""

from __future__ import annotations

import math
import re
import sqlite3

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import GALLERY_SKU, VIEWPORTS
from tests.browser.journey import Journey

PER_PAGE = 24


def _journey_category(db_path) -> tuple[str, int, int, int]:
    """The top-level category with the most products in stock (name, count, min and max price
    in whole euros around them): the one whose filtered listing still has a page 2."""
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute(
            """
            SELECT top.name, COUNT(*), MIN(p.price_cents), MAX(p.price_cents)
            FROM products p
            JOIN categories c ON c.id = p.category_id
            JOIN categories top ON top.id = COALESCE(c.parent_id, c.id)
            WHERE p.is_published AND p.stock > 0 AND c.is_published AND top.is_published
            GROUP BY top.id ORDER BY COUNT(*) DESC, top.id LIMIT 1
            """
        ).fetchall()
    name, count, low, high = rows[0]
    return name, count, math.floor(low / 100), math.ceil(high / 100)


def _prices(page) -> list[float]:
    texts = page.locator(".product-grid .price").all_inner_texts()
    return [float(re.sub(r"[^\d.]", "", t.replace(",", ""))) for t in texts]


@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_shopper_journey(width, shop, browser, quality, axe_pages, artifacts):
    category, in_stock, low, high = _journey_category(shop.db_path)
    assert in_stock > PER_PAGE, "the seeded catalogue has no category with a filtered page 2"

    context = browser.new_context(viewport=VIEWPORTS[width], base_url=shop.url)
    page = context.new_page()
    journey = Journey("shopper", page, width, quality, axe_pages[width], artifacts)
    try:
        journey.go("home", "/")
        expect(page.locator("h1")).to_have_count(1)

        nav = page.get_by_role("navigation", name="Categories")
        journey.visit("category", lambda: nav.get_by_role("link", name=category).click())
        expect(page.locator("h1")).to_have_text(category)

        page.get_by_label("Sort by").select_option("price_asc")
        journey.visit("sorted", lambda: page.get_by_role("button", name="Apply").click())
        assert "sort=price_asc" in page.url
        prices = _prices(page)
        assert prices == sorted(prices) and len(prices) == PER_PAGE

        page.get_by_label("From").fill(str(low))
        page.get_by_label("to", exact=True).fill(str(high))
        page.get_by_label("In stock only").check()
        journey.visit("filtered", lambda: page.get_by_role("button", name="Apply").click())
        expect(page.get_by_role("status")).to_contain_text(f"of {in_stock} products")
        expect(page.get_by_label("In stock only")).to_be_checked()
        expect(page.get_by_label("Sort by")).to_have_value("price_asc")
        expect(page.locator(".stock--out")).to_have_count(0)
        assert all(low <= p <= high for p in _prices(page))

        pages = page.get_by_role("navigation", name="Pages")
        journey.visit("page2", lambda: pages.get_by_role("link", name="2", exact=True).click())
        assert re.search(r"[?&]page=2\b", page.url)
        assert "in_stock=1" in page.url and "sort=price_asc" in page.url
        expect(page.get_by_role("status")).to_contain_text("Showing 25")
        cards = page.locator(".product-card__link")
        assert cards.count() == in_stock - PER_PAGE

        name = cards.first.locator(".product-card__name").inner_text()
        journey.visit("product", lambda: cards.first.click())
        expect(page.locator("h1")).to_have_text(name)
        journey.check_gallery(min_images=1)

        search = page.get_by_role("search").get_by_label("Search")
        search.fill(GALLERY_SKU.lower())
        journey.visit("search-results", lambda: search.press("Enter"))
        results = page.locator(".product-card__link")
        expect(results).to_have_count(1)

        journey.visit("gallery", lambda: results.first.click())
        assert page.url.endswith(f"/product/{shop.gallery_slug}")
        expect(page.get_by_text(GALLERY_SKU, exact=True)).to_be_visible()
        gallery = journey.check_gallery(min_images=4)
        assert gallery[0]["widths"][-1] == 1600, "the studio photo is not the main image"
        if width == "phone":  # 360 px wide: never the 1600 px rendition
            for image in gallery:
                assert image["chosen_width"] < image["widths"][-1], f"largest at 360: {image}"

        search = page.get_by_role("search").get_by_label("Search")
        search.fill("no such thing anywhere")
        journey.visit("search-none", lambda: search.press("Enter"))
        expect(page.locator(".product-card")).to_have_count(0)
        expect(page.locator("main")).to_contain_text("Nothing matches")

        journey.go("not-found", "/no-such-page", status=404)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.locator(".site-header .brand")).to_be_visible()
        expect(page.get_by_role("search")).to_be_visible()
        expect(page.locator(".site-footer")).to_be_visible()
    finally:
        context.close()
    journey.assert_clean()
