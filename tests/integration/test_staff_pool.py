"""Issue 13's probe replayed through Nginx: heavy staff saves never starve shoppers."""

from __future__ import annotations

import functools
import io
import re
import statistics
import threading
import time
from collections.abc import Callable

import pytest
import requests
from PIL import Image
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from tests.integration.stack import csrf_token, http_request, running_stack, sign_in

STAFF = "probe@example.com"
BUDGET_MESSAGE = (
    "These photos have 980 megapixels in all; one save can take at most 100. "
    "Upload fewer or smaller photos."
)


@pytest.fixture(scope="module")
def pools(pg_database, tmp_path_factory):
    """Shoppers' gunicorn and a staff pool (300 s timeout), two workers each, behind Nginx."""
    root = tmp_path_factory.mktemp("pools")
    with running_stack(pg_database, root, products=30, staff=STAFF, staff_instances=1) as stack:
        yield stack


@functools.cache
def flat_png() -> bytes:
    """49 megapixels (7000 x 7000, under SHOP_MAX_IMAGE_PIXELS) of one grey: about 60 KB."""
    buffer = io.BytesIO()
    Image.new("L", (7000, 7000), 128).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def photo(seed: int) -> bytes:
    """A 12-megapixel phone-sized JPEG with grain, so it costs what a real photo costs."""
    grain = Image.effect_noise((4000, 3000), 40 + seed)
    gradient = Image.linear_gradient("L").resize((4000, 3000))
    buffer = io.BytesIO()
    Image.merge("RGB", (grain, gradient, gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT))).save(
        buffer, "JPEG", quality=88
    )
    return buffer.getvalue()


def probe_files() -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("images", (f"flat-{i:02}.png", flat_png(), "image/png")) for i in range(20)]


def save_product(session: requests.Session, base: str, sku: str, files) -> requests.Response:
    form = session.get(f"{base}/admin/products/new", timeout=60).text
    fields = {
        "csrf_token": csrf_token(session, f"{base}/admin/products/new"),
        "name": f"Flat Probe {sku}",
        "slug": "",
        "sku": sku,
        "price": "12.00",
        "stock": "1",
        "category": re.search(r'<option value="([1-9][0-9]*)"', form).group(1),
        "description": "",
        "is_published": "y",
    }
    return session.post(
        f"{base}/admin/products/new", data=fields, files=files, allow_redirects=False, timeout=300
    )


