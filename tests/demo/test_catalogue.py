"""Demo seeding: a deterministic two-level catalogue, bulk-inserted, that servers notice."""

from __future__ import annotations

from sqlalchemy import func, select, text

from shop.catalogue.models import Category, Product
from shop.demo.catalogue import seed_demo_catalogue
from shop.demo.data import CATALOGUE
from shop.extensions import db


def _catalogue():
    return [
        (p.name, p.sku, p.price_cents, p.stock, p.description)
        for p in db.session.scalars(select(Product).order_by(Product.id))
    ]


def test_seeding_builds_a_two_level_tree(app):
    progress: list[int] = []
    result = seed_demo_catalogue(120, 6, seed=7, progress=progress.append)
    assert result.products == 120 and sum(progress) == 120
    assert db.session.scalar(select(func.count()).select_from(Product)) == 120
    assert result.product_ids == sorted(db.session.scalars(select(Product.id)))
    roots = db.session.scalars(select(Category).where(Category.parent_id.is_(None))).all()
    assert len(roots) == 6
    leaves = [child for root in roots for child in root.children]
    assert leaves and all(not leaf.children for leaf in leaves)
    assert result.categories == len(leaves)  # the categories products went into
    used = set(db.session.scalars(select(Product.category_id).distinct()))
    assert used <= {leaf.id for leaf in leaves}
    prices = [p.price_cents for p in db.session.scalars(select(Product))]
    assert min(prices) >= 100 and len(set(prices)) > 20


def test_seeding_is_deterministic(app):
    seed_demo_catalogue(50, 6, seed=3)
    first = _catalogue()
    db.session.execute(Product.__table__.delete())
    db.session.commit()
    seed_demo_catalogue(50, 6, seed=3)
    assert _catalogue() == first


def test_seeding_twice_adds_more_with_unique_slugs(app):
    seed_demo_catalogue(40, 6, seed=1)
    result = seed_demo_catalogue(40, 6, seed=1)
    assert result.products == 40
    assert db.session.scalar(select(func.count(func.distinct(Product.slug)))) == 80
    assert db.session.scalar(select(func.count()).select_from(Category)) == len(
        set(db.session.scalars(select(Category.slug)))
    )  # categories are reused, not made again


def _estimated_products() -> float | None:
    if db.engine.dialect.name != "postgresql":
        return None
    return db.session.scalar(text("SELECT reltuples FROM pg_class WHERE relname = 'products'"))


def test_seeding_signals_running_servers_and_refreshes_statistics(app):
    signal = app.extensions["catalogue_signal"]
    before = signal.state()
    estimate_before = _estimated_products()
    db.session.commit()
    seed_demo_catalogue(30, 6, seed=1)
    assert signal.state() != before  # other processes re-read the catalogue version at once
    if estimate_before is not None:  # PostgreSQL: the planner's row estimate is current
        assert estimate_before < 30
        assert _estimated_products() == 30


def test_every_name_is_a_type_its_category_sells(app):
    result = seed_demo_catalogue(300, 6, seed=5)
    nouns = {
        sub: {k.noun for k in kinds}
        for _, subs in CATALOGUE.values()
        for sub, kinds in subs.items()
    }
    categories = {c.id: c.name for c in db.session.scalars(select(Category))}
    by_id = {o.product_id: o for o in result.pictures if o.position == 0}
    for product in db.session.scalars(select(Product)):
        sold = nouns[categories[product.category_id]]
        assert by_id[product.id].noun in sold
        assert [noun for noun in sold if f" {noun}" in f" {product.name}"], product.name
        assert product.name in by_id[product.id].alt_text


def test_picture_orders_follow_the_seed(app):
    first = seed_demo_catalogue(60, 6, seed=2).pictures
    db.session.execute(Product.__table__.delete())
    db.session.commit()
    again = seed_demo_catalogue(60, 6, seed=2).pictures
    assert [(o.noun, o.colour, o.alt_text) for o in again] == [
        (o.noun, o.colour, o.alt_text) for o in first
    ]
