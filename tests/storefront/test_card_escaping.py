"""Product cards escape by hand (autoescape is off in the grid loop for speed): every value
from the database must still come out escaped, on every page that shows cards."""

from __future__ import annotations

import re

from shop.extensions import db
from tests.admin.test_xss import _assert_clean
from tests.factories import make_category, make_image, make_product

HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>&'
ESCAPED = "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&amp;"


def test_card_values_from_the_database_are_escaped(app, client):
    category = make_category("Kitchen", slug="kitchen")
    product = make_product(f"Pot {HOSTILE}", category=category, slug="pot", stock=3)
    image = make_image(product, alt_text=f"Alt {HOSTILE}")
    image.renditions = [
        {"width": 320, "height": 320, "webp": f"a/{HOSTILE}.webp", "jpeg": f"a/{HOSTILE}.jpg"}
    ]
    make_product("Plain", category=category, slug="plain", is_featured=True)

    db.session.commit()

    for url in ("/", "/products/", "/category/kitchen/", "/search?q=Pot", "/product/plain"):
        html = client.get(url).get_data(as_text=True)
        _assert_clean(html, url)
        assert HOSTILE not in html, url
    listing = client.get("/category/kitchen/").get_data(as_text=True)
    card = listing[listing.index('<ul class="product-grid">') :]
    assert f'<h2 class="product-card__name">Pot {ESCAPED}</h2>' in card
    assert f'alt="Alt {ESCAPED}"' in card
    assert f"/media/a/{ESCAPED}.webp 320w" in card
    assert f'src="/media/a/{ESCAPED}.jpg"' in card
    assert 'href="/product/pot"' in card
    assert "Only 3 left" in card
    # Numbers are printed as they are: widths and heights from the renditions.
    assert re.search(r'width="320" height="320" alt="Alt ', card)
