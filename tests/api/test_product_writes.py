"""Writing products through the API: the forms' services, their rules, the 409 rule as 412/428."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from shop.audit.models import AuditEntry
from shop.catalogue import services
from shop.catalogue.models import Product
from shop.extensions import db
from tests.helpers.factories import make_category, make_product


@pytest.fixture
def kitchen(app):
    return make_category("Kitchen")


def _new(kitchen) -> dict:
    return {"name": "Stoneware Mug", "sku": "MUG-1", "price": "12.50", "category_id": kitchen.id}


def _count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Product))


def _audit(entity_id: int) -> list[tuple[str, str]]:
    db.session.expire_all()
    rows = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity_type == "product", AuditEntry.entity_id == entity_id)
        .order_by(AuditEntry.id)
    )
    return [(entry.action, entry.user_email, entry.source) for entry in rows]


def test_create_then_publish_shows_on_the_storefront_at_once(
    client, staff_client, auth, kitchen, staff_user
):
    created = client.post("/api/v1/products", json=_new(kitchen), headers=auth)
    assert created.status_code == 201
    body = created.get_json()
    assert created.headers["Location"] == f"/api/v1/products/{body['id']}"
    assert created.headers["ETag"] == f'"product-{body["id"]}-v1"'
    assert (body["price"], body["published"], body["stock"]) == ("12.50", False, 0)
    assert client.get(f"/product/{body['slug']}").status_code == 404  # a draft

    published = client.patch(
        f"/api/v1/products/{body['id']}",
        json={"published": True, "price": 9.5},
        headers={**auth, "If-Match": created.headers["ETag"]},
    )
    assert published.status_code == 200
    assert published.get_json()["price"] == "9.50"
    page = client.get(f"/product/{body['slug']}")
    assert page.status_code == 200 and "€9.50" in page.get_data(as_text=True)
    assert _audit(body["id"]) == [
        ("create", staff_user.email, "api"),
        ("update", staff_user.email, "api"),
    ]
    history = staff_client.get(f"/admin/products/{body['id']}/edit").get_data(as_text=True)
    assert f"by {staff_user.email} through the API" in history

    # The next change through the staff pages is the pages' again.
    services.set_published(body["id"], False, actor=staff_user)
    assert _audit(body["id"])[-1] == ("unpublish", staff_user.email, "web")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": "A"}, "name"),
        ({"price": "0"}, "price"),
        ({"price": 12.345}, "price"),
        ({"price": "twelve"}, "price"),
        ({"stock": -1}, "stock"),
        ({"stock": "3"}, "stock"),
        ({"category_id": 999_999}, "category_id"),
        ({"description": "x" * 20_001}, "description"),
        ({"published": "perhaps"}, "published"),
        ({"sku": ""}, "sku"),
    ],
)
def test_bad_fields_are_422_naming_the_field_and_change_nothing(
    client, auth, kitchen, change, field
):
    before = _count()
    response = client.post("/api/v1/products", json=_new(kitchen) | change, headers=auth)
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert list(response.get_json()["errors"]) == [field]
    assert _count() == before


def test_a_taken_sku_is_refused_by_the_service(client, auth, kitchen):
    make_product(sku="MUG-1", category=kitchen)
    response = client.post("/api/v1/products", json=_new(kitchen), headers=auth)
    assert response.status_code == 422
    assert response.get_json()["errors"] == {"sku": ["Another product already has this SKU."]}


def test_writes_need_an_access_token_never_a_cookie(client, staff_client, kitchen):
    for c in (client, staff_client):
        response = c.post("/api/v1/products", json=_new(kitchen))
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert _count() == 0


def test_patch_and_delete_need_the_version_they_read(client, auth, kitchen):
    product = make_product(category=kitchen, stock=1)
    url = f"/api/v1/products/{product.id}"
    etag = client.get(url, headers=auth).headers["ETag"]

    missing = client.patch(url, json={"stock": 2}, headers=auth)
    assert missing.status_code == 428
    assert client.delete(url, headers=auth).status_code == 428

    done = client.patch(url, json={"stock": 2}, headers={**auth, "If-Match": etag})
    assert done.status_code == 200
    stale = client.patch(url, json={"stock": 3}, headers={**auth, "If-Match": etag})
    assert stale.status_code == 412
    assert stale.content_type == "application/problem+json"
    assert stale.get_json()["current"]["stock"] == 2  # what the caller overlooked
    assert client.delete(url, headers={**auth, "If-Match": etag}).status_code == 412
    assert (
        client.patch(url, json={"stock": 3}, headers={**auth, "If-Match": '"junk"'}).status_code
        == 412
    )

    fresh = stale.headers["ETag"]
    deleted = client.delete(url, headers={**auth, "If-Match": fresh})
    assert deleted.status_code == 204
    assert client.get(url, headers=auth).status_code == 404
    assert client.delete(url, headers={**auth, "If-Match": fresh}).status_code == 404


def test_upsert_by_sku_creates_then_replaces_and_repeats_change_nothing(client, auth, kitchen):
    body = {"name": "Synced Bowl", "price": "7.00", "category_id": kitchen.id, "stock": 3}
    created = client.put("/api/v1/products/by-sku/SYNC-7", json=body, headers=auth)
    assert created.status_code == 201
    product_id = created.get_json()["id"]
    assert created.get_json()["sku"] == "SYNC-7"

    replaced = client.put("/api/v1/products/by-sku/SYNC-7", json=body | {"stock": 9}, headers=auth)
    assert replaced.status_code == 200
    assert (replaced.get_json()["id"], replaced.get_json()["stock"]) == (product_id, 9)
    version, entries = replaced.get_json()["version"], len(_audit(product_id))

    again = client.put("/api/v1/products/by-sku/SYNC-7", json=body | {"stock": 9}, headers=auth)
    assert again.status_code == 200
    assert again.get_json()["version"] == version  # nothing changed, nothing logged
    assert len(_audit(product_id)) == entries
