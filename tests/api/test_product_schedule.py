"""Scheduling through the API: moments in RFC 3339, the forms' rules as 422, and a PATCH that
publishes by hand ending the wait."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from shop.catalogue.models import Product
from shop.dbtypes import utcnow
from shop.extensions import db
from tests.helpers.factories import make_category


def _z(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


@pytest.fixture
def draft(client, auth, app):
    body = {"name": "Storm lantern", "sku": "LANTERN-1", "price": "35.00",
            "category_id": make_category("Outdoor").id}  # fmt: skip
    return client.post("/api/v1/products", json=body, headers=auth).get_json()


def test_a_product_is_scheduled_and_read_back_in_utc(client, auth, draft):
    start = (utcnow() + timedelta(days=1)).replace(microsecond=0)
    end = start + timedelta(days=7)
    # Any offset is accepted; the answer is in UTC.
    typed = start.astimezone(datetime.now().astimezone().tzinfo).isoformat()
    changed = client.patch(
        f"/api/v1/products/{draft['id']}",
        json={"publish_at": typed, "unpublish_at": _z(end)},
        headers={**auth, "If-Match": f'"product-{draft["id"]}-v1"'},
    )
    assert changed.status_code == 200, changed.get_json()
    body = changed.get_json()
    assert (body["publish_at"], body["unpublish_at"], body["published"]) == (
        _z(start), _z(end), False)  # fmt: skip
    stored = db.session.scalar(select(Product.publish_at).where(Product.id == draft["id"]))
    assert stored == start
    read = client.get(f"/api/v1/products/{draft['id']}", headers=auth).get_json()
    assert read["publish_at"] == _z(start)


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"publish_at": "2020-01-01T00:00:00Z"}, "publish_at", "in the future"),
        ({"publish_at": "2031-01-01T06:00:00"}, "publish_at", "timezone"),
        ({"publish_at": "soon"}, "publish_at", "datetime"),
        ({"published": True, "publish_at": "2031-01-01T06:00:00Z"}, "publish_at", "untick"),
        ({"unpublish_at": "2031-01-01T06:00:00Z"}, "unpublish_at", "published or scheduled"),
    ],
)
def test_a_bad_schedule_is_a_422_naming_the_field(client, auth, draft, body, field, message):
    response = client.patch(
        f"/api/v1/products/{draft['id']}",
        json=body,
        headers={**auth, "If-Match": f'"product-{draft["id"]}-v1"'},
    )
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    errors = response.get_json()["errors"][field]
    assert any(message.lower() in error.lower() for error in errors), errors
    db.session.expire_all()
    product = db.session.get(Product, draft["id"])
    assert product.version == 1 and product.publish_at is None


def test_publishing_by_hand_through_the_api_ends_the_wait(client, auth, draft):
    tag = f'"product-{draft["id"]}-v1"'
    start = _z(utcnow() + timedelta(days=1))
    scheduled = client.patch(
        f"/api/v1/products/{draft['id']}",
        json={"publish_at": start},
        headers={**auth, "If-Match": tag},
    )
    published = client.patch(
        f"/api/v1/products/{draft['id']}",
        json={"published": True},
        headers={**auth, "If-Match": scheduled.headers["ETag"]},
    )
    assert published.status_code == 200
    assert published.get_json()["published"] is True
    assert published.get_json()["publish_at"] is None
