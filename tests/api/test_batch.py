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
        "items.1.sku": ["This product has variants: set prices and stock on its variants page."]
    }
    assert _state() == before
