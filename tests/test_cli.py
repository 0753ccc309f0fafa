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


def test_catalogue_recount_repairs_counts_and_bumps_the_version(runner, app):
    assert runner.invoke(args=["seed-demo", "--products", "30", "--no-images"]).exit_code == 0
    version = db.session.execute(text("SELECT version FROM catalogue_state")).scalar()
    result = runner.invoke(args=["catalogue-recount"])
    assert result.exit_code == 0, result.output
    assert "0 had wrong counts" in result.output

    # Rows changed behind the triggers' back (as a restore without them would).
    db.session.execute(text("UPDATE category_counts SET published = published + 7"))
    db.session.execute(text("DELETE FROM category_counts WHERE category_id IN "
                            "(SELECT min(category_id) FROM category_counts)"))  # fmt: skip
    db.session.commit()
    wrong = db.session.execute(text("SELECT count(*) FROM category_counts")).scalar() + 1
    result = runner.invoke(args=["catalogue-recount"])
    assert f"{wrong} had wrong counts" in result.output
    counted = db.session.execute(
        text("SELECT category_id, count(*) FROM products WHERE is_published GROUP BY 1")
    ).all()
    kept = db.session.execute(
        text("SELECT category_id, published FROM category_counts WHERE published > 0")
    ).all()
    assert sorted(counted) == sorted(kept)
    assert db.session.execute(text("SELECT version FROM catalogue_state")).scalar() > version + 1
