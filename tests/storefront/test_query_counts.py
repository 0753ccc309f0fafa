"""Each storefront page runs a fixed number of SQL statements, whatever it shows."""

import re

import pytest

from tests.helpers.factories import make_category, make_image, make_product, make_products

# The pinned budget per page: see the README's query count table.
EXPECTED = {"home": 3, "list": 2, "category": 2, "search": 2, "product": 4}


def _urls(category, product):
    return {
        "home": "/",
        "list": "/products/?per_page=48",
        "category": f"/category/{category.slug}/?per_page=48",
        "search": "/search?q=thing&per_page=48",
        "product": f"/product/{product.slug}",
    }


def _count(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return int(response.headers["X-Query-Count"])


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_query_count_does_not_grow_with_products_shown(client, app, page):
    parent = make_category("Parent")
    category = make_category("Things", parent=parent)
    first = make_product("Thing 0", category=category, is_featured=True)
    make_image(first)
    make_image(first, position=1)
    small = _count(client, _urls(parent, first)[page])

    products = make_products(47, category=category, name=None, is_featured=True)
    for product in products:
        product.name = f"Thing {product.id}"
        make_image(product)
        make_image(product, position=1)
    # The product page's gallery and related products grow too.
    for position in range(2, 8):
        make_image(first, position=position)
    large = _count(client, _urls(parent, first)[page])

    assert small == large == EXPECTED[page]


def test_listing_limits_are_literals_so_generic_plans_fit_them(client, app):
    """PostgreSQL plans prepared statements once (plan_cache_mode): a LIMIT parameter is
    planned as a tenth of the table, which at a million products chose a hash join over
    every row. The page size goes into the SQL text instead."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    category = make_category("Things")
    make_products(30, category=category)
    seen: list[str] = []
    listener = lambda conn, cursor, statement, *args: seen.append(statement)  # noqa: E731
    event.listen(Engine, "before_cursor_execute", listener)
    try:
        for url in ("/", "/products/?per_page=48", f"/category/{category.slug}/?page=2"):
            assert client.get(url).status_code == 200
    finally:
        event.remove(Engine, "before_cursor_execute", listener)
    limits = [re.search(r"LIMIT (\S+)", s).group(1) for s in seen if "LIMIT" in s]
    assert limits and all(limit.isdigit() for limit in limits), limits
