"""The listing read model: visibility, filters, sorting, search, pagination totals."""

from decimal import Decimal

import pytest

from shop.catalogue.listing import ProductFilter, listing_page
from shop.catalogue.listing.statements import product_page
from shop.catalogue.queries import version_and_categories
from shop.catalogue.tree import CategoryTree
from tests.helpers.factories import make_category, make_image, make_product, make_products


def _tree() -> CategoryTree:
    """Every category, read afresh (as a new catalogue version would be)."""
    return CategoryTree(version_and_categories(None).rows)


def _names(page):
    return [p.name for p in page.items]


def test_tree_hides_unpublished_subtrees(app):
    root = make_category("Root")
    hidden = make_category("Hidden", parent=root, is_published=False)
    make_category("Under hidden", parent=hidden)
    visible = make_category("Visible", parent=root)
    tree = _tree()
    assert [n.name for n in tree.roots] == ["Root"]
    assert tree.by_slug(hidden.slug) is None
    assert {tree.get(i).name for i in tree.subtree_ids(tree.get(root.id))} == {"Root", "Visible"}
    assert len(tree.hidden_ids) == 2
    assert [a.name for a in tree.ancestors(tree.get(visible.id))] == ["Root"]


def test_unpublished_products_and_hidden_categories_are_invisible(app):
    shown = make_category("Shown")
    hidden = make_category("Hidden", is_published=False)
    make_product("Visible one", category=shown)
    make_product("Draft", category=shown, is_published=False)
    make_product("In hidden category", category=hidden)
    tree = _tree()
    page = product_page(ProductFilter(hidden_category_ids=tree.hidden_ids), None, 1, 24)
    assert _names(page) == ["Visible one"]
    assert page.total == 1


def test_sorts(app):
    category = make_category()
    make_product("B mid", category=category, price="20.00")
    make_product("A cheap", category=category, price="5.00")
    make_product("C dear", category=category, price="99.00")
    flt = ProductFilter()
    assert _names(product_page(flt, "price_asc", 1, 24)) == ["A cheap", "B mid", "C dear"]
    assert _names(product_page(flt, "price_desc", 1, 24)) == ["C dear", "B mid", "A cheap"]
    assert _names(product_page(flt, "name", 1, 24)) == ["A cheap", "B mid", "C dear"]
    assert _names(product_page(flt, "newest", 1, 24)) == ["C dear", "A cheap", "B mid"]


def test_price_and_stock_filters_are_inclusive(app):
    category = make_category()
    make_product("Ten", category=category, price="10.00")
    make_product("Twelve fifty", category=category, price="12.50")
    make_product("Twenty", category=category, price="20.00", stock=0)
    flt = ProductFilter(min_cents=1000, max_cents=1250)
    assert sorted(_names(product_page(flt, None, 1, 24))) == ["Ten", "Twelve fifty"]
    assert "Twenty" not in _names(product_page(ProductFilter(in_stock=True), None, 1, 24))


def test_category_filter_includes_descendants(app):
    root = make_category("Root")
    child = make_category("Child", parent=root)
    other = make_category("Other")
    make_product("In root", category=root)
    make_product("In child", category=child)
    make_product("Elsewhere", category=other)
    tree = _tree()
    flt = ProductFilter(category_ids=tree.subtree_ids(tree.get(root.id)))
    assert sorted(_names(product_page(flt, None, 1, 24))) == ["In child", "In root"]


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("oak", {"Oak Stool", "Dark OAK Table"}),
        ("OAK", {"Oak Stool", "Dark OAK Table"}),
        ("sk-77", {"Mug"}),
        ("100%", {"Linen Towel"}),
        ("%", {"Linen Towel"}),
        ("_", {"Tea_Cup"}),
        ("carved", {"Oak Stool"}),
    ],
)
def test_search_name_sku_description_literal_wildcards(app, term, expected):
    category = make_category()
    make_product("Oak Stool", category=category, description="Hand carved.")
    make_product("Dark OAK Table", category=category)
    make_product("Mug", category=category, sku="SK-77")
    make_product("Linen Towel", category=category, description="100% linen")
    make_product("Tea_Cup", category=category)
    make_product("Teaxcup", category=category)
    page = product_page(ProductFilter(search=term), None, 1, 24)
    assert set(_names(page)) == expected


def test_search_ranks_name_hits_before_description_hits(app):
    category = make_category()
    make_product("Plain bowl", category=category, description="Goes with the oak board")
    make_product("Oak board", category=category)
    page = product_page(ProductFilter(search="oak"), None, 1, 24)
    assert _names(page) == ["Oak board", "Plain bowl"]


def test_page_totals_and_bounds(app):
    make_products_count = 30
    category = make_category()
    for i in range(make_products_count):
        make_product(f"P{i:02d}", category=category, price=Decimal(i + 1))
    page = product_page(ProductFilter(), "price_asc", 2, 24)
    assert page.total == 30
    assert page.pages == 2
    assert len(page.items) == 6
    assert (page.first_index, page.last_index) == (25, 30)
    assert page.has_prev and not page.has_next
    assert product_page(ProductFilter(), None, 3, 24).items == []


@pytest.mark.parametrize("sort", [None, "price_asc", "name"])
def test_whole_products_come_in_the_cards_order_with_every_photo(app, sort):
    """listing_page(whole=True) (the API) reads the same products as the cards, page by page
    (anchors learnt by one serve the other), each with all its photos in gallery order."""
    category = make_category()
    photos: dict[int, int] = {}
    for i, product in enumerate(make_products(23, category=category, name="Oak item")):
        photos[product.id] = i % 4  # none, one, two or three
        for position in reversed(range(i % 4)):
            make_image(product, position=position, alt_text=f"{product.id}-{position}")
    searches = [ProductFilter(category_ids=[category.id]), ProductFilter(search="oak")]
    for flt in searches:
        for page in (1, 2, 3, 6, 5):
            whole = listing_page(flt, sort, page, 4, whole=True)
            cards = listing_page(flt, sort, page, 4)
            assert [p.id for p in whole.items] == [c.id for c in cards.items]
            assert (whole.total, whole.pages) == (cards.total, cards.pages) == (23, 6)
            for product in whole.items:
                assert [i.position for i in product.images] == list(range(photos[product.id]))
                assert [i.alt_text for i in product.images] == [
                    f"{product.id}-{position}" for position in range(photos[product.id])
                ]
