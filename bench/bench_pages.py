"""Storefront and API speed as ratios to a bare Flask view, through the production stack.

Usage: python bench/bench_pages.py [--database sqlite|postgresql] [--products N]
                                   [--seconds S] [--rounds R] [--micro-cache] [--keep]
                                   [--reuse DIR]

Seeds a catalogue of N products in a fresh database, starts gunicorn (deploy/gunicorn.conf.py,
production settings) behind Nginx (`manage.py nginx-config`) for the shop, and the same for
bench/bare_app.py, then measures each URL with wrk in R interleaved rounds and reports medians:
requests/s and latency as ratios to the bare view of the same run, and SQL queries per page
(X-Query-Count). Absolute numbers drift on a shared machine; quote the ratios. The seeded
database and work files are removed at the end unless --keep.

The API rows are a shopper's list (a category's first page) and product (by slug), and a
write: `PUT /api/v1/products/by-sku/<sku>`, the upsert a stock sync sends, with a staff access
token (an account the script creates; a fresh token for every run, so no run outlives one).
Each request sends a product's whole body with a stock that product has not had before, so
every request is a real change: the product's row and version, an audit entry, and a new
catalogue version (every cache moves on), not the no-op a repeated PUT would be. PATCH would
need each product's current ETag in If-Match, which wrk cannot carry from one answer to the
next request. Each wrk thread cycles through products of its own, more than its connections,
so no two requests in flight write the same product (which would be a 409). The write row's
errors count every answer that is not 2xx, and at the end the audit entries written are
checked against the requests answered.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy.localstack import NGINX, NGINX_MAIN, ROOT, LocalStack, free_port, wait_for

PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/test"
WRK_THREADS, WRK_CONNECTIONS = 2, 8


def wrk(url: str, seconds: int, script: Path | None = None) -> dict:
    command = ["wrk", f"-t{WRK_THREADS}", f"-c{WRK_CONNECTIONS}", f"-d{seconds}s", "--latency"]
    if script is not None:
        command += ["-s", str(script)]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    # wrk itself counts statuses of 400 and up; a script counts everything but 2xx.
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    not_2xx = re.search(r"Not 2xx \(script\): (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _ms(re.search(r"50%\s+([\d.]+)(us|ms|s)\b", out)),
        "p99": _ms(re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)),
        "errors": max(int(m.group(1)) if m else 0 for m in (bad, not_2xx)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
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


BENCH_EMAIL = "bench-writer@example.com"
# Products the write cycles through: a share for each wrk thread, more than its connections.
WRITE_PRODUCTS = 100
WRITE_LUA = """\
-- Written by bench/bench_pages.py: PUT each product with a stock it has not had yet.
local items = {{
{items}
}}
local per_thread, base = {per_thread}, {base}
wrk.method = "PUT"
wrk.headers["Authorization"] = "Bearer {token}"
wrk.headers["Content-Type"] = "application/json"
local threads, started = {{}}, 0
function setup(thread)
  thread:set("first", started * per_thread)
  started = started + 1
  table.insert(threads, thread)
end
sent, not_2xx = 0, 0
function request()
  local item = items[first + sent % per_thread + 1]
  local stock = base + math.floor(sent / per_thread)
  sent = sent + 1
  return wrk.format(nil, item[1], nil, item[2] .. stock .. "}}")
end
function response(status, headers, body)
  if status < 200 or status > 299 then not_2xx = not_2xx + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("not_2xx") end
  io.write(string.format("Not 2xx (script): %d\\n", total))
