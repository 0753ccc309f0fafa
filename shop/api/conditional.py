"""ETags for GETs: a matching If-None-Match answers 304 without the body."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Request, Response, request

from ..web.page_cache import micro_cache_header

# Programs may keep an answer but must ask again before using it (cheap with the ETag).
CACHE_CONTROL = "no-cache"


def _headers(tag: str) -> dict[str, str]:
    # X-Accel-Expires first (Nginx reads it only before Cache-Control, and hides it): a
    # shared answer is micro-cached no later than the next scheduled moment.
    return {"X-Accel-Expires": micro_cache_header(), "ETag": f'"{tag}"',
            "Cache-Control": CACHE_CONTROL}  # fmt: skip


def not_modified(tag: str) -> Response | None:
    """304 when the client holds `tag` (weak comparison, as RFC 9110 asks for GETs)."""
    if request.if_none_match.contains_weak(tag):
        return Response(status=304, headers=_headers(tag))
    return None


def json_answer(tag: str, body: str) -> Response:
    """A JSON text kept ready (serialised once, served as it is), with its ETag."""
    return not_modified(tag) or Response(body, mimetype="application/json", headers=_headers(tag))


def conditional(request: Request, tag: str, build: Callable[[], Any]):
    """304 when the client holds `tag`; otherwise the body `build()` makes, with the ETag,
    for the view's response schema."""
    return not_modified(tag) or (build(), 200, _headers(tag))
