"""Template globals and filters: hashed static URLs, media URLs, money, query-string links."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import urlencode

from flask import Flask, current_app, g, request, url_for
from jinja2 import Environment

from ..catalogue.markup import render_description
from ..catalogue.version import category_tree
from .cards import product_grid_global, stock_badge
from .links import category_url, init_links, media_url
from .shop_time import shop_time
from .static_files import init_static_files

CURRENCY_SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$"}


def format_money(cents: int | None, symbol: str) -> str:
    """`1234567` -> `€12,345.67`: whole integer arithmetic, exact (a listing formats up to
    96 prices per page)."""
    if cents is None:
        return ""
    whole, fraction = divmod(abs(cents), 100)
    sign = "-" if cents < 0 else ""
    return f"{symbol}{sign}{whole:,}.{fraction:02d}"


def money(cents: int | None) -> str:
    """The `money` filter: cents in the shop's currency."""
    return format_money(cents, CURRENCY_SYMBOLS.get(current_app.config["SHOP_CURRENCY"], ""))


# Query arguments a listing link may carry; anything else in the address is dropped.
LISTING_ARGS = ("q", "sort", "min_price", "max_price", "in_stock", "per_page", "page", "category",
                "published")  # fmt: skip
# A category listing's attribute filters (attr_material=oak): kept by its links too.
ATTRIBUTE_ARGS_PREFIX = "attr_"


def _listing_arg(key: str) -> bool:
    return key in LISTING_ARGS or key.startswith(ATTRIBUTE_ARGS_PREFIX)


def _encode(args) -> str:
    """A query string encoded as url_for would (werkzeug's choice of safe characters)."""
    return urlencode(list(args), safe="!$'()*,/:;?@")


def _cached_on_request(name: str, build):
    """A value worked out once per request (a page builds dozens of links from it)."""
    value = getattr(request, name, None)
    if value is None:
        value = build()
        setattr(request, name, value)
    return value


def fixed_url(endpoint: str, **values: str) -> str:
    """`url_for(endpoint, **values)` worked out once per process and script root: for links
    that never change between requests (the home page, search). Routes only change with a
    new process; product and category links are in links.py."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    key = (request.script_root, endpoint, *values.items())
    known = app.extensions["fixed_urls"].get(key)
    if known is None:
        known = app.extensions["fixed_urls"][key] = url_for(endpoint, **values)
    return known


def this_page_url() -> str:
    """This page's URL without its query string."""
    view_args = request.view_args or {}
    return _cached_on_request("_shop_url_base", lambda: url_for(request.endpoint, **view_args))


def url_with(**changes) -> str:
    """This page's URL with some query arguments replaced (None removes one)."""
    view_args = request.view_args or {}
    base = this_page_url()
    args = {
        key: value
        for key, value in request.args.items()
        if _listing_arg(key) and key not in view_args
    }
    for key, value in changes.items():
        if value is None or value == "":
            args.pop(key, None)
        else:
            args[key] = value
    query = _encode(args.items())  # as url_for would, without its routing
    return f"{base}?{query}" if query else base


def _query_without_page() -> tuple[str, str]:
    view_args = request.view_args or {}
    args = [
        (key, value)
        for key, value in request.args.items()
        if _listing_arg(key) and key not in view_args and key != "page"
    ]
    return this_page_url(), _encode(args)


def page_url(number: int) -> str:
    """This listing's URL at page `number` (page 1 drops the argument), other arguments
    kept. The query without the page is encoded once per request, not once per link."""
    base, query = _cached_on_request("_shop_page_query", _query_without_page)
    if number > 1:
        return f"{base}?{query}&page={number}" if query else f"{base}?page={number}"
    return f"{base}?{query}" if query else base


def nav_categories() -> list:
    """Top-level categories for the header; an error page never fails because of them."""
    try:
        return category_tree().roots
    except Exception:
        if g.get("rendering_error_page"):
            current_app.logger.warning("navigation unavailable on an error page", exc_info=True)
            return []
        raise


def canonical_url() -> str:
    """The page's own URL without sorting and filtering noise (page numbers kept)."""
    if request.endpoint is None:
        return request.base_url
    page = request.args.get("page")
    extra = {"page": page} if page and page != "1" and page.isdigit() else {}
    if request.endpoint == "storefront.search" and request.args.get("q"):
        extra["q"] = request.args["q"]
    # This page's URL (built once for its other links) on this request's scheme and host,
    # as url_for(..., _external=True) would give it.
    query = _encode(extra.items())
    url = f"{request.host_url[:-1]}{this_page_url()}"
    return f"{url}?{query}" if query else url


def page_window(page, around: int = 2) -> list[int | None]:
    """Page numbers to link: the first, the last, and a few around the current; None is a gap."""
    wanted = {1, page.pages, *range(page.page - around, page.page + around + 1)}
    numbers = sorted(n for n in wanted if 1 <= n <= page.pages)
    window: list[int | None] = []
    for number in numbers:
        if window and number - window[-1] > 1:
            window.append(None)
        window.append(number)
    return window


MACRO_FOLDER = "_macros/"
MACRO_NAME = re.compile(r"{%-?\s*macro\s+([A-Za-z]\w*)")  # not _private ones


def _macro_global(env: Environment, template: str, name: str):
    def call(*args, **kwargs):
        # Looked up on each call so that development's auto-reload sees edits; in production
        # it is a hit in Jinja's template cache.
        return getattr(env.get_template(template).module, name)(*args, **kwargs)

    call.__name__ = name
    return call


def init_macro_globals(env: Environment) -> None:
    """Every public macro in `_macros/` is a template global: pages call `picture(...)`
    without `{% from ... import %}`, which Jinja resolves again on every render (a tenth of
    a millisecond per import on a listing page)."""
    for template in env.list_templates(filter_func=lambda n: n.startswith(MACRO_FOLDER)):
        source = env.loader.get_source(env, template)[0]  # type: ignore[union-attr]
        for name in MACRO_NAME.findall(source):
            env.globals[name] = _macro_global(env, template, name)


def init_templating(app: Flask) -> None:
    init_static_files(app)
    app.extensions["fixed_urls"] = {}
    init_links(app)
    init_macro_globals(app.jinja_env)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals.update(
        media_url=media_url,
        url_with=url_with,
        fixed_url=fixed_url,
        page_url=page_url,
        category_url=category_url,
        this_page_url=this_page_url,
        nav_categories=nav_categories,
        canonical_url=canonical_url,
        page_window=page_window,
    )

    def money_filter(cents: int | None) -> str:
        # This app's config, not a current_app look-up for every price on the page.
        return format_money(cents, CURRENCY_SYMBOLS.get(app.config["SHOP_CURRENCY"], ""))

    app.jinja_env.filters["money"] = money_filter
    app.jinja_env.globals["product_grid"] = product_grid_global(money_filter)
    app.jinja_env.globals["stock_badge"] = stock_badge
    app.jinja_env.filters["description_html"] = render_description
    app.jinja_env.filters["shop_time"] = shop_time

    @app.context_processor
    def shop_context() -> dict:
        return {
            "shop_name": app.config["SHOP_NAME"],
            "current_year": datetime.now(UTC).year,
        }
