"""The staff product list in-process, filtered or not, against its 50 ms target at 1M products.

Usage: python bench/bench_staff_list.py [--database sqlite|postgresql] [--products N]
                                        [--requests R] [--keep] [--reuse DATABASE_URL]

Seeds N demo products in a fresh database (or measures DATABASE_URL as it is, with --reuse,
say the million-product database `bench_pages.py --keep` left), then makes the catalogue look
lived in: every product but one in twenty gets a photo row, and a bench staff account gets
audit entries on one product in five hundred (its "changed by me"). Signed in as that account,
it asks for each list URL R times through the whole Flask app (no server) and prints the
median and 90th percentile in ms, the SQL statements per page and whether the median is under
the target. Deep pages are reached by following the list's own "Next" links.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from html import unescape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

ROOT = Path(__file__).resolve().parent.parent
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TARGET_MS = 50.0
PASSWORD = "bench staff password 1"  # noqa: S105 - a throwaway account in a bench database
EMAIL = "bench-staff@example.com"


def fresh_database(kind: str, tmp: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp / 'bench.sqlite3'}"
    name = f"shop_bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(PG_DEFAULT, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return PG_DEFAULT.rsplit("/", 1)[0] + "/" + name


def drop_database(url: str) -> None:
    if not url.startswith("postgresql"):
        return
    base, name = url.rsplit("/", 1)
    engine = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def manage(url: str, *args: str) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SHOP_CONFIG": "production",
        "SECRET_KEY": "bench-" * 8,
        "SHOP_TRUSTED_HOSTS": "localhost",
        "MEDIA_ROOT": tempfile.gettempdir(),
    }
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def make_lived_in(app) -> None:
    """Photo rows on 19 products in 20, the bench account and its audit entries (once)."""
    from shop.accounts.models import User
    from shop.accounts.services import create_user
    from shop.extensions import db

    with app.app_context():
        if db.engine.dialect.name == "postgresql":  # production's limit is for pages, not this
            db.session.execute(text("SET LOCAL statement_timeout = 0"))
        if db.session.scalar(text("SELECT count(*) FROM product_images")) < 100:
            print("Adding photo rows to 19 products in 20 ...", flush=True)
            db.session.execute(
                text(
                    "INSERT INTO product_images (product_id, position, alt_text, width, height,"
                    " renditions, digest, created_at) SELECT id, 0, '', 640, 640, '[]', '',"
                    " created_at FROM products WHERE id % 20 <> 0"
                )
            )
        user = db.session.scalar(db.select(User).where(User.email == EMAIL))
        if user is None:
            user = create_user(EMAIL, PASSWORD, "staff")
            db.session.execute(
                text(
                    "INSERT INTO audit_log (created_at, user_id, user_email, action, entity_type,"
                    " entity_id, entity_label, changes, source) SELECT updated_at, :user, :email,"
                    " 'update', 'product', id, name, '{}', 'web' FROM products WHERE id % 500 = 7"
                ),
                {"user": user.id, "email": EMAIL},
            )
            db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as conn:
                conn = conn.execution_options(isolation_level="AUTOCOMMIT")
                # Minutes after a million photo rows: production's statement limit is not for it.
                conn.execute(text("SET statement_timeout = 0"))
                conn.execute(text("VACUUM ANALYZE products, product_images, audit_log"))


def signed_in_client(app):
    client = app.test_client()
    login_page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    answer = client.post("/login", data={"email": EMAIL, "password": PASSWORD, "csrf_token": token})
    assert answer.status_code == 302, "the bench account could not sign in"
    return client


def list_urls(client) -> dict[str, str]:
    tree = client.get("/admin/products/").get_data(as_text=True)
    options = re.findall(r'<option value="(\d+)">([^<]+)</option>', tree)
    top = next(value for value, label in options if not label.startswith("\u2014"))
    sub = next(value for value, label in options if label.startswith("\u2014"))
    urls = {
        "first page": "/admin/products/",
        "newest": "/admin/products/?sort=newest",
        "name": "/admin/products/?sort=name",
        "sku": "/admin/products/?sort=sku",
        "price low": "/admin/products/?sort=price_asc",
        "price high": "/admin/products/?sort=price_desc",
        "stock": "/admin/products/?sort=stock",
        "200 per page": "/admin/products/?per_page=200",
        "search oak": "/admin/products/?q=oak",
        "search 2 words": "/admin/products/?q=linen+slippers",
        "search sku": "/admin/products/?q=LR-5298",
        "search none": "/admin/products/?q=zzqx",
        "search 1 letter": "/admin/products/?q=e&sort=name",
        "category top": f"/admin/products/?category={top}",
        "category sub": f"/admin/products/?category={sub}&sort=price_asc",
        "drafts": "/admin/products/?status=draft",
        "published name": "/admin/products/?status=published&sort=name",
        "out of stock": "/admin/products/?stock=out",
        "low stock": "/admin/products/?stock=low&sort=stock",
        "no photo": "/admin/products/?photo=none",
        "changed by me": "/admin/products/?mine=1",
        "all filters": f"/admin/products/?q=oak&category={top}&status=published&stock=in",
        "drafts no photo": "/admin/products/?status=draft&photo=none&sort=name",
    }
    # Deep pages, reached as a person would: "Next" twenty times.
    for name, start in (("page 21", "/admin/products/"), ("page 21 name", urls["name"])):
        url = start
        for _ in range(20):
            html = client.get(url).get_data(as_text=True)
            found = re.search(r'<a href="([^"]+)" rel="next">', html)
            if not found:
                break
            url = unescape(found.group(1))
        urls[name] = url
    return urls


def measure(client, urls: dict[str, str], requests: int) -> None:
    print(f"{'list page':<18} {'p50 ms':>8} {'p90 ms':>8} {'queries':>8} {'matching':>14}  target")
    slow = 0
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p50, p90 = statistics.median(times), times[int(len(times) * 0.9)]
        status = re.search(r'role="status">\s*([^.<]+)', response.get_data(as_text=True))
        matching = status.group(1).split(" product")[0] if status else "?"
        verdict = "ok" if p50 < TARGET_MS else "SLOW"
        slow += verdict == "SLOW"
        queries = response.headers.get("X-Query-Count", "-")
        print(f"{name:<18} {p50:>8.1f} {p90:>8.1f} {queries:>8} {matching:>14}  {verdict}")
    print(f"\n{len(urls) - slow} of {len(urls)} list pages under {TARGET_MS:.0f} ms (median).")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="keep the seeded database")
    parser.add_argument("--reuse", metavar="DATABASE_URL", help="measure this database as it is")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="shop-bench-staff-"))
    url = args.reuse or fresh_database(args.database, tmp)
    if url.startswith("postgresql://"):
        url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    try:
        if not args.reuse:
            manage(url, "db", "upgrade")
            print(f"Seeding {args.products} products ...", flush=True)
            manage(url, "seed-demo", "--products", str(args.products), "--no-images")
        from shop import create_app

        app = create_app(
            {
                "SHOP_CONFIG": "production",
                "SECRET_KEY": "bench-" * 8,
                "SQLALCHEMY_DATABASE_URI": url,
                "TRUSTED_HOSTS": ["localhost"],
                "SHOP_PAGE_CACHE": False,
                "SHOP_QUERY_COUNT_HEADER": True,
                "SESSION_COOKIE_SECURE": False,
                "RATELIMIT_ENABLED": False,
            }
        )
        make_lived_in(app)
        client = signed_in_client(app)
        print(f"\n{url}")
        measure(client, list_urls(client), args.requests)
    finally:
        if args.keep or args.reuse:
            print(f"Kept the database {url}")
        else:
            drop_database(url)


if __name__ == "__main__":
    main()
