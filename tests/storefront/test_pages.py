"""Storefront pages: content, visibility, redirects, and what bad arguments get."""

import hashlib
import re

import pytest

from shop.catalogue import services
from tests.helpers.factories import make_category, make_image, make_product


@pytest.fixture
def shop(app):
    kitchen = make_category("Kitchen")
    cookware = make_category("Cookware", parent=kitchen, description="Pots and pans.")
    garden = make_category("Garden")
    skillet = make_product(
        "Cast Iron Skillet",
        category=cookware,
        price="45.00",
        description="A **heavy** pan.\n\n- seasoned",
        is_featured=True,
    )
    trowel = make_product("Trowel", category=garden, price="12.50", stock=0)
    draft = make_product("Secret Draft", category=garden, is_published=False)
    make_image(skillet, alt_text="Skillet on a stove")
    return {"kitchen": kitchen, "cookware": cookware, "skillet": skillet, "trowel": trowel,
            "draft": draft, "garden": garden}  # fmt: skip


def test_home_lists_categories_featured_and_new(client, shop):
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Shop by category" in html
    assert 'href="/category/' + shop["kitchen"].slug + '/"' in html
    assert "Cast Iron Skillet" in html
    assert "Secret Draft" not in html
    assert '<html lang="en">' in html
    assert '<link rel="canonical" href="http://localhost/">' in html


def test_canonical_links_keep_the_page_and_the_query_only(client, shop):
    slug = shop["kitchen"].slug
    html = client.get(f"/category/{slug}/?page=1&sort=name&in_stock=1").get_data(as_text=True)
    assert f'<link rel="canonical" href="http://localhost/category/{slug}/">' in html
    html = client.get("/search?q=iron+pan&sort=name&page=1", base_url="https://shop.example")
    assert '<link rel="canonical" href="https://shop.example/search?q=iron+pan">' in html.text
    # Under a script root (the shop mounted at /store), as url_for would build them.
    html = client.get("/", environ_overrides={"SCRIPT_NAME": "/store"}).get_data(as_text=True)
    assert '<link rel="canonical" href="http://localhost/store/">' in html
    assert 'href="/store/category/' in html and 'href="/store/products/"' in html


def test_product_list_shows_published_products(client, shop):
    html = client.get("/products/").get_data(as_text=True)
    assert "Cast Iron Skillet" in html and "Trowel" in html
    assert "Secret Draft" not in html
    assert "Showing 1&ndash;2 of 2 products" in html


def test_category_page_includes_subcategory_products_and_breadcrumbs(client, shop):
    html = client.get(f"/category/{shop['kitchen'].slug}/").get_data(as_text=True)
    assert "Cast Iron Skillet" in html
    assert "Trowel" not in html
    assert f'href="/category/{shop["cookware"].slug}/"' in html  # subcategory link
    sub = client.get(f"/category/{shop['cookware'].slug}/").get_data(as_text=True)
    assert 'aria-label="Breadcrumb"' in sub
    assert f'href="/category/{shop["kitchen"].slug}/">Kitchen</a>' in sub


