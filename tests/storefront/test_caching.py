"""Anonymous page cache: keyed on the catalogue version, never personal, with ETags and 304s."""

from __future__ import annotations

import re
import time
import uuid
from decimal import Decimal

import pytest
import redis
from sqlalchemy import select

from shop.catalogue import services
from shop.catalogue.models import Product
from shop.extensions import db
from tests.helpers.clock import ManualClock
from tests.helpers.factories import make_category, make_product

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def cached_app(make_app, database_url):
    from tests.helpers.database import reset_database

    app = make_app(SHOP_PAGE_CACHE=True, CACHE_KEY_PREFIX=f"t{uuid.uuid4().hex[:8]}:")
    with app.app_context():
        reset_database(database_url)
        yield app
        db.session.remove()


@pytest.fixture
def product(cached_app):
    return make_product("Stoneware Mug", category=make_category("Kitchen"), price="12.00")


def _get(client, url, **headers):
    response = client.get(url, headers=headers)
    return response, response.get_data(as_text=True)


def test_second_request_is_served_from_the_cache(cached_app, product):
    client = cached_app.test_client()
    first, body = _get(client, f"/product/{product.slug}")
    assert first.headers["X-Page-Cache"] == "miss"
    second, again = _get(client, f"/product/{product.slug}")
    assert second.headers["X-Page-Cache"] == "hit"
    assert again == body
    assert int(second.headers["X-Query-Count"]) <= 1  # the version check only


def test_a_price_edit_shows_on_the_next_request(cached_app, product):
    client = cached_app.test_client()
    for url in (f"/product/{product.slug}", "/products/", "/"):
        assert "€12.00" in _get(client, url)[1]
        _get(client, url)  # cached now
    services.update_product(product.id, expected_version=product.version, price=Decimal("9.50"))
    for url in (f"/product/{product.slug}", "/products/", "/"):
        response, body = _get(client, url)
        assert response.headers["X-Page-Cache"] == "miss", url
        assert "€9.50" in body and "€12.00" not in body, url


def test_unpublishing_hides_the_cached_page(cached_app, product):
    client = cached_app.test_client()
    url = f"/product/{product.slug}"
    _get(client, url)
    assert _get(client, url)[0].headers["X-Page-Cache"] == "hit"
    services.update_product(product.id, expected_version=product.version, is_published=False)
    assert client.get(url).status_code == 404


def test_renamed_category_shows_in_the_navigation(cached_app, product):
    client = cached_app.test_client()
    assert ">Kitchen</a>" in _get(client, "/")[1]
    product.category.name = "Cookshop"
    db.session.commit()
    body = _get(client, "/")[1]
    assert ">Cookshop</a>" in body and ">Kitchen</a>" not in body


def test_a_rolled_back_change_keeps_the_cache(cached_app, product):
    client = cached_app.test_client()
    url = f"/product/{product.slug}"
    _get(client, url)
    product.stock = 1
    db.session.flush()
    db.session.rollback()
    assert _get(client, url)[0].headers["X-Page-Cache"] == "hit"


def test_requests_with_a_session_are_never_cached(cached_app, product):
    client = cached_app.test_client()
    client.set_cookie("session", "anything")
    url = f"/product/{product.slug}"
    for _ in range(2):
        response, _ = _get(client, url)
        assert "X-Page-Cache" not in response.headers
        assert response.headers["Cache-Control"] == "private, no-cache"
        assert "X-Accel-Expires" not in response.headers


def test_etag_gives_304(cached_app, product):
    client = cached_app.test_client()
    url = f"/product/{product.slug}"
    first, _ = _get(client, url)
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "no-cache"
    assert re.fullmatch(r"@\d+", first.headers["X-Accel-Expires"])  # the end of this second
    assert abs(int(first.headers["X-Accel-Expires"][1:]) - time.time()) < 5
    not_modified = client.get(url, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304
    assert not_modified.get_data() == b""
    services.update_product(product.id, expected_version=product.version, price=Decimal("5.00"))
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def test_errors_are_not_cached(cached_app, product):
    client = cached_app.test_client()
    assert client.get("/product/nope").status_code == 404
    response = client.get("/product/nope")
    assert response.status_code == 404
    assert "X-Page-Cache" not in response.headers


def test_head_and_304_are_answered_from_the_cache(cached_app, product):
    client = cached_app.test_client()
    url = f"/product/{product.slug}"
    first, body = _get(client, url)
    head = client.head(url)
    assert head.headers["X-Page-Cache"] == "hit"
    assert head.get_data() == b""
    assert head.headers["ETag"] == first.headers["ETag"]
    assert int(head.headers["Content-Length"]) == len(body.encode())
    not_modified = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert not_modified.status_code == 304
    assert not_modified.headers["X-Page-Cache"] == "hit"
    assert "Content-Security-Policy" in not_modified.headers


def test_a_hit_carries_the_same_security_headers(cached_app, product):
    client = cached_app.test_client()
    url = f"/product/{product.slug}"
    fresh, _ = _get(client, url)
    hit, _ = _get(client, url)
    assert hit.headers["X-Page-Cache"] == "hit"
    same = ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options",
            "Referrer-Policy", "Cache-Control", "Vary", "ETag")  # fmt: skip
    for name in same:
        assert hit.headers[name] == fresh.headers[name], name


