"""The staff product editor: forms, validation, slugs, publishing, conflicts, audit, listing."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

import pytest
from sqlalchemy import func, select

from shop.audit.models import AuditEntry
from shop.catalogue.models import Product
from shop.extensions import db
from tests.helpers.a11y import assert_accessible, labels
from tests.helpers.factories import make_category, make_product
from tests.helpers.forms import csrf_token_from

PRODUCT_LABELS = [
    "Name", "Slug", "SKU", "Price", "Stock", "Category", "Description", "Published",
    "Featured", "Images",
]  # fmt: skip


def _form(client, url: str) -> tuple[str, str]:
    html = client.get(url).get_data(as_text=True)
    return html, csrf_token_from(html)


def _values(in_category, **overrides) -> dict:
    data = {
        "name": "Oak stool",
        "slug": "",
        "sku": "OAK-1",
        "price": "49.90",
        "stock": "3",
        "category": str(in_category.id),
        "description": "Solid **oak**.",
        "is_published": "y",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _create(client, in_category, **overrides):
    _, token = _form(client, "/admin/products/new")
    return client.post(
        "/admin/products/new", data={**_values(in_category, **overrides), "csrf_token": token}
    )


def _edit_data(html: str) -> dict:
    version = re.search(r'name="version" type="hidden" value="(\d+)"', html)
    assert version, "edit form without its version"
    return {"csrf_token": csrf_token_from(html), "version": version.group(1)}


def test_form_has_the_spec_labels(staff_client):
    html = staff_client.get("/admin/products/new").get_data(as_text=True)
    found = labels(html)
    for label in PRODUCT_LABELS:
        assert label in found, label
    assert 'type="file"' in html and "multiple" in html
    assert 'enctype="multipart/form-data"' in html
    assert 'type="submit" value="Save"' in html
    assert_accessible(html)


def test_create_redirects_to_edit_and_audits(app, staff_client, staff_user):
    category = make_category("Seating")
    response = _create(staff_client, category)
    assert response.status_code == 302
    product = db.session.scalar(select(Product).where(Product.sku == "OAK-1"))
    assert response.headers["Location"] == f"/admin/products/{product.id}/edit"
    assert product.slug == "oak-stool"
    assert product.price == Decimal("49.90")
    assert product.is_published
    entry = db.session.scalar(
        select(AuditEntry).where(
            AuditEntry.entity_type == "product", AuditEntry.entity_id == product.id
        )
    )
    assert entry.action == "create" and entry.user_email == staff_user.email
    assert entry.changes["price"] == [None, "49.90"]
    page = staff_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "History" in page and "staff@example.com" in page
    assert "<strong>oak</strong>" in page  # the description preview


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("name", "A", "between 2 and 200"),
        ("name", "x" * 201, "between 2 and 200"),
        ("price", "0", "more than 0"),
        ("price", "-3", "at most 2 decimals"),
        ("price", "1.234", "at most 2 decimals"),
        ("price", "abc", "at most 2 decimals"),
        ("price", "1e3", "at most 2 decimals"),
        ("price", "NaN", "at most 2 decimals"),
        ("stock", "-1", "whole number"),
        ("stock", "2.5", "whole number"),
        ("stock", "", "whole number"),
        ("category", "999999", "Not a valid choice"),
        ("category", "0", "Choose a category"),
    ],
)
def test_invalid_values_are_shown_next_to_the_field(staff_client, field, value, message):
    category = make_category()
    response = _create(staff_client, category, **{field: value})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    field_id = "category" if field == "category" else field
    error = re.search(rf'<ul class="field__errors" id="{field_id}-error">(.*?)</ul>', html, re.S)
    assert error and message in error.group(1)
    assert f'aria-describedby="{field_id}-error"' in html or f"{field_id}-error" in html
    assert 'aria-invalid="true"' in html
    assert db.session.scalar(select(func.count(Product.id))) == 0


def test_duplicate_sku_and_slug_are_refused(staff_client):
    category = make_category()
    make_product(sku="OAK-1", slug="taken", category=category)
    response = _create(staff_client, category)
    assert response.status_code == 400
    assert "Another product already has this SKU." in response.get_data(as_text=True)
    response = _create(staff_client, category, sku="OAK-2", slug="taken")
    assert "This slug is already used" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Product.id))) == 1


def test_edit_changes_slug_and_old_url_redirects(staff_client):
    product = make_product("Oak stool", slug="oak-stool")
    url = f"/admin/products/{product.id}/edit"
    html = staff_client.get(url).get_data(as_text=True)
    data = {**_values(product.category, slug="oak-footstool", sku=product.sku), **_edit_data(html)}
    assert staff_client.post(url, data=data).status_code == 302
    db.session.expire_all()
    assert product.slug == "oak-footstool"
    assert staff_client.get("/product/oak-stool").status_code == 301
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "update")).one()
    assert entry.changes["slug"] == ["oak-stool", "oak-footstool"]
    assert entry.changes["price"] == ["19.99", "49.90"]
    assert "version" not in entry.changes


def test_stale_edit_answers_409_and_overwrites_nothing(staff_client, staff_user):
    from shop.catalogue import services

    product = make_product("Oak stool", price="10.00")
    url = f"/admin/products/{product.id}/edit"
    html = staff_client.get(url).get_data(as_text=True)
    loaded = _edit_data(html)
    # Someone else saves in between.
    services.update_product(
        product.id, expected_version=product.version, name="Walnut stool", actor=staff_user
    )
    mine = {
        **_values(product.category, name="My typed name", sku=product.sku, price="12.00"),
        **loaded,
    }
    response = staff_client.post(url, data=mine)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert 'value="Walnut stool"' in page  # the form shows the current values
    assert "My typed name" in page  # and what this person typed, to redo it
    assert f'name="version" type="hidden" value="{product.version}"' in page
    db.session.expire_all()
    assert product.name == "Walnut stool"
    assert product.price == Decimal("10.00")


def test_a_conflict_lists_only_what_this_person_changed(staff_client, staff_user):
    """Not the fields someone else changed meanwhile, nor a description that only differs in
    the line endings a browser sends (CRLF)."""
    from shop.catalogue import services

    product = make_product("Oak stool", price="10.00", stock=3, description="One\nTwo")
    url = f"/admin/products/{product.id}/edit"
    html = staff_client.get(url).get_data(as_text=True)
    shown = {
        "name": "Oak stool", "slug": product.slug, "sku": product.sku, "price": "10.00",
        "stock": "3", "category": str(product.category_id), "description": "One\r\nTwo",
        "is_published": "y",
    }  # fmt: skip
    original = re.search(r'name="original" type="hidden" value="([^"]*)"', html).group(1)
    services.update_product(
        product.id, expected_version=product.version, name="Walnut stool", stock=9,
        actor=staff_user,
    )  # fmt: skip
    mine = {**shown, "price": "12.5", **_edit_data(html)}
    mine["original"] = unescape(original)
    response = staff_client.post(url, data=mine)
    assert response.status_code == 409
    rows = re.findall(
        r'<tr><th scope="row">([^<]+)</th><td class="pre">([^<]*)</td><td class="pre">([^<]*)</td>',
        response.get_data(as_text=True),
    )
    assert rows == [("Price", "12.50", "10.00")]
    # Without what the form was loaded with (an old page), every difference is listed.
    del mine["original"]
    page = staff_client.post(url, data=mine).get_data(as_text=True)
    listed = re.findall(r'<tr><th scope="row">([^<]+)</th>', page)
    assert listed == ["Name", "Price", "Stock"]


def test_publish_and_unpublish_buttons(staff_client):
    product = make_product(is_published=False)
    html = staff_client.get(f"/admin/products/{product.id}/edit").get_data(as_text=True)
    token = csrf_token_from(html)
    assert (
        staff_client.post(
            f"/admin/products/{product.id}/publish", data={"csrf_token": token}
        ).status_code
        == 302
    )
    db.session.expire_all()
    assert product.is_published
    staff_client.post(
        f"/admin/products/{product.id}/unpublish",
        data={"csrf_token": token, "next": "//evil.example"},
    )
    db.session.expire_all()
    assert not product.is_published
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.entity_type == "product").order_by(AuditEntry.id)
    ).all()
    assert actions == ["publish", "unpublish"]


def test_delete_needs_confirmation(staff_client):
    product = make_product()
    page = staff_client.get(f"/admin/products/{product.id}/delete")
    assert page.status_code == 200
    assert_accessible(page.get_data(as_text=True))
    assert db.session.get(Product, product.id) is not None
    response = staff_client.post(
        f"/admin/products/{product.id}/delete",
        data={"csrf_token": csrf_token_from(page.get_data(as_text=True))},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Product, product.id) is None
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "product")).one()
    assert entry.action == "delete" and entry.changes["name"][1] is None


def test_staff_may_preview_unpublished_products(staff_client, client):
    product = make_product(slug="secret-stool", is_published=False)
    assert client.get("/product/secret-stool").status_code == 404
    page = staff_client.get("/product/secret-stool")
    assert page.status_code == 200
    assert "not published" in page.get_data(as_text=True)
    assert product.id


def test_list_filters_sort_and_pages(staff_client):
    seating = make_category("Seating")
    tables = make_category("Tables")
    make_product("Oak stool", category=seating, sku="S-1", is_published=True)
    make_product("Pine stool", category=seating, sku="S-2", is_published=False)
    make_product("Oak table", category=tables, sku="T-1", is_published=True)
    html = staff_client.get("/admin/products/?q=oak").get_data(as_text=True)
    assert "Oak stool" in html and "Oak table" in html and "Pine stool" not in html
    html = staff_client.get(f"/admin/products/?category={seating.id}&status=draft").get_data(
        as_text=True
    )
    assert "Pine stool" in html and "Oak stool" not in html
    html = staff_client.get("/admin/products/?sort=name").get_data(as_text=True)
    assert html.index("Oak stool") < html.index("Oak table") < html.index("Pine stool")
    assert staff_client.get("/admin/products/?q=s-2").status_code == 200
    assert staff_client.get("/admin/products/?sort=bogus&category=x&status=z").status_code == 200


@pytest.mark.parametrize("count", [5, 60])
def test_list_query_count_does_not_grow(staff_client, count):
    category = make_category()
    for n in range(count):
        make_product(category=category, commit=False, sku=f"Q-{n}")
    db.session.commit()
    for url in ("/admin/products/", "/admin/", "/admin/categories/"):
        response = staff_client.get(url)
        assert response.status_code == 200
        # The user, the page's own (two or three), and the scheduled moments' check.
        assert int(response.headers["X-Query-Count"]) <= 5, url


def test_edit_page_query_count(staff_client):
    product = make_product()
    response = staff_client.get(f"/admin/products/{product.id}/edit")
    assert int(response.headers["X-Query-Count"]) <= 6  # 5, and the scheduled moments' check


def test_the_edit_page_says_why_shoppers_do_not_see_a_product(staff_client, client):
    home = make_category("Home", is_published=False)
    lamps = make_category("Lamps", parent=home, is_published=False)
    product = make_product("Hidden lamp", category=lamps, is_published=False, stock=0)

    def panel() -> str:
        html = staff_client.get(f"/admin/products/{product.id}/edit").get_data(as_text=True)
        return re.search(r'<section class="panel shop-state".*?</section>', html, re.S).group(0)

    html = unescape(panel())
    assert "No</strong>, shoppers do not see it" in html
    assert "It is a draft." in html and 'href="#is_published"' in html
    assert "Its category “Lamps” is hidden." in html
    assert f'href="/admin/categories/{lamps.id}/edit"' in html
    assert "“Home”, a category above its own, is hidden." in html
    assert f'href="/admin/categories/{home.id}/edit"' in html
    assert "Out of stock" in html and 'href="#stock"' in html
    assert client.get(f"/product/{product.slug}").status_code == 404  # the panel is right

    for category in (home, lamps):
        category.is_published = True
    product.is_published, product.stock = True, 4
    db.session.commit()
    html = unescape(panel())
    assert "Yes</strong>: shoppers see it." in html and "draft" not in html
    assert "Out of stock" not in html
    assert client.get(f"/product/{product.slug}").status_code == 200