end
"""


class ApiWriter:
    """The write of the benchmark: a staff account, its access tokens, and a wrk script."""

    def __init__(self, shop: LocalStack, work: Path) -> None:
        self.shop, self.work = shop, work
        self.password = secrets.token_urlsafe(18)
        # An account of this invocation's own (a reused database has the earlier ones).
        self.email = BENCH_EMAIL.replace("@", f"-{uuid.uuid4().hex[:8]}@")
        shop.manage(
            "create-user", self.email, "--role", "staff", env={"SHOP_USER_PASSWORD": self.password}
        )
        # Each run starts its stock values above every earlier run's; an invocation starts
        # from the minute it began, so a reused database never gets a stock value again.
        self.runs = (int(time.time()) // 60) % 900 * 10  # stock stays under 10^9

    def token(self) -> str:
        body = json.dumps({"email": self.email, "password": self.password}).encode()
        request = urllib.request.Request(
            self.shop.url + "/api/v1/auth/token",
            data=body,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)["access_token"]

    def prepare(self) -> str:
        """The products to write (published ones, whole), as PUT paths and bodies."""
        listed, _ = fetch(f"{self.shop.url}/api/v1/products?per_page={WRITE_PRODUCTS}")
        self.items = []
        for product in json.loads(listed)["data"]:
            fields = {k: product[k] for k in ("name", "price", "category_id", "description")}
            body = json.dumps({**fields, "published": product["published"], "stock": 0})
            path = "/api/v1/products/by-sku/" + urllib.parse.quote(product["sku"], safe="")
            self.items.append((path, body.removesuffix("0}")))  # + stock + "}"
        return "/api/v1/products/by-sku/..."

    def next_base(self) -> int:
        self.runs += 1
        return self.runs * 100_000

    def script(self) -> Path:
        """A wrk script for the next run, with a fresh token and stock values."""
        items = ",\n".join(f"  {{{_lua(path)}, {_lua(body)}}}" for path, body in self.items)
        path = self.work / f"write-{self.runs + 1}.lua"
        path.write_text(
            WRITE_LUA.format(
                items=items,
                per_thread=len(self.items) // WRK_THREADS,
                base=self.next_base(),
                token=self.token(),
            )
        )
        return path

    def query_count(self) -> str:
        """X-Query-Count of one write (through Nginx, as wrk sends it)."""
        path, body = self.items[0]
        request = urllib.request.Request(
            self.shop.url + path,
            data=f"{body}{self.next_base()}}}".encode(),
            method="PUT",
            headers={"Authorization": f"Bearer {self.token()}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.headers.get("X-Query-Count", "-")

    def audit_entries(self, db_url: str) -> int:
        from sqlalchemy import create_engine, text
        from sqlalchemy.pool import NullPool

        engine = create_engine(db_url, poolclass=NullPool)
        with engine.connect() as conn:
            count = conn.execute(
                text("SELECT count(*) FROM audit_log WHERE source = 'api' AND user_email = :e"),
                {"e": self.email},
            ).scalar()
        engine.dispose()
        return count


def _lua(text: str) -> str:
    """`text` as a Lua long string (no escapes are read inside one)."""
    level = 0
    while f"]{'=' * level}]" in text:
        level += 1
    return f"[{'=' * level}[{text}]{'=' * level}]"


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
        help="keep the seeded database and work files (say, for bench_inprocess.py or --reuse)",
    )
    parser.add_argument(
        "--reuse",
        metavar="DIR",
        help="measure the database and files an earlier --keep run left in DIR (no seeding: "
        "say, a million products with other settings); removed afterwards unless --keep",
    )
    args = parser.parse_args()

    # Stopped with SIGTERM (kill, a timeout): unwind, so the servers and files go too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.reuse:
        tmp = Path(args.reuse)
        db_url = (tmp / "database_url").read_text().strip()
    else:
        tmp = Path(tempfile.mkdtemp(prefix="shop-bench-pages-"))
        db_url = database_url(args.database, tmp)
        (tmp / "database_url").write_text(db_url)
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
    if args.reuse:
        print(f"Reusing {db_url} ({args.database}, {args.products} products as given) ...")
    else:
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
    writer = ApiWriter(shop, tmp)
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
        # Last in each round: a write moves the catalogue version, so the next round's first
        # request of each page (per worker) builds it afresh.
        urls["api write"] = shop.url + writer.prepare()
        scripts = {"api write": writer.script}
        queries = {}
        for name, url in urls.items():
            script = scripts[name]() if name in scripts else None
            wrk(url, 1, script)  # warm up caches and connections
            if name in scripts:
                queries[name] = writer.query_count()
                continue
            _, headers = fetch(url)  # the steady state: a hit when pages are cached
            queries[name] = headers.get("X-Query-Count", "-")
        before = writer.audit_entries(db_url)
        for round_number in range(args.rounds):
            print(f"Round {round_number + 1}/{args.rounds} ...", flush=True)
            for name, url in urls.items():
                script = scripts[name]() if name in scripts else None
                samples.setdefault(name, []).append(wrk(url, args.seconds, script))
        answered = sum(sample["requests"] for sample in samples["api write"])
        written = writer.audit_entries(db_url) - before
    report(samples, queries, args)
    # Requests still in flight when wrk stops are written but not counted by wrk.
    print(
        f"api write: {answered} requests answered in the rounds, {written} audit entries "
        "written: "
        + ("every answer was a change" if written >= answered else "FEWER CHANGES THAN ANSWERS")
    )


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
