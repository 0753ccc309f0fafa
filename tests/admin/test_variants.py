"""The staff variants page: add options and values, save the table, errors, 409, escaping."""

from __future__ import annotations

from sqlalchemy import select

from shop.catalogue import variant_services
from shop.catalogue.models import Product
from shop.catalogue.variant_models import ProductOption, ProductVariant
from shop.extensions import db
from tests.helpers.a11y import assert_accessible, labels
from tests.helpers.factories import make_image, make_product
from tests.helpers.forms import csrf_token_from, form_fields

HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']


def _url(product: Product) -> str:
    return f"/admin/products/{product.id}/variants"


def _variants(product: Product) -> list[ProductVariant]:
    db.session.expire_all()
    stmt = select(ProductVariant).where(ProductVariant.product_id == product.id)
    return list(db.session.scalars(stmt.order_by(ProductVariant.position)))


def _add_option(client, product, name, values) -> object:
    html = client.get(_url(product)).get_data(as_text=True)
    data = form_fields(html, "option-form") | {"option-name": name, "option-values": values}
    return client.post(f"{_url(product)}/options", data=data)


def test_staff_add_an_option_and_save_the_table(staff_client):
    product = make_product(sku="TEE", price="12.50")
    edit = staff_client.get(f"/admin/products/{product.id}/edit").get_data(as_text=True)
    assert f'href="{_url(product)}"' in edit
    response = _add_option(staff_client, product, "Size", "S, M\nL")
    assert response.status_code == 302
    page = staff_client.get(_url(product))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert_accessible(html)
    assert [v.sku for v in _variants(product)] == ["TEE-s", "TEE-m", "TEE-l"]
    small = _variants(product)[0]
    assert labels(html)["Price of Size: S"] == f"price_{small.id}"
    data = form_fields(html, "variants-form")
    data |= {f"price_{small.id}": "9.90", f"stock_{small.id}": "4"}
    data[f"published_{small.id}"] = "y"
    saved = staff_client.post(_url(product), data=data)
    assert saved.status_code == 302
    small = _variants(product)[0]
    assert (small.price_cents, small.stock, small.is_published) == (990, 4, True)
    product = db.session.get(Product, product.id)
    assert (product.price_cents, product.stock, product.variant_count) == (990, 4, 3)


