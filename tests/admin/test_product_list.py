"""The staff product list: every filter against a fresh query, keyset pages, URL state."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import insert, select

from shop.audit.models import AuditEntry
from shop.catalogue import services, staff_list
from shop.catalogue.models import Product, ProductImage
from shop.catalogue.rules import LOW_STOCK
from shop.extensions import db
from tests.helpers.factories import make_category, make_image, make_product, make_user

SKU_CELL = re.compile(r"<td><code>([^<]+)</code></td>")


def _skus(html: str) -> list[str]:
    return [unescape(sku) for sku in SKU_CELL.findall(html)]


def _link(html: str, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]+)" rel="{rel}">', html)
    return unescape(found.group(1)) if found else None


@pytest.fixture
def catalogue(app, staff_user):
    """Thirty products across a small tree, every filter's yes and no represented."""
    home = make_category("Home")
    lamps = make_category("Lamps", parent=home)
    desk = make_category("Desk lamps", parent=lamps)
    garden = make_category("Garden")
    names = ["Oak lamp", "oak shelf", "Walnut desk", "100%_sale mug", "Back\\slash vase"]
    for n in range(30):
        product = make_product(
            f"{names[n % len(names)]} {n}",
            category=[home, lamps, desk, garden][n % 4],
            sku=f"SKU-{n:03d}",
            stock=[0, 1, LOW_STOCK, LOW_STOCK + 1, 40][n % 5],
            is_published=n % 3 != 0,
            price=f"{10 + n % 7}.50",  # ties, so sorts need the id to be total
        )
        if n % 4 != 1:
            make_image(product)
    someone_else = make_user("other@example.com")
    for n, who in ((2, staff_user), (7, staff_user), (8, someone_else), (11, someone_else)):
        product = db.session.scalar(select(Product).where(Product.sku == f"SKU-{n:03d}"))
        services.update_product(
            product.id, expected_version=product.version, actor=who, stock=product.stock + 1
        )
    return {"home": home, "lamps": lamps, "desk": desk, "garden": garden}


def _expected(query: dict, categories: dict, me: int) -> set[str]:
    """The same filter, worked out in Python over every product read afresh."""
    products = db.session.scalars(select(Product)).all()
    with_photo = set(db.session.scalars(select(ProductImage.product_id)))
    mine = set(
        db.session.scalars(
            select(AuditEntry.entity_id).where(
                AuditEntry.user_id == me, AuditEntry.entity_type == "product"
            )
        )
    )
    subtree = {
        "lamps": {categories[name].id for name in ("lamps", "desk")},
        "home": {categories[name].id for name in ("home", "lamps", "desk")},
    }
    out = set()
    for p in products:
        q = query.get("q", "").lower()
        if q and q not in p.name.lower() and q not in p.sku.lower():
            continue
        if "category" in query and p.category_id not in subtree[query["category"]]:
            continue
        if query.get("status") == "published" and not p.is_published:
            continue
        if query.get("status") == "draft" and p.is_published:
            continue
        stock = query.get("stock")
        if (
            (stock == "in" and p.stock <= 0)
            or (stock == "out" and p.stock > 0)
            or (stock == "low" and not 1 <= p.stock <= LOW_STOCK)
        ):
            continue
        if query.get("photo") == "none" and p.id in with_photo:
            continue
        if query.get("mine") and p.id not in mine:
            continue
        out.add(p.sku)
    return out


FILTERS = [
    {},
    {"q": "oak"},
    {"q": "OAK L"},
    {"q": "sku-01"},
    {"q": "100%_"},
    {"q": "%"},
    {"q": "_"},
    {"q": "\\"},
    {"category": "lamps"},
    {"category": "home", "status": "draft"},
    {"status": "published"},
    {"stock": "in"},
    {"stock": "out"},
    {"stock": "low"},
    {"photo": "none"},
    {"mine": "1"},
    {"mine": "1", "stock": "low"},
    {"q": "lamp", "category": "lamps", "status": "published", "stock": "in", "photo": "none"},
]


