"""POST /api/v1/products/batch: up to 500 stock and price changes, all or nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from shop.audit.models import AuditEntry
from shop.catalogue.models import Product
from shop.extensions import db
from tests.helpers.factories import make_category, make_product, make_products


def _state() -> dict[str, tuple[int, int]]:
    db.session.expire_all()
    return {p.sku: (p.stock, p.price_cents) for p in db.session.scalars(select(Product))}


def test_every_item_applies_and_the_storefront_shows_it(client, auth):
    category = make_category("Kitchen")
    mug = make_product("Mug", sku="MUG", category=category, stock=1, price="5.00")
    make_product("Bowl", sku="BOWL", category=category, stock=1, price="6.00")
    response = client.post(
        "/api/v1/products/batch",
        json={"items": [{"sku": "MUG", "stock": 40, "price": "4.50"}, {"sku": "BOWL", "stock": 0}]},
        headers=auth,
    )
    assert response.status_code == 200
    data = response.get_json()["data"]
    assert [(d["sku"], d["stock"], d["price"]) for d in data] == [
        ("MUG", 40, "4.50"),
        ("BOWL", 0, "6.00"),
    ]
    assert _state() == {"MUG": (40, 450), "BOWL": (0, 600)}
    page = client.get(f"/product/{mug.slug}").get_data(as_text=True)
    assert "€4.50" in page and "In stock" in page
    assert (
        db.session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "update")
        )
        == 2
    )


def test_one_bad_item_refuses_the_whole_batch_naming_each_item(client, auth):
    make_products(3, category=make_category(), stock=1)
    skus = sorted(_state())
    before = _state()
    items = [
        {"sku": skus[0], "stock": 5},
        {"sku": "NO-SUCH-SKU", "stock": 1},
        {"sku": skus[1]},
        {"sku": skus[2], "price": "3.00"},
        {"sku": skus[0], "price": "2.00"},
    ]
    response = client.post("/api/v1/products/batch", json={"items": items}, headers=auth)
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {
        "items.1.sku",
        "items.2._item",
        "items.4.sku",
    }
    assert _state() == before


@pytest.mark.parametrize(
    ("items", "field"),
    [
        ([], "items"),
        ([{"sku": "A", "stock": 1}] * 501, "items"),
        ([{"sku": "A", "stock": -1}], "items.0.stock"),
        ([{"sku": "A", "price": 1.234}], "items.0.price"),
        ([{"sku": "A", "price": "0"}], "items.0.price"),
        ([{"stock": 1}], "items.0.sku"),
    ],
)
def test_malformed_batches_are_422(client, auth, items, field):
    response = client.post("/api/v1/products/batch", json={"items": items}, headers=auth)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]


def test_a_batch_needs_a_token(client):
    response = client.post("/api/v1/products/batch", json={"items": [{"sku": "A", "stock": 1}]})
    assert response.status_code == 401


def test_malformed_and_refused_items_are_named_in_one_answer(client, auth):
    make_products(1, category=make_category(), stock=1)
    [sku] = _state()
    before = _state()
    items = [
        {"sku": sku, "stock": -1},  # malformed: the schema's
        {"sku": "NO-SUCH-SKU", "stock": 1},  # the catalogue's
        {"sku": sku, "price": "2.00"},  # the catalogue's: the same SKU again
        {"stock": 1},  # malformed: no SKU
    ]
    response = client.post("/api/v1/products/batch", json={"items": items}, headers=auth)
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {
        "items.0.stock",
        "items.1.sku",
        "items.2.sku",
        "items.3.sku",
    }
    assert _state() == before


def test_a_product_with_variants_is_refused_by_name(client, auth):
    from shop.catalogue import variant_services

    product = make_product("Tee", sku="TEE", category=make_category(), stock=1)
    variant_services.add_option(
        product.id, name="Size", values=["S"], expected_version=product.version
    )
    make_product("Mug", sku="MUG", stock=1)
    before = _state()
    items = [{"sku": "MUG", "stock": 5}, {"sku": "TEE", "stock": 5}]
    response = client.post("/api/v1/products/batch", json={"items": items}, headers=auth)
    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        "items.1.sku": [
            "This product has variants: send its variants' SKUs to set their stock and prices."
        ]
    }
    assert _state() == before


def _tee():
    """TEE in sizes S, M, L: S and M published."""
    from shop.catalogue import variant_services, variant_table
    from shop.catalogue.variant_table import VariantRow

    product = make_product("Tee", sku="TEE", category=make_category(), price="10.00")
    variant_services.add_option(
        product.id, name="Size", values=["S", "M", "L"], expected_version=product.version
    )
    rows = {v.id: VariantRow(v.sku, v.price, 1, v.sku != "TEE-l") for v in _variants(product.id)}
    db.session.expire_all()
    version = db.session.get(Product, product.id).version
    variant_table.update_variants(product.id, rows, expected_version=version)
    return product


def _variants(product_id: int) -> list:
    from shop.catalogue.variant_models import ProductVariant

    db.session.expire_all()
    stmt = (
        select(ProductVariant)
        .where(ProductVariant.product_id == product_id)
        .order_by(ProductVariant.position)
    )
    return list(db.session.scalars(stmt))


def _variant_state(product_id: int) -> dict[str, tuple[int, int]]:
    return {v.sku: (v.stock, v.price_cents) for v in _variants(product_id)}


def _audit_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry))


def test_variant_skus_update_their_variants_with_products_in_one_batch(client, auth):
    from shop.catalogue.models import CatalogueState

    tee = _tee()
    make_product("Mug", sku="MUG", stock=1, price="5.00")
    db.session.expire_all()
    version = db.session.get(Product, tee.id).version
    catalogue = db.session.scalar(select(CatalogueState.version))
    audited = _audit_count()
    items = [
        {"sku": "TEE-s", "stock": 7, "price": "9.50"},
        {"sku": "MUG", "stock": 4},
        {"sku": "TEE-m", "price": "8.25"},
        {"sku": "TEE-l", "stock": 30, "price": "2.00"},  # unpublished: not in the summaries
    ]
    response = client.post("/api/v1/products/batch", json={"items": items}, headers=auth)
    assert response.status_code == 200, response.get_data(as_text=True)
    data = response.get_json()["data"]
    assert [(d["sku"], d["stock"], d["price"]) for d in data] == [
        ("TEE-s", 7, "9.50"),
        ("MUG", 4, "5.00"),
        ("TEE-m", 1, "8.25"),
        ("TEE-l", 30, "2.00"),
    ]
    assert _variant_state(tee.id) == {"TEE-s": (7, 950), "TEE-m": (1, 825), "TEE-l": (30, 200)}
    saved = db.session.get(Product, tee.id)
    # The summaries: the lowest published price, the published stock.
    assert (saved.price_cents, saved.stock, saved.price_varies) == (825, 8, True)
    assert saved.version > version
    assert {d["product_id"] for d in data if d["sku"].startswith("TEE")} == {tee.id}
    assert all(d["version"] == saved.version for d in data if d["sku"].startswith("TEE"))
    assert db.session.scalar(select(CatalogueState.version)) > catalogue
    # One entry for the mug, one for the tee naming each variant by its SKU.
    assert _audit_count() == audited + 2
    entry = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.action == "update variants")
        .order_by(AuditEntry.id.desc())
    ).first()
    assert {"TEE-s stock", "TEE-s price", "TEE-m price", "TEE-l stock"} <= set(entry.changes)
    # Shoppers see it at once, through the page cache.
    shown = client.get(f"/api/v1/products/{tee.id}").get_json()
    assert (shown["price"], shown["stock"]) == ("8.25", 8)
    assert [v["stock"] for v in shown["variants"]] == [7, 1]


def test_one_bad_item_leaves_variants_and_products_alone(client, auth):
    tee = _tee()
    make_product("Mug", sku="MUG", stock=1, price="5.00")
    before, variants_before, audited = _state(), _variant_state(tee.id), _audit_count()
    items = [
        {"sku": "TEE-s", "stock": 7},
        {"sku": "MUG", "stock": 4},
        {"sku": "TEE-m", "price": "0.00"},
        {"sku": "NOPE", "stock": 1},
    ]
    response = client.post("/api/v1/products/batch", json={"items": items}, headers=auth)
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert set(errors) == {"items.2.price", "items.3.sku"}
    assert errors["items.3.sku"] == ["No product or variant has this SKU."]
    assert _state() == before
    assert _variant_state(tee.id) == variants_before
    assert _audit_count() == audited
