"""The product form's attribute fields: typed controls through the field macro, validation
next to the field, values dropped with a new category, conflicts, escaping, query counts."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from shop.audit.queries import entries_for
from shop.catalogue import attribute_services, services
from shop.catalogue.models import Product, ProductAttributeValue
from shop.extensions import db
from tests.admin.test_xss import _assert_clean
from tests.helpers.a11y import assert_accessible
from tests.helpers.factories import make_category, make_product
from tests.helpers.forms import form_fields

SCRIPT = "<script>alert(1)</script>"
ATTR = '"><img src=x onerror=alert(1)>'


@pytest.fixture
def table(app):
    furniture = make_category("Furniture")
    tables = make_category("Tables", parent=furniture)
    create = attribute_services.create_attribute
    return {
        "furniture": furniture,
        "tables": tables,
        "material": create(furniture.id, name="Material", kind="choice", choices=["oak", "walnut"]),
        "width": create(furniture.id, name="Width", kind="number", unit="cm", position=1),
        "foldable": create(tables.id, name="Foldable", kind="boolean"),
        "product": make_product("Table", category=tables),
    }


def _url(product) -> str:
    return f"/admin/products/{product.id}/edit"


def _stored(product_id: int) -> dict[int, tuple]:
    rows = db.session.scalars(
        select(ProductAttributeValue).where(ProductAttributeValue.product_id == product_id)
    )
    return {r.attribute_id: (r.choice_id, r.number_milli, r.flag) for r in rows}


def _field_errors(html: str, name: str) -> str:
    start = html.index(f'id="{name}-error"')
    return unescape(html[start : html.index("</ul>", start)])


def test_the_form_shows_a_typed_field_per_attribute_of_the_category(staff_client, table):
    html = staff_client.get(_url(table["product"])).get_data(as_text=True)
    assert_accessible(html)
    material, width, foldable = table["material"], table["width"], table["foldable"]
    labels = re.findall(r'<label class="field__label" for="attribute_(\d+)">(.*?)</label>', html)
    assert labels == [
        (str(material.id), "Material"),
        (str(width.id), "Width (cm)"),
        (str(foldable.id), "Foldable"),
    ]
    assert re.search(rf'<input[^>]*id="attribute_{width.id}"[^>]*inputmode="decimal"', html)
    select_html = html[html.index(f'<select id="attribute_{material.id}"') :]
    options = re.findall(
        r"<option[^>]*>(.*?)</option>", select_html[: select_html.index("</select>")]
    )
    assert options == ["\u2014", "oak", "walnut"]
    yes_no = html[html.index(f'<select id="attribute_{foldable.id}"') :]
    assert re.findall(r"<option[^>]*>(.*?)</option>", yes_no[: yes_no.index("</select>")]) == [
        "\u2014", "Yes", "No"
    ]  # fmt: skip


def test_values_save_typed_and_are_audited(staff_client, table):
    product, width = table["product"], table["width"]
    html = staff_client.get(_url(product)).get_data(as_text=True)
    data = form_fields(html, "product-form")
    data |= {f"attribute_{width.id}": "80.5", f"attribute_{table['material'].id}": "walnut",
             f"attribute_{table['foldable'].id}": "yes"}  # fmt: skip
    response = staff_client.post(_url(product), data=data)
    assert response.status_code == 302
    walnut = table["material"].choices[1].id
    assert _stored(product.id) == {
        width.id: (None, 80500, None),
        table["material"].id: (walnut, None, None),
        table["foldable"].id: (None, None, True),
    }
    assert entries_for("product", product.id)[0].changes["attribute: Width"] == [None, "80.5 cm"]
    html = staff_client.get(_url(product)).get_data(as_text=True)
    assert f'id="attribute_{width.id}" inputmode="decimal" name="attribute_{width.id}"' in html
    assert 'value="80.5"' in html


@pytest.mark.parametrize(
    ("which", "typed", "message"),
    [
        ("width", "80,5", "Enter a number such as 80 or 80.5"),
        ("width", "1e3", "Enter a number such as 80 or 80.5"),
        ("material", "pine", "Not a valid choice"),
        ("foldable", "maybe", "Not a valid choice"),
    ],
)
def test_a_wrong_value_shows_the_form_again_with_the_message_and_writes_nothing(
    staff_client, table, which, typed, message
):
    product = table["product"]
    data = form_fields(staff_client.get(_url(product)).get_data(as_text=True), "product-form")
    field = f"attribute_{table[which].id}"
    data |= {field: typed, "name": "Renamed table"}
    response = staff_client.post(_url(product), data=data)
    assert response.status_code == 400
    assert message in _field_errors(response.get_data(as_text=True), field)
    db.session.expire_all()
    assert db.session.get(Product, product.id).name == "Table"
    assert _stored(product.id) == {}


def test_a_new_category_drops_the_values_it_does_not_have_and_says_so(staff_client, table):
    product, width = table["product"], table["width"]
    services.update_product(
        product.id, expected_version=product.version,
        attributes={width.id: "120", table["foldable"].id: "no"},
    )  # fmt: skip
    data = form_fields(staff_client.get(_url(product)).get_data(as_text=True), "product-form")
    data["category"] = str(table["furniture"].id)
    response = staff_client.post(_url(product), data=data, follow_redirects=True)
    html = unescape(response.get_data(as_text=True))
    assert "its new category has no Foldable, so that value was removed" in html
    assert _stored(product.id) == {width.id: (None, 120000, None)}
    assert f'id="attribute_{table["foldable"].id}"' not in html
    assert f'id="attribute_{width.id}"' in html


def test_a_stale_save_gives_the_409_page_with_the_attribute_typed(staff_client, table, staff_user):
    product, width = table["product"], table["width"]
    data = form_fields(staff_client.get(_url(product)).get_data(as_text=True), "product-form")
    services.update_product(  # someone else sets the width meanwhile
        product.id, expected_version=product.version, attributes={width.id: "90"}, actor=staff_user
    )
    data[f"attribute_{width.id}"] = "100"
    response = staff_client.post(_url(product), data=data)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert re.search(
        r'<th scope="row">Width \(cm\)</th><td class="pre">100</td><td class="pre">90</td>', html
    )
    assert _stored(product.id) == {width.id: (None, 90000, None)}
    assert 'value="90"' in html  # the form shows what is saved now


def test_a_new_product_gets_its_fields_after_the_first_save(staff_client, table):
    html = staff_client.get("/admin/products/new").get_data(as_text=True)
    assert "attribute_" not in html
    data = form_fields(html, "product-form")
    data |= {"name": "Desk", "sku": "DESK-1", "price": "10.00", "stock": "1",
             "category": str(table["tables"].id)}  # fmt: skip
    response = staff_client.post("/admin/products/new", data=data, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Fill in its attributes below." in html
    assert f'id="attribute_{table["foldable"].id}"' in html


def test_hostile_names_and_choices_are_escaped_in_the_product_form(staff_client):
    category = make_category("Cat")
    create = attribute_services.create_attribute
    hostile = create(category.id, name=f"M {SCRIPT}", kind="choice", choices=[f"v {ATTR}"])
    number = create(category.id, name=f"W {ATTR}", kind="number", unit=SCRIPT[:20])
    product = make_product("Stool", category=category)
    services.update_product(
        product.id, expected_version=product.version,
        attributes={hostile.id: f"v {ATTR}", number.id: "2"},
    )  # fmt: skip
    for url in (_url(product), f"/admin/products/{product.id}/duplicate"):
        html = staff_client.get(url).get_data(as_text=True)
        _assert_clean(html, url)
        assert "M &lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert 'selected value="v &#34;&gt;&lt;img src=x onerror=alert(1)&gt;"' in html


def test_the_edit_page_statements_do_not_grow_with_attributes(staff_client, table):
    product = table["product"]
    few = int(staff_client.get(_url(product)).headers["X-Query-Count"])
    for n in range(30):
        attribute_services.create_attribute(
            table["tables"].id, name=f"A{n}", kind="choice", choices=["x", "y"]
        )
    assert int(staff_client.get(_url(product)).headers["X-Query-Count"]) == few
