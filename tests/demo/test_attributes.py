"""Demo attributes: each subcategory's definitions, and values that agree with the product."""

from __future__ import annotations

import re

from sqlalchemy import select

from shop.catalogue.models import Attribute, Product, ProductAttributeValue
from shop.catalogue.variant_models import ProductOption
from shop.demo.catalogue import seed_demo_catalogue
from shop.extensions import db

MEASURES = ("Diameter", "Length", "Width", "Capacity")


def _values() -> dict[int, dict[str, ProductAttributeValue]]:
    names = {a.id: a.name for a in db.session.scalars(select(Attribute))}
    found: dict[int, dict[str, ProductAttributeValue]] = {}
    for value in db.session.scalars(select(ProductAttributeValue)):
        found.setdefault(value.product_id, {})[names[value.attribute_id]] = value
    return found


def test_products_have_values_of_their_own_categorys_attributes(app):
    seed_demo_catalogue(200, 6, seed=4)
    attributes = {a.id: a for a in db.session.scalars(select(Attribute))}
    assert attributes and any(a.is_filter for a in attributes.values())
    products = {p.id: p for p in db.session.scalars(select(Product))}
    with_values = set()
    for value in db.session.scalars(select(ProductAttributeValue)):
        attribute = attributes[value.attribute_id]
        assert attribute.category_id == products[value.product_id].category_id
        if attribute.kind == "choice":
            assert value.choice_id in {c.id for c in attribute.choices}
        with_values.add(value.product_id)
    assert with_values == set(products)  # every product has a specification


def test_a_measure_agrees_with_the_size_in_the_name(app):
    seed_demo_catalogue(400, 6, seed=4)
    values = _values()
    checked = 0
    for product in db.session.scalars(select(Product)):
        own = values.get(product.id, {})
        if product.variant_count:
            continue
        found = re.search(r", (\d+(?:\.\d+)?) (cm|l)$", product.name)
        measured = [own[name] for name in MEASURES if name in own]
        if found and measured:
            assert measured[0].number_milli == round(float(found.group(1)) * 1000), product.name
            checked += 1
    assert checked > 10


def test_a_product_sized_by_its_variants_has_no_single_measure(app):
    seed_demo_catalogue(400, 6, seed=4)
    values = _values()
    sized = [
        p
        for p in db.session.scalars(select(Product).where(Product.variant_count > 0))
        if any(o.name == "Size" for o in _options(p.id))
    ]
    assert sized
    for product in sized:
        assert not set(values.get(product.id, {})) & set(MEASURES), product.name


def _options(product_id: int) -> list[ProductOption]:
    return db.session.scalars(
        select(ProductOption).where(ProductOption.product_id == product_id)
    ).all()


def test_the_product_page_shows_the_specification(app, client):
    seed_demo_catalogue(40, 6, seed=4)
    product = db.session.scalars(
        select(Product).where(Product.is_published.is_(True)).order_by(Product.id)
    ).first()
    db.session.commit()
    html = client.get(f"/product/{product.slug}").get_data(as_text=True)
    assert "Specifications" in html and '<th scope="row">Material</th>' in html
