"""Product cards escape every value by default (shop/web/cards.py fills Markup templates):
every value from the database comes out escaped, on every page that shows cards."""

from __future__ import annotations

import re

from shop.extensions import db
from tests.admin.test_xss import _assert_clean
from tests.helpers.factories import make_category, make_image, make_product

HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>&'
ESCAPED = "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&amp;"
CARD_PAGES = ("/", "/products/", "/category/kitchen/", "/search?q=Pot", "/product/plain")


def _grid(html: str) -> str:
    return html[html.index('<ul class="product-grid">') :]


def test_card_values_from_the_database_are_escaped(app, client):
    category = make_category("Kitchen", slug="kitchen")
    product = make_product(f"Pot {HOSTILE}", category=category, slug="pot", stock=3)
    image = make_image(product, alt_text=f"Alt {HOSTILE}")
    image.renditions = [
        {"width": 320, "height": 320, "webp": f"a/{HOSTILE}.webp", "jpeg": f"a/{HOSTILE}.jpg"}
    ]
    make_product("Plain", category=category, slug="plain", is_featured=True)

    db.session.commit()

    for url in CARD_PAGES:
        html = client.get(url).get_data(as_text=True)
        _assert_clean(html, url)
        assert HOSTILE not in html, url
    card = _grid(client.get("/category/kitchen/").get_data(as_text=True))
    assert f'<h2 class="product-card__name">Pot {ESCAPED}</h2>' in card
    assert f'alt="Alt {ESCAPED}"' in card
    assert f"/media/a/{ESCAPED}.webp 320w" in card
    assert f'src="/media/a/{ESCAPED}.jpg"' in card
    assert 'href="/product/pot"' in card
    assert "Only 3 left" in card
    # Numbers are printed as they are: widths and heights from the renditions.
    assert re.search(r'width="320" height="320" alt="Alt ', card)


def test_a_hostile_value_in_every_card_field_is_escaped(app, client):
    """Name, slug, alt text, file keys, and widths and heights (JSON: not always numbers)."""
    category = make_category("Kitchen", slug="kitchen")
    product = make_product(f"Pot {HOSTILE}", category=category, slug=f"pot{HOSTILE}", stock=3)
    image = make_image(product, alt_text=f"Alt {HOSTILE}")
    image.renditions = [
        {"width": f"3{HOSTILE}", "height": f"4{HOSTILE}", "webp": HOSTILE, "jpeg": HOSTILE},
        {"width": 640, "height": f"5{HOSTILE}", "webp": f"b{HOSTILE}", "jpeg": f"c{HOSTILE}"},
    ]
    make_product("Plain", category=category, slug="plain", is_featured=True)
    db.session.commit()

    for url in CARD_PAGES:
        html = client.get(url).get_data(as_text=True)
        _assert_clean(html, url)
        assert HOSTILE not in html, url
        assert "<script" not in html, url
    card = _grid(client.get("/category/kitchen/").get_data(as_text=True))
    # The slug is URL-quoted as url_for quotes it, and what is left HTML-escaped.
    quoted = "pot%22%3E%3Cscript%3Ealert(1)%3C/script%3E%3Cimg%20src=x%20onerror=alert(2)%3E&amp;"
    assert f'href="/product/{quoted}"' in card
    assert f'<h2 class="product-card__name">Pot {ESCAPED}</h2>' in card
    assert f'srcset="/media/{ESCAPED} 3{ESCAPED}w, /media/b{ESCAPED} 640w"' in card
    assert f'<img src="/media/c{ESCAPED}" srcset="/media/{ESCAPED} 3{ESCAPED}w, ' in card
    assert f'width="640" height="5{ESCAPED}" alt="Alt {ESCAPED}"' in card