@pytest.mark.parametrize("query", FILTERS, ids=lambda q: "&".join(f"{k}={v}" for k, v in q.items()))
def test_each_filter_gives_what_a_fresh_query_gives(staff_client, staff_user, catalogue, query):
    args = dict(query, per_page="200")
    if "category" in args:
        args["category"] = str(catalogue[args["category"]].id)
    response = staff_client.get("/admin/products/", query_string=args)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    expected = _expected(query, catalogue, staff_user.id)
    assert set(_skus(html)) == expected and len(_skus(html)) == len(expected)
    if expected:
        noun = "product matches" if len(expected) == 1 else "products match"
        assert f"{len(expected)} {noun}." in html
    else:
        assert "No products match." in html
    # The form shows the state it was given, so the page can be bookmarked and refined.
    if "q" in query:
        assert f'value="{query["q"]}"' in unescape(html)
    if query.get("mine"):
        assert 'name="mine" value="1" checked' in html


@pytest.mark.parametrize("sort", list(staff_list.SORTS))
def test_next_and_previous_walk_every_row_once_in_order(staff_client, catalogue, sort):
    spec = staff_list.SORTS[sort]
    # The whole order in one plain statement (the database's collation decides names).
    order = (
        (spec.column.desc(), Product.id.desc()) if spec.descending else (spec.column, Product.id)
    )
    expected = list(db.session.scalars(select(Product.sku).order_by(*order)))
    url = f"/admin/products/?sort={sort}&per_page=25&status="
    pages, html = [], ""
    while url:
        html = staff_client.get(url).get_data(as_text=True)
        pages.append(_skus(html))
        url = _link(html, "next")
        if url:
            assert "per_page=25" in url
            assert (f"sort={sort}" in url) == (sort != staff_list.DEFAULT_SORT)
    assert [sku for page in pages for sku in page] == expected
    assert [len(page) for page in pages] == [25, 5]
    back = _link(html, "prev")
    assert back is not None
    assert _skus(staff_client.get(back).get_data(as_text=True)) == pages[0]
    assert _link(staff_client.get(back).get_data(as_text=True), "prev") is None


def test_a_filtered_page_links_keep_the_filter(staff_client, catalogue):
    html = staff_client.get(
        "/admin/products/?q=lamp&stock=in&per_page=25&photo=none&mine=&sort=name"
    ).get_data(as_text=True)
    assert "Reset" in html
    # Fewer than a page: no page links at all.
    assert _link(html, "next") is None and _link(html, "prev") is None
    for n in range(30):
        make_product(f"Spare lamp {n}", sku=f"LAMP-{n:02d}", stock=3)
    html = staff_client.get("/admin/products/?q=lamp&stock=in&per_page=25&sort=name").get_data(
        as_text=True
    )
    following = _link(html, "next")
    assert following and "q=lamp" in following and "stock=in" in following
    assert "photo" not in following and "mine" not in following  # defaults stay out of URLs
    page_two = staff_client.get(following).get_data(as_text=True)
    assert all("lamp" in name.lower() for name in re.findall(r"/edit\">([^<]+)</a>", page_two))
    assert "First page" in page_two


def test_old_bookmarks_and_meaningless_values(staff_client, catalogue):
    old = staff_client.get("/admin/products/?published=no&per_page=200").get_data(as_text=True)
    drafts = {p.sku for p in db.session.scalars(select(Product)) if not p.is_published}
    assert set(_skus(old)) == drafts
    response = staff_client.get("/admin/products/?sort=bogus&category=x&status=z&per_page=7")
    assert response.status_code == 200
    assert len(_skus(response.get_data(as_text=True))) == 30  # default page of 50


@pytest.mark.parametrize(
    "cursor",
    [
        "not-base64!",
        "e30",  # {}
        staff_list.Cursor("name", "Oak", 1).encode(),  # another sort's link
        staff_list.Cursor("updated", "yesterday", 1).encode(),
        staff_list.Cursor("updated", "2026-01-01T00:00:00", 1).encode(),  # no time zone
        staff_list.Cursor("price_asc", "12", 1).encode(),
        staff_list.Cursor("price_asc", 12, True).encode(),
    ],
)
def test_a_page_link_that_is_not_one_is_refused_clearly(staff_client, catalogue, cursor):
    for name in ("after", "before"):
        response = staff_client.get(f"/admin/products/?{name}={cursor}")
        assert response.status_code == 400
        html = response.get_data(as_text=True)
        assert "This page link does not belong to this list" in html
        assert 'class="admin' in html or "<main" in html  # the shop's own error page


