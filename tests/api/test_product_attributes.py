"""Products in the API carry their attribute values: in attribute order, numbers as exact
decimal strings, yes/no as booleans, names and values as they were typed (JSON, not HTML)."""

from __future__ import annotations

from shop.catalogue import attribute_services, services
from shop.catalogue.models import Product
from shop.extensions import db
from tests.helpers.factories import make_category, make_product

SCRIPT = "<script>alert(1)</script>"
ATTR = '"><img src=x onerror=alert(1)>'


def _set(product: Product, values: dict) -> None:
    product = db.session.get(Product, product.id)
    services.update_product(product.id, expected_version=product.version, attributes=values)


def test_a_product_shows_its_values_in_attribute_order_and_exactly(client):
    furniture = make_category("Furniture")
    tables = make_category("Tables", parent=furniture)
    create = attribute_services.create_attribute
    foldable = create(tables.id, name="Foldable", kind="boolean")
    material = create(furniture.id, name=f"M {SCRIPT}", kind="choice", choices=[f"v {ATTR}"])
    width = create(furniture.id, name="Width", kind="number", unit="cm", position=-1)
    create(furniture.id, name="Height", kind="number", unit="cm")  # not set: not listed
    product = make_product("Table", category=tables)
    _set(product, {foldable.id: "no", material.id: f"V {ATTR}", width.id: "0.10"})
    bare = make_product("Bare", category=tables)

    response = client.get(f"/api/v1/products/{product.id}")
    assert response.mimetype == "application/json"
    assert response.get_json()["attributes"] == [
        {"name": "Width", "kind": "number", "value": "0.1", "unit": "cm"},
        {"name": f"M {SCRIPT}", "kind": "choice", "value": f"v {ATTR}", "unit": ""},
        {"name": "Foldable", "kind": "boolean", "value": False, "unit": ""},
    ]
    listed = {p["id"]: p["attributes"] for p in client.get("/api/v1/products").get_json()["data"]}
    assert listed[bare.id] == []
    assert [a["name"] for a in listed[product.id]] == ["Width", f"M {SCRIPT}", "Foldable"]


def test_a_list_runs_the_same_statements_with_many_products_and_values(client):
    category = make_category("Cat")
    sizes = [
        attribute_services.create_attribute(category.id, name=f"A{n}", kind="number")
        for n in range(10)
    ]

    def statements(url: str) -> int:
        client.get(url)  # the category tree and version are read once per change
        return int(client.get(url).headers["X-Query-Count"])

    first = make_product("P0", category=category)
    _set(first, {sizes[0].id: "1"})
    small = statements("/api/v1/products?per_page=24&sort=name")
    for n in range(1, 20):
        _set(make_product(f"P{n}", category=category), {a.id: str(n) for a in sizes})
    response = client.get("/api/v1/products?per_page=24&sort=name")
    assert len(response.get_json()["data"]) == 20
    assert all(len(p["attributes"]) == 10 for p in response.get_json()["data"][1:])
    assert statements("/api/v1/products?per_page=24&sort=name") == small <= 3
