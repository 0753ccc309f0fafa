"""Storefront links: links.py builds exactly what url_for builds, and checks it at start-up."""

from __future__ import annotations

import pytest
from flask import Flask, url_for
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from werkzeug.routing import BaseConverter

from shop.web.links import LinkRouteError, category_url, init_links, product_url
from tests.helpers.factories import make_category

# Any text (all of Unicode but surrogates), with the characters URL quoting cares about made
# likely: path and query delimiters, percent signs, spaces and characters HTML escapes.
SPECIAL = "/?#% &'\"<>+;=@:!$()*,~\\\t\n"
slugs = st.text(
    alphabet=st.one_of(st.sampled_from(SPECIAL), st.characters(exclude_categories=["Cs"])),
    max_size=40,
)
# Script roots as a reverse proxy or WSGI server mounts the shop (SCRIPT_NAME).
script_roots = st.sampled_from(["", "/shop", "/my shop", "/shop/ü", "/a/b%20c"])

SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(slug=slugs, script_root=script_roots)
@example(slug="a/b?c#d%20e f", script_root="/shop")
@example(slug="", script_root="/shop")
@example(slug="!$&'()*+,;=:@", script_root="/shop")
def test_links_equal_url_for(app: Flask, slug: str, script_root: str) -> None:
    with app.test_request_context(environ_overrides={"SCRIPT_NAME": script_root}):
        assert product_url(slug) == url_for("storefront.product_detail", slug=slug)
        assert category_url(slug) == url_for("storefront.category_detail", slug=slug)


def test_links_follow_the_script_root(app: Flask) -> None:
    with app.test_request_context(base_url="http://localhost/shop/"):
        assert product_url("tea pot") == "/shop/product/tea%20pot"
        assert category_url("kitchen") == "/shop/category/kitchen/"
    with app.test_request_context():
        assert product_url("tea pot") == "/product/tea%20pot"


def test_pages_link_categories_through_the_links_module(app: Flask, client) -> None:
    make_category("Tea & Coffee", slug="tea&coffee")
    html = client.get("/").get_data(as_text=True)
    # url_for keeps "&" in a path (urllib's quote, used before, made it %26); HTML escapes it.
    assert 'href="/category/tea&amp;coffee/"' in html
    assert client.get("/category/tea&coffee/").status_code == 200


def test_app_start_up_checks_the_routes(app: Flask) -> None:
    # Done in create_app: both routes are split and checked for the default script root.
    assert {key[1] for key in app.extensions["slug_routes"]} == {"product", "category"}


class LowerCaseConverter(BaseConverter):
    def to_url(self, value: str) -> str:
        return super().to_url(value.lower())


def _app(product_rule: str, category_rule: str = "/category/<slug>/") -> Flask:
    """A bare app with the two storefront endpoints on the given rules."""
    app = Flask(__name__)
    app.url_map.converters["lower"] = LowerCaseConverter
    app.add_url_rule(product_rule, "storefront.product_detail")
    app.add_url_rule(category_rule, "storefront.category_detail")
    return app


def test_the_bare_app_with_the_shop_routes_starts() -> None:
    init_links(_app("/product/<slug>"))


@pytest.mark.parametrize(
    ("product_rule", "category_rule", "message"),
    [
        # The slug moved to the query string: the split no longer round-trips.
        ("/product", "/category/<slug>/", "product_detail.*changed shape"),
        # A converter that quotes differently (here: lower-cases) from url_for's default.
        ("/product/<lower:slug>", "/category/<slug>/", "product_detail.*slug once"),
        # A converter that refuses text.
        ("/product/<int:slug>", "/category/<slug>/", "product_detail.*any text"),
        # The argument was renamed.
        ("/product/<slug>", "/category/<name>/", "category_detail.*any text"),
    ],
)
def test_a_route_that_changed_shape_stops_the_app(
    product_rule: str, category_rule: str, message: str
) -> None:
    with pytest.raises(LinkRouteError, match=message):
        init_links(_app(product_rule, category_rule))