def test_the_count_stops_at_its_cap(staff_client, catalogue, monkeypatch):
    monkeypatch.setattr(staff_list, "COUNT_CAP", 12)
    html = staff_client.get("/admin/products/").get_data(as_text=True)
    assert "More than 12 products match." in html
    html = staff_client.get(f"/admin/products/?category={catalogue['garden'].id}").get_data(
        as_text=True
    )
    assert "7 products match." in html


def test_a_page_past_the_end_offers_the_first(staff_client, catalogue):
    last = db.session.scalars(select(Product).order_by(Product.updated_at, Product.id)).first()
    beyond = staff_list.Cursor("updated", last.updated_at, last.id).encode()
    html = staff_client.get(f"/admin/products/?after={beyond}").get_data(as_text=True)
    assert _skus(html) == [] and "Back to the first page" in html


def test_a_row_button_publishes_and_returns_to_the_same_list(staff_client):
    """Each row's button submits the page's one row-action form (its CSRF token and return
    address) to its own formaction."""
    draft = make_product("Linen throw", is_published=False)
    url = "/admin/products/?status=draft&sort=name"
    html = staff_client.get(url).get_data(as_text=True)
    form = re.search(r'<form id="row-action"[^>]*>(.*?)</form>', html, re.S).group(1)
    fields = dict(re.findall(r'name="([a-z_]+)" value="([^"]*)"', form))
    assert set(fields) == {"csrf_token", "next"} and unescape(fields["next"]) == url
    button = re.search(
        rf'<button type="submit" form="row-action" formaction="([^"]+)"[^>]*>Publish'
        rf'<span class="visually-hidden"> {draft.name}</span></button>',
        html,
    )
    assert button and button.group(1) == f"/admin/products/{draft.id}/publish"
    done = staff_client.post(button.group(1), data={k: unescape(v) for k, v in fields.items()})
    assert done.status_code == 302 and done.headers["Location"] == url
    db.session.expire_all()
    assert db.session.get(Product, draft.id).is_published


def test_a_search_is_looked_up_through_the_trigram_indexes_on_postgresql(app, catalogue):
    """The list's lower() LIKE is the expression the trigram indexes are built on, so a rare
    term is looked up, not walked to (at a million products: 4 ms against seconds)."""
    make_product("Rare Find", category=catalogue["lamps"], sku="ZQXW-9001")
    statement = staff_list.StaffProductFilter(search="qXw-9").statement()
    assert [
        p.sku for p in db.session.scalars(select(Product).where(Product.id.in_(statement)))
    ] == ["ZQXW-9001"]
    if db.engine.dialect.name == "sqlite":
        return  # SQLite reads the table for any LIKE '%...%': nothing to look up there
    # Enough products that walking a whole sort index costs more than a look-up.
    category_id = catalogue["lamps"].id
    db.session.execute(
        insert(Product),
        [
            {
                "name": f"Plain Lamp {n}",
                "slug": f"plain-lamp-{n}",
                "sku": f"PL-{n:05d}",
                "price_cents": 1000,
                "category_id": category_id,
            }
            for n in range(20_000)
        ],
    )
    connection = db.session.connection()
    # As VACUUM would: move the new entries out of the GIN indexes' pending lists (which the
    # planner prices as read in full), then gather statistics.
    for index in ("ix_products_trgm_lower_name", "ix_products_trgm_lower_sku"):
        connection.exec_driver_sql(f"SELECT gin_clean_pending_list('{index}')")
    connection.exec_driver_sql("ANALYZE products")
    compiled = statement.compile(db.engine)
    rows = connection.exec_driver_sql(f"EXPLAIN {compiled}", compiled.params).scalars()
    plan = "\n".join(rows)
    assert "ix_products_trgm_lower_name" in plan and "ix_products_trgm_lower_sku" in plan
