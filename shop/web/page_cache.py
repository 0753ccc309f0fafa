"""Whole-page cache for anonymous shoppers, keyed on the catalogue version, with ETags.

It keeps shoppers' API answers too (GETs without an `Authorization` header): a view outside
the storefront says its answer is the same for every such caller with `share_answer`.

Nothing personal is ever cached: a request that carries a session (a signed-in member of staff)
is always built fresh. Cached or not, storefront pages carry an ETag and answer 304 when the
browser already has them; Nginx's micro-cache may keep them until the end of the current
second (X-Accel-Expires: @<unix second>, see `micro_cache_until`), and not at all in the
second a product is scheduled to appear or vanish.

A hit is answered by `PageCacheMiddleware` before Flask routes anything: one read of the
catalogue version, one cache look-up, and the stored status, headers and body. The storefront
views only mark a page as cacheable (`mark_cacheable`); the middleware stores what finally goes
out, after every `after_request` hook (security headers, validators) has run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from flask import Flask, Response, current_app, g, has_app_context, request
from werkzeug.http import is_resource_modified, parse_cookie, unquote_etag

from ..caching import cache_get, cache_set, warn_throttled
from ..catalogue.version import (
    adopt_snapshot,
    catalogue_snapshot,
    current_version,
    next_scheduled_moment,
)
from ..database.connections import begin_autocommit_reads, end_autocommit_reads
from ..database.transaction import discard

PERSONAL_COOKIES = ("remember_token",)
VISIT_ENVIRON = "shop.page_cache"
# Characters a path keeps as they are in a page key; `?`, `#` and `%` are always encoded.
PATH_SAFE = "/:@!$&'()*+,;=-._~"  # the one key the middleware and the view hooks share
# Headers that describe one particular answer, not the page.
NOT_STORED = frozenset({"x-page-cache", "x-query-count"})
NOT_IN_304 = frozenset({"content-length", "content-type"})


@dataclass
class Visit:
    """What the middleware and the view hooks tell each other about one request."""

    snapshot: tuple | None = None  # catalogue version and tree, read before Flask took it
    next_moment: datetime | None = None  # the next scheduled publish or unpublish
    queries: int = 0  # statements the middleware ran for that (X-Query-Count adds them)
    store_as: str | None = None  # set by the view side: store the final answer under this key


def _visit(environ: dict) -> Visit:
    visit = environ.get(VISIT_ENVIRON)
    if visit is None:
        visit = environ[VISIT_ENVIRON] = Visit()
    return visit


def _dont_store() -> None:
    visit = request.environ.get(VISIT_ENVIRON)
    if visit is not None:
        visit.store_as = None


def adopt_visit() -> None:
    """before_app_request: use what the middleware read (the same catalogue snapshot, and
    its statements in this request's count). `g` outlives a request when tests keep an app
    context open, so the snapshot is set (or forgotten) on every request."""
    visit = request.environ.get(VISIT_ENVIRON)
    adopt_snapshot(visit.snapshot if visit is not None else None)
    if visit is not None and visit.queries:
        g.query_count = g.get("query_count", 0) + visit.queries


def micro_cache_until(next_moment: datetime | None = None, now: float | None = None) -> str:
    """X-Accel-Expires for Nginx's micro-cache: until the end of this second, or "0" (not
    kept at all) when a scheduled moment comes before that second ends, so that no copy
    outlives the moment a product appears or vanishes.

    Nginx counts whole seconds and serves an entry while its expiry second is not past, so
    "1" (now + 1) meant up to two seconds of an old page after an edit; "@now" means at
    most one. Cached answers get a fresh value each time (`PageCacheMiddleware._answer`).
    """
    second = int(time.time() if now is None else now)
    if next_moment is not None and next_moment.timestamp() < second + 1:
        return "0"
    return f"@{second}"


def micro_cache_header() -> str:
    """`micro_cache_until` for the current request (an app context)."""
    return micro_cache_until(next_scheduled_moment())


# Statuses Nginx's micro-cache keeps (proxy_cache_valid in the server block).
MICRO_CACHED = frozenset({200, 301, 404})


def page_key(version: int, environ: dict) -> str:
    """The cache key of the page this request asks for, at catalogue version `version`.

    The key is exactly what the page is rendered from. Scheme and host (lower-cased by
    `web.security.HostNormaliser`) are part of the page (its canonical link), so they are
    part of the key; only hosts that Flask accepted (TRUSTED_HOSTS) ever get an entry
    stored under them. The path is percent-encoded again, so a `?` that was part of the
    path (`/product/x%3Fy`) can never read as the start of the query (`/product/x?y`).
    """
    host = environ.get("HTTP_HOST") or f"{environ['SERVER_NAME']}:{environ['SERVER_PORT']}"
    path = quote(f"{environ.get('SCRIPT_NAME', '')}{environ.get('PATH_INFO', '')}", PATH_SAFE)
    return (
        f"page3:{version}:{environ['wsgi.url_scheme']}://{host}{path}"
        f"?{environ.get('QUERY_STRING', '')}"
    )


def _personal(cookie_header: str | None, names: tuple[str, ...]) -> bool:
    if not cookie_header:
        return False
    cookies = parse_cookie(cookie_header)
    return any(name in cookies for name in names)


def personal_cookie_names(app: Flask) -> tuple[str, ...]:
    return (app.config["SESSION_COOKIE_NAME"], *PERSONAL_COOKIES)


def mark_cacheable() -> None:
    """before_request (storefront): remember whether this page may be shared, and its key."""
    g.anonymous_page = request.method in ("GET", "HEAD") and not _personal(
        request.headers.get("Cookie"), personal_cookie_names(current_app)
    )
    if g.anonymous_page and request.method == "GET" and current_app.config["SHOP_PAGE_CACHE"]:
        _visit(request.environ).store_as = page_key(current_version(), request.environ)


def share_answer() -> None:
    """In a view outside the storefront (the API's reads): this GET's answer is the same for
    every caller without credentials, so the middleware may keep it as it keeps pages. The
    view decides, since only it knows that it looked at no token; the middleware looked the
    answer up only for a request without an `Authorization` header or a personal cookie."""
    if (
        request.method == "GET"
        and current_app.config["SHOP_PAGE_CACHE"]
        and "Authorization" not in request.headers
    ):
        _visit(request.environ).store_as = page_key(current_version(), request.environ)


def finish_page(response: Response) -> Response:
    """after_request (storefront): validators, cache headers, and a 304 when they match."""
    if response.status_code != 200 or response.direct_passthrough:
        _dont_store()
        if response.status_code in MICRO_CACHED and g.get("anonymous_page"):
            # A 404 may turn into the page itself at a scheduled moment.
            response.headers["X-Accel-Expires"] = micro_cache_header()
        return response
    headers = response.headers
    anonymous = g.get("anonymous_page")
    visit = request.environ.get(VISIT_ENVIRON)
    if "Set-Cookie" in headers:
        _dont_store()
        anonymous = False
    elif visit is not None and visit.store_as is not None:
        headers["X-Page-Cache"] = "miss"
    response.add_etag()
    if anonymous:
        # For Nginx's micro-cache only (it hides the header). It must come before
        # Cache-Control: Nginx then ignores the latter, which is meant for browsers.
        headers["X-Accel-Expires"] = micro_cache_header()
    headers["Cache-Control"] = "no-cache" if anonymous else "private, no-cache"
    vary = headers.get("Vary")
    if not vary:
        headers["Vary"] = "Cookie"
    elif "cookie" not in {name.strip().lower() for name in vary.split(",")}:
        headers["Vary"] = f"{vary}, Cookie"
    environ = request.environ
    if "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ:
        response.make_conditional(request)  # only then: it costs a tenth of a small page
        if response.status_code != 200:  # a 304: nothing to store
            _dont_store()
    return response


class PageCacheMiddleware:
    """WSGI middleware that answers anonymous GET/HEAD requests from the page cache.

    A miss goes on to Flask; if the view marked the page cacheable and the final answer is a
    200 without cookies, its status, headers and body are stored under the marked key.
    """

    def __init__(self, app: Flask, wsgi_app: Callable, shared: tuple[str, ...] = ()) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self.cookie_names = personal_cookie_names(app)
        self.count_queries = bool(app.config["SHOP_QUERY_COUNT_HEADER"])
        self.shared_sections = [[first] for first in shared]
        other = _non_storefront_sections(app)
        self.other_sections = [section for section in other if section not in self.shared_sections]

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        section = environ.get("PATH_INFO", "").split("/", 2)[1:2]
        if (
            environ.get("REQUEST_METHOD") not in ("GET", "HEAD")
            or section in self.other_sections
            # The API: only callers without credentials share answers.
            or (section in self.shared_sections and "HTTP_AUTHORIZATION" in environ)
            or _personal(environ.get("HTTP_COOKIE"), self.cookie_names)
        ):
            return self.wsgi_app(environ, start_response)
        hit, queries = self._look_up(environ)
        if isinstance(hit, tuple) and len(hit) == 3:  # else a miss (or another release's entry)
            return self._answer(hit, queries, environ, start_response)
        _visit(environ).queries = queries
        return self._build_and_store(environ, start_response)

    def _look_up(self, environ: dict) -> tuple[tuple | None, int]:
        # Tests keep an app context open and requests share it (as Flask itself does).
        reuse = has_app_context() and current_app._get_current_object() is self.app
        ctx = None if reuse else self.app.app_context()
        if ctx is not None:
            ctx.push()
        try:
            g.pop("catalogue_snapshot", None)
            g.query_count = 0
            try:
                # On the autocommit read connection, as the pages read: no transaction to
                # begin and end for the one statement (or none) a hit needs.
                begin_autocommit_reads()
                snapshot = catalogue_snapshot()
            except Exception:
                # The database is down or busy: let Flask answer (the shop's error page).
                warn_throttled("page cache: catalogue version unreadable, building the page")
                discard()
                return None, 0
            finally:
                end_autocommit_reads(None)
            _visit(environ).snapshot = snapshot  # a miss builds the page from the same one
            _visit(environ).next_moment = next_scheduled_moment()
            return cache_get(page_key(snapshot[0], environ)), g.get("query_count", 0)
        finally:
            if ctx is not None:
                ctx.pop()

    def _answer(self, hit: tuple, queries: int, environ: dict, start_response) -> list[bytes]:
        headers, body, etag = hit
        extra = [("X-Page-Cache", "hit")]
        if self.count_queries:
            extra.append(("X-Query-Count", str(queries)))
        # In place: it must stay before Cache-Control for Nginx.
        until = micro_cache_until(_visit(environ).next_moment)
        headers = [(k, until if k == "X-Accel-Expires" else v) for k, v in headers]
        if etag and not is_resource_modified(environ, etag=etag):
            start_response(
                "304 NOT MODIFIED",
                [h for h in headers if h[0].lower() not in NOT_IN_304] + extra,
            )
            return []
        start_response("200 OK", headers + extra)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def _build_and_store(self, environ: dict, start_response) -> Iterable[bytes]:
        answer: dict = {}

        def capture(status: str, headers: list, exc_info=None):
            answer["status"], answer["headers"] = status, headers
            return start_response(status, headers, exc_info)

        iterable = self.wsgi_app(environ, capture)
        key = _visit(environ).store_as
        if (
            key is None
            or not answer.get("status", "").startswith("200")
            # Checked again on the final headers: a cookie set by any later hook (a session
            # that was touched) makes the page personal.
            or any(k.lower() == "set-cookie" for k, _ in answer.get("headers", ()))
        ):
            return iterable
        try:
            body = b"".join(iterable)
        finally:
            if hasattr(iterable, "close"):
                iterable.close()
        headers = [(k, v) for k, v in answer["headers"] if k.lower() not in NOT_STORED]
        etag = next((unquote_etag(v)[0] for k, v in headers if k.lower() == "etag"), None)
        with self.app.app_context():
            cache_set(key, (headers, body, etag))
        return [body]


def _non_storefront_sections(app: Flask) -> list[list[str]]:
    """First path segments only other blueprints use (/admin, /static, /healthz ...), each as
    a one-item list to compare with `path.split("/", 2)[1:2]`: no cache look-up for those."""
    sections: dict[str, bool] = {}
    for rule in app.url_map.iter_rules():
        first = rule.rule.split("/", 2)[1]
        if "<" in first:
            continue
        storefront = (rule.endpoint or "").startswith("storefront.")
        sections[first] = sections.get(first, False) or storefront
    return [[first] for first, storefront in sections.items() if not storefront and first]


def init_page_cache(app: Flask, shared: tuple[str, ...] = ()) -> None:
    """Install the middleware (inside ProxyFix, so scheme and host are the client's).

    `shared`: first path segments outside the storefront whose views may `share_answer`.
    """
    if app.config["SHOP_PAGE_CACHE"]:
        app.wsgi_app = PageCacheMiddleware(app, app.wsgi_app, shared)  # type: ignore[method-assign]
