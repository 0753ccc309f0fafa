"""GET /api/v1/products and one product: what shoppers may see, as exact JSON, in few queries."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shop.api.represent import money
from shop.catalogue import services
from shop.extensions import db
from tests.helpers.factories import make_category, make_image, make_product, make_products


def _get(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    return response


def _ids(client, url: str) -> list[int]:
    return [p["id"] for p in _get(client, url).get_json()["data"]]


@pytest.fixture
def shop(app):
    """Kitchen (Pots under it) and Garden; a draft; a hidden category with products."""
    kitchen = make_category("Kitchen")
    pots = make_category("Pots", parent=kitchen)
    garden = make_category("Garden")
    hidden = make_category("Hidden", is_published=False)
    return {
        "mug": make_product("Mug", category=kitchen, price="12.50", stock=3),
        "pot": make_product("Pot", category=pots, price="40.00", stock=0),
        "rake": make_product("Rake", category=garden, price="7.05", stock=9),
        "draft": make_product("Draft", category=kitchen, is_published=False),
        "secret": make_product("Secret", category=hidden),
    }


def test_the_list_has_what_shoppers_see_newest_first_with_pagination(client, shop):
    body = _get(client, "/api/v1/products").get_json()
    visible = [shop["rake"].id, shop["pot"].id, shop["mug"].id]  # made last, shown first
    assert [p["id"] for p in body["data"]] == visible
    assert body["pagination"] == {"page": 1, "per_page": 24, "pages": 1, "total": 3}
    # status is for staff tokens: an anonymous caller still gets published products only
    assert _ids(client, "/api/v1/products?status=all") == visible


def test_pages_and_past_the_last_page(client, shop):
    first = _get(client, "/api/v1/products?per_page=2").get_json()
    second = _get(client, "/api/v1/products?per_page=2&page=2").get_json()
    assert first["pagination"] == {"page": 1, "per_page": 2, "pages": 2, "total": 3}
    assert len(first["data"]) == 2 and len(second["data"]) == 1
    assert {p["id"] for p in first["data"] + second["data"]} == {
        shop[k].id for k in ("mug", "pot", "rake")
    }
    problem = _get(client, "/api/v1/products?per_page=2&page=3", 404).get_json()
    assert problem["detail"] == "There are 2 pages of 2."


def test_an_empty_catalogue_is_one_empty_page(client):
    body = _get(client, "/api/v1/products").get_json()
    assert body == {"data": [], "pagination": {"page": 1, "per_page": 24, "pages": 1, "total": 0}}


def test_filters_and_sorts_as_on_the_storefront(client, shop):
    ids = {k: shop[k].id for k in shop}
    assert _ids(client, "/api/v1/products?category=" + shop["mug"].category.slug) == [
        ids["pot"],
        ids["mug"],
    ]  # subcategories included
    assert _ids(client, "/api/v1/products?sort=price_asc") == [ids["rake"], ids["mug"], ids["pot"]]
    assert _ids(client, "/api/v1/products?min_price=7.06&max_price=40") == [ids["pot"], ids["mug"]]
    assert _ids(client, "/api/v1/products?min_price=12.5&max_price=12.50") == [ids["mug"]]
    assert _ids(client, "/api/v1/products?in_stock=true&sort=name") == [ids["mug"], ids["rake"]]
    assert _ids(client, "/api/v1/products?q=rake") == [ids["rake"]]
    assert _ids(client, "/api/v1/products?q=secret") == []  # in a hidden category


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("per_page=0", "per_page"),
        ("per_page=101", "per_page"),
        ("page=0", "page"),
        ("page=two", "page"),
        ("min_price=1.234", "min_price"),
        ("max_price=-1", "max_price"),
        ("min_price=NaN", "min_price"),
        ("sort=random", "sort"),
        ("in_stock=maybe", "in_stock"),
        ("category=no-such-category", "category"),
        ("status=deleted", "status"),
        ("q=" + "x" * 201, "q"),
    ],
)
def test_bad_arguments_are_422_problems_naming_the_field(client, shop, query, field):
    response = _get(client, "/api/v1/products?" + query, 422)
    assert response.content_type == "application/problem+json"
    assert list(response.get_json()["errors"]) == [field]


def test_a_product_as_json(client, shop):
    mug = shop["mug"]
    make_image(mug, alt_text="A blue mug")
    make_image(mug, position=1)
    body = _get(client, f"/api/v1/products/{mug.id}").get_json()
    assert {k: body[k] for k in ("id", "name", "slug", "sku", "stock", "published")} == {
        "id": mug.id,
        "name": "Mug",
        "slug": mug.slug,
        "sku": mug.sku,
        "stock": 3,
        "published": True,
    }
    assert body["price"] == "12.50" and body["currency"] == "EUR"  # exact, never a float
    assert body["category_id"] == mug.category_id and body["version"] == mug.version
    assert body["updated_at"].endswith("Z")
    assert body["url"] == f"http://localhost/product/{mug.slug}"
    assert _get(client, body["url"]).status_code == 200
    main, second = body["images"]
    assert (main["alt"], main["position"], second["position"]) == ("A blue mug", 0, 1)
    assert [(r["width"], r["format"]) for r in main["renditions"]] == [
        (320, "webp"),
        (320, "jpeg"),
        (640, "webp"),
        (640, "jpeg"),
    ]
    assert all(r["url"].startswith("http://localhost/media/") for r in main["renditions"])
    assert _get(client, f"/api/v1/products/by-slug/{mug.slug}").get_json() == body
    assert _get(client, "/api/v1/products").get_json()["data"][-1] == body


@pytest.mark.parametrize("price", ["0.01", "7.05", "99999.99", "1000000.00"])
def test_money_round_trips_exactly(client, price):
    product = make_product(price=price)
    assert _get(client, f"/api/v1/products/{product.id}").get_json()["price"] == price


def test_drafts_and_hidden_products_are_404(client, shop):
    for key in ("draft", "secret"):
        _get(client, f"/api/v1/products/{shop[key].id}", 404)
        _get(client, f"/api/v1/products/by-slug/{shop[key].slug}", 404)
    _get(client, "/api/v1/products/999999", 404)


def test_etag_follows_the_product_version(client, shop):
    mug = shop["mug"]
    first = _get(client, f"/api/v1/products/{mug.id}")
    etag = first.headers["ETag"]
    again = client.get(f"/api/v1/products/{mug.id}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    services.update_product(mug.id, expected_version=mug.version, price=Decimal("13.00"))
    changed = client.get(f"/api/v1/products/{mug.id}", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.get_json()["price"] == "13.00"
    assert changed.headers["ETag"] != etag


@pytest.mark.parametrize("kept", [True, False])
def test_shoppers_reads_leave_no_transaction_open(app, client, shop, kept):
    """Shoppers' reads run on the storefront's autocommit read connection, not the session."""
    app.config["SHOP_PAGE_CACHE"] = kept
    mug = shop["mug"]
    one = f"/api/v1/products/{mug.id}"
    urls = ("/api/v1/products", one, f"/api/v1/products/by-slug/{mug.slug}")
    db.session.commit()  # reading mug's fields began one
    for url in urls:
        assert client.get(url).status_code == 200
        assert not db.session().in_transaction()


def test_money_is_exact_in_integer_cents():
    shown = [money(cents) for cents in (1, 5, 99, 100, 1250, 700_05, 999_999_999)]
    assert shown == ["0.01", "0.05", "0.99", "1.00", "12.50", "700.05", "9999999.99"]


def test_a_fixed_number_of_statements_whatever_the_page_size(client):
    def statements(url: str) -> int:
        client.get(url)  # the category tree and version are read once per change
        return int(client.get(url).headers["X-Query-Count"])

    category = make_category()
    for product in make_products(30, category=category):
        make_image(product)
        make_image(product, position=1)
    small = statements("/api/v1/products?per_page=2")
    large = statements("/api/v1/products?per_page=30")
    filtered = statements(f"/api/v1/products?per_page=30&category={category.slug}&in_stock=1")
    assert small == large == filtered <= 3
    assert statements(f"/api/v1/products/{product.id}") <= 1  # kept per catalogue version


def test_without_the_page_cache_every_answer_is_built_afresh(app, client, shop):
    app.config["SHOP_PAGE_CACHE"] = False
    for url in ("/api/v1/products", f"/api/v1/products/{shop['mug'].id}"):
        first = _get(client, url)
        again = _get(client, url)
        assert again.get_data() == first.get_data()
        assert again.headers["ETag"] == first.headers["ETag"]
        assert int(again.headers["X-Query-Count"]) >= 1  # read again
        assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


def test_shoppers_lists_are_kept_per_catalogue_version(client, shop):
    url = "/api/v1/products?sort=price_asc"
    first = _get(client, url)
    again = _get(client, url)
    assert again.get_data() == first.get_data()
    assert int(again.headers["X-Query-Count"]) <= 1  # the version check at most
    etag = first.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304

    mug = shop["mug"]
    services.update_product(mug.id, expected_version=mug.version, price=Decimal("1.00"))
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert changed.get_json()["data"][0]["price"] == "1.00"  # cheapest first now


def test_staff_may_filter_by_a_hidden_category(client, shop, auth):
    hidden = shop["secret"].category
    under = make_category("Under hidden", parent=hidden)
    deeper = make_product("Deeper", category=under, is_published=False)
    url = f"/api/v1/products?category={hidden.slug}"
    _get(client, url, 422)  # shoppers: no such category
    listed = client.get(url + "&status=all", headers=auth)
    assert listed.status_code == 200
    assert sorted(p["id"] for p in listed.get_json()["data"]) == [shop["secret"].id, deeper.id]
    drafts = client.get(url + "&status=draft", headers=auth).get_json()["data"]
    assert [p["id"] for p in drafts] == [deeper.id]
    # Published products shoppers can see: none in a hidden category.
    assert client.get(url, headers=auth).get_json()["data"] == []
    unknown = client.get("/api/v1/products?category=nowhere&status=all", headers=auth)
    assert unknown.status_code == 422 and list(unknown.get_json()["errors"]) == ["category"]


@pytest.mark.parametrize(
    "url", ["/api/v1/products?status=all", "/api/v1/products/{draft}", "/api/v1/categories"]
)
def test_the_page_cache_keeps_shoppers_answers_and_never_a_token_holders(client, shop, auth, url):
    url = url.format(draft=shop["draft"].id)
    shopper = client.get(url)
    assert "X-Page-Cache" not in shopper.headers  # built
    # A token holder's answer (drafts included) is built afresh and never kept ...
    staff = client.get(url, headers=auth)
    assert staff.status_code == 200 and "X-Page-Cache" not in staff.headers
    # ... so shoppers still get theirs, now from the cache (a 404 is never kept).
    again = client.get(url)
    assert again.status_code == shopper.status_code
    assert again.get_data() == shopper.get_data()
    if shopper.status_code == 200:
        assert again.headers["X-Page-Cache"] == "hit"
        assert client.get(url, headers=auth).get_data() == staff.get_data()
    # A made-up token is refused, not answered from the cache.
    forged = client.get(url, headers={"Authorization": "Bearer made-up"})
    assert forged.status_code == 401 and "X-Page-Cache" not in forged.headers
