"""Requests a program should not send: every one gets a 4xx problem, never a 500 (review
findings: ids past the database's integers, NUL characters, JSON a parser chokes on)."""

from __future__ import annotations

import pytest

from shop.catalogue.version import current_version
from tests.helpers.factories import make_category, make_product

HUGE = 2**31


@pytest.fixture
def product(app):
    return make_product("Mug", category=make_category("Kitchen"), sku="MUG-1")


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.content_type == "application/problem+json"
    return response.get_json()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", f"/api/v1/products/{HUGE}"),
        ("GET", "/api/v1/products/99999999999999999999999"),
        ("PATCH", f"/api/v1/products/{HUGE}"),
        ("DELETE", f"/api/v1/products/{HUGE}"),
        ("POST", f"/api/v1/products/{HUGE}/images"),
        ("GET", f"/api/v1/categories/{HUGE}"),
    ],
)
def test_ids_past_the_database_integers_are_not_found(client, auth, method, path):
    response = client.open(path, method=method, json={}, headers=auth)
    # No such address (werkzeug's router says 405 for some methods when the id is too long).
    _problem(response, 404 if response.status_code != 405 else 405)


def test_staff_pages_too(staff_client):
    assert staff_client.get(f"/admin/products/{HUGE}/edit").status_code == 404


@pytest.mark.parametrize(
    ("query", "field"), [(f"page={HUGE}", "page"), ("page=9223372036854775808", "page")]
)
def test_pages_past_any_listing_are_422(client, query, field):
    assert list(_problem(client.get("/api/v1/products?" + query), 422)["errors"]) == [field]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/products", {"category_id": HUGE}, "category_id"),
        ("/api/v1/products", {"category_id": 10**30}, "category_id"),
        ("/api/v1/categories", {"name": "Lamps", "parent_id": 10**30}, "parent_id"),
    ],
)
def test_references_past_the_database_integers_are_422(client, auth, path, body, field):
    body = {"name": "Mug", "sku": "M-2", "price": "1.00", **body} if "products" in path else body
    assert field in _problem(client.post(path, json=body, headers=auth), 422)["errors"]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/products", {"name": "Mu\u0000g", "sku": "M-3", "price": "1", "category_id": 1}),
        ("/api/v1/products/batch", {"items": [{"sku": "a\u0000", "stock": 1}]}),
        ("/api/v1/auth/token", {"email": "a\u0000@example.com", "password": "x"}),
    ],
)
def test_nul_characters_in_json_are_422(client, auth, product, path, body):
    _problem(client.post(path, json=body, headers=auth), 422)


def test_the_token_is_checked_before_nul_characters_in_forms_and_addresses(client, product):
    # Found by tests/api/test_generated_requests.py: the shop-wide NUL guard read the body first.
    form = client.post(f"/api/v1/products/{product.id}/images", data={"alt": "\u0000"})
    assert _problem(form, 401)["detail"].startswith("Writing needs")
    bad_token = {"Authorization": "Bearer not-a-token"}
    _problem(client.get("/api/v1/products?q=%00", headers=bad_token), 401)
    _problem(client.get("/api/v1/products?q=%00"), 400)  # no token: refused as the pages do


def test_json_a_parser_chokes_on_is_400_and_other_bodies_415(client, auth):
    digits = '{"stock": 1' + "0" * 5000 + "}"
    deep = "[" * 100_000
    for raw in (digits, deep, "{not json"):
        response = client.post(
            "/api/v1/products", data=raw, content_type="application/json", headers=auth
        )
        _problem(response, 400)
    text = client.post("/api/v1/products", data="name=Mug", content_type="text/plain", headers=auth)
    _problem(text, 415)


def test_if_match_compares_strongly_and_star_matches(client, auth, product):
    url = f"/api/v1/products/{product.id}"
    etag = client.get(url, headers=auth).headers["ETag"]
    weak = client.patch(url, json={"stock": 2}, headers={**auth, "If-Match": f"W/{etag}"})
    _problem(weak, 412)
    listed = client.patch(url, json={"stock": 2}, headers={**auth, "If-Match": f'"x", {etag}'})
    assert listed.status_code == 200
    star = client.patch(url, json={"stock": 3}, headers={**auth, "If-Match": "*"})
    assert star.status_code == 200 and star.get_json()["stock"] == 3


def test_a_put_that_changes_nothing_leaves_every_cache_alone(app, client, auth, product):
    body = {"name": "Mug", "price": "19.99", "category_id": product.category_id, "stock": 0}
    assert client.put("/api/v1/products/by-sku/MUG-1", json=body, headers=auth).status_code == 200
    with app.test_request_context():
        before = current_version()
    for _ in range(2):
        assert (
            client.put("/api/v1/products/by-sku/MUG-1", json=body, headers=auth).status_code == 200
        )
    with app.test_request_context():
        assert current_version() == before


def test_cached_answers_belong_to_their_script_root(client, product):
    for root in ("shopA", "shopB"):
        base = f"http://localhost/{root}/"
        one = client.get(f"/api/v1/products/{product.id}", base_url=base).get_json()
        assert one["url"] == f"http://localhost/{root}/product/{product.slug}"
        listed = client.get("/api/v1/products", base_url=base).get_json()
        assert listed["data"][0]["url"] == one["url"]
