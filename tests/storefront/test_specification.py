"""The product page's specification table: set values in attribute order, exact numbers with
their unit, yes/no as words, everything escaped, one statement however many attributes."""

from __future__ import annotations

import re
from html import unescape

from shop.catalogue import attribute_services, services
from shop.catalogue.models import Product
from shop.extensions import db
from tests.admin.test_xss import _assert_clean
from tests.helpers.factories import make_category, make_product

SCRIPT = "<script>alert(1)</script>"
ATTR = '"><img src=x onerror=alert(1)>'


def _rows(html: str) -> list[tuple[str, str]]:
    table = html[html.index('<table class="specification">') : html.index("</table>")]
    cells = re.findall(r'<tr><th scope="row">(.*?)</th><td>(.*?)</td></tr>', table, re.S)
    return [(unescape(name), unescape(value)) for name, value in cells]


def _set(product: Product, values: dict) -> None:
    services.update_product(product.id, expected_version=product.version, attributes=values)


def test_the_table_shows_set_values_in_order_with_units_and_words(app, client):
    furniture = make_category("Furniture", slug="furniture")
    tables = make_category("Tables", parent=furniture)
    create = attribute_services.create_attribute
    material = create(furniture.id, name="Material", kind="choice", choices=["oak"], position=5)
    width = create(furniture.id, name="Width", kind="number", unit="cm", position=1)
    height = create(furniture.id, name="Height", kind="number", unit="cm", position=2)
    ratio = create(tables.id, name="Ratio", kind="number", position=1)
    foldable = create(tables.id, name="Foldable", kind="boolean", position=0)
    product = make_product("Table", category=tables, slug="table")
    _set(product, {width.id: "80.50", material.id: "oak", foldable.id: "no", ratio.id: "0.125"})

    html = client.get("/product/table").get_data(as_text=True)
    # Furniture's first (Width, Material by position; Height is not set), then Tables'.
    assert _rows(html) == [
        ("Width", "80.5 cm"),
        ("Material", "oak"),
        ("Foldable", "No"),
        ("Ratio", "0.125"),
    ]
    assert height.id  # defined, not set: no row
    assert '<h2 id="specification-title">Specifications</h2>' in html


def test_a_product_without_values_has_no_table(app, client):
    make_product("Bare", slug="bare")
    html = client.get("/product/bare").get_data(as_text=True)
    assert client.get("/product/bare").status_code == 200
    assert "specification" not in html


def test_values_of_an_attribute_the_category_no_longer_inherits_are_not_shown(app, client):
    old_parent = make_category("Old")
    new_parent = make_category("New")
    leaf = make_category("Leaf", parent=old_parent)
    colour = attribute_services.create_attribute(
        old_parent.id, name="Colour", kind="choice", choices=["red"]
    )
    size = attribute_services.create_attribute(leaf.id, name="Size", kind="number")
    product = make_product("Thing", category=leaf, slug="thing")
    _set(product, {colour.id: "red", size.id: "3"})
    services.update_category(leaf.id, parent_id=new_parent.id)
    assert _rows(client.get("/product/thing").get_data(as_text=True)) == [("Size", "3")]


def test_hostile_names_and_values_are_escaped_on_the_page_and_in_the_staff_history(
    app, client, staff_client
):
    category = make_category("Cat", slug="cat")
    create = attribute_services.create_attribute
    hostile = create(category.id, name=f"M {SCRIPT}", kind="choice", choices=[f"v {ATTR}"])
    number = create(category.id, name=f"W {ATTR}", kind="number", unit=SCRIPT[:20], position=1)
    product = make_product("Stool", category=category, slug="stool")
    _set(product, {hostile.id: f"V {ATTR}", number.id: "2"})

    html = client.get("/product/stool").get_data(as_text=True)
    _assert_clean(html, "product page")
    assert _rows(html) == [(f"M {SCRIPT}", f"v {ATTR}"), (f"W {ATTR}", f"2 {SCRIPT[:20]}")]
    staff_html = staff_client.get(f"/admin/products/{product.id}/edit").get_data(as_text=True)
    _assert_clean(staff_html, "product form history")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in staff_html


def test_the_page_runs_the_same_statements_with_many_attributes(app, client):
    category = make_category("Cat", slug="cat")
    few = make_product("Few", category=category, slug="few")
    one = attribute_services.create_attribute(category.id, name="A0", kind="number")
    _set(few, {one.id: "1"})
    small = int(client.get("/product/few").headers["X-Query-Count"])

    values = {}
    for n in range(1, 40):
        kind = ("choice", "number", "boolean")[n % 3]
        attribute = attribute_services.create_attribute(
            category.id, name=f"A{n}", kind=kind, choices=["x", "y"], position=n
        )
        values[attribute.id] = {"choice": "y", "number": str(n), "boolean": "yes"}[kind]
    _set(db.session.get(Product, few.id), values)
    response = client.get("/product/few")
    assert len(_rows(response.get_data(as_text=True))) == 40
    assert int(response.headers["X-Query-Count"]) == small == 4
