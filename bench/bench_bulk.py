"""Bulk changes to 10,000 products on SQLite and PostgreSQL, against the 10 s target.

Usage: python bench/bench_bulk.py [--database sqlite|postgresql] [--products N] [--chunk N]

Seeds N demo products in a fresh database, then runs each bulk action over all of them the
way the staff pages do (shop.catalogue.bulk: a snapshot of the versions, then chunks, each
one transaction with an audit entry per product and one catalogue-version move), and prints
the seconds each took, the products changed, the chunks and whether it met the target. The
order makes every action a real change: a price up 8 %, the stock set, a move to another
category, unpublish, publish, then delete.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from decimal import Decimal

from sqlalchemy import func, select

from bench.bench_staff_list import drop_database, fresh_database, manage

TARGET_SECONDS = 10.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--chunk", type=int, default=500)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="shop-bench-bulk-"))
    url = fresh_database(args.database, tmp)
    try:
        manage(url, "db", "upgrade")
        print(f"Seeding {args.products} products ({args.database}) ...", flush=True)
        manage(url, "seed-demo", "--products", str(args.products), "--no-images")
        run(url, tmp, args)
    finally:
        drop_database(url)


def run(url: str, tmp: Path, args: argparse.Namespace) -> None:
    from shop import create_app
    from shop.accounts.services import create_user
    from shop.audit.models import AuditEntry
    from shop.catalogue.bulk import BulkChange, apply_bulk, snapshot
    from shop.catalogue.models import Category, Product
    from shop.extensions import db
    from shop.images import MediaStorage

    app = create_app(
        {
            "SHOP_CONFIG": "production",
            "SECRET_KEY": "bench-" * 8,
            "SQLALCHEMY_DATABASE_URI": url,
            "TRUSTED_HOSTS": ["localhost"],
            "MEDIA_ROOT": str(tmp / "media"),
        }
    )
    with app.app_context():
        staff = create_user("bench-bulk@example.com", "bench bulk password 1", "staff")
        target = db.session.scalars(select(Category.id).where(Category.parent_id.is_not(None)))
        category_id = list(target)[-1]
        ids = list(db.session.scalars(select(Product.id)))
        storage = MediaStorage(app.config["MEDIA_ROOT"])
        actions = [
            BulkChange("price_percent", Decimal("8")),
            BulkChange("stock", 123_456),
            BulkChange("move", category_id),
            BulkChange("unpublish"),
            BulkChange("publish"),
            BulkChange("delete"),
        ]
        print(f"\n{url}: {len(ids)} products, chunks of {args.chunk}")
        print(
            f"{'action':<16} {'seconds':>8} {'changed':>8} {'chunks':>7} {'audit rows':>11}  target"
        )
        for change in actions:
            before = db.session.scalar(select(func.count()).select_from(AuditEntry))
            started = time.perf_counter()
            versions = snapshot(ids)  # the confirmation page's read, counted in
            outcome = apply_bulk(
                change, versions, actor=staff, storage=storage, chunk_size=args.chunk
            )
            seconds = time.perf_counter() - started
            audited = db.session.scalar(select(func.count()).select_from(AuditEntry)) - before
            verdict = "ok" if seconds < TARGET_SECONDS else "SLOW"
            print(
                f"{change.kind:<16} {seconds:>8.2f} {outcome.changed:>8} {outcome.chunks:>7}"
                f" {audited:>11}  {verdict}",
                flush=True,
            )
            assert audited == outcome.changed, "an audit entry per changed product"


if __name__ == "__main__":
    main()
