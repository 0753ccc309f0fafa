"""Storefront links: product and category URLs built from one url_for each, media URLs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, request, url_for

# Letters only, which url_for copies as they are, so that its output can be split around it.
SENTINEL = "zzSLUGzzSENTINELzz"

# Slugs that url_for must build exactly as these templates do (checked at start-up and for
# every new script root): a plain one, and one with every character that quoting treats
# specially (reserved, "safe" in paths, HTML-special, non-ASCII, percent signs).
PROBE_SLUGS = ("plain-slug-42", "a b/c?d#e%25f&g'h\"<i>!$()*+,:;=@~ü€😀", "")

ROUTES = {
    "product": "storefront.product_detail",
    "category": "storefront.category_detail",
}


class LinkRouteError(RuntimeError):
    """A storefront route no longer has the shape links.py assumes (prefix, slug, suffix)."""


@dataclass(frozen=True, slots=True)
class SlugRoute:
    """A route's URL split around its slug; `url(slug)` equals `url_for(endpoint, slug=slug)`."""

    endpoint: str
    prefix: str
    suffix: str
    quote: Callable[[Any], str]  # the routing map's converter, so slugs quote as url_for does

    def url(self, slug: str) -> str:
        return f"{self.prefix}{self.quote(slug)}{self.suffix}"


def _split_route(app: Flask, endpoint: str) -> SlugRoute:
    """Split `url_for(endpoint, slug=SENTINEL)` around the sentinel and prove, with slugs
    that need quoting, that prefix + quoted slug + suffix is what url_for builds."""
    try:
        built = url_for(endpoint, slug=SENTINEL)
    except Exception as error:  # BuildError, or a converter that refuses text
        raise LinkRouteError(
            f"{endpoint}: url_for(slug=...) failed ({error!r}); shop/web/links.py needs a route "
            "that takes any text as its `slug`. Update links.py with the route."
        ) from error
    if built.count(SENTINEL) != 1:
        raise LinkRouteError(
            f"{endpoint}: url_for(slug={SENTINEL!r}) gave {built!r}; shop/web/links.py needs "
            "a route with the slug once in its path. Update links.py with the route."
        )
    prefix, _, suffix = built.partition(SENTINEL)
    converter = app.url_map.converters["default"](app.url_map)
    route = SlugRoute(endpoint, prefix, suffix, converter.to_url)
    for slug in PROBE_SLUGS:
        expected = url_for(endpoint, slug=slug)
        if route.url(slug) != expected:
            raise LinkRouteError(
                f"{endpoint}: shop/web/links.py builds {route.url(slug)!r} for slug {slug!r} "
                f"but url_for gives {expected!r}; the route changed shape (converter, query "
                "string or defaults). Update links.py with the route."
            )
    return route


def slug_route(kind: str) -> SlugRoute:
    """The split route of `kind` ("product" or "category") for this request's script root:
    worked out on the first request of each script root, then a dictionary look-up (a page
    builds dozens of links; routes only change with a new process)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    known: dict[tuple[str, str], SlugRoute] = app.extensions["slug_routes"]
    key = (request.script_root, kind)
    route = known.get(key)
    if route is None:
        route = known[key] = _split_route(app, ROUTES[kind])
    return route


def product_url(slug: str) -> str:
    """The storefront URL of a product, as url_for('storefront.product_detail', slug=slug)."""
    return slug_route("product").url(slug)


def category_url(slug: str) -> str:
    """The storefront URL of a category, as url_for('storefront.category_detail', slug=slug)."""
    return slug_route("category").url(slug)


def media_url(key: str) -> str:
    """Public URL of a stored image file (Nginx serves /media/ in production)."""
    return f"{request.script_root}/media/{key}"


def init_links(app: Flask) -> None:
    """Split every route now, so a route that changed shape stops the app at start-up rather
    than building wrong links on the first page."""
    app.extensions["slug_routes"] = {}
    # On a host Flask trusts: for any other, the request gets no URL adapter to build with.
    trusted = app.config.get("TRUSTED_HOSTS") or ["localhost"]
    with app.test_request_context(base_url=f"http://{trusted[0].lstrip('.')}/"):
        for kind in ROUTES:
            slug_route(kind)
