"""Command line: seed-demo (what it seeds is tested in tests/demo), catalogue-empty,
catalogue-recount."""

from sqlalchemy import select, text

from shop.catalogue.models import Category, Product
from shop.extensions import db


def _catalogue():
    return [
        (p.name, p.sku, p.price_cents, p.stock)
        for p in db.session.scalars(select(Product).order_by(Product.id))
    ]


def test_seed_demo_passes_its_options_and_reports(runner):
    args = ["seed-demo", "--products", "50", "--categories", "2", "--no-images", "--seed", "3"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    roots = db.session.scalars(select(Category).where(Category.parent_id.is_(None))).all()
    assert len(roots) == 2
    leaves = sum(len(root.children) for root in roots)  # products go into subcategories
    assert f"Seeded 50 products in {leaves} categories" in result.output
    assert "pictures" not in result.output  # --no-images
    first = _catalogue()
    assert len(first) == 50
    db.session.execute(Product.__table__.delete())
    db.session.commit()
    assert runner.invoke(args=args).exit_code == 0
    assert _catalogue() == first  # --seed reached the seeding


def test_catalogue_empty(runner):
    assert runner.invoke(args=["catalogue-empty"]).exit_code == 0
    runner.invoke(args=["seed-demo", "--products", "1", "--no-images"])
    assert runner.invoke(args=["catalogue-empty"]).exit_code == 1


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
