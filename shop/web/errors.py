"""HTML error pages in the shop's layout for every error status; a 500 logs its reference id."""

from __future__ import annotations

import logging
import uuid

from flask import Flask, abort, g, render_template, request
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

from ..catalogue.errors import StaleEdit
from ..database.transaction import discard
from ..extensions import login_manager
from ..images import StorageFull
from .problems import field_errors, is_api_request, problem

log = logging.getLogger(__name__)

TITLES = {
    400: ("Bad request", "The shop could not understand that request."),
    403: ("Not allowed", "Your account is not allowed to open this page."),
    404: ("Page not found", "We looked everywhere, but this page does not exist (any more)."),
    405: ("Not allowed here", "This page cannot be used that way."),
    409: ("Changed by someone else", "This item changed since you opened it."),
    413: ("Upload too large", "The files you sent are larger than the shop accepts."),
    414: ("Address too long", "The address of that page is longer than the shop accepts."),
    429: ("Too many attempts", "Please wait a little before trying again."),
    500: ("Something went wrong", "An error on our side stopped this page."),
    503: ("Temporarily unavailable", "The shop is busy or being updated. Please try again soon."),
    507: ("Storage full", "The shop has no room to store these files right now."),
}


class InsufficientStorage(HTTPException):
    """507: the media disk is full; nothing partial was kept."""

    code = 507
    description = TITLES[507][1]


def render_error(status: int, description: str | None = None, reference: str | None = None):
    """(body, status) of the error page, or of the problem document under /api/."""
    # The failed request may have left the session mid-transaction; the layout still needs it.
    discard()
    title, default_text = TITLES.get(status, ("Error", "Something went wrong."))
    if is_api_request():
        members = {"reference": reference} if reference else {}
        return problem(status, description, **members), status
    g.rendering_error_page = True
    return (
        render_template(
            "errors/error.html",
            status=status,
            title=title,
            message=description or default_text,
            reference=reference,
        ),
        status,
    )


def _bare_error_page(title: str, reference: str) -> str:
    return (
        f"<!doctype html><html lang=en><title>Error</title>"
        f"<h1>{title}</h1><p>Reference: {reference}</p></html>"
    )


# Messages of operational errors that are mistakes in the shop, not an outage.
NOT_OUTAGES = ("no such table", "no such column", "syntax error", "has no column")


def _is_outage(error: DBAPIError) -> bool:
    return error.connection_invalidated or not any(
        text in str(error.orig).lower() for text in NOT_OUTAGES
    )


def _http_description(error: HTTPException) -> str | None:
    # Werkzeug's stock descriptions are developer prose; keep only the ones we wrote ourselves.
    stock = type(error).description
    return error.description if error.description and error.description != stock else None


UNTRUSTED_HOST_PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bad request (400)</title>'
    "</head><body><main><h1>Bad request</h1><p>This shop does not answer to that host name.</p>"
    "</main></body></html>"
)

# Errors Nginx answers itself but shows through the app, in the shop's layout: the Nginx block
# (deploy/nginx_server.conf) sends each of these codes to GET /_error/<code>. The value
# replaces the app's own wording where that would not fit a refusal by Nginx (None: keep it).
PROXY_ERRORS: dict[int, str | None] = {
    400: None,  # a malformed request line or header, a bad Host, headers too large
    403: "This address cannot be opened.",  # a directory, a file Nginx may not read
    404: None,  # a missing file under /static/ or /media/
    405: None,  # a POST to a static file
    413: None,  # a body over SHOP_MAX_UPLOAD_MB
    414: None,  # a request line longer than Nginx's header buffers
    429: None,  # limit_req / limit_conn with a 429 status
}


def init_errors(app: Flask) -> None:
    @app.get("/_error/<int:code>")
    def proxy_error_page(code: int):
        # Any other code is a plain 404; Nginx never sends an error page's own errors to
        # another error page (recursive_error_pages is off), so nothing can loop.
        if code not in PROXY_ERRORS:
            abort(404)
        return render_error(code, PROXY_ERRORS[code])

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        if isinstance(error, InternalServerError):
            return server_error(error.original_exception or error)
        if isinstance(error, SecurityError):
            # An untrusted Host header: no URL can be built for it, so no shop layout either.
            if is_api_request():
                return problem(400, "This shop does not answer to that host name.")
            return UNTRUSTED_HOST_PAGE, 400, {"Content-Type": "text/html; charset=utf-8"}
        # webargs and flask-smorest's abort() put the failed fields ("messages", by location)
        # and a message of the view's own in `data`.
        data = getattr(error, "data", None) or {}
        if data.get("messages") and is_api_request():
            discard()
            detail = data.get("message") or "Some fields of the request are not valid."
            return problem(error.code, detail, errors=field_errors(data["messages"]))
        response = error.get_response()
        try:
            body, status = render_error(error.code, data.get("message") or _http_description(error))
        except OperationalError as failure:  # the page needed the database, which is down
            return database_unavailable(failure)
        # Keep headers such as Allow (405) and Retry-After (429).
        headers = {k: v for k, v in response.headers.items() if k in ("Allow", "Retry-After")}
        return body, status, headers

    @app.errorhandler(StaleEdit)
    def stale_edit(error: StaleEdit):
        # Views with a form show their own conflict page; buttons (publish, ...) land here.
        return render_error(409, str(error))

    @app.errorhandler(StorageFull)
    def storage_full(error: StorageFull):
        # The transaction and the files written for it were already undone.
        log.error("media storage full: %s", error)
        return render_error(507)

    @app.errorhandler(OperationalError)
    def database_unavailable(error: OperationalError):
        # The database is down, restarting, locked or past its statement timeout: nothing a
        # shopper did, and it passes. Retry-After tells browsers and crawlers to come back.
        if not _is_outage(error):
            return server_error(error)
        reference = uuid.uuid4().hex[:12]
        log.error("Database unavailable ref=%s on %s %s: %s", reference, request.method,
                  request.path, error.orig)  # fmt: skip
        # Whoever is signed in cannot be looked up now; the page is drawn as for a shopper
        # (the session cookie stays, so the next request finds them again).
        g._login_user = login_manager.anonymous_user()
        try:
            body, status = render_error(503, reference=reference)
        except Exception:  # the layout needs the database too; an error page has no nav
            log.exception("Error page failed ref=%s", reference)
            body, status = _bare_error_page("Temporarily unavailable", reference), 503
        return body, status, {"Retry-After": "30"}

    @app.errorhandler(Exception)
    def server_error(error: BaseException):
        reference = uuid.uuid4().hex[:12]
        log.error(
            "Unhandled error ref=%s on %s %s",
            reference,
            request.method,
            request.path,
            exc_info=(type(error), error, error.__traceback__),
        )
        try:
            return render_error(500, reference=reference)
        except Exception as failure:  # the error page itself failed
            if isinstance(failure, OperationalError) and _is_outage(failure):
                return database_unavailable(failure)  # the database went away: say so
            log.exception("Error page failed ref=%s", reference)
            return _bare_error_page("Something went wrong", reference), 500
