"""A staff member's journey through the catalogue editor, in Chromium, at desktop width."""

from __future__ import annotations

import re

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from tests.browser.conftest import STAFF_EMAIL, STAFF_PASSWORD, VIEWPORTS
from tests.browser.journey import Journey

WIDTH = "desktop"


def _photo(path, colour: str, size: tuple[int, int], orientation: int | None = None):
    """A real JPEG camera-style photo; orientation 6 means 'rotate 90° clockwise to view'."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, size[0] // 4, size[1] // 4), fill="#f5efe4")  # marks the top left
    draw.ellipse((size[0] // 3, size[1] // 3, size[0] * 2 // 3, size[1] * 2 // 3), fill="#222")
    exif = Image.Exif()
    exif[0x010F] = "Browser Test Camera"  # Make
    if orientation:
        exif[0x0112] = orientation
    image.save(path, "JPEG", quality=88, exif=exif.tobytes())
    return path


@pytest.fixture
def photos(tmp_path):
    return [
        _photo(tmp_path / "front.jpg", "#3f6e5a", (1800, 1200)),
        _photo(tmp_path / "side.jpg", "#8a5a44", (1800, 1200), orientation=6),
    ]


def _save(page: Page) -> None:
    page.get_by_role("button", name="Save", exact=True).click()


def _is_landscape(image) -> bool:
    image.scroll_into_view_if_needed()
    width, height = image.evaluate(
        "img => (img.complete ? Promise.resolve() : new Promise(r => img.onload = r))"
        ".then(() => [img.naturalWidth, img.naturalHeight])"
    )
    assert width > 0, "photo not loaded"
    return width > height


def _new_journey(name, browser, shop, quality, axe_pages, artifacts) -> tuple[Journey, Page]:
    context = browser.new_context(viewport=VIEWPORTS[WIDTH], base_url=shop.url)
    page = context.new_page()
    return Journey(name, page, WIDTH, quality, axe_pages[WIDTH], artifacts), page


def _sign_in(journey: Journey, page: Page, step: str = "login") -> None:
    journey.go(step, "/admin/")
    assert "/login" in page.url
    page.get_by_label("Email").fill(STAFF_EMAIL)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    journey.visit(f"{step}-done", lambda: page.get_by_role("button", name="Sign in").click())
    assert page.url.endswith("/admin/"), page.url


def test_staff_journey(shop, browser, quality, axe_pages, artifacts, photos):
    journey, page = _new_journey("staff", browser, shop, quality, axe_pages, artifacts)
    other, other_page = _new_journey("staff-other", browser, shop, quality, axe_pages, artifacts)
    try:
        _sign_in(journey, page)

        journey.go("category-new", "/admin/categories/new")
        page.get_by_label("Name").fill("Window Seats")
        page.get_by_label("Description").fill("Cushioned benches for bay windows.")
        journey.visit("category-saved", lambda: _save(page))
        expect(page.locator("main")).to_contain_text("Window Seats")

        journey.go("product-new", "/admin/products/new")
        page.get_by_label("Name").fill("Bay Window Bench")
        page.get_by_label("SKU").fill("BT-BENCH-1")
        page.get_by_label("Price").fill("129.00")
        page.get_by_label("Stock").fill("4")
        page.get_by_label("Category").select_option(label="Window Seats")
        page.get_by_label("Description").fill("Solid oak with a linen cushion.")
        page.get_by_label("Images").set_input_files([str(p) for p in photos])
        journey.visit("product-saved", lambda: _save(page))
        assert re.search(r"/admin/products/\d+/edit$", page.url), page.url
        edit_url = page.url
        photos_list = page.locator(".photo-list img")
        expect(photos_list).to_have_count(2)
        assert _is_landscape(photos_list.first) and not _is_landscape(photos_list.last)

        # The rotated (EXIF orientation 6) photo becomes the primary one.
        # Edits typed but not saved go with a photo button (it submits the product form).
        page.get_by_label("Stock").fill("5")
        page.get_by_label("Alt text for photo 1").fill("The bench from the front")
        move_up = page.get_by_role("button", name="Move up photo 2")
        journey.visit("reordered", lambda: move_up.click())
        expect(photos_list).to_have_count(2)
        assert not _is_landscape(photos_list.first) and _is_landscape(photos_list.last)
        expect(page.get_by_label("Stock")).to_have_value("5")
        expect(page.get_by_label("Alt text for photo 2")).to_have_value("The bench from the front")

        journey.visit("published", lambda: page.get_by_role("button", name="Publish").click())
        expect(page.get_by_role("button", name="Unpublish")).to_be_visible()

        journey.visit("in-shop", lambda: page.get_by_role("link", name="View in shop").click())
        expect(page.get_by_role("heading", level=1)).to_have_text("Bay Window Bench")
        expect(page.locator(".product__price")).to_have_text("€129.00")
        shop_url = page.url
        gallery = journey.check_gallery(min_images=2)
        size = page.locator(".gallery__main img").evaluate(
            "img => [img.naturalWidth, img.naturalHeight]"
        )
        assert size[1] > size[0], f"the primary photo is not the upright portrait one: {size}"
        assert gallery[0]["currentSrc"].endswith(".webp")

        # A second person opens the same product before the price changes.
        _sign_in(other, other_page, "login")
        other.go("edit", edit_url)

        journey.go("edit", edit_url)
        page.get_by_label("Price").fill("99.50")
        journey.visit("price-saved", lambda: _save(page))
        expect(page.get_by_label("Price")).to_have_value("99.50")
        journey.go("new-price-in-shop", shop_url)
        expect(page.locator(".product__price")).to_have_text("€99.50")

        other_page.get_by_label("Stock").fill("2")
        other.visit(
            "conflict",
            lambda: _save(other_page),
            status=409,
        )
        expect(other_page.get_by_role("alert")).to_contain_text("Someone else saved")
        expect(other_page.get_by_label("Price")).to_have_value("99.50")

        # The product list finds it by part of its SKU among the products this person changed,
        # and the filter is in the URL.
        journey.go("product-list", "/admin/products/")
        page.get_by_label("Search").fill("bench-1")
        page.get_by_label("Changed by me").check()
        page.get_by_label("Stock", exact=True).select_option(label="Low stock")
        journey.visit(
            "product-list-filtered", lambda: page.get_by_role("button", name="Apply").click()
        )
        assert "q=bench-1" in page.url and "mine=1" in page.url and "stock=low" in page.url
        rows = page.locator("table.table--products tbody tr")
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text("Bay Window Bench")
        expect(page.get_by_role("status")).to_contain_text("1 product matches.")

        # A bulk change on the ticked row: reviewed, then applied through Nginx and gunicorn
        # on a streamed page.
        page.get_by_label("Tick Bay Window Bench").check()
        page.get_by_label("Action").select_option(label="Change price by a percentage")
        page.get_by_label("Stock, amount or %").fill("10")
        journey.visit(
            "bulk-review", lambda: page.get_by_role("button", name="Review changes").click()
        )
        expect(page.locator("main")).to_contain_text(
            "1 product: price +10 %, rounded half up to the cent, never below 0.01"
        )
        expect(page.locator("table")).to_contain_text("€109.45")  # 99.50 + 10 %
        apply = page.get_by_role("button", name="Apply to 1 product")
        journey.visit("bulk-applied", lambda: apply.click())
        expect(page.get_by_role("status")).to_contain_text("Done: 1 product changed.")
        journey.go("bulk-price-in-shop", shop_url)
        expect(page.locator(".product__price")).to_have_text("€109.45")

        journey.go("dashboard", "/admin/")
        journey.visit("signed-out", lambda: page.get_by_role("button", name="Sign out").click())
        expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
        page.go_back()
        page.wait_for_load_state()
        shot = artifacts / f"staff-{journey.step_number + 1:02d}-back-{WIDTH}.png"
        page.screenshot(path=str(shot))
        expect(page.locator(".admin-header")).to_have_count(0)
        expect(page.locator("body")).not_to_contain_text(STAFF_EMAIL)
        expect(page.get_by_role("heading", name="Dashboard")).to_have_count(0)
    finally:
        page.context.close()
        other_page.context.close()
    journey.assert_clean()
    other.assert_clean()


def test_admin_creates_and_deactivates_a_staff_account(
    shop, browser, quality, axe_pages, artifacts
):
    admin, page = _new_journey("admin", browser, shop, quality, axe_pages, artifacts)
    staff, staff_page = _new_journey("new-staff", browser, shop, quality, axe_pages, artifacts)
    email, password = "new.colleague@example.com", "a-long-enough-pass-123"
    try:
        _sign_in(admin, page)
        admin.go("users", "/admin/users/")
        admin.visit("user-new", lambda: page.get_by_role("link", name="New account").click())
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_label("Role").select_option(label="Staff")
        admin.visit(
            "user-created", lambda: page.get_by_role("button", name="Create account").click()
        )
        expect(page.locator("main")).to_contain_text(email)
        user_url = page.url

        # The new colleague signs in and works...
        staff.go("login", "/login")
        staff_page.get_by_label("Email").fill(email)
        staff_page.get_by_label("Password").fill(password)
        staff.visit("signed-in", lambda: staff_page.get_by_role("button", name="Sign in").click())
        assert staff_page.url.endswith("/admin/"), staff_page.url
        staff.go("products", "/admin/products/")

        # ...until an admin deactivates the account: the very next request is refused.
        if "/admin/users/" not in user_url or user_url.rstrip("/").endswith("/users"):
            admin.visit("user-open", lambda: page.get_by_role("link", name=email).click())
        deactivate = page.get_by_role("button", name="Deactivate account")
        admin.visit("user-deactivated", lambda: deactivate.click())
        expect(page.get_by_role("button", name="Reactivate account")).to_be_visible()
        staff_page.goto(shop.url + "/admin/products/")
        assert "/login" in staff_page.url, staff_page.url
        expect(staff_page.get_by_role("button", name="Sign out")).to_have_count(0)
    finally:
        page.context.close()
        staff_page.context.close()
    admin.assert_clean()
    staff.assert_clean()
