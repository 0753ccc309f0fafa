"""Categories through the API: one category, create, change, delete, the tree's rules."""

from __future__ import annotations

import pytest

from shop.catalogue import services
from tests.helpers.factories import make_category, make_product


def _etag(client, auth, category_id: int) -> str:
    return client.get(f"/api/v1/categories/{category_id}", headers=auth).headers["ETag"]


def test_create_nest_rename_and_see_it_in_the_tree_and_on_the_storefront(client, auth):
    kitchen = client.post("/api/v1/categories", json={"name": "Kitchen"}, headers=auth)
    assert kitchen.status_code == 201
    kitchen_id = kitchen.get_json()["id"]
    assert kitchen.headers["Location"] == f"/api/v1/categories/{kitchen_id}"
    pots = client.post(
        "/api/v1/categories", json={"name": "Pots", "parent_id": kitchen_id}, headers=auth
    ).get_json()
    assert (pots["parent_id"], pots["published"], pots["slug"]) == (kitchen_id, True, "pots")

    renamed = client.patch(
        f"/api/v1/categories/{pots['id']}",
        json={"name": "Pots & Pans"},
        headers={**auth, "If-Match": _etag(client, auth, pots["id"])},
    )
    assert renamed.status_code == 200 and renamed.get_json()["name"] == "Pots & Pans"
    [root] = client.get("/api/v1/categories").get_json()["data"]
    assert [child["name"] for child in root["children"]] == ["Pots & Pans"]
    assert client.get(f"/category/{pots['slug']}/").status_code == 200


def test_hidden_categories_are_404_without_a_token(client, auth):
    hidden = make_category("Hidden", is_published=False)
    assert client.get(f"/api/v1/categories/{hidden.id}").status_code == 404
    seen = client.get(f"/api/v1/categories/{hidden.id}", headers=auth)
    assert seen.status_code == 200 and seen.get_json()["published"] is False


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "K"}, "name"),
        ({"name": "Kitchen", "parent_id": 999_999}, "parent_id"),
        ({"name": "Kitchen", "position": "1"}, "position"),
        ({"name": "Kitchen", "description": "x" * 20_001}, "description"),
    ],
)
def test_bad_fields_are_422(client, auth, body, field):
    response = client.post("/api/v1/categories", json=body, headers=auth)
    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == [field]
    assert client.get("/api/v1/categories").get_json()["data"] == []


def test_a_category_cannot_move_below_itself(client, auth):
    parent = make_category("Parent")
    child = make_category("Child", parent=parent)
    response = client.patch(
        f"/api/v1/categories/{parent.id}",
        json={"parent_id": child.id},
        headers={**auth, "If-Match": "*"},
    )
    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == ["parent_id"]


def test_only_an_empty_category_can_be_deleted(client, auth):
    full = make_category("Full")
    make_product(category=full)
    anything = {**auth, "If-Match": "*"}
    refused = client.delete(f"/api/v1/categories/{full.id}", headers=anything)
    assert refused.status_code == 409
    assert "still holds products" in refused.get_json()["detail"]
    empty = make_category("Empty")
    assert client.delete(f"/api/v1/categories/{empty.id}", headers=anything).status_code == 204
    assert client.delete(f"/api/v1/categories/{empty.id}", headers=anything).status_code == 404


def test_writes_need_a_token(client, staff_client):
    for c in (client, staff_client):
        assert c.post("/api/v1/categories", json={"name": "Kitchen"}).status_code == 401


def test_a_category_has_an_etag_and_answers_304(client, auth):
    kitchen = make_category("Kitchen")
    response = client.get(f"/api/v1/categories/{kitchen.id}")
    etag = response.headers["ETag"]
    assert etag.startswith(f'"category-{kitchen.id}-')
    again = client.get(f"/api/v1/categories/{kitchen.id}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""


def test_changes_need_a_current_if_match(client, auth, staff_user):
    kitchen = make_category("Kitchen")
    url = f"/api/v1/categories/{kitchen.id}"
    missing = client.patch(url, json={"name": "Cookware"}, headers=auth)
    assert missing.status_code == 428
    assert missing.content_type == "application/problem+json"
    before = _etag(client, auth, kitchen.id)

    # Someone else renames it meanwhile (through the staff pages' service).
    services.update_category(kitchen.id, name="Kitchenware", actor=staff_user)
    stale = client.patch(url, json={"name": "Cookware"}, headers={**auth, "If-Match": before})
    assert stale.status_code == 412
    assert stale.get_json()["current"]["name"] == "Kitchenware"
    current = stale.headers["ETag"]
    assert current != before
    assert client.delete(url, headers={**auth, "If-Match": before}).status_code == 412
    weak = client.patch(
        url, json={"name": "Cookware"}, headers={**auth, "If-Match": "W/" + current}
    )
    assert weak.status_code == 412

    renamed = client.patch(url, json={"name": "Cookware"}, headers={**auth, "If-Match": current})
    assert renamed.status_code == 200 and renamed.get_json()["name"] == "Cookware"
    assert renamed.headers["ETag"] not in (before, current)
    assert client.delete(url, headers={**auth, "If-Match": current}).status_code == 412
    gone = client.delete(url, headers={**auth, "If-Match": renamed.headers["ETag"]})
    assert gone.status_code == 204
