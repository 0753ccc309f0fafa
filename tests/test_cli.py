"""Command line: seed-demo (what it seeds is tested in tests/demo), catalogue-empty,
catalogue-recount."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, text

from shop.catalogue.models import Category, Product
from shop.extensions import db

ROOT = Path(__file__).resolve().parent.parent


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


@pytest.mark.parametrize("config", ["development", "production"])
def test_commands_print_only_their_own_output(tmp_path, config):
    """No alembic plugin announcements (seven INFO lines) before a command's output; a
    migration still says what it ran."""
    env = {
        **os.environ,
        "SHOP_CONFIG": config,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shop.db'}",
        "SECRET_KEY": "c" * 40,
        "SHOP_TRUSTED_HOSTS": "localhost",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args], capture_output=True, text=True, env=env,
            cwd=ROOT, timeout=120,
        )  # fmt: skip

    upgrade = run("db", "upgrade")
    assert upgrade.returncode == 0, upgrade.stderr
    assert "setup plugin" not in upgrade.stderr + upgrade.stdout
    assert "Running upgrade" in upgrade.stderr + upgrade.stdout
    empty = run("catalogue-empty")
    assert empty.returncode == 0, empty.stderr
    assert "alembic" not in empty.stderr + empty.stdout


def test_import_products(runner, tmp_path, staff_user):
    from shop.audit.models import AuditEntry
    from tests.helpers.factories import make_category

    make_category("Lamps", slug="lamps")
    good = tmp_path / "good.csv"
    good.write_bytes(b"sku;name;category;price\r\nN-1;Lamp;lamps;12,50\r\nN-2;Stool;lamps;3\r\n")
    result = runner.invoke(args=["import-products", str(good), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "2 rows read as UTF-8, separated by semicolon: 2 to create, 0 to update" in result.output
    assert "line 2: create 'N-1': 'Lamp'" in result.output and _catalogue() == []
    result = runner.invoke(args=["import-products", str(good), "--as", staff_user.email])
    assert result.exit_code == 0, result.output
    assert "Imported 2 new and 0 updated products" in result.output
    assert [row[:3] for row in _catalogue()] == [("Lamp", "N-1", 1250), ("Stool", "N-2", 300)]
    emails = db.session.scalars(select(AuditEntry.user_email).where(AuditEntry.source == "import"))
    assert set(emails) == {staff_user.email}
    # The same file again changes nothing; a bad one changes nothing and says why, by line.
    result = runner.invoke(args=["import-products", str(good)])
    assert "0 to create, 0 to update, 2 unchanged" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"sku,price,stock\r\nN-1,9,x\r\nN-3,1,1\r\n")
    before = _catalogue()
    result = runner.invoke(args=["import-products", str(bad)])
    assert result.exit_code == 1
    assert "line 2: 'N-1': stock: write a whole number" in result.output
    assert "line 3: 'N-3': A new product (no product has this SKU) needs name and category." in (
        result.output
    )
    assert _catalogue() == before
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\x00\xff" * 100)
    result = runner.invoke(args=["import-products", str(binary)])
    assert result.exit_code == 1 and "not text the shop can read" in result.output
    result = runner.invoke(args=["import-products", str(good), "--as", "nobody@example.com"])
    assert result.exit_code == 1 and "There is no account nobody@example.com." in result.output
