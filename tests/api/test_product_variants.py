"""Options and variants in every product representation: shoppers see published variants
only, staff tokens all; read in a fixed number of statements; cached answers follow them."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from shop.catalogue import variant_services, variant_table
from shop.catalogue.models import Product
from shop.catalogue.variant_models import ProductVariant
from shop.catalogue.variant_table import VariantRow
from shop.extensions import db
from tests.helpers.factories import make_category, make_image, make_product

SCRIPT = "<script>alert(1)</script>"


def _version(product_id: int) -> int:
    db.session.expire_all()
    return db.session.get(Product, product_id).version


def _variants(product_id: int) -> list[ProductVariant]:
    db.session.expire_all()
    stmt = (
        select(ProductVariant)
        .where(ProductVariant.product_id == product_id)
        .order_by(ProductVariant.position, ProductVariant.id)
    )
    return list(db.session.scalars(stmt))


def _add_option(product_id: int, name: str, values: list[str]) -> None:
    variant_services.add_option(
        product_id, name=name, values=values, expected_version=_version(product_id)
    )


def _save(product_id: int, **changes: dict) -> None:
    """Save the variant table with `changes` by SKU (the rest as they are)."""
    rows = {}
    for v in _variants(product_id):
        row = {"sku": v.sku, "price": v.price, "stock": v.stock, "is_published": v.is_published}
        row.update(changes.get(v.sku, {}))
        rows[v.id] = VariantRow(**row)
    variant_table.update_variants(product_id, rows, expected_version=_version(product_id))


def _tee(category=None):
    """TEE in Sage and Rust, sizes S and M: every variant published but TEE-rust-m."""
    product = make_product("Tee", sku="TEE", price="10.00", category=category)
    _add_option(product.id, "Colour", ["Sage", "Rust"])
    _add_option(product.id, "Size", ["S", "M"])
    published = {"is_published": True}
    _save(
        product.id,
        **{
            "TEE-sage": {**published, "price": Decimal("12.50"), "stock": 3},
            "TEE-rust": {**published, "price": Decimal("14.00"), "stock": 1},
            "TEE-sage-m": {**published, "price": Decimal("13.00"), "stock": 2},
        },
    )
    return product


def test_shoppers_see_published_variants_and_staff_all(client, auth):
    product = _tee()
    ids = {v.sku: v.id for v in _variants(product.id)}
    options = [
        {"name": "Colour", "values": ["Sage", "Rust"]},
        {"name": "Size", "values": ["S", "M"]},
    ]

    def variant(sku, price, stock, colour, size, published=True):
        return {
            "id": ids[sku],
            "sku": sku,
            "price": price,
            "stock": stock,
            "published": published,
            "options": {"Colour": colour, "Size": size},
            "image_id": None,
        }

    shown = [
        variant("TEE-sage", "12.50", 3, "Sage", "S"),
        variant("TEE-rust", "14.00", 1, "Rust", "S"),
        variant("TEE-sage-m", "13.00", 2, "Sage", "M"),
    ]
    every = [*shown, variant("TEE-rust-m", "10.00", 0, "Rust", "M", published=False)]
    for url in (
        f"/api/v1/products/{product.id}",
        f"/api/v1/products/by-slug/{product.slug}",
    ):
        body = client.get(url).get_json()
        assert (body["options"], body["variants"]) == (options, shown)
        assert (body["price"], body["stock"]) == ("12.50", 6)  # the summaries
        body = client.get(url, headers=auth).get_json()
        assert (body["options"], body["variants"]) == (options, every)
    (listed,) = client.get("/api/v1/products").get_json()["data"]
    assert (listed["options"], listed["variants"]) == (options, shown)
    (listed,) = client.get("/api/v1/products?status=all", headers=auth).get_json()["data"]
    assert (listed["options"], listed["variants"]) == (options, every)


def test_a_product_without_variants_has_empty_lists(client, auth):
    product = make_product("Mug")
    for headers in ({}, auth):
        body = client.get(f"/api/v1/products/{product.id}", headers=headers).get_json()
        assert (body["options"], body["variants"]) == ([], [])
        (listed,) = client.get("/api/v1/products", headers=headers).get_json()["data"]
        assert (listed["options"], listed["variants"]) == ([], [])


def test_a_variant_photo_is_named_by_id(client):
    product = _tee()
    photo = make_image(db.session.get(Product, product.id))
    first = _variants(product.id)[0]
    first.image_id = photo.id
    db.session.commit()
    body = client.get(f"/api/v1/products/{product.id}").get_json()
    assert [v["image_id"] for v in body["variants"]] == [photo.id, None, None]


def test_hostile_option_names_and_values_are_plain_strings(client):
    product = make_product("Odd", sku="ODD")
    _add_option(product.id, SCRIPT, [SCRIPT, "Plain"])
    _save(product.id, **{v.sku: {"is_published": True} for v in _variants(product.id)})
    response = client.get(f"/api/v1/products/{product.id}")
    body = response.get_json()
    assert body["options"] == [{"name": SCRIPT, "values": [SCRIPT, "Plain"]}]
    assert [v["options"] for v in body["variants"]] == [{SCRIPT: SCRIPT}, {SCRIPT: "Plain"}]
    assert response.mimetype == "application/json"


def test_a_list_runs_the_same_statements_with_one_or_many_variants(app, client, auth):
    app.config["SHOP_PAGE_CACHE"] = False  # count the statements, not the cache
    category = make_category("Cat")

    def statements(headers: dict) -> int:
        url = "/api/v1/products?per_page=24&sort=name&status=all"
        client.get(url, headers=headers)  # the category tree and version are read once
        return int(client.get(url, headers=headers).headers["X-Query-Count"])

    lone = make_product("A lone", sku="LONE", category=category)
    _add_option(lone.id, "Colour", ["Sage"])
    _save(lone.id, **{"LONE-sage": {"is_published": True}})
    small, small_staff = statements({}), statements(auth)
    for n in range(12):
        product = make_product(f"P{n}", sku=f"P{n}", category=category)
        _add_option(product.id, "Colour", ["Sage", "Rust", "Teal"])
        _add_option(product.id, "Size", ["S", "M", "L"])
        _save(product.id, **{v.sku: {"is_published": True} for v in _variants(product.id)})
    body = client.get("/api/v1/products?per_page=24&sort=name").get_json()
    assert len(body["data"]) == 13
    assert all(len(p["variants"]) == 9 for p in body["data"][1:])
    # the page with its photos, their attribute values, their options, their variants
    assert statements({}) == small == 4
    assert statements(auth) == small_staff <= 5  # and the token's caller


def test_a_variant_change_reaches_shoppers_through_the_page_cache(app, client):
    assert app.config["SHOP_PAGE_CACHE"]
    product = _tee()
    urls = ("/api/v1/products", f"/api/v1/products/{product.id}")
    before = {url: client.get(url) for url in urls}
    for url in urls:  # kept
        assert client.get(url).get_data() == before[url].get_data()
    _save(product.id, **{"TEE-sage": {"stock": 40}})
    for url in urls:
        response = client.get(url)
        assert response.headers["ETag"] != before[url].headers["ETag"]
        body = response.get_json()
        found = body["data"][0] if "data" in body else body
        assert found["variants"][0]["stock"] == 40
        assert found["stock"] == 43
        stale = client.get(url, headers={"If-None-Match": before[url].headers["ETag"]})
        assert stale.status_code == 200
