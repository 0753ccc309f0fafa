"""Per-category product counts kept by database triggers, and listing totals read from them."""

from __future__ import annotations

import re

from sqlalchemy import delete, event, insert, select, text, update
from sqlalchemy.engine import Engine

from shop.catalogue.models import Product
from shop.extensions import db
from tests.helpers.factories import make_category, make_product, make_products


def _kept() -> dict[int, tuple[int, int]]:
    rows = db.session.execute(
        text("SELECT category_id, published, published_in_stock FROM category_counts")
    )
    return {cid: (n, s) for cid, n, s in rows if (n, s) != (0, 0)}


def _counted() -> dict[int, tuple[int, int]]:
    rows = db.session.execute(
        text(
            "SELECT category_id, count(*), sum(CASE WHEN stock > 0 THEN 1 ELSE 0 END) "
            "FROM products WHERE is_published GROUP BY category_id"
        )
    )
    return {cid: (n, s) for cid, n, s in rows}


def test_counts_follow_every_kind_of_write(app):
    kitchen, garden, attic = make_category("Kitchen"), make_category("Garden"), make_category()
    make_products(3, category=kitchen)
    pot = make_product("Pot", category=kitchen, stock=0)
    draft = make_product("Draft", category=garden, is_published=False)
    assert _kept() == _counted() == {kitchen.id: (4, 3)}

    # One row at a time, through the ORM: publish, sell out, move, unpublish, delete.
    draft.is_published = True
    pot.stock = 5
    db.session.commit()
    assert _kept() == _counted()
    pot.category = garden
    draft.stock = 0
    db.session.commit()
    assert _kept() == _counted() == {kitchen.id: (3, 3), garden.id: (2, 1)}
    pot.is_published = False
    db.session.delete(draft)
    db.session.commit()
    assert _kept() == _counted() == {kitchen.id: (3, 3)}

    # Many rows per statement, across categories (seed-demo's bulk inserts, staff bulk edits).
    db.session.execute(
        insert(Product),
        [
            {
                "name": f"Bulk {n}",
                "slug": f"bulk-{n}",
                "sku": f"BULK-{n}",
                "price_cents": 100,
                "stock": n % 3,
                "is_published": n % 4 != 0,
                "description": "",
                "category_id": (kitchen, garden, attic)[n % 3].id,
            }
            for n in range(60)
        ],
    )
    db.session.commit()
    assert _kept() == _counted()
    db.session.execute(
        update(Product).where(Product.category_id == attic.id).values(category_id=garden.id)
    )
    db.session.execute(update(Product).where(Product.stock == 1).values(stock=0))
    db.session.commit()
    assert _kept() == _counted()
    assert attic.id not in _kept()
    db.session.execute(delete(Product).where(Product.category_id == kitchen.id))
    db.session.commit()
    assert _kept() == _counted()
    assert kitchen.id not in _kept()

    # A rolled-back write leaves the counts as they were.
    before = _kept()
    make_product("Gone", category=garden, commit=False)
    db.session.flush()
    db.session.rollback()
    assert _kept() == before == _counted()


def test_a_category_without_products_can_be_deleted(app):
    shelf = make_category("Shelf")
    product = make_product("Plank", category=shelf)
    db.session.delete(product)
    db.session.commit()
    db.session.delete(shelf)
    db.session.commit()  # its (zero) counts row goes with it
    assert _kept() == {}


def _statements_of(client, url: str) -> list[str]:
    seen: list[str] = []

    def record(conn, cursor, statement, *args):
        seen.append(statement)

    # On the Engine class: storefront reads run on an engine of their own on PostgreSQL.
    event.listen(Engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    return seen


def test_listing_totals_come_from_the_counts_not_from_counting(app, client):
    parent = make_category("Kitchen")
    child = make_category("Pans", parent=parent)
    make_products(30, category=child)
    make_products(5, category=parent, stock=0)
    hidden = make_category("Hidden", is_published=False)
    make_products(4, category=hidden)

    for url, total in (
        (f"/category/{parent.slug}/", 35),
        (f"/category/{parent.slug}/?in_stock=1", 30),
        (f"/category/{child.slug}/", 30),
        ("/products/", 35),
        ("/products/?in_stock=1", 30),
    ):
        make_product("Edit", category=hidden)  # a catalogue change before every request
        statements = _statements_of(client, url)
        assert not any(re.search(r"count\(\*\)", s, re.I) for s in statements), url
        html = client.get(url).get_data(as_text=True)
        assert f"of {total} products" in html, url

    # A price range still counts its rows (once per catalogue version).
    statements = _statements_of(client, "/products/?min_price=1")
    assert any(re.search(r"count\(\*\)", s, re.I) for s in statements)
    assert db.session.scalar(select(db.func.count()).select_from(Product)) == 44
