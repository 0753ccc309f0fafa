"""Storefront speed as ratios to a bare Flask view, through the production stack.

Usage: python bench/bench_pages.py [--database sqlite|postgresql] [--products N]
                                   [--seconds S] [--rounds R] [--micro-cache] [--keep]

Seeds a catalogue of N products in a fresh database, starts gunicorn (deploy/gunicorn.conf.py,
production settings) behind Nginx (`manage.py nginx-config`) for the shop, and the same for
bench/bare_app.py, then measures each URL with wrk in R interleaved rounds and reports medians:
requests/s and latency as ratios to the bare view of the same run, and SQL queries per page
(X-Query-Count). Absolute numbers drift on a shared machine; quote the ratios. The seeded
database and work files are removed at the end unless --keep.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy.localstack import NGINX, NGINX_MAIN, ROOT, LocalStack, free_port, wait_for

PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/test"
WRK_THREADS, WRK_CONNECTIONS = 2, 8


def wrk(url: str, seconds: int) -> dict:
    out = subprocess.run(
        ["wrk", f"-t{WRK_THREADS}", f"-c{WRK_CONNECTIONS}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _ms(re.search(r"50%\s+([\d.]+)(us|ms|s)\b", out)),
        "p99": _ms(re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)),
        "errors": int(bad.group(1)) if bad else 0,
    }


def _ms(match: re.Match) -> float:
    value, unit = float(match.group(1)), match.group(2)
    return {"us": value / 1000, "ms": value, "s": value * 1000}[unit]


def fetch(url: str) -> tuple[str, dict]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8", "replace"), dict(response.headers)


def database_url(kind: str, tmp: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp / 'bench.sqlite3'}"
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    base = PG_DEFAULT.replace("postgresql://", "postgresql+psycopg://")
    name = f"shop_bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return base.rsplit("/", 1)[0] + "/" + name


def media_key(db_url: str) -> str | None:
    """A stored image rendition to fetch (the smallest WebP of some product image)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(db_url, poolclass=NullPool)
    with engine.connect() as conn:
        renditions = conn.execute(text("SELECT renditions FROM product_images LIMIT 1")).scalar()
    engine.dispose()
    if isinstance(renditions, str):
        renditions = json.loads(renditions)
    return renditions[0]["webp"] if renditions else None


# The same main configuration as the shop's Nginx (deploy/localstack.py), with a server block
# that only maps the two folders: no logging, no headers, no regular expressions.
MINIMAL_SERVER = """\
server {{
    listen 127.0.0.1:{port};
    access_log off;
    location /static/ {{ alias {static}/; }}
    location /media/ {{ alias {media}/; }}
}}
"""


class SendfileServer:
    """The least a web server can do for a file: Nginx, sendfile, no logging, no headers."""

    def __init__(self, run_dir: Path, media_root: Path) -> None:
        self.run_dir, self.port = run_dir, free_port()
        run_dir.mkdir(parents=True, exist_ok=True)
        self.conf = run_dir / "nginx.conf"
        server = MINIMAL_SERVER.format(
            port=self.port, static=ROOT / "shop" / "static", media=media_root
        )
        user = "user root;" if os.geteuid() == 0 else ""
        self.conf.write_text(NGINX_MAIN.format(user=user, run=run_dir, server=server))
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> SendfileServer:
        command = [NGINX, "-c", str(self.conf), "-p", str(self.run_dir), "-e", "stderr"]
        self.process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
        wait_for(self.url + "/static/")
        return self

    def __exit__(self, *exc) -> None:
        self.process.send_signal(signal.SIGQUIT)
        self.process.wait(timeout=15)


def page_urls(base: str, db_url: str) -> dict[str, str]:
    home, _ = fetch(base + "/")
    category = re.search(r'class="category-tile" href="([^"]+)"', home).group(1)
    listing, _ = fetch(base + category)
    product = re.search(r'href="(/product/[^"]+)"', listing).group(1)
    css = re.search(r'href="(/static/css/shop\.[0-9a-f]{12}\.css)"', home).group(1)
    urls = {
        "home": "/",
        "category": category,
        "category p40": category + "?page=40",
        "all products": "/products/",
        "product": product,
        "search": "/search?q=oak",
        "api list": "/api/v1/products?category=" + category.strip("/").rsplit("/", 1)[-1],
        "api product": "/api/v1/products/by-slug/" + product.rsplit("/", 1)[-1],
        "static css": css,
    }
    key = media_key(db_url)
    if key:
        urls["media image"] = f"/media/{key}"
    return urls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--micro-cache", action="store_true")
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE for the shop")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the seeded database and work files (say, for bench_inprocess.py)",
    )
    args = parser.parse_args()

    # Stopped with SIGTERM (kill, a timeout): unwind, so the servers and files go too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    tmp = Path(tempfile.mkdtemp(prefix="shop-bench-pages-"))
    db_url = database_url(args.database, tmp)
    try:
        run(args, tmp, db_url)
    finally:
        if args.keep:
            print(f"Kept the database {db_url} and the work files in {tmp}")
        else:  # a million-product database takes 1.6 GB
            drop_database(db_url)
            shutil.rmtree(tmp, ignore_errors=True)


