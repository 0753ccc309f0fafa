"""GET /api/v1/categories: the tree shoppers see, counts with subcategories, ETags."""

from __future__ import annotations

from decimal import Decimal

from shop.catalogue import services
from tests.helpers.factories import make_category, make_product, make_products


def _tree(client) -> list[dict]:
    response = client.get("/api/v1/categories")
    assert response.status_code == 200
    assert response.content_type == "application/json"
    return response.get_json()["data"]


def test_the_tree_is_the_one_shoppers_see_with_counts_that_include_subcategories(client):
    kitchen = make_category("Kitchen", position=1)
    garden = make_category("Garden", position=0)
    pots = make_category("Pots", parent=kitchen)
    hidden = make_category("Hidden", is_published=False)
    make_category("Under hidden", parent=hidden)
    make_products(2, category=kitchen)
    make_products(3, category=pots)
    make_product(category=pots, is_published=False)  # drafts are not counted
    make_products(4, category=hidden)

    tree = _tree(client)

    assert [node["name"] for node in tree] == ["Garden", "Kitchen"]  # by position
    garden_node, kitchen_node = tree
    assert garden_node == {
        "id": garden.id,
        "slug": garden.slug,
        "name": "Garden",
        "parent_id": None,
        "product_count": 0,
        "children": [],
    }
    assert kitchen_node["product_count"] == 5
    [pots_node] = kitchen_node["children"]
    assert pots_node["id"] == pots.id and pots_node["parent_id"] == kitchen.id
    assert pots_node["product_count"] == 3


def test_one_statement_at_most_whatever_the_size_of_the_tree(client):
    def statements() -> int:
        response = client.get("/api/v1/categories")
        return int(response.headers["X-Query-Count"])

    parent = make_category()
    statements()  # the version and tree are read once per catalogue change
    small = statements()
    for _ in range(20):
        make_products(1, category=make_category(parent=parent))
    statements()
    assert statements() == small <= 1


def test_etag_follows_the_catalogue_version(client):
    product = make_product(category=make_category("Kitchen"))
    first = client.get("/api/v1/categories")
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "no-cache"

    again = client.get("/api/v1/categories", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == etag

    services.update_product(product.id, expected_version=product.version, price=Decimal("1.00"))
    changed = client.get("/api/v1/categories", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
