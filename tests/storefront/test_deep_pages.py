"""Deep listing pages start from a remembered anchor: the same products as plain OFFSET."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text

from shop.caching import cache
from shop.catalogue import queries
from shop.catalogue.demo import seed_demo_catalogue
from shop.catalogue.queries import ProductFilter
from shop.extensions import db

PRODUCTS = 560  # over 21 pages of 24: anchors for pages 11+ and, chained from those, 21+


@pytest.fixture
def big_catalogue(app):
    seed_demo_catalogue(PRODUCTS, 6, seed=11)
    # Ties on every sort column, so only the id tie-break keeps pages apart.
    db.session.execute(
        text(
            "UPDATE products SET created_at = (SELECT min(created_at) FROM products) "
            "WHERE id % 3 = 0"
        )
    )
    db.session.execute(text("UPDATE products SET price_cents = 1999 WHERE id % 4 = 0"))
    db.session.execute(text("UPDATE products SET name = 'Same Name' WHERE id % 5 = 0"))
    db.session.commit()
    return app


def _slugs(html: str) -> list[str]:
    return re.findall(r'class="product-card__link" href="/product/([^"]+)"', html)


def _offset_slugs(sort: str | None, page: int, min_cents: int | None = None) -> list[str]:
    flt = ProductFilter(min_cents=min_cents)
    return [row.slug for row in queries.product_page(flt, sort, page, 24).items]


@pytest.mark.parametrize("sort", [None, "newest", "price_asc", "price_desc", "name"])
def test_deep_pages_match_plain_offset(big_catalogue, client, sort):
    query = f"sort={sort}&" if sort else ""
    for page in (1, 10, 11, 12, 20, 21, 22, 11):  # 21 chains from the anchor of 11
        html = client.get(f"/products/?{query}page={page}").get_data(as_text=True)
        got = _slugs(html)
        assert len(got) == 24
        assert got == _offset_slugs(sort, page), (sort, page)


def test_deep_pages_with_a_filter(big_catalogue, client):
    first = client.get("/products/?min_price=20&page=1").get_data(as_text=True)
    pages = max(map(int, re.findall(r'href="[^"]*page=(\d+)"', first)))
    assert pages > 10
    for page in (11, pages):
        html = client.get(f"/products/?min_price=20&page={page}").get_data(as_text=True)
        assert _slugs(html) == _offset_slugs(None, page, min_cents=2000)


def test_anchors_are_remembered_and_keyed_on_the_catalogue_version(big_catalogue, client):
    client.get("/products/")  # counts the listing; anchors need its total
    client.get("/products/?page=12")
    anchors = [k for k in cache.cache._cache if "anchor:" in k]  # SimpleCache's own dict
    assert len(anchors) == 1
    version = re.search(r"anchor:(\d+):", anchors[0]).group(1)
    product = queries.product_by_slug(_offset_slugs(None, 1)[0])
    product.name = "Renamed"
    db.session.commit()
    client.get("/products/")
    client.get("/products/?page=12")
    versions = {
        re.search(r"anchor:(\d+):", k).group(1) for k in cache.cache._cache if "anchor:" in k
    }
    assert versions == {version, str(int(version) + 1)}


def test_past_the_last_page_is_still_404(big_catalogue, client):
    first = client.get("/products/").get_data(as_text=True)
    last = max(map(int, re.findall(r'href="[^"]*page=(\d+)"', first)))
    assert client.get(f"/products/?page={last}").status_code == 200
    assert client.get(f"/products/?page={last + 1}").status_code == 404
    assert client.get(f"/products/?page={last * 10}").status_code == 404