def test_product_page(client, shop):
    response = client.get(f"/product/{shop['skillet'].slug}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<h1 id="product-title">Cast Iron Skillet</h1>' in html
    assert "€45.00" in html
    assert "<strong>heavy</strong>" in html
    assert 'alt="Skillet on a stove"' in html
    assert "srcset=" in html
    assert "In stock" in html


def test_product_without_image_shows_placeholder(client, shop):
    html = client.get(f"/product/{shop['trowel'].slug}").get_data(as_text=True)
    assert re.search(r"/static/img/placeholder\.[0-9a-f]{12}\.svg", html)
    assert 'alt="No photo yet"' in html
    assert "Out of stock" in html


def test_unpublished_product_is_404(client, shop):
    assert client.get(f"/product/{shop['draft'].slug}").status_code == 404


def test_product_in_hidden_category_is_404(client, shop, app):
    shop["garden"].is_published = False
    from shop.extensions import db

    db.session.commit()
    assert client.get(f"/product/{shop['trowel'].slug}").status_code == 404
    assert client.get(f"/category/{shop['garden'].slug}/").status_code == 404
    assert "Trowel" not in client.get("/products/").get_data(as_text=True)


def test_old_slug_redirects_permanently(client, shop):
    product = shop["skillet"]
    old = product.slug
    services.update_product(product.id, expected_version=product.version, slug="skillet-26cm")
    response = client.get(f"/product/{old}")
    assert response.status_code == 301
    assert response.headers["Location"] == "/product/skillet-26cm"
    assert client.get("/product/skillet-26cm").status_code == 200


def test_old_slugs_of_products_a_shopper_may_not_see_are_404(client, shop, login, staff_user):
    """Probe finding: an old slug of a draft (or of a product in a hidden category) answered
    301 to its new slug, disclosing it. Only staff, who may preview drafts, are redirected."""
    draft, trowel = shop["draft"], shop["trowel"]
    old_draft, old_trowel = draft.slug, trowel.slug
    services.update_product(draft.id, expected_version=draft.version, slug="secret-plan")
    services.update_product(trowel.id, expected_version=trowel.version, slug="trowel-2")
    services.update_category(shop["garden"].id, is_published=False)
    for old in (old_draft, old_trowel):
        response = client.get(f"/product/{old}")
        assert response.status_code == 404, old
        assert "secret-plan" not in response.get_data(as_text=True)
    services.update_category(shop["garden"].id, is_published=True)
    assert client.get(f"/product/{old_trowel}").status_code == 301
    assert client.get(f"/product/{old_draft}").status_code == 404
    login(client, staff_user)
    staff = client.get(f"/product/{old_draft}")
    assert staff.status_code == 301 and staff.headers["Location"] == "/product/secret-plan"


def test_search_finds_by_name_and_sku(client, shop):
    html = client.get("/search?q=skillet").get_data(as_text=True)
    assert "Cast Iron Skillet" in html
    sku = shop["trowel"].sku.lower()
    assert "Trowel" in client.get(f"/search?q={sku}").get_data(as_text=True)
    none = client.get("/search?q=zeppelin").get_data(as_text=True)
    assert "Nothing matches" in none
    empty = client.get("/search").get_data(as_text=True)
    assert "Type a product name" in empty


def test_sort_and_filters_through_the_url(client, shop):
    html = client.get("/products/?sort=price_asc").get_data(as_text=True)
    assert html.index("Trowel") < html.index("Cast Iron Skillet")
    html = client.get("/products/?min_price=20&max_price=50").get_data(as_text=True)
    assert "Cast Iron Skillet" in html and "Trowel" not in html
    html = client.get("/products/?in_stock=1").get_data(as_text=True)
    assert "Trowel" not in html


def test_pagination_links_keep_arguments(client, app):
    category = make_category()
    for i in range(30):
        make_product(f"Bowl {i}", category=category)
    html = client.get("/products/?sort=name&in_stock=1").get_data(as_text=True)
    assert re.search(r'href="/products/\?sort=name&amp;in_stock=1&amp;page=2" rel="next"', html)
    page2 = client.get("/products/?sort=name&in_stock=1&page=2")
    assert page2.status_code == 200
    assert "Showing 25&ndash;30 of 30" in page2.get_data(as_text=True)


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("page=-1", 400),
        ("page=0", 400),
        ("page=abc", 400),
        ("page=1.5", 400),
        ("page=%EF%BC%91", 400),  # a full-width digit one
        ("page=999999", 404),
        ("page=99999999999999999999999", 404),
        ("sort=bogus", 200),
        ("min_price=abc", 200),
        ("max_price=-5", 200),
        ("min_price=1e999", 200),
        ("min_price=NaN", 200),
        ("max_price=Infinity", 200),
        ("per_page=1000000", 200),
        ("in_stock=yes%00", 400),
        ("q=" + "a" * 10_000, 200),
        ("q=%00", 400),
        ("q=%25%5F%5C", 200),
        ("q=%F0%9F%8D%B5", 200),
        ("slug=x&sort=name", 200),  # clashes with the path's own argument
        ("endpoint=x&sort=name", 200),
        ("_external=1&_anchor=x&sort=name", 200),
        ("in_stock=1&in_stock=%00", 400),  # a NUL in a repeated argument
    ],
)
@pytest.mark.parametrize("path", ["/products/", "/search", "/category/{slug}/"])
def test_bad_arguments_never_500(client, shop, path, query, status):
    url = path.format(slug=shop["kitchen"].slug) + "?" + query
    if path == "/search" and "q=" not in query:
        url += "&q=pan"
    response = client.get(url)
    assert response.status_code == status
    assert "<html" in response.get_data(as_text=True)


def test_unknown_pages_are_404_in_the_shop_layout(client, shop):
    for url in ("/nope", "/category/nope/", "/product/nope", "/product/%00"):
        response = client.get(url)
        assert response.status_code in (400, 404), url
        html = response.get_data(as_text=True)
        assert 'class="error-page"' in html
        assert 'aria-label="Categories"' in html


def test_security_headers(client, shop):
    headers = client.get("/").headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"]


def test_static_css_is_versioned_by_content(client, shop):
    html = client.get("/").get_data(as_text=True)
    match = re.search(r'href="(/static/css/shop\.([0-9a-f]{12})\.css)"', html)
    assert match
    with client.get(match.group(1)) as css:
        assert css.status_code == 200
        assert css.mimetype == "text/css"
        assert "immutable" in css.headers["Cache-Control"]
        assert hashlib.sha256(css.get_data()).hexdigest()[:12] == match.group(2)
