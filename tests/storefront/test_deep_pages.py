"""Deep listing pages start from a remembered anchor: the same products as plain OFFSET."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select, text

from shop.caching import cache
from shop.catalogue.listing import ProductFilter
from shop.catalogue.listing.statements import product_page
from shop.catalogue.models import Product
from shop.demo.catalogue import seed_demo_catalogue
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
    return [row.slug for row in product_page(flt, sort, page, 24).items]


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


def _anchor_keys() -> dict[str, set[int]]:
    """version -> pages whose starting row is remembered (SimpleCache's own dict)."""
    found: dict[str, set[int]] = {}
    for key in cache.cache._cache:
        match = re.search(r"anchor:(\d+):\w+:\w+:24:(\d+)$", key)
        if match:
            found.setdefault(match.group(1), set()).add(int(match.group(2)))
    return found


def test_anchors_are_remembered_and_keyed_on_the_catalogue_version(big_catalogue, client):
    client.get("/products/")  # counts the listing; anchors need its total
    client.get("/products/?page=12")
    (version, pages), *others = _anchor_keys().items()
    assert not others
    # Page 1 told where page 2 starts; page 12 needed the tenth-page anchor (11) and told
    # where it starts itself (12) and where the next one does (13).
    assert pages == {2, 11, 12, 13}
    product = db.session.scalars(select(Product).filter_by(slug=_offset_slugs(None, 1)[0])).one()
    product.name = "Renamed"
    db.session.commit()
    client.get("/products/")
    client.get("/products/?page=12")
    assert set(_anchor_keys()) == {version, str(int(version) + 1)}


def test_past_the_last_page_is_still_404(big_catalogue, client):
    first = client.get("/products/").get_data(as_text=True)
    last = max(map(int, re.findall(r'href="[^"]*page=(\d+)"', first)))
    assert client.get(f"/products/?page={last}").status_code == 200
    assert client.get(f"/products/?page={last + 1}").status_code == 404
    assert client.get(f"/products/?page={last * 10}").status_code == 404


def test_deep_pages_keep_the_query_budget(big_catalogue, client):
    def queries_for(url: str) -> int:
        response = client.get(url)
        assert response.status_code == 200
        return int(response.headers["X-Query-Count"])

    queries_for("/products/")  # counted once per catalogue version
    assert queries_for("/products/?page=22") <= 3  # anchors for 11 and 21, then the page
    assert queries_for("/products/?page=22") == 1  # the anchor is remembered
    assert queries_for("/products/?page=2") == 1
