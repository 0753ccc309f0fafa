"""Command line: seed-demo is deterministic and fills a two-level tree; catalogue-empty."""

from sqlalchemy import func, select, text

from shop.catalogue.models import Category, Product
from shop.extensions import db


def _catalogue():
    return [
        (p.name, p.sku, p.price_cents, p.stock)
        for p in db.session.scalars(select(Product).order_by(Product.id))
    ]


def test_seed_demo_builds_a_two_level_tree(runner):
    result = runner.invoke(args=["seed-demo", "--products", "120", "--no-images", "--seed", "7"])
    assert result.exit_code == 0, result.output
    assert "Seeded 120 products" in result.output
    assert db.session.scalar(select(func.count()).select_from(Product)) == 120
    roots = db.session.scalars(select(Category).where(Category.parent_id.is_(None))).all()
    assert len(roots) == 6
    assert all(child.parent_id for root in roots for child in root.children)
    prices = [p.price_cents for p in db.session.scalars(select(Product))]
    assert min(prices) >= 100 and len(set(prices)) > 20


def test_seed_demo_is_deterministic(runner, app):
    runner.invoke(args=["seed-demo", "--products", "50", "--no-images", "--seed", "3"])
    first = _catalogue()
    db.session.execute(Product.__table__.delete())
    db.session.commit()
    runner.invoke(args=["seed-demo", "--products", "50", "--no-images", "--seed", "3"])
    assert _catalogue() == first


def test_seed_demo_twice_adds_more_with_unique_slugs(runner):
    runner.invoke(args=["seed-demo", "--products", "40", "--no-images"])
    result = runner.invoke(args=["seed-demo", "--products", "40", "--no-images"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count(func.distinct(Product.slug)))) == 80


def test_catalogue_empty(runner):
    assert runner.invoke(args=["catalogue-empty"]).exit_code == 0
    runner.invoke(args=["seed-demo", "--products", "1", "--no-images"])
    assert runner.invoke(args=["catalogue-empty"]).exit_code == 1


def _estimated_products() -> float | None:
    if db.engine.dialect.name != "postgresql":
        return None
    return db.session.scalar(text("SELECT reltuples FROM pg_class WHERE relname = 'products'"))


def test_seed_demo_signals_running_servers_and_refreshes_statistics(runner, app):
    signal = app.extensions["catalogue_signal"]
    before = signal.state()
    estimate_before = _estimated_products()
    db.session.commit()
    result = runner.invoke(args=["seed-demo", "--products", "30", "--no-images"])
    assert result.exit_code == 0, result.output
    assert signal.state() != before  # other processes re-read the catalogue version at once
    if estimate_before is not None:  # PostgreSQL: the planner's row estimate is current
        assert estimate_before < 30
        assert _estimated_products() == 30
