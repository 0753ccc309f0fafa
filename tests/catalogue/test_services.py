"""Catalogue services: slugs with suffixes, slug history, SKU checks, stale edits."""

from decimal import Decimal

import pytest

from shop.catalogue import services
from shop.catalogue.models import ProductSlugHistory
from shop.extensions import db
from tests.helpers.factories import make_category


def _new(name="Oak Stool", sku="OAK-1", **kw):
    category = kw.pop("category", None) or make_category()
    return services.create_product(
        name=name, sku=sku, price=Decimal("49.00"), category_id=category.id, **kw
    )


def test_slug_from_name_with_suffix_on_collision(app):
    assert _new(sku="A").slug == "oak-stool"
    assert _new(sku="B").slug == "oak-stool-2"
    assert _new(sku="C").slug == "oak-stool-3"


def test_slug_from_unicode_name(app):
    assert _new(name="Crème Brûlée Dish", sku="X").slug == "creme-brulee-dish"


def test_typed_slug_must_be_free(app):
    _new(sku="A")
    with pytest.raises(services.CatalogueError) as excinfo:
        _new(sku="B", slug="oak-stool")
    assert excinfo.value.field == "slug"


def test_sku_must_be_free(app):
    _new(sku="A")
    with pytest.raises(services.CatalogueError) as excinfo:
        _new(name="Other", sku="A")
    assert excinfo.value.field == "sku"


def test_changed_slug_is_remembered(app):
    product = _new(sku="A")
    services.update_product(product.id, expected_version=product.version, slug="oak-footstool")
    assert product.slug == "oak-footstool"
    history = db.session.query(ProductSlugHistory).one()
    assert history.slug == "oak-stool"
    # An old slug cannot be taken by another product: its URL already belongs to this one.
    assert _new(sku="B").slug == "oak-stool-2"


def test_going_back_to_an_old_slug(app):
    product = _new(sku="A")
    services.update_product(product.id, expected_version=product.version, slug="new-name")
    services.update_product(product.id, expected_version=product.version, slug="oak-stool")
    assert product.slug == "oak-stool"
    assert [h.slug for h in db.session.query(ProductSlugHistory)] == ["new-name"]


def test_stale_edit_is_refused_and_changes_nothing(app):
    product = _new(sku="A")
    loaded_version = product.version
    services.update_product(product.id, expected_version=loaded_version, stock=5)
    with pytest.raises(services.StaleEdit):
        services.update_product(product.id, expected_version=loaded_version, stock=99)
    db.session.expire_all()
    assert product.stock == 5


def test_price_update_is_exact(app):
    product = _new(sku="A")
    services.update_product(product.id, expected_version=product.version, price=Decimal("0.30"))
    db.session.expire_all()
    assert product.price == Decimal("0.30")
    assert product.price_cents == 30