def test_an_untrusted_host_is_refused_even_when_the_page_is_cached(make_app, database_url):
    from tests.helpers.database import reset_database

    app = make_app(SHOP_PAGE_CACHE=True, TRUSTED_HOSTS=["shop.example"],
                   CACHE_KEY_PREFIX=f"t{uuid.uuid4().hex[:8]}:")  # fmt: skip
    with app.app_context():
        reset_database(database_url)
        slug = make_product("Teapot", category=make_category("Kitchen")).slug
        client = app.test_client()
        good = f"http://shop.example/product/{slug}"
        assert client.get(good).status_code == 200
        assert client.get(good).headers["X-Page-Cache"] == "hit"
        assert client.get(f"http://evil.example/product/{slug}").status_code == 400


def test_a_path_with_a_question_mark_is_not_its_query_twin(make_app, database_url):
    """Probe finding: after /product/x?y? was cached, /product/x%3Fy (an unknown slug) answered
    200 with that page. The key encodes the path again, so the two can never meet."""
    from tests.helpers.database import reset_database

    app = make_app(SHOP_PAGE_CACHE=True, CACHE_KEY_PREFIX=f"t{uuid.uuid4().hex[:8]}:")
    with app.app_context():
        reset_database(database_url)
        make_product("X", slug="x", category=make_category("Kitchen"))
        client = app.test_client()
        assert client.get("/product/x?y?").status_code == 200
        assert client.get("/product/x?y?").headers["X-Page-Cache"] == "hit"
        twin = client.get("/product/x%3Fy")
        assert twin.status_code == 404
        assert "X-Page-Cache" not in twin.headers


def test_host_names_are_compared_without_case(make_app, database_url):
    """Probe finding: `Host: LOCALHOST` got 400. It is the same host: it is accepted, its page
    links to the lower-case name, and it shares the lower-case page's cache entry."""
    from tests.helpers.database import reset_database

    app = make_app(SHOP_PAGE_CACHE=True, TRUSTED_HOSTS=["shop.example"],
                   CACHE_KEY_PREFIX=f"t{uuid.uuid4().hex[:8]}:")  # fmt: skip
    with app.app_context():
        reset_database(database_url)
        slug = make_product("Teapot", category=make_category("Kitchen")).slug
        client = app.test_client()
        # In the Host header, as a browser sends it (the test client lowercases a URL's host).
        first, body = _get(client, f"/product/{slug}", Host="SHOP.Example")
        assert first.status_code == 200
        assert f'href="http://shop.example/product/{slug}"' in body  # the canonical link
        again = client.get(f"/product/{slug}", headers={"Host": "shop.example"})
        assert again.headers["X-Page-Cache"] == "hit"


@pytest.fixture
def shared_database(database_url, tmp_path) -> str:
    """One database for several app objects (the processes of one shop)."""
    if database_url == "sqlite://":  # in-memory databases are per app: use a file
        return f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    return database_url


def _two_app_servers(make_app, url: str, **settings):
    from tests.helpers.database import reset_database

    settings = {
        "SHOP_PAGE_CACHE": True,
        "CACHE_KEY_PREFIX": f"t{uuid.uuid4().hex[:8]}:",
        "SQLALCHEMY_DATABASE_URI": url,
        **settings,
    }
    first, second = make_app(**settings), make_app(**settings)
    with first.app_context():
        reset_database(url)
        slug = make_product("Teapot", category=make_category("Kitchen"), price="30.00").slug
        db.session.remove()
    return first, second, slug


def _reprice(app, slug: str, price: str) -> None:
    with app.app_context():
        product = db.session.scalar(select(Product).where(Product.slug == slug))
        services.update_product(product.id, expected_version=product.version, price=Decimal(price))
        db.session.remove()


def _page(app, url: str) -> tuple[str, str]:
    response = app.test_client().get(url)
    return response.headers.get("X-Page-Cache", ""), response.get_data(as_text=True)


def _assert_edit_shows_at_once(first, second, slug: str) -> None:
    """A page cached by `first`, repriced through `second`: `first` shows the new price."""
    url = f"/product/{slug}"
    _page(first, url)
    assert _page(first, url)[0] == "hit"
    _reprice(second, slug, "24.50")
    state, body = _page(first, url)
    assert state == "miss"
    assert "€24.50" in body and "€30.00" not in body


def test_an_edit_in_another_process_shows_at_once(make_app, shared_database):
    # A long version TTL: only the change signal can make the first server notice.
    first, second, slug = _two_app_servers(
        make_app, shared_database, SHOP_CATALOGUE_VERSION_TTL=600
    )
    _assert_edit_shows_at_once(first, second, slug)


