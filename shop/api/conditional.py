"""ETags for public GETs: a matching If-None-Match answers 304 without building the body."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Request, Response

# Programs may keep an answer but must ask again before using it (cheap with the ETag).
CACHE_CONTROL = "no-cache"


def conditional(request: Request, tag: str, build: Callable[[], Any]):
    """304 when the client holds `tag` (weak comparison, as RFC 9110 asks for GETs);
    otherwise the body `build()` makes, with the ETag, for the view's response schema."""
    headers = {"ETag": f'"{tag}"', "Cache-Control": CACHE_CONTROL}
    if request.if_none_match.contains_weak(tag):
        return Response(status=304, headers=headers)
    return build(), 200, headers
