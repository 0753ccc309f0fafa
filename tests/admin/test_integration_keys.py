"""Integration keys: made by admins in the admin, shown once, stored hashed, acting through
the API with their own role and name in the audit log, until revoked or expired."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import select

from shop.accounts import integration_keys
from shop.accounts.models import IntegrationKey
from shop.audit.models import AuditEntry
from shop.dbtypes import utcnow
from shop.extensions import db
from tests.helpers.a11y import assert_accessible
from tests.helpers.factories import make_category
from tests.helpers.forms import csrf_token_from


def _create(admin_client, **fields):
    token = csrf_token_from(admin_client.get("/admin/users/keys/new").get_data(as_text=True))
    data = {"name": "Warehouse stock sync", "role": "staff", "lifetime": "90", **fields}
    return admin_client.post("/admin/users/keys/new", data={**data, "csrf_token": token})


def _key_from(html: str) -> str:
    start = html.index(integration_keys.PREFIX)
    return html[start : html.index('"', start)]


def _bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def test_a_key_is_shown_once_and_only_its_hash_is_kept(app, admin_client):
    response = _create(admin_client)
    html = response.get_data(as_text=True)
    assert response.status_code == 201 and response.headers["Cache-Control"] == "no-store"
    assert_accessible(html)
    assert "This is the only time the key is shown." in html
    key = _key_from(html)
    assert len(key) > 40
    [row] = db.session.scalars(select(IntegrationKey))
    assert row.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert (row.name, row.role, row.prefix) == ("Warehouse stock sync", "staff", key[:12])
    assert timedelta(days=89) < row.expires_at - utcnow() <= timedelta(days=90)
    stored = repr([getattr(row, c.key) for c in row.__table__.columns])
    assert key not in stored
    listing = admin_client.get("/admin/users/keys/").get_data(as_text=True)
    assert_accessible(listing)
    assert "Warehouse stock sync" in listing and key[:12] in listing and key not in listing
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "key"))
    assert [(e.action, e.entity_label) for e in entries] == [("create", "Warehouse stock sync")]


def test_a_bad_form_is_shown_again_with_the_error_and_makes_nothing(app, admin_client):
    for fields, message in [
        ({"name": "  "}, "Name the key after the job that uses it."),
        ({"lifetime": "7"}, "Not a valid choice"),
        ({"role": "owner"}, "Not a valid choice"),
    ]:
        response = _create(admin_client, **fields)
        assert response.status_code == 400, fields
        assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count(IntegrationKey.id))) == 0


def test_a_key_writes_through_the_api_in_its_own_name(app, admin_client, client):
    kitchen = make_category("Kitchen")
    key = _key_from(_create(admin_client).get_data(as_text=True))
    body = {"name": "Mug", "sku": "MUG-1", "price": "12.50", "category_id": kitchen.id}
    created = client.post("/api/v1/products", json=body, headers=_bearer(key))
    assert created.status_code == 201
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "product"))
    assert (entry.user_id, entry.user_email, entry.source) == (
        None,
        "key: Warehouse stock sync",
        "api",
    )
    db.session.expire_all()
    [row] = db.session.scalars(select(IntegrationKey))
    assert row.last_used_at is not None and row.last_used_from == "127.0.0.1"
    listing = admin_client.get("/admin/users/keys/").get_data(as_text=True)
    assert "from 127.0.0.1" in listing


def test_a_revoked_or_expired_key_is_refused_at_once(app, admin_client, client):
    key = _key_from(_create(admin_client).get_data(as_text=True))
    assert client.get("/api/v1/products?status=all", headers=_bearer(key)).status_code == 200
    [row] = db.session.scalars(select(IntegrationKey))
    page = "/admin/users/keys/"
    token = csrf_token_from(admin_client.get(page).get_data(as_text=True))
    response = admin_client.post(f"/admin/users/keys/{row.id}/revoke", data={"csrf_token": token})
    assert response.status_code == 302
    refused = client.get("/api/v1/products", headers=_bearer(key))
    assert refused.status_code == 401
    assert refused.content_type == "application/problem+json"
    assert "Revoked" in admin_client.get(page).get_data(as_text=True)

    other = _key_from(_create(admin_client, name="Nightly ERP").get_data(as_text=True))
    db.session.expire_all()
    row = db.session.scalar(select(IntegrationKey).where(IntegrationKey.name == "Nightly ERP"))
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert client.get("/api/v1/products", headers=_bearer(other)).status_code == 401
    assert "Expired" in admin_client.get(page).get_data(as_text=True)


def test_revoking_an_unknown_key_says_so(app, admin_client):
    page = "/admin/users/keys/"
    token = csrf_token_from(admin_client.get(page).get_data(as_text=True))
    response = admin_client.post("/admin/users/keys/999/revoke", data={"csrf_token": token})
    assert response.status_code == 302
    assert "There is no such key." in admin_client.get(page).get_data(as_text=True)