def stored(stack, sku: str) -> tuple[int, int]:
    """Product rows and photo rows for `sku`."""
    engine = create_engine(stack.database_url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            products = conn.scalar(text("SELECT count(*) FROM products WHERE sku = :s"), {"s": sku})
            images = conn.scalar(
                text(
                    "SELECT count(*) FROM product_images i JOIN products p"
                    " ON p.id = i.product_id WHERE p.sku = :s"
                ),
                {"s": sku},
            )
    finally:
        engine.dispose()
    return products, images


def media_files(stack) -> int:
    return sum(1 for path in stack.media_root.rglob("*") if path.is_file())


def shopper_pages(stack) -> list[str]:
    home = http_request(stack.url + "/").text
    category = re.search(r'href="(/category/[^"]+)"', home).group(1)
    product = re.search(r'href="(/product/[^"]+)"', home).group(1)
    return ["/", "/products/", category, product, "/search?q=oak"]


def while_shopping(stack, work: Callable[[], list]) -> tuple[list, list[tuple[int, float]]]:
    """Run `work` (which starts and joins its own threads) while a shopper walks the
    storefront in a loop; the shopper's (status, seconds) for each page."""
    pages = shopper_pages(stack)
    visits: list[tuple[int, float]] = []
    done = threading.Event()

    def shop():
        n = 0
        while not done.is_set() or n < 10:
            started = time.perf_counter()
            try:
                status = http_request(stack.url + pages[n % len(pages)]).status
            except OSError:  # no answer within 15 s counts as a failure
                status = 0
            visits.append((status, time.perf_counter() - started))
            n += 1

    shopper = threading.Thread(target=shop)
    shopper.start()
    time.sleep(0.3)
    try:
        results = work()
    finally:
        done.set()
        shopper.join(timeout=120)
    return results, visits


def in_threads(calls: list[Callable[[], object]]) -> list:
    results: list = [None] * len(calls)

    def run(i):
        started = time.perf_counter()
        results[i] = (calls[i](), time.perf_counter() - started)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    return results


def report(label: str, visits: list[tuple[int, float]]) -> str:
    ms = sorted(seconds * 1000 for _, seconds in visits)
    line = (
        f"{label}: {len(ms)} shopper pages, p50 {statistics.median(ms):.0f} ms, max {ms[-1]:.0f} ms"
    )
    print(line)
    return line


def test_the_probe_is_refused_at_once_and_stores_nothing(pools):
    assert 800_000 < sum(len(f[1][1]) for f in probe_files()) < 2_000_000  # about 1 MB in all
    session = sign_in(pools.url, STAFF)
    files_before = media_files(pools)
    started = time.perf_counter()
    response = save_product(session, pools.url, "PROBE-1", probe_files())
    elapsed = time.perf_counter() - started
    print(f"probe refused in {elapsed * 1000:.0f} ms")
    assert response.status_code == 400
    assert BUDGET_MESSAGE in response.text
    assert elapsed < 5  # headers only, nothing decoded (the probe took more than 30 s)
    assert stored(pools, "PROBE-1") == (0, 0)
    assert media_files(pools) == files_before
    time.sleep(0.2)
    assert "POST /admin/products/new" in pools.access_log(staff=True)
    assert "/admin/" not in pools.access_log()


def test_five_probes_at_once_leave_shoppers_served(pools):
    sessions = [sign_in(pools.url, STAFF) for _ in range(5)]
    _, idle = while_shopping(pools, lambda: time.sleep(3) or [])
    results, visits = while_shopping(
        pools,
        lambda: in_threads(
            [
                functools.partial(save_product, s, pools.url, f"PROBE-{i}", probe_files())
                for i, s in enumerate(sessions, start=2)
            ]
        ),
    )
    report("idle", idle)
    report("during 5 probes", visits)
    print("probes answered in", ", ".join(f"{seconds * 1000:.0f} ms" for _, seconds in results))
    assert [r.status_code for r, _ in results] == [400] * 5
    assert all(BUDGET_MESSAGE in r.text for r, _ in results)
    assert {status for status, _ in visits} == {200}
    assert all(stored(pools, f"PROBE-{i}") == (0, 0) for i in range(2, 7))


def test_a_save_within_the_budget_still_succeeds(pools):
    session = sign_in(pools.url, STAFF)
    photos = [("images", (f"IMG_{i}.JPG", photo(i), "image/jpeg")) for i in range(3)]
    response = save_product(session, pools.url, "PHOTOS-1", photos)
    assert response.status_code == 302, response.text[:500]
    assert stored(pools, "PHOTOS-1") == (1, 3)
    page = http_request(pools.url + "/product/flat-probe-photos-1")
    assert page.status == 200 and page.text.count('type="image/webp"') >= 3


def test_heavy_saves_within_the_budget_run_on_the_staff_pool(pools):
    """Five saves of two 49-megapixel photos each (98 MP, just within the budget): real
    seconds of decoding at once, on the staff pool's two workers; shoppers keep theirs."""
    sessions = [sign_in(pools.url, STAFF) for _ in range(5)]
    files = [("images", (f"flat-{i}.png", flat_png(), "image/png")) for i in range(2)]
    results, visits = while_shopping(
        pools,
        lambda: in_threads(
            [
                functools.partial(save_product, s, pools.url, f"HEAVY-{i}", files)
                for i, s in enumerate(sessions)
            ]
        ),
    )
    report("during 5 heavy saves", visits)
    print("heavy saves answered in", ", ".join(f"{s:.1f} s" for _, s in results))
    assert [r.status_code for r, _ in results] == [302] * 5, [r.text[:300] for r, _ in results]
    assert {status for status, _ in visits} == {200}
    assert all(stored(pools, f"HEAVY-{i}") == (1, 2) for i in range(5))