def test_without_a_signal_the_version_ttl_bounds_the_delay(make_app, shared_database, tmp_path):
    first, second, slug = _two_app_servers(
        make_app, shared_database, SHOP_CATALOGUE_VERSION_TTL=0.5
    )
    # As if the second server were on another host, without Redis: no common signal.
    second.extensions["catalogue_signal"].path = str(tmp_path / "elsewhere.signal")
    clock = first.extensions["catalogue_cache"].clock = ManualClock()
    url = f"/product/{slug}"
    _page(first, url)
    assert _page(first, url)[0] == "hit"
    _reprice(second, slug, "24.50")
    clock.advance(0.4)  # within the TTL: the old page, from the cache
    state, body = _page(first, url)
    assert state == "hit" and "€30.00" in body
    clock.advance(0.1)  # the TTL has run out: the version is read again
    state, body = _page(first, url)
    assert state == "miss"
    assert "€24.50" in body


def _redis_or_skip() -> None:
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")


@pytest.fixture
def redis_prefix():
    _redis_or_skip()
    prefix = f"t{uuid.uuid4().hex[:8]}:"
    yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)
    client.close()


def test_redis_cache_is_shared_between_app_servers(make_app, shared_database, redis_prefix):
    first, second, slug = _two_app_servers(
        make_app, shared_database, REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX=redis_prefix
    )
    assert _page(first, f"/product/{slug}")[0] == "miss"
    assert _page(second, f"/product/{slug}")[0] == "hit"


def test_redis_signals_an_edit_to_every_app_server(make_app, shared_database, redis_prefix):
    first, second, slug = _two_app_servers(
        make_app,
        shared_database,
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX=redis_prefix,
        SHOP_CATALOGUE_VERSION_TTL=600,
    )
    # With REDIS_URL the signal is a Redis counter, shared by servers on different hosts.
    assert type(first.extensions["catalogue_signal"]).__name__ == "RedisSignal"
    _assert_edit_shows_at_once(first, second, slug)


def test_product_rows_unchanged_by_reads(cached_app, product):
    client = cached_app.test_client()
    version = product.version
    _get(client, f"/product/{product.slug}")
    db.session.expire_all()
    assert db.session.get(Product, product.id).version == version


def test_pages_work_while_redis_is_down(make_app, database_url, caplog, monkeypatch):
    from shop import caching
    from tests.helpers.database import reset_database

    monkeypatch.setattr(caching, "_state", {"down_until": 0.0, "warned_at": {}})

    app = make_app(SHOP_PAGE_CACHE=True, REDIS_URL="redis://127.0.0.1:1/0")  # nothing there
    with app.app_context():
        reset_database(database_url)
        product = make_product("Teapot", category=make_category("Kitchen"), price="30.00")
        slug, category = product.slug, product.category.slug
        db.session.remove()
    client = app.test_client()
    with caplog.at_level("WARNING"):
        for url in ("/", "/products/", f"/category/{category}/", f"/product/{slug}"):
            response = client.get(url)
            assert response.status_code == 200, url
            assert "X-Page-Cache" in response.headers  # still marked, never served from Redis
        assert client.get("/products/?page=2").status_code == 404
    assert "going on without the cache" in caplog.text


def test_a_cookie_set_by_a_later_hook_keeps_the_page_out_of_the_cache(cached_app, product):
    @cached_app.after_request
    def remember_something(response):  # as a session touched by any later hook would
        response.set_cookie("hello", "there")
        return response

    client = cached_app.test_client()
    url = f"/product/{product.slug}"
    client.get(url)
    again = client.get(url)
    assert again.headers.get("X-Page-Cache") != "hit"
    assert "hello=there" in again.headers["Set-Cookie"]


def test_an_entry_of_another_shape_is_a_miss(cached_app, product):
    from shop.caching import cache

    client = cached_app.test_client()
    url = f"/product/{product.slug}"
    client.get(url)
    pages = [key for key in cache.cache._cache if "page3:" in key]
    assert pages, list(cache.cache._cache)
    for key in pages:  # as an older release stored them: (body, content type)
        cache.cache._cache[key] = (0, cache.cache.serializer.dumps((b"old", "text/html")))
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["X-Page-Cache"] == "miss"
    assert "Stoneware Mug" in response.get_data(as_text=True)


def test_after_a_cache_failure_the_cache_is_left_alone_for_a_while(app, monkeypatch):
    from shop import caching

    monkeypatch.setattr(caching, "_state", {"down_until": 0.0, "warned_at": {}})
    calls = []

    def unreachable(key):
        calls.append(key)
        raise ConnectionError("Redis did not answer")

    monkeypatch.setattr(caching.cache, "get", unreachable)
    assert caching.cache_get("a") is None
    assert caching.cache_get("b") is None
    caching.cache_set("c", 1)
    assert calls == ["a"]  # one wait, then the back-off
    monkeypatch.setattr(caching, "_state", {"down_until": 0.0, "warned_at": {}})
    assert caching.cache_get("d") is None
    assert calls == ["a", "d"]  # tried again once the back-off is over
