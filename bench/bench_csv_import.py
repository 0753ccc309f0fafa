"""A 100,000-row CSV import on SQLite and PostgreSQL, against the 60 s target.

Usage: python bench/bench_csv_import.py [--database sqlite|postgresql] [--rows N] [--existing N]

Seeds EXISTING demo products in a fresh database (a scratch one on PostgreSQL, dropped after),
writes a CSV of ROWS rows (the existing products exported, each with a new price and stock,
then new products, half with a slug and half with one made from the name), and times what
the staff page and `manage.py import-products` do: the dry run (read, check every row,
compare with the catalogue) and the apply (plan again, check the digest, write in one
transaction with an audit entry per product). Then the file is imported again (nothing to
do) and the catalogue exported and re-imported (nothing to do). Prints seconds and the share
of the target.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from bench.bench_staff_list import drop_database, fresh_database, manage

TARGET_SECONDS = 60.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--existing", type=int, default=50_000)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="shop-bench-import-"))
    url = fresh_database(args.database, tmp)
    try:
        manage(url, "db", "upgrade")
        print(f"Seeding {args.existing} products ({args.database}) ...", flush=True)
        manage(url, "seed-demo", "--products", str(args.existing), "--no-images")
        run(url, tmp, args)
    finally:
        drop_database(url)


def _csv(app, rows: int) -> bytes:
    """The existing products exported with a new price and stock, then new ones."""
    from shop.catalogue import csv_export
    from shop.catalogue.models import Category, Product
    from shop.catalogue.staff_list import StaffProductFilter
    from shop.extensions import db

    exported = "".join(csv_export.export_lines(StaffProductFilter()))
    reader = csv.reader(io.StringIO(exported.removeprefix(csv_export.BOM), newline=""))
    header, *existing = list(reader)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    # A product with variants takes its price and stock from them (the import refuses both):
    # its row changes its description instead.
    with_variants = set(db.session.scalars(select(Product.sku).where(Product.variant_count > 0)))
    for n, row in enumerate(existing[:rows]):
        if row[0] in with_variants:
            row[8] = f"{row[8]} Batch {n}."
        else:
            row[4] = f"{n % 900 + 1}.{n % 100:02d}"  # price
            row[5] = str(n % 500)  # stock
        writer.writerow(row)
    categories = list(db.session.scalars(select(Category.slug)))
    for n in range(rows - min(rows, len(existing))):
        slug = f"bench-new-{n}" if n % 2 else ""
        category = categories[n % len(categories)]
        writer.writerow([f"NEW-{n:07d}", f"Bench new item {n}", slug, category, f"{n % 300 + 1}.99",
                         str(n % 40), "yes" if n % 3 else "no", "no",
                         f"Imported product {n}.\nSecond line."])  # fmt: skip
    return out.getvalue().encode("utf-8")


def run(url: str, tmp: Path, args: argparse.Namespace) -> None:
    from shop import create_app
    from shop.accounts.services import create_user
    from shop.audit.models import AuditEntry
    from shop.catalogue import csv_export
    from shop.catalogue.csv_apply import apply_import
    from shop.catalogue.csv_import import plan_import
    from shop.catalogue.staff_list import StaffProductFilter
    from shop.extensions import db

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
        if db.engine.dialect.name == "postgresql":
            # Production's statement timeout is for pages; this is one long import.
            db.session.execute(select(func.set_config("statement_timeout", "0", False)))
        staff = create_user("bench-import@example.com", "bench import password 1", "staff")
        data = _csv(app, args.rows)
        print(f"\n{url}: {args.rows:,} rows, {len(data) / 1e6:.1f} MB", flush=True)
        print(f"{'step':<28} {'seconds':>8} {'creates':>8} {'updates':>8} {'unchanged':>9}  "
              f"share of {TARGET_SECONDS:.0f} s")  # fmt: skip

        def line(step: str, seconds: float, plan) -> None:
            share = seconds / TARGET_SECONDS
            print(f"{step:<28} {seconds:>8.2f} {len(plan.creates):>8} {len(plan.updates):>8} "
                  f"{plan.unchanged:>9}  {share:.0%}", flush=True)  # fmt: skip

        started = time.perf_counter()
        plan = plan_import(data)
        dry = time.perf_counter() - started
        assert not plan.errors, plan.errors[:3]
        line("dry run", dry, plan)
        audits = db.session.scalar(select(func.count()).select_from(AuditEntry))
        started = time.perf_counter()
        outcome = apply_import(data, expected_digest=plan.digest(), actor=staff)
        applied = time.perf_counter() - started
        line("apply (plans again)", applied, plan)
        line("dry run + apply", dry + applied, plan)
        added = db.session.scalar(select(func.count()).select_from(AuditEntry)) - audits
        assert added == outcome.created + outcome.updated, "an audit entry per product"
        started = time.perf_counter()
        again = plan_import(data)
        line("same file again (dry run)", time.perf_counter() - started, again)
        assert not again.creates and not again.updates
        started = time.perf_counter()
        exported = "".join(csv_export.export_lines(StaffProductFilter())).encode("utf-8")
        seconds = time.perf_counter() - started
        print(f"{'export':<28} {seconds:>8.2f}", flush=True)
        started = time.perf_counter()
        outcome = apply_import(exported, actor=staff)
        round_trip = plan_import(exported)
        line("export re-imported", time.perf_counter() - started, round_trip)
        assert (outcome.created, outcome.updated) == (0, 0)
        second = "".join(csv_export.export_lines(StaffProductFilter())).encode("utf-8")
        assert second == exported, "export -> import -> export is byte-identical"
        verdict = "ok" if dry + applied < TARGET_SECONDS else "SLOW"
        print(f"\n{args.rows:,} rows: dry run + apply {dry + applied:.1f} s of {TARGET_SECONDS:.0f}"
              f" s ({(dry + applied) / TARGET_SECONDS:.0%}): {verdict}")  # fmt: skip


if __name__ == "__main__":
    main()
