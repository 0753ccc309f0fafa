"""The product card renderer: every value escaped by default, the same markup, no queries."""

from __future__ import annotations

from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from flask import Flask, render_template_string
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import Markup
from sqlalchemy import event, select
from sqlalchemy.engine import Engine

from shop.catalogue.cards import CARD_COLUMNS, PRIMARY_IMAGE
from shop.catalogue.models import Product, ProductImage
from shop.extensions import db
from shop.web.cards import render_product_grid
from shop.web.links import product_url
from tests.helpers.factories import make_category, make_image, make_product

HOSTILE = "\"'><script>alert(1)</script><img src=x onerror=alert(2)>&amp;"


class _Parsed(HTMLParser):
    """The grid as a browser sees it: its element/attribute skeleton, and the decoded values
    (attribute values and text) in document order."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.skeleton: list[tuple] = []
        self.values: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.skeleton.append(("<", tag, tuple(name for name, _ in attrs)))
        self.values.extend(value or "" for _, value in attrs)

    def handle_endtag(self, tag):
        self.skeleton.append((">", tag))

    def handle_data(self, data):
        if data.strip():
            self.values.append(data.strip())


def _row(**fields) -> SimpleNamespace:
    row = {
        "id": 1,
        "name": "Teapot",
        "slug": "teapot",
        "price_cents": 1250,
        "stock": 9,
        "price_varies": False,
        "image_renditions": [
            {"width": 320, "height": 240, "webp": "ab/cd/a.webp", "jpeg": "ab/cd/a.jpg"},
            {"width": 640, "height": 480, "webp": "ab/cd/b.webp", "jpeg": "ab/cd/b.jpg"},
        ],
        "image_alt": "A teapot",
    }
    return SimpleNamespace(**{**row, **fields})


def _grid(app: Flask, rows, **options) -> str:
    money = app.jinja_env.filters["money"]
    return render_product_grid(rows, money, **options)


def test_a_card_shows_the_row(app: Flask) -> None:
    with app.test_request_context():
        html = _grid(app, [_row()], heading_level=2)
    assert isinstance(html, Markup)
    assert html.startswith('<ul class="product-grid">\n  <li><article class="product-card">\n')
    assert '<a class="product-card__link" href="/product/teapot">' in html
    assert 'srcset="/media/ab/cd/a.webp 320w, /media/ab/cd/b.webp 640w"' in html
    assert (
        '<img src="/media/ab/cd/b.jpg" srcset="/media/ab/cd/a.jpg 320w, /media/ab/cd/b.jpg 640w" '
        'sizes="(min-width: 1100px) 260px, (min-width: 700px) 30vw, 50vw" width="640" '
        'height="480" alt="A teapot" loading="lazy" decoding="async">'
    ) in html
    assert '<h2 class="product-card__name">Teapot</h2>' in html
    assert '<span class="price">€12.50</span>' in html
    assert html.endswith("</article></li>\n</ul>\n")


@pytest.mark.parametrize(
    ("alt", "shown"),
    [
        ("Teapot", ""),
        (" teapot ", ""),
        ("", ""),
        (None, ""),
        ("A teapot on a tray", "A teapot on a tray"),
    ],
)
def test_an_alt_text_that_repeats_the_name_is_left_empty(app: Flask, alt, shown) -> None:
    """The name is the card's heading, read out with the link: as alt text it is read twice
    (photos uploaded before staff had to describe them got the product's name)."""
    with app.test_request_context():
        html = _grid(app, [_row(image_alt=alt)])
    assert f'alt="{shown}" loading="lazy"' in html


def test_the_first_eager_images_load_at_once(app: Flask) -> None:
    rows = [_row(), _row(image_renditions=None), _row(), _row(image_renditions=[])]
    with app.test_request_context():
        html = _grid(app, rows, eager=2)
    cards = html.split("<li>")[1:]
    assert ['loading="lazy"' in card for card in cards] == [False, False, True, True]
    assert [card.count('decoding="async"') for card in cards] == [1, 1, 1, 1]


def test_a_product_without_a_photo_gets_the_placeholder(app: Flask) -> None:
    with app.test_request_context():
        html = _grid(app, [_row(image_renditions=None, image_alt=None)], eager=1)
    assert "<picture>" not in html
    assert '<img class="placeholder" src="/static/img/placeholder.' in html
    assert 'width="600" height="600" alt="" decoding="async">' in html


@pytest.mark.parametrize(
    ("stock", "badge"),
    [
        (40, '<span class="stock stock--in">In stock</span>'),
        (6, '<span class="stock stock--in">In stock</span>'),
        (5, '<span class="stock stock--low">Only 5 left</span>'),
        (1, '<span class="stock stock--low">Only 1 left</span>'),
        (0, '<span class="stock stock--out">Out of stock</span>'),
    ],
)
def test_stock_badges(app: Flask, stock: int, badge: str) -> None:
    with app.test_request_context():
        assert badge in _grid(app, [_row(stock=stock)])
        page = render_template_string("{{ stock_badge(p) }}", p=SimpleNamespace(stock=stock))
        assert page == badge


def test_heading_levels(app: Flask) -> None:
    with app.test_request_context():
        assert '<h3 class="product-card__name">Teapot</h3>' in _grid(app, [_row()])
        with pytest.raises(ValueError, match="heading_level"):
            _grid(app, [_row()], heading_level=7)


def test_prices_use_the_shop_currency(app: Flask) -> None:
    app.config["SHOP_CURRENCY"] = "GBP"
    with app.test_request_context():
        assert '<span class="price">£1,234.56</span>' in _grid(app, [_row(price_cents=123456)])


def test_links_and_files_follow_the_script_root(app: Flask) -> None:
    with app.test_request_context(base_url="http://localhost/shop/"):
        html = _grid(app, [_row(slug="tea pot"), _row(image_renditions=None)])
    assert 'href="/shop/product/tea%20pot"' in html
    assert 'src="/shop/media/ab/cd/b.jpg"' in html
    assert 'src="/shop/static/img/placeholder.' in html


def test_the_template_global_keeps_its_signature(app: Flask) -> None:
    """Pages call `product_grid(products, heading_level=3, eager=0)`; the result is Markup,
    so the page's autoescaping leaves it alone."""
    with app.test_request_context():
        page = render_template_string(
            "{{ product_grid(rows, heading_level=2, eager=1) }}", rows=[_row(name="A & B")]
        )
    assert '<h2 class="product-card__name">A &amp; B</h2>' in page
    assert 'loading="lazy"' not in page


def _card_rows() -> list:
    """Card rows as listings read them: SQLAlchemy Rows of the card columns."""
    stmt = select(*CARD_COLUMNS).outerjoin(ProductImage, PRIMARY_IMAGE).order_by(Product.id)
    return list(db.session.execute(stmt).all())


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in _strings(item)]
    return []


