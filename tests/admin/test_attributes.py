"""Staff attribute pages: add, edit and delete a category's attributes; refusals next to the
field with nothing written; inherited attributes listed; hostile names escaped."""

from __future__ import annotations

from html import unescape

from sqlalchemy import func, select

from shop.catalogue import attribute_services, services
from shop.catalogue.models import Attribute, Product
from shop.extensions import db
from tests.admin.test_xss import _assert_clean
from tests.helpers.a11y import assert_accessible
from tests.helpers.factories import make_category, make_product
from tests.helpers.forms import csrf_token_from

SCRIPT = "<script>alert(1)</script>"
ATTR = '"><img src=x onerror=alert(1)>'


def _post(client, url: str, **data):
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


def _field_errors(html: str, name: str) -> str:
    start = html.index(f'id="{name}-error"')
    return unescape(html[start : html.index("</ul>", start)])


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Attribute))


def test_staff_add_a_choice_list_and_subcategories_list_it_as_inherited(staff_client):
    furniture = make_category("Furniture")
    tables = make_category("Tables", parent=furniture)
    url = f"/admin/categories/{furniture.id}/attributes/new"
    response = _post(staff_client, url, name="Material", kind="choice", unit="ignored",
                     position="2", is_filter="y", choices="oak\r\n\r\n walnut \r\noak")  # fmt: skip
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/categories/{furniture.id}/attributes/"
    attribute = db.session.scalars(select(Attribute)).one()
    assert (attribute.name, attribute.kind, attribute.unit, attribute.position) == (
        "Material", "choice", "", 2
    )  # fmt: skip
    assert attribute.is_filter
    assert [c.value for c in attribute.choices] == ["oak", "walnut"]

    html = staff_client.get(f"/admin/categories/{tables.id}/attributes/").get_data(as_text=True)
    assert_accessible(html)
    assert "Material" in html and "oak, walnut" in html
    assert f'href="/admin/categories/{furniture.id}/attributes/">Furniture</a>' in html
    assert f"/admin/attributes/{attribute.id}/edit" not in html  # edited where it is defined
    edit_page = staff_client.get(f"/admin/categories/{furniture.id}/edit").get_data(as_text=True)
    assert f'href="/admin/categories/{furniture.id}/attributes/"' in edit_page


def test_bad_input_shows_the_form_again_with_the_message_and_writes_nothing(staff_client):
    category = make_category("Lamps")
    url = f"/admin/categories/{category.id}/attributes/new"
    response = _post(staff_client, url, name="Colour", kind="choice", position="x", choices=" ")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Enter at least one value" in _field_errors(html, "choices")
    assert "Enter a whole number" in _field_errors(html, "position")
    assert _post(staff_client, url, name="Colour", kind="text", position="0").status_code == 400
    attribute_services.create_attribute(category.id, name="Wattage", kind="number")
    response = _post(staff_client, url, name="WATTAGE", kind="boolean", position="0")
    assert response.status_code == 400
    assert "already has an attribute of this name" in _field_errors(
        response.get_data(as_text=True), "name"
    )
    assert _count() == 1


def test_kind_is_locked_and_used_choices_stay_once_products_have_values(staff_client):
    category = make_category("Chairs")
    attribute = attribute_services.create_attribute(
        category.id, name="Material", kind="choice", choices=["oak", "walnut"]
    )
    product = make_product("Chair", category=category)
    services.update_product(
        product.id, expected_version=product.version, attributes={attribute.id: "oak"}
    )
    url = f"/admin/attributes/{attribute.id}/edit"
    html = staff_client.get(url).get_data(as_text=True)
    assert "1 products have a value of this attribute, so its kind cannot change." in html

    response = _post(staff_client, url, name="Material", kind="number", position="0", choices="")
    assert response.status_code == 400
    assert "its kind cannot change" in _field_errors(response.get_data(as_text=True), "kind")
    response = _post(
        staff_client, url, name="Material", kind="choice", position="0", choices="walnut"
    )
    assert response.status_code == 400
    assert "\u201coak\u201d is the value of 1 product;" in _field_errors(
        response.get_data(as_text=True), "choices"
    )
    response = _post(
        staff_client, url, name="Wood", kind="choice", position="3", choices="Oak\nbeech"
    )
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(Attribute, attribute.id)
    assert (saved.name, saved.position, [c.value for c in saved.choices]) == (
        "Wood", 3, ["Oak", "beech"]
    )  # fmt: skip


def test_delete_says_how_many_products_lose_a_value(staff_client):
    category = make_category("Desks")
    attribute = attribute_services.create_attribute(category.id, name="Width", kind="number")
    for n in range(2):
        product = make_product(f"Desk {n}", category=category)
        services.update_product(
            product.id, expected_version=product.version, attributes={attribute.id: "120"}
        )
    url = f"/admin/attributes/{attribute.id}/delete"
    page = staff_client.get(url).get_data(as_text=True)
    assert_accessible(page)
    assert "2 products will lose their values of it." in page
    response = _post(staff_client, url)
    assert response.status_code == 302
    flashed = unescape(staff_client.get(response.headers["Location"]).get_data(as_text=True))
    assert "Deleted the attribute \u201cWidth\u201d; 2 products lost a value." in flashed
    assert _count() == 0
    assert db.session.scalar(select(func.count()).select_from(Product)) == 2


def test_hostile_names_and_choices_are_escaped_on_every_attribute_page(staff_client):
    category = make_category(f"C {SCRIPT}")
    child = make_category("Child", parent=category)
    attribute = attribute_services.create_attribute(
        category.id, name=f"N {ATTR}", kind="choice", choices=[f"{SCRIPT}", f"x {ATTR}"]
    )
    number = attribute_services.create_attribute(
        child.id, name=f"W {SCRIPT}", kind="number", unit=ATTR[:20]
    )
    pages = [
        f"/admin/categories/{category.id}/attributes/",
        f"/admin/categories/{child.id}/attributes/",
        f"/admin/attributes/{attribute.id}/edit",
        f"/admin/attributes/{attribute.id}/delete",
        f"/admin/attributes/{number.id}/edit",
        f"/admin/categories/{category.id}/attributes/new",
    ]
    for url in pages:
        response = staff_client.get(url)
        assert response.status_code == 200, url
        _assert_clean(response.get_data(as_text=True), url)
    html = staff_client.get(pages[2]).get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;\nx &#34;&gt;&lt;img" in html  # the textarea
