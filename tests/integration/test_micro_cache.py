"""Nginx micro-cache for anonymous pages: a second of caching, and a staff edit shows within it."""

from __future__ import annotations

import http.client
import re
import time
from datetime import UTC, datetime, timedelta

import pytest
import requests

from tests.helpers.factories import STAFF_PASSWORD
from tests.integration.stack import csrf_token, http_request, running_stack, sign_in


@pytest.fixture(scope="module")
def cached_stack(pg_database, tmp_path_factory):
    root = tmp_path_factory.mktemp("micro")
    with running_stack(
        pg_database, root, products=30, staff="cache@example.com", micro_cache=True
    ) as stack:
        yield stack


def test_anonymous_pages_are_cached_by_nginx(cached_stack):
    url = cached_stack.url + "/products/"
    # Entries live one second: on a loaded machine a pair of requests may straddle an expiry.
    statuses = []
    for _ in range(5):
        http_request(url)
        second = http_request(url)
        statuses.append(second.headers["X-Micro-Cache"])
        if statuses[-1] == "HIT":
            break
    assert second.status == 200
    assert statuses[-1] == "HIT", statuses
    assert "X-Accel-Expires" not in second.headers


def test_the_cache_key_is_the_host_the_page_is_rendered_from(cached_stack):
    """Probe finding: Nginx keyed on the request line's host while the app rendered from the
    Host header, so `GET http://127.0.0.1:PORT/ HTTP/1.1` with `Host: localhost:PORT` (both
    trusted) cached a page whose links name localhost for everyone asking for 127.0.0.1."""
    port = cached_stack.nginx_port
    for attempt in range(5):
        path = f"/?probe={attempt}-{time.monotonic_ns()}"  # a fresh cache entry each time
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        try:
            conn.request(
                "GET", f"http://127.0.0.1:{port}{path}", headers={"Host": f"localhost:{port}"}
            )
            crafted = conn.getresponse()
            assert f"http://localhost:{port}/" in crafted.read().decode()
        finally:
            conn.close()
        honest = http_request(f"http://127.0.0.1:{port}{path}")
        assert honest.status == 200
        assert f"localhost:{port}" not in honest.text, honest.headers["X-Micro-Cache"]
        assert f"http://127.0.0.1:{port}/" in honest.text


def test_signed_in_staff_bypass_the_micro_cache(cached_stack):
    session = sign_in(cached_stack.url, "cache@example.com")
    for _ in range(2):
        response = session.get(cached_stack.url + "/products/", timeout=15)
        assert response.headers["X-Micro-Cache"] == "BYPASS"


def test_a_price_edit_is_visible_within_a_second(cached_stack):
    # A product sold as one item: a product with variants takes its prices on its variants.
    listed = requests.get(cached_stack.url + "/api/v1/products?sort=name", timeout=15).json()
    product = next(p for p in listed["data"] if not p["variants"])
    product_path = f"/product/{product['slug']}"
    assert http_request(cached_stack.url + product_path).status == 200
    assert http_request(cached_stack.url + product_path).headers["X-Micro-Cache"] == "HIT"

    session = sign_in(cached_stack.url, "cache@example.com")
    edit_path = f"/admin/products/{product['id']}/edit"
    form = session.get(cached_stack.url + edit_path, timeout=15).text
    inputs = re.findall(r"<input[^>]*>", form)
    fields = {
        re.search(r'name="(\w+)"', tag).group(1): re.search(r'value="([^"]*)"', tag).group(1)
        for tag in inputs
        if 'type="checkbox"' not in tag
        and 'type="file"' not in tag
        and "value=" in tag
        and 'name="' in tag
    }
    # The category menu's choice (the form's other menus are the attributes').
    menu = re.search(r'<select[^>]*name="category"[^>]*>(.*?)</select>', form, re.S).group(1)
    selected = re.search(r'<option[^>]*\bselected\b[^>]*value="(\d+)"', menu) or re.search(
        r'<option[^>]*value="(\d+)"[^>]*\bselected', menu
    )
    fields.update(
        {
            "csrf_token": csrf_token(session, cached_stack.url + edit_path),
            "price": "7.77",
            "category": selected.group(1),
            "is_published": "y",
            "description": "",
        }
    )
    saved = session.post(cached_stack.url + edit_path, data=fields, allow_redirects=False)
    assert saved.status_code == 302, saved.text[:300]
    saved_at = time.monotonic()
    while True:
        if "€7.77" in http_request(cached_stack.url + product_path).text:
            break
        assert time.monotonic() - saved_at < 1.5, "the edit was not visible within a second"
        time.sleep(0.05)


def test_api_answers_to_a_token_are_never_kept_for_others(cached_stack):
    """A staff token may read drafts: with Authorization, Nginx neither serves nor stores."""
    token = requests.post(
        cached_stack.url + "/api/v1/auth/token",
        json={"email": "cache@example.com", "password": STAFF_PASSWORD},
        timeout=15,
    ).json()["access_token"]
    url = cached_stack.url + "/api/v1/products?per_page=1"
    for _ in range(2):
        response = http_request(url, headers={"Authorization": f"Bearer {token}"})
        assert response.status == 200
        assert response.headers["X-Micro-Cache"] == "BYPASS"


def test_a_scheduled_product_appears_on_time_through_nginx(cached_stack):
    """Scheduled 3 s ahead through the API, then only read, as shoppers do, through Nginx
    with its micro-cache warm: not before the moment, and at once after it (the app makes
    the change when a page is read; Nginx keeps no copy across the moment)."""
    token = requests.post(
        cached_stack.url + "/api/v1/auth/token",
        json={"email": "cache@example.com", "password": STAFF_PASSWORD},
        timeout=15,
    ).json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    listing = http_request(cached_stack.url + "/products/?sort=price_desc").text
    slug = re.search(r'href="/product/([^"]+)"', listing).group(1)
    api = requests.get(
        f"{cached_stack.url}/api/v1/products/by-slug/{slug}", headers=auth, timeout=15
    )
    # 0.3 s into a second: a copy kept "until the end of this second" would be 0.7 s late.
    at = (datetime.now(UTC) + timedelta(seconds=3)).replace(microsecond=300_000)
    moment = at.timestamp()
    product = api.json()
    changed = requests.patch(
        f"{cached_stack.url}/api/v1/products/{product['id']}",
        json={"published": False, "publish_at": at.isoformat()},
        headers={**auth, "If-Match": f'"product-{product["id"]}-v{product["version"]}"'},
        timeout=15,
    )
    assert changed.status_code == 200, changed.text
    page = f"{cached_stack.url}/product/{slug}"
    seen = []
    while True:
        asked = time.time()
        reply = http_request(page)
        seen.append((round(asked - moment, 2), reply.status, reply.headers.get("X-Micro-Cache")))
        if reply.status == 200:
            break
        assert reply.status == 404, seen
        assert asked - moment < 0.4, f"not on the shop 0.4 s after its moment: {seen}"
        time.sleep(0.05)
    assert asked >= moment - 0.05, f"on the shop before its moment: {seen}"
    assert any(status == 404 and cache == "HIT" for _, status, cache in seen), seen