def test_bad_cells_come_back_with_their_errors_and_nothing_is_saved(staff_client):
    product = make_product(sku="MUG")
    make_product(sku="TAKEN")
    _add_option(staff_client, product, "Size", "S, M")
    small, medium = _variants(product)
    html = staff_client.get(_url(product)).get_data(as_text=True)
    data = form_fields(html, "variants-form")
    data |= {f"price_{small.id}": "abc", f"stock_{small.id}": "5"}
    response = staff_client.post(_url(product), data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'id="price_{small.id}-error"' in page
    assert_accessible(page)
    data[f"price_{small.id}"] = "3.00"
    data[f"sku_{medium.id}"] = "TAKEN"
    response = staff_client.post(_url(product), data=data)
    assert response.status_code == 400
    assert f'id="sku_{medium.id}-error"' in response.get_data(as_text=True)
    assert "Another product already has this SKU." in response.get_data(as_text=True)
    assert [v.stock for v in _variants(product)] == [0, 0]


def test_a_stale_table_gets_the_conflict_page(staff_client):
    product = make_product(sku="CAP")
    _add_option(staff_client, product, "Colour", "Red")
    html = staff_client.get(_url(product)).get_data(as_text=True)
    data = form_fields(html, "variants-form")
    fresh = db.session.get(Product, product.id)
    variant_services.add_option(
        product.id, name="Size", values=["S"], expected_version=fresh.version
    )
    response = staff_client.post(_url(product), data=data)
    assert response.status_code == 409
    assert "Someone else saved this product" in response.get_data(as_text=True)


def test_values_are_added_removed_and_variants_deleted_on_purpose(staff_client):
    product = make_product(sku="SOCK")
    _add_option(staff_client, product, "Size", "S")
    option = db.session.scalar(select(ProductOption).where(ProductOption.product_id == product.id))
    html = staff_client.get(_url(product)).get_data(as_text=True)
    token = csrf_token_from(html)
    version = str(db.session.get(Product, product.id).version)
    added = staff_client.post(
        f"{_url(product)}/options/{option.id}/values",
        data={"csrf_token": token, f"option{option.id}-version": version,
              f"option{option.id}-values": "M, L"},
    )  # fmt: skip
    assert added.status_code == 302
    assert [v.sku for v in _variants(product)] == ["SOCK-s", "SOCK-m", "SOCK-l"]
    value = option.values[0]
    db.session.expire_all()
    version = str(db.session.get(Product, product.id).version)
    refused = staff_client.post(
        f"{_url(product)}/values/{value.id}/remove", data={"csrf_token": token, "version": version}
    )
    assert refused.status_code == 400
    assert "SOCK-s" in refused.get_data(as_text=True)
    victim = _variants(product)[0]
    deleted = staff_client.post(
        f"{_url(product)}/{victim.id}/delete", data={"csrf_token": token, "version": version}
    )
    assert deleted.status_code == 302
    assert [v.sku for v in _variants(product)] == ["SOCK-m", "SOCK-l"]


def test_hostile_option_names_and_values_are_escaped(staff_client):
    product = make_product(sku="XSS")
    for n, text in enumerate(HOSTILE):
        response = _add_option(staff_client, product, f"{text}{n}", f"{text}, plain")
        assert response.status_code == 302
    html = staff_client.get(_url(product)).get_data(as_text=True)
    for text in HOSTILE:
        assert text not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert_accessible(html)


def test_a_variant_takes_one_of_the_product_photos(staff_client):
    product = make_product(sku="LAMP")
    make_image(product)
    second = make_image(product, position=1)
    stranger = make_image(make_product(sku="OTHER"))
    _add_option(staff_client, product, "Colour", "Red")
    [red] = _variants(product)
    html = staff_client.get(_url(product)).get_data(as_text=True)
    assert labels(html)["Photo of Colour: Red"] == f"photo_{red.id}"
    data = form_fields(html, "variants-form") | {f"photo_{red.id}": str(stranger.id)}
    refused = staff_client.post(_url(product), data=data)
    assert refused.status_code == 400
    assert f'id="photo_{red.id}-error"' in refused.get_data(as_text=True)
    data[f"photo_{red.id}"] = str(second.id)
    assert staff_client.post(_url(product), data=data).status_code == 302
    assert _variants(product)[0].image_id == second.id


def test_an_option_and_its_values_are_renamed_in_one_form(staff_client):
    product = make_product(sku="BELT")
    _add_option(staff_client, product, "Colour", "Red, Blue")
    option = db.session.scalar(select(ProductOption).where(ProductOption.product_id == product.id))
    red, blue = option.values
    html = staff_client.get(_url(product)).get_data(as_text=True)
    form_id = f"rename-{option.id}-form"
    data = form_fields(html, form_id) | {f"rename{option.id}-value_{red.id}": "Blue"}
    refused = staff_client.post(f"{_url(product)}/options/{option.id}/rename", data=data)
    assert refused.status_code == 400
    assert f'id="rename{option.id}-value_{blue.id}-error"' in refused.get_data(as_text=True)
    data |= {f"rename{option.id}-name": "Shade", f"rename{option.id}-value_{red.id}": "Crimson"}
    saved = staff_client.post(f"{_url(product)}/options/{option.id}/rename", data=data)
    assert saved.status_code == 302
    db.session.expire_all()
    option = db.session.get(ProductOption, option.id)
    assert (option.name, [v.value for v in option.values]) == ("Shade", ["Crimson", "Blue"])
    assert [v.sku for v in _variants(product)] == ["BELT-red", "BELT-blue"]
