"""Per-page latency inside one process (no server), to compare catalogue sizes side by side.

Usage: python bench/bench_inprocess.py DATABASE_URL [DATABASE_URL ...]
Prints the median and 90th percentile in ms of each storefront page over 40 requests, with
its SQL query count, for every database given (for example 10k and 1M products).
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shop import create_app

REQUESTS = 40


def measure(url: str) -> dict[str, tuple[float, float, str]]:
    app = create_app(
        {
            "SHOP_CONFIG": "production",
            "SECRET_KEY": "bench-" * 8,
            "SQLALCHEMY_DATABASE_URI": url.replace("postgresql://", "postgresql+psycopg://", 1),
            "TRUSTED_HOSTS": ["localhost"],
            "SHOP_PAGE_CACHE": False,
            "SHOP_QUERY_COUNT_HEADER": True,
        }
    )
    client = app.test_client()
    home = client.get("/").get_data(as_text=True)
    category = re.search(r'class="category-tile" href="([^"]+)"', home).group(1)
    listing = client.get(category).get_data(as_text=True)
    product = re.search(r'href="(/product/[^"]+)"', listing).group(1)
    pages = {
        "home": "/",
        "category": category,
        "category p40": category + "?page=40",
        "category p400": category + "?page=400",
        "product": product,
        "search oak": "/search?q=oak",
        "search 2 words": "/search?q=walnut+board",
    }
    results = {}
    for name, path in pages.items():
        if client.get(path).status_code != 200:  # warm (and: past the end in a small catalogue)
            continue
        times, queries = [], "-"
        for _ in range(REQUESTS):
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            queries = response.headers.get("X-Query-Count", "-")
        times.sort()
        results[name] = (statistics.median(times), times[int(len(times) * 0.9)], queries)
    return results


def main() -> None:
    for url in sys.argv[1:]:
        print(f"\n{url}")
        print(f"{'page':<16} {'p50 ms':>8} {'p90 ms':>8} {'queries':>8}")
        for name, (p50, p90, queries) in measure(url).items():
            print(f"{name:<16} {p50:>8.1f} {p90:>8.1f} {queries:>8}")


if __name__ == "__main__":
    main()
