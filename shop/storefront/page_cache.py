"""Whole-page cache for anonymous shoppers, keyed on the catalogue version, with ETags.

Nothing personal is ever cached: a request that carries a session (a signed-in member of staff)
is always built fresh. Cached or not, storefront pages carry an ETag and answer 304 when the
browser already has them; Nginx's micro-cache may keep them one second (X-Accel-Expires).
"""

from __future__ import annotations

from flask import Response, current_app, g, request

from ..caching import cache
from ..catalogue.version import current_version

PERSONAL_COOKIES = ("remember_token",)


def _anonymous() -> bool:
    names = (current_app.config["SESSION_COOKIE_NAME"], *PERSONAL_COOKIES)
    return not any(name in request.cookies for name in names)


def _key() -> str:
    # Scheme and host are part of the page (canonical link), so they are part of the key.
    return f"page:{current_version()}:{request.scheme}://{request.host}{request.full_path}"


def serve_cached_page() -> Response | None:
    """before_request: answer from the cache when we can; remember the key when we can't."""
    g.anonymous_page = request.method in ("GET", "HEAD") and _anonymous()
    if not (g.anonymous_page and current_app.config["SHOP_PAGE_CACHE"]):
        return None
    key = _key()
    hit = cache.get(key)
    if hit is None:
        g.page_cache_key = key
        return None
    body, content_type = hit
    response = current_app.response_class(body, content_type=content_type)
    response.headers["X-Page-Cache"] = "hit"
    return response


def finish_page(response: Response) -> Response:
    """after_request: store a fresh page, add validators, answer 304 when they match."""
    key = g.pop("page_cache_key", None)
    cacheable = (
        response.status_code == 200
        and not response.direct_passthrough
        and "Set-Cookie" not in response.headers
    )
    if key and cacheable and request.method == "GET":
        cache.set(key, (response.get_data(), response.content_type))
        response.headers["X-Page-Cache"] = "miss"
    if response.status_code == 200 and not response.direct_passthrough:
        response.add_etag()
        if g.get("anonymous_page") and "Set-Cookie" not in response.headers:
            # For Nginx's micro-cache only (it hides the header). It must come before
            # Cache-Control: Nginx then ignores the latter, which is meant for browsers.
            response.headers["X-Accel-Expires"] = "1"
        response.headers["Cache-Control"] = (
            "no-cache" if g.get("anonymous_page") else "private, no-cache"
        )
        response.vary.add("Cookie")
        response.make_conditional(request)
    return response
