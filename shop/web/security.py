"""Request guards and response headers that apply to every page."""

from __future__ import annotations

from flask import Flask, Response, abort, request

from .problems import is_api_request

SECURITY_HEADERS = (
    (
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    ),
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
)


def _has_nul(multidict) -> bool:
    return any("\x00" in value for values in multidict.listvalues() for value in values)


class HostNormaliser:
    """WSGI middleware: host names are case-insensitive, so `Host: LOCALHOST` is `localhost`
    for the trusted-host check, the links a page carries and every cache key. It sits inside
    ProxyFix (which may take the host from X-Forwarded-Host) and outside the page cache."""

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response):
        host = environ.get("HTTP_HOST")
        if host:
            lowered = host.lower()
            if lowered != host:
                environ["HTTP_HOST"] = lowered
        return self.wsgi_app(environ, start_response)


def refuse_nul_bytes() -> None:
    """NUL cannot be stored in PostgreSQL text and is never meaningful input: refuse it early."""
    if "\x00" in request.path or _has_nul(request.args):
        abort(400, description="The address contains characters the shop cannot read.")
    if request.method == "POST" and _has_nul(request.form):
        abort(400, description="The form contains characters the shop cannot read.")


def init_request_guards(app: Flask) -> None:
    @app.before_request
    def refuse_nul_bytes_in_pages() -> None:
        # The API's blueprints run the guard themselves, after their token check: a sent
        # token, and whether writing has one, is checked before anything else of a request.
        if not is_api_request():
            refuse_nul_bytes()

    @app.after_request
    def security_headers(response: Response) -> Response:
        headers = response.headers
        present = {name.lower() for name, _ in headers.items()}
        # A view may set its own (say, a looser policy on one page); ours fill the gaps.
        headers.extend(
            [(name, value) for name, value in SECURITY_HEADERS if name.lower() not in present]
        )
        return response
