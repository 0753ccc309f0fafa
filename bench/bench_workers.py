"""Measures gunicorn worker models behind Nginx with wrk, to choose deploy/gunicorn.conf.py's.

Usage: python bench/bench_workers.py [--database-url URL] [--products N] [--seconds S]
Seeds a fresh catalogue, then for each worker model starts the production stack on loopback
and loads a category page and a product page with wrk. Prints requests/s and latency.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy.localstack import LocalStack

MODELS = {
    "sync x5": ["--worker-class", "sync", "--workers", "5"],
    "gthread 5x2": ["--worker-class", "gthread", "--workers", "5", "--threads", "2"],
    "gthread 3x4": ["--worker-class", "gthread", "--workers", "3", "--threads", "4"],
}


def wrk(url: str, seconds: int, connections: int = 16) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50_ms": _ms(p50),
        "p99_ms": _ms(p99),
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def _ms(match) -> float:
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def create_pg_database(base: str) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    name = f"shop_bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return base.rsplit("/", 1)[0] + "/" + name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=8)
    args = parser.parse_args()
    url = args.database_url.replace("postgresql://", "postgresql+psycopg://", 1)
    tmp = Path(tempfile.mkdtemp(prefix="shop-bench-"))
    database = create_pg_database(url) if url.startswith("postgresql") else url
    results = {}
    first = LocalStack(run_dir=tmp / "seed", database_url=database, media_root=tmp / "media")
    first.migrate()
    first.manage("seed-demo", "--products", str(args.products), "--no-images")
    for label, gunicorn_args in MODELS.items():
        stack = LocalStack(
            run_dir=tmp / label.replace(" ", "-"),
            database_url=database,
            media_root=tmp / "media",
            gunicorn_args=gunicorn_args,
        )
        with stack:
            page = subprocess.run(
                ["curl", "-s", stack.url + "/category/kitchen/"], capture_output=True, text=True
            ).stdout
            product = re.search(r'href="(/product/[^"]+)"', page).group(1)
            wrk(stack.url + "/", 2)  # warm up
            results[label] = {
                "category": wrk(stack.url + "/category/kitchen/", args.seconds),
                "product": wrk(stack.url + product, args.seconds),
            }
    print(f"{'model':<14} {'page':<9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}")
    for label, pages in results.items():
        for page, r in pages.items():
            print(
                f"{label:<14} {page:<9} {r['rps']:>8.0f} {r['p50_ms']:>8.1f} "
                f"{r['p99_ms']:>8.1f} {r['non_2xx']:>8}"
            )
    out = Path("bench/results")
    out.mkdir(parents=True, exist_ok=True)
    (out / "workers.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
