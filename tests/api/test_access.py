"""Every /api route from the URL map, for every kind of caller: who gets in, who gets 401."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import url_for
from flask_jwt_extended import create_access_token

from shop.accounts import integration_keys
from shop.dbtypes import utcnow
from shop.extensions import db
from tests.helpers.factories import (
    STAFF_PASSWORD,
    make_category,
    make_image,
    make_product,
    make_user,
)

OPEN = {"api-docs.openapi_json", "api_auth.issue_token", "api_auth.refresh_token",
        "api_auth.revoke_token"}  # fmt: skip
READS = {"GET"}


def _routes(app, targets):
    with app.test_request_context():
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
            if not rule.rule.startswith("/api/v1") or rule.endpoint in OPEN:
                continue
            url = url_for(rule.endpoint, **{name: targets[name] for name in rule.arguments})
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule.endpoint, method, url


@pytest.fixture
def targets(app):
    category = make_category("Kitchen")
    product = make_product("Mug", category=category, sku="MUG-1")
    image = make_image(product)
    return {
        "product_id": product.id,
        "image_id": image.id,
        "category_id": make_category("Empty").id,
        "sku": product.sku,
        "slug": product.slug,
    }


def _pair(client, email: str) -> dict:
    response = client.post("/api/v1/auth/token", json={"email": email, "password": STAFF_PASSWORD})
    return response.get_json()


@pytest.fixture
def callers(app, client):
    staff, admin = make_user("s@example.com", "staff"), make_user("a@example.com", "admin")
    revoked = _pair(client, staff.email)
    client.post("/api/v1/auth/revoke", json={"refresh_token": revoked["refresh_token"]})
    with app.app_context():
        expired = create_access_token(
            str(staff.id), expires_delta=timedelta(seconds=-1), additional_claims={"fam": "x"}
        )
    _, staff_key = integration_keys.create("Stock sync", "staff", 30, actor=admin)
    revoked_key_row, revoked_key = integration_keys.create("Old sync", "staff", 30, actor=admin)
    integration_keys.revoke(revoked_key_row.id, actor=admin)
    expired_key_row, expired_key = integration_keys.create("Past sync", "admin", 30, actor=admin)
    expired_key_row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    return {
        "staff": _pair(client, staff.email)["access_token"],
        "admin": _pair(client, admin.email)["access_token"],
        "staff key": staff_key,
        "expired": expired,
        "revoked": revoked["access_token"],
        "refresh as access": _pair(client, staff.email)["refresh_token"],
        "revoked key": revoked_key,
        "expired key": expired_key,
        "made-up key": integration_keys.PREFIX + "x" * 43,
    }


def test_every_route_is_known_here(app, targets):
    routes = list(_routes(app, targets))
    assert len(routes) >= 15  # every read and write of v1
    assert {method for _, method, _ in routes} == {"GET", "POST", "PATCH", "PUT", "DELETE"}


def test_anonymous_callers_read_but_never_write(app, client, targets):
    for endpoint, method, url in _routes(app, targets):
        response = client.open(url, method=method, json={})
        if method in READS:
            assert response.status_code in (200, 404), (endpoint, response.status_code)
        else:
            assert response.status_code == 401, (endpoint, method)


@pytest.mark.parametrize(
    "kind", ["expired", "revoked", "refresh as access", "revoked key", "expired key", "made-up key"]
)
def test_a_bad_token_is_401_everywhere_even_on_reads(app, client, targets, callers, kind):
    headers = {"Authorization": f"Bearer {callers[kind]}"}
    for endpoint, method, url in _routes(app, targets):
        response = client.open(url, method=method, json={}, headers=headers)
        assert response.status_code == 401, (kind, endpoint, method)
        assert response.content_type == "application/problem+json"


@pytest.mark.parametrize("role", ["staff", "admin", "staff key"])
def test_staff_and_admin_tokens_get_past_the_door(app, client, targets, callers, role):
    headers = {"Authorization": f"Bearer {callers[role]}"}
    for endpoint, method, url in _routes(app, targets):
        # Empty bodies: a write then fails validation (422), a precondition (428) or finds
        # nothing (404); never 401 or 403, and never a 5xx.
        response = client.open(url, method=method, json={}, headers=headers)
        assert response.status_code not in (401, 403), (role, endpoint, method)
        assert response.status_code < 500, (role, endpoint, method, response.get_data())