def test_every_text_field_of_a_row_is_escaped(app: Flask) -> None:
    """Every string a card Row holds (and every value of its renditions, numbers included)
    is hostile: the grid has the same elements and attributes as a plain one, each hostile
    value comes back to the browser as the text it was, and nothing unescaped gets out."""
    category = make_category("Kitchen")
    plain = make_product("Teapot", category=category, slug="teapot", stock=3)
    make_image(plain, alt_text="A teapot")
    hostile = make_product(f"Pot {HOSTILE}", category=category, slug=f"pot{HOSTILE}", stock=3)
    make_image(hostile, alt_text=f"Alt {HOSTILE}").renditions = [
        {"width": f"1{HOSTILE}", "height": HOSTILE, "webp": f"{HOSTILE}.webp", "jpeg": HOSTILE},
        {"width": 640, "height": f"2{HOSTILE}", "webp": f"w{HOSTILE}", "jpeg": f"j{HOSTILE}"},
    ]
    db.session.commit()
    plain_row, hostile_row = _card_rows()
    assert all(HOSTILE in text for text in _strings(tuple(hostile_row)))

    with app.test_request_context():
        plain_html, hostile_html = _grid(app, [plain_row]), _grid(app, [hostile_row])
        href = product_url(hostile_row.slug)
    assert "<script" not in hostile_html and "<img src=x" not in hostile_html
    plain_parsed, hostile_parsed = _Parsed(plain_html), _Parsed(hostile_html)
    assert hostile_parsed.skeleton == plain_parsed.skeleton
    assert href in hostile_parsed.values
    assert f"Pot {HOSTILE}" in hostile_parsed.values
    assert f"Alt {HOSTILE}" in hostile_parsed.values
    assert f"/media/j{HOSTILE}" in hostile_parsed.values  # the largest JPEG
    assert f"/media/{HOSTILE}.webp 1{HOSTILE}w, /media/w{HOSTILE} 640w" in hostile_parsed.values


def test_a_value_from_a_new_field_or_helper_is_escaped_too(app: Flask) -> None:
    """Whatever fills a slot is escaped unless it is Markup: here the money formatter."""
    with app.test_request_context():
        html = render_product_grid([_row()], lambda cents: f"{HOSTILE}{cents}")
    assert "<script" not in html
    assert '<span class="price">&#34;&#39;&gt;&lt;script&gt;' in html


def test_rendering_runs_no_queries(app: Flask) -> None:
    product = make_product("Teapot", category=make_category("Kitchen"))
    make_image(product)
    rows = _card_rows()
    statements: list[str] = []

    def listen(connection, cursor, statement, *args) -> None:
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", listen)
    try:
        with app.test_request_context():
            _grid(app, rows * 48, eager=4)
    finally:
        event.remove(Engine, "before_cursor_execute", listen)
    assert statements == []


@st.composite
def hostile_rows(draw) -> SimpleNamespace:
    text = st.text(
        alphabet=st.one_of(st.sampled_from("<>&\"'=/ "), st.characters(exclude_categories=["Cs"]))
    )
    renditions = draw(
        st.one_of(
            st.none(),
            st.lists(
                st.fixed_dictionaries(
                    {
                        "width": st.integers(1, 4000) | text,
                        "height": st.integers(1, 4000) | text,
                        "webp": text,
                        "jpeg": text,
                    }
                ),
                min_size=1,
                max_size=4,
            ),
        )
    )
    return _row(
        name=draw(text),
        slug=draw(text),
        stock=draw(st.integers(0, 50)),
        image_renditions=renditions,
        image_alt=draw(text),
    )


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(row=hostile_rows())
def test_any_text_leaves_the_markup_alone(app: Flask, row: SimpleNamespace) -> None:
    """Arbitrary text in every field: the card has the elements and attributes of a plain
    card with the same kind of image, and its name comes back as it was."""
    plain = [{"width": 1, "height": 1, "webp": "w", "jpeg": "j"}] * len(row.image_renditions or [])
    reference = _row(image_renditions=plain or None)
    with app.test_request_context():
        parsed, expected = _Parsed(_grid(app, [row])), _Parsed(_grid(app, [reference]))
        href = product_url(row.slug)
    assert parsed.skeleton == expected.skeleton
    assert href in parsed.values
    if row.name.strip():
        assert row.name.strip() in parsed.values
