"""A scheduled product appears, and later vanishes, at its moment on every shopper's page and
API answer, with every cache warm: the process's version, whole pages and ETags."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from shop.catalogue import services
from shop.dbtypes import utcnow
from shop.extensions import db
from shop.web.page_cache import micro_cache_until
from tests.helpers.database import reset_database
from tests.helpers.factories import make_category, make_product

HOUR = timedelta(hours=1)


class WallClock:
    """The process cache's wall clock, moved by hand: time reaches the moment without
    anyone touching the product."""

    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def shop(make_app, database_url):
    app = make_app(SHOP_PAGE_CACHE=True, CACHE_KEY_PREFIX=f"s{uuid.uuid4().hex[:8]}:")
    with app.app_context():
        reset_database(database_url)
        clock = app.extensions["catalogue_cache"].wall_clock = WallClock()
        # The version is re-read only when it is a minute old: the moment alone must do it.
        app.config["SHOP_CATALOGUE_VERSION_TTL"] = 60
        yield app, clock
        db.session.remove()


def _pages(product_slug: str, product_id: int, category_slug: str) -> dict[str, str]:
    return {
        "home": "/",
        "all products": "/products/",
        "category": f"/category/{category_slug}/",
        "search": "/search?q=lantern",
        "product page": f"/product/{product_slug}",
        "API list": "/api/v1/products",
        "API product": f"/api/v1/products/{product_id}",
    }


def _shows(client, url: str) -> bool:
    response = client.get(url)
    if url.startswith("/product/") or url.startswith("/api/v1/products/"):
        assert response.status_code in (200, 404), url
        return response.status_code == 200
    assert response.status_code == 200, url
    return "Storm lantern" in response.get_data(as_text=True)


def _warm(client, pages: dict[str, str]) -> dict[str, str]:
    """Each page twice, so the second answer came from the cache; their ETags."""
    etags = {}
    for url in pages.values():
        client.get(url)
        response = client.get(url)
        if response.status_code == 200:
            assert response.headers.get("X-Page-Cache") == "hit", url
        etags[url] = response.headers.get("ETag", "")
    return etags


def test_a_scheduled_product_appears_and_vanishes_at_its_moments(shop):
    app, clock = shop
    category = make_category("Outdoor", slug="outdoor")
    make_product("Camp stool", category=category)  # so no page is empty either way
    product = services.create_product(
        name="Storm lantern",
        sku="LANTERN-1",
        price=Decimal("35.00"),
        category_id=category.id,
        publish_at=clock.now + HOUR,
        unpublish_at=clock.now + 3 * HOUR,
    )
    pages = _pages(product.slug, product.id, category.slug)
    client = app.test_client()

    etags = _warm(client, pages)
    for name, url in pages.items():
        assert not _shows(client, url), f"{name} shows it before its moment"

    clock.now += HOUR - timedelta(seconds=1)
    for name, url in pages.items():
        assert not _shows(client, url), f"{name} shows it a second early"

    clock.now += timedelta(seconds=1)  # the moment itself
    for name, url in pages.items():
        assert _shows(client, url), f"{name} does not show it at its moment"
    # A browser holding the old page gets the new one, not a 304.
    home = client.get("/", headers={"If-None-Match": etags["/"]})
    assert home.status_code == 200

    _warm(client, pages)
    clock.now += 2 * HOUR  # its end
    for name, url in pages.items():
        assert not _shows(client, url), f"{name} still shows it after its end"


def test_a_moment_is_met_by_every_process(make_app, database_url, tmp_path):
    """Two app processes with warm caches and no change signal between them: the first to
    read after the moment makes the change, and the other sees it on its next request, not
    a version TTL later."""
    url = database_url
    if url == "sqlite://":  # in-memory databases are per app: a file both can open
        url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    apps = []
    for n in range(2):
        apps.append(
            make_app(
                SHOP_PAGE_CACHE=True,
                CACHE_KEY_PREFIX=f"p{uuid.uuid4().hex[:8]}:",
                SQLALCHEMY_DATABASE_URI=url,
                SHOP_CATALOGUE_SIGNAL_FILE=str(tmp_path / f"process{n}.signal"),
                SHOP_CATALOGUE_VERSION_TTL=60,
            )
        )
    with apps[0].app_context():
        reset_database(url)
        product = services.create_product(
            name="Storm lantern",
            sku="LANTERN-2",
            price=Decimal("35.00"),
            category_id=make_category("Outdoor").id,
            publish_at=utcnow() + HOUR,
        )
        page = f"/product/{product.slug}"
        db.session.remove()
    clocks = []
    for app in apps:
        clocks.append(WallClock())
        app.extensions["catalogue_cache"].wall_clock = clocks[-1]
        assert app.test_client().get(page).status_code == 404
        assert app.test_client().get("/").status_code == 200
    for clock in clocks:
        clock.now += 2 * HOUR
    for app in apps:
        assert app.test_client().get(page).status_code == 200


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (None, "@100"),  # until the end of this second
        (101.0, "@100"),  # kept through second 100: gone at 101.0, the moment itself
        (100.7, "0"),  # the moment falls inside this second: not kept at all
        (100.2, "0"),  # passed (its change is being made): not kept either
        (250.0, "@100"),
    ],
)
def test_the_micro_cache_never_keeps_a_page_across_a_moment(moment, expected):
    at = datetime.fromtimestamp(moment, UTC) if moment is not None else None
    assert micro_cache_until(at, now=100.5) == expected


def test_pages_and_404s_tell_nginx_how_long_to_keep_them(shop):
    app, _clock = shop
    category = make_category("Outdoor", slug="outdoor")
    product = services.create_product(
        name="Storm lantern",
        sku="LANTERN-3",
        price=Decimal("35.00"),
        category_id=category.id,
        publish_at=utcnow() + HOUR,
    )
    client = app.test_client()
    for url in ("/", f"/product/{product.slug}", "/api/v1/products"):
        response = client.get(url)
        assert response.headers["X-Accel-Expires"].startswith("@"), url
        headers = [name.lower() for name, _ in response.headers]
        if "cache-control" in headers:  # Nginx reads it only before Cache-Control
            assert headers.index("x-accel-expires") < headers.index("cache-control"), url
