"""Models: exact money, UTC timestamps, constraints, optimistic locking, cascades."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from shop.catalogue.models import Product, ProductImage
from shop.extensions import db
from tests.helpers.factories import make_category, make_image, make_product


@pytest.mark.parametrize("amount", ["0.01", "0.10", "0.30", "19.99", "1234567.89", "21474836.47"])
def test_price_round_trips_exactly(app, amount):
    product = make_product(price=amount)
    db.session.expire_all()
    loaded = db.session.get(Product, product.id)
    assert loaded.price == Decimal(amount)
    assert str(loaded.price) == amount


def test_price_refuses_sub_cent_amounts(app):
    product = make_product()
    with pytest.raises(ValueError, match="two decimal places"):
        product.price = Decimal("1.005")


def test_price_must_be_positive(app):
    with pytest.raises(IntegrityError):
        make_product(price="0")
    db.session.rollback()


def test_stock_cannot_be_negative(app):
    with pytest.raises(IntegrityError):
        make_product(stock=-1)
    db.session.rollback()


def test_timestamps_are_aware_utc(app):
    product = make_product()
    db.session.expire_all()
    loaded = db.session.get(Product, product.id)
    assert loaded.created_at.tzinfo is not None
    assert loaded.created_at.utcoffset().total_seconds() == 0
    assert loaded.updated_at <= datetime.now(UTC)


def test_slug_and_sku_are_unique(app):
    product = make_product()
    with pytest.raises(IntegrityError):
        make_product(slug=product.slug)
    db.session.rollback()
    with pytest.raises(IntegrityError):
        make_product(sku=product.sku)
    db.session.rollback()


def test_version_counter_detects_concurrent_writes(app):
    product = make_product()
    assert product.version == 1
    product.stock = 3
    db.session.commit()
    assert product.version == 2
    # Someone else saved in between: the stale write must not win.
    with Session(db.engine) as other:
        other.get(Product, product.id).stock = 9
        other.commit()
    product.stock = 4
    with pytest.raises(StaleDataError):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(Product, product.id).stock == 9


def test_category_tree_of_any_depth(app):
    root = make_category("Root")
    child = make_category("Child", parent=root)
    grandchild = make_category("Grandchild", parent=child)
    db.session.expire_all()
    assert grandchild.parent.parent.name == "Root"
    assert [c.name for c in root.children] == ["Child"]


def test_deleting_a_product_deletes_its_images(app):
    product = make_product()
    make_image(product)
    make_image(product, position=1)
    db.session.delete(product)
    db.session.commit()
    assert db.session.scalars(select(ProductImage)).all() == []


def test_primary_image_is_position_zero(app):
    product = make_product()
    make_image(product, position=1, alt_text="second")
    make_image(product, position=0, alt_text="first")
    db.session.expire_all()
    loaded = db.session.get(Product, product.id)
    assert loaded.primary_image.alt_text == "first"
    assert [i.alt_text for i in loaded.images] == ["first", "second"]
