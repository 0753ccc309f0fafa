"""Product pages with variants: a URL per variant, links per option value, "from" prices,
404s, escaping, and a statement count that does not grow with the number of variants."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

from sqlalchemy import select

from shop.catalogue import variant_services, variant_table
from shop.catalogue.models import Product
from shop.catalogue.variant_models import ProductVariant
from shop.catalogue.variant_table import VariantRow
from shop.extensions import db
from tests.helpers.factories import make_category, make_image, make_product

HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']


def _version(product: Product) -> int:
    db.session.expire_all()
    return db.session.get(Product, product.id).version


def _with_options(product: Product, options: dict[str, list[str]]) -> dict[str, ProductVariant]:
    for name, values in options.items():
        variant_services.add_option(
            product.id, name=name, values=values, expected_version=_version(product)
        )
    return _by_sku(product)


def _by_sku(product: Product) -> dict[str, ProductVariant]:
    db.session.expire_all()
    stmt = select(ProductVariant).where(ProductVariant.product_id == product.id)
    return {v.sku: v for v in db.session.scalars(stmt)}


def _set(product: Product, **rows: tuple[str, int, bool]) -> None:
    """sku=(price, stock, published) for the named variants; the rest as they are."""
    table = {}
    for sku, v in _by_sku(product).items():
        price, stock, published = rows.get(
            sku.replace("-", "_"), (v.price, v.stock, v.is_published)
        )
        table[v.id] = VariantRow(sku, Decimal(price), stock, published)
    variant_table.update_variants(product.id, table, expected_version=_version(product))


def _tee(**kw) -> tuple[Product, dict[str, ProductVariant]]:
    product = make_product("Tee", sku="TEE", price="12.50", **kw)
    assert product.sku == "TEE"  # the rows below are named by the SKUs generated from it
    variants = _with_options(product, {"Colour": ["Red", "Blue"], "Size": ["S", "M"]})
    _set(
        product,
        TEE_red=("12.50", 3, True),
        TEE_blue=("14.00", 0, True),
        TEE_red_m=("13.00", 2, True),
        TEE_blue_m=("14.00", 1, False),  # not for sale: shown as unavailable
    )
    return product, variants


def _links(html: str) -> dict[str, str]:
    """Choice link text -> href."""
    found = re.findall(r'<a class="choice[^"]*" rel="nofollow" href="([^"]+)">(.*?)</a>', html)
    return {unescape(re.sub("<[^>]+>", "", text)).strip(): unescape(href) for href, text in found}


def test_the_url_picks_the_variant_and_the_links_keep_the_other_values(client):
    product, v = _tee()
    html = client.get(f"/product/{product.slug}?variant={v['TEE-red-m'].id}").get_data(as_text=True)
    assert '<p class="product__price price">' in html
    assert "13.00" in html.split('class="product__price price">')[1][:40]
    assert "<dd>TEE-red-m</dd>" in html
    links = _links(html)
    # Colour: Blue with size M is not for sale; Size: S with red is.
    assert links == {"S": f"/product/{product.slug}?variant={v['TEE-red'].id}"}
    assert 'choice--unavailable">Blue' in html
    assert 'aria-current="true">Red' in html and 'aria-current="true">M' in html
    # The canonical URL stays the product's.
    assert f'rel="canonical" href="http://localhost/product/{product.slug}"' in html


def test_without_a_variant_the_first_in_stock_is_shown_and_sold_out_is_said(client):
    product, v = _tee()
    html = client.get(f"/product/{product.slug}").get_data(as_text=True)
    assert "<dd>TEE-red</dd>" in html
    links = _links(html)
    assert links["Blue (sold out)"] == f"/product/{product.slug}?variant={v['TEE-blue'].id}"
    assert links["M"] == f"/product/{product.slug}?variant={v['TEE-red-m'].id}"


def test_unknown_unpublished_or_malformed_variants_are_404(client):
    product, v = _tee()
    other = make_product("Other", sku="OTHER")
    elsewhere = _with_options(other, {"Size": ["S"]})["OTHER-s"]
    _set(other, OTHER_s=("2.00", 1, True))
    for query in (
        f"variant={v['TEE-blue-m'].id}",  # unpublished
        f"variant={elsewhere.id}",  # another product's
        "variant=abc",
        "variant=-1",
        "variant=99999999999",
    ):
        response = client.get(f"/product/{product.slug}?{query}")
        assert response.status_code == 404, query
        assert "no such variant" in response.get_data(as_text=True)
    plain = make_product(sku="PLAIN")
    assert client.get(f"/product/{plain.slug}?variant=1").status_code == 404
    assert client.get(f"/product/{plain.slug}").status_code == 200


def test_staff_preview_unpublished_variants(staff_client):
    product, v = _tee()
    response = staff_client.get(f"/product/{product.slug}?variant={v['TEE-blue-m'].id}")
    assert response.status_code == 200
    assert "<dd>TEE-blue-m</dd>" in response.get_data(as_text=True)


def test_one_card_per_product_with_from_price(client):
    category = make_category("Clothes")
    product, _ = _tee(category=category)
    make_product("Mug", category=category, price="5.00", sku="MUG")
    html = client.get(f"/category/{category.slug}/").get_data(as_text=True)
    assert html.count('class="product-card"') == 2
    assert "from" in html.split(">Tee<")[1][:120]
    assert "from" not in html.split(">Mug<")[1][:120]
    saved = db.session.get(Product, product.id)
    assert (saved.price_cents, saved.stock) == (1250, 5)


def _count(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return int(response.headers["X-Query-Count"])


def test_statements_do_not_grow_with_the_number_of_variants(client):
    small = make_product("Small", sku="SMALL")
    _with_options(small, {"Size": ["One"]})
    _set(small, SMALL_one=("5.00", 1, True))
    one = _count(client, f"/product/{small.slug}")
    large = make_product("Large", sku="LARGE")
    variants = _with_options(large, {"Colour": [f"c{n}" for n in range(10)], "Size": list("SMLXY")})
    assert len(variants) == 50
    _set(large, **{sku.replace("-", "_"): ("7.00", 2, True) for sku in variants})
    chosen = max(v.id for v in variants.values())
    fifty = _count(client, f"/product/{large.slug}?variant={chosen}")
    assert one == fifty == 6  # the page's 4 (specification included), and the picker's 2


def test_hostile_option_names_and_values_are_escaped_on_the_page_and_cards(client):
    category = make_category("Hostile")
    product = make_product("Plain name", sku="HOST", category=category)
    variants = _with_options(product, {HOSTILE[0]: [HOSTILE[1], "b"], HOSTILE[1]: [HOSTILE[0]]})
    rows = {sku.replace("-", "_"): ("3.00", 1, True) for sku in variants}
    _set(product, **rows)
    for url in (f"/product/{product.slug}", f"/category/{category.slug}/", "/search?q=plain"):
        html = client.get(url).get_data(as_text=True)
        for text in HOSTILE:
            assert text not in html, url
    html = client.get(f"/product/{product.slug}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_chosen_variant_photo_comes_first_and_a_deleted_photo_falls_back(client):
    product = make_product("Vase", sku="VASE")
    first, blue = make_image(product), make_image(product, position=1)
    variants = _with_options(product, {"Colour": ["Red", "Blue"]})
    table = {
        v.id: VariantRow(sku, Decimal("9.00"), 1, True, blue.id if sku == "VASE-blue" else None)
        for sku, v in variants.items()
    }
    variant_table.update_variants(product.id, table, expected_version=_version(product))

    def main_image(url: str) -> str:
        html = client.get(url).get_data(as_text=True)
        return html.split('class="gallery__main"')[1].split("</div>")[0]

    key = blue.renditions[0]["jpeg"]
    assert key in main_image(f"/product/{product.slug}?variant={variants['VASE-blue'].id}")
    assert first.renditions[0]["jpeg"] in main_image(
        f"/product/{product.slug}?variant={variants['VASE-red'].id}"
    )
    db.session.delete(db.session.get(type(blue), blue.id))
    db.session.commit()
    assert db.session.get(ProductVariant, variants["VASE-blue"].id).image_id is None
    assert first.renditions[0]["jpeg"] in main_image(
        f"/product/{product.slug}?variant={variants['VASE-blue'].id}"
    )
