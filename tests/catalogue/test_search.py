"""Ranked full-text search (SQLite FTS5, PostgreSQL tsvector) with the substring fallback."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import text

from shop.catalogue import services
from shop.catalogue.listing import ProductFilter
from shop.catalogue.listing.statements import product_page
from shop.extensions import db
from tests.helpers.factories import make_category, make_product


def _search(term: str, sort: str | None = None) -> list[str]:
    return [p.name for p in product_page(ProductFilter(search=term), sort, 1, 24).items]


def test_uses_the_full_text_index_of_each_database(app):
    if db.engine.dialect.name == "sqlite":
        tables = db.session.execute(text("SELECT name FROM sqlite_master")).scalars().all()
        assert "products_fts" in tables
    else:
        indexes = db.session.execute(text("SELECT indexname FROM pg_indexes")).scalars().all()
        assert "ix_products_search_vector" in indexes


def test_ranked_name_hits_first_then_description(app):
    category = make_category()
    make_product("Linen Towel", category=category, description="Goes with an oak rail.")
    make_product("Oak Chopping Board", category=category, description="Solid oak, oiled.")
    make_product("Teapot", category=category)
    assert _search("oak") == ["Oak Chopping Board", "Linen Towel"]
    assert _search("oak", sort="name") == ["Linen Towel", "Oak Chopping Board"]


def test_prefixes_several_words_and_accents(app):
    category = make_category()
    make_product("Crème Brûlée Dish", category=category)
    make_product("Walnut Serving Board", category=category)
    assert _search("crème") == ["Crème Brûlée Dish"]
    if db.engine.dialect.name == "sqlite":  # FTS5 folds accents; PostgreSQL's 'simple' does not
        assert _search("creme") == ["Crème Brûlée Dish"]
    assert _search("serv boa") == ["Walnut Serving Board"]
    assert _search("walnut teapot") == []


def test_sku_search(app):
    make_product("Mug", category=make_category(), sku="KX-768892")
    assert _search("KX-768892") == ["Mug"]
    assert _search("768892") == ["Mug"]


def test_substring_fallback_when_the_index_finds_nothing(app):
    make_product("Oak Stool", category=make_category())
    assert _search("ak x") == []  # no word starts like that, and no substring either
    assert _search("ak") == ["Oak Stool"]  # inside a word: the substring match answers


def test_index_follows_updates_and_deletes(app):
    category = make_category()
    product = make_product("Enamel Jug", category=category)
    assert _search("enamel") == ["Enamel Jug"]
    services.update_product(
        product.id, expected_version=product.version, name="Copper Jug", price=Decimal("30.00")
    )
    assert _search("enamel") == []
    assert _search("copper") == ["Copper Jug"]
    db.session.delete(product)
    db.session.commit()
    assert _search("copper") == []


def test_bulk_seeded_products_are_searchable(runner):
    runner.invoke(args=["seed-demo", "--products", "60", "--no-images", "--seed", "4"])
    from shop.catalogue.models import Product

    published = db.select(Product.name).where(Product.is_published).order_by(Product.id)
    name = db.session.scalars(published).first()  # drafts are never found
    word = name.split()[0]
    assert name in _search(word) or product_page(ProductFilter(search=word), None, 1, 24).total > 24


def test_search_page_query_count(client, app):
    category = make_category()
    for i in range(30):
        make_product(f"Oak Thing {i}", category=category)
    response = client.get("/search?q=oak")
    assert response.status_code == 200
    assert int(response.headers["X-Query-Count"]) <= 3