def drop_database(db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        return  # SQLite: a file in the work directory
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    base, name = db_url.rsplit("/", 1)
    engine = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def run(args: argparse.Namespace, tmp: Path, db_url: str) -> None:
    extra = dict(item.split("=", 1) for item in args.env)
    extra["SHOP_QUERY_COUNT_HEADER"] = "1"
    gunicorn = ["--workers", "5"]
    shop = LocalStack(
        run_dir=tmp / "shop",
        database_url=db_url,
        media_root=tmp / "media",
        gunicorn_args=gunicorn,
        micro_cache=args.micro_cache,
        extra_env=extra,
    )
    shop.migrate()
    print(f"Seeding {args.products} products ({args.database}) ...", flush=True)
    shop.manage("seed-demo", "--products", str(max(args.products - 40, 0)), "--no-images")
    shop.manage("seed-demo", "--products", "40", "--seed", "2")  # a few with pictures
    bare = LocalStack(
        run_dir=tmp / "bare",
        database_url=db_url,
        media_root=tmp / "media",
        gunicorn_args=gunicorn,
        app_spec="bench.bare_app:app",
        ready_path="/",
    )
    samples: dict[str, list[dict]] = {}
    sendfile = SendfileServer(tmp / "sendfile", tmp / "media")
    with shop, bare, sendfile:
        urls = {"bare view": bare.url + "/"}
        pages = page_urls(shop.url, db_url)
        urls.update({name: shop.url + path for name, path in pages.items()})
        # The same files from the minimal server (static under its unhashed name).
        urls["sendfile css"] = sendfile.url + re.sub(
            r"\.[0-9a-f]{12}(\.css)$", r"\1", pages["static css"]
        )
        if "media image" in pages:
            urls["sendfile media"] = sendfile.url + pages["media image"]
        queries = {}
        for name, url in urls.items():
            wrk(url, 1)  # warm up caches and connections
            _, headers = fetch(url)  # the steady state: a hit when pages are cached
            queries[name] = headers.get("X-Query-Count", "-")
        for round_number in range(args.rounds):
            print(f"Round {round_number + 1}/{args.rounds} ...", flush=True)
            for name, url in urls.items():
                samples.setdefault(name, []).append(wrk(url, args.seconds))
    report(samples, queries, args)


def report(samples: dict[str, list[dict]], queries: dict, args) -> None:
    medians = {
        name: {key: statistics.median(s[key] for s in runs) for key in runs[0]}
        for name, runs in samples.items()
    }
    bare = medians["bare view"]
    print()
    print(
        f"{args.database}, {args.products} products, wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} "
        f"-d{args.seconds}s x {args.rounds} rounds (medians)"
        + (", Nginx micro-cache" if args.micro_cache else "")
    )
    header = (
        f"{'page':<13} {'req/s':>8} {'x bare':>7} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'p99 x bare':>10} {'queries':>7} {'errors':>6}"
    )
    print(header)
    print("-" * len(header))
    for name, m in medians.items():
        print(
            f"{name:<13} {m['rps']:>8.0f} {m['rps'] / bare['rps']:>7.2f} {m['p50']:>7.1f} "
            f"{m['p99']:>7.1f} {m['p99'] / bare['p99']:>10.1f} {queries.get(name, '-'):>7} "
            f"{int(m['errors']):>6}"
        )
    for ours, theirs in (("static css", "sendfile css"), ("media image", "sendfile media")):
        if ours in medians and theirs in medians:
            ratio = medians[ours]["rps"] / medians[theirs]["rps"]
            print(f"{ours}: {ratio:.2f}x the requests/s of a minimal sendfile server")
    out = Path("bench/results")
    out.mkdir(parents=True, exist_ok=True)
    suffix = "-microcache" if args.micro_cache else ""
    suffix += "".join(f"-{item.lower().replace('=', '')}" for item in args.env)
    target = out / f"pages-{args.database}-{args.products}{suffix}.json"
    target.write_text(
        json.dumps({"args": vars(args), "medians": medians, "queries": queries}, indent=2)
    )
    print(f"\nSaved {target}")


if __name__ == "__main__":
    main()
