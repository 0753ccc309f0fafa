"""Errors under /api/ as RFC 9457 problem documents (application/problem+json), never HTML."""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from flask import Response, json, request

API_PREFIX = "/api/"
PROBLEM_TYPE = "application/problem+json"


# What each status means to a program (the pages' wording speaks to shoppers).
DETAILS = {
    400: "The request could not be understood.",
    401: "Authentication is required, or the credentials are not valid.",
    403: "This credential may not do that.",
    404: "Nothing exists at this address.",
    405: "This method is not allowed here; the Allow header lists those that are.",
    409: "The resource changed since it was read.",
    413: "The request body is larger than the shop accepts.",
    429: "Too many requests; wait for the seconds in Retry-After.",
    500: "An error on the shop's side; quote the reference when you report it.",
    503: "The shop is unavailable for a moment; retry after the seconds in Retry-After.",
}


def is_api_request() -> bool:
    """Whether this request's errors answer as problem documents (every path under /api/)."""
    return request.path.startswith(API_PREFIX) or request.path == API_PREFIX.rstrip("/")


def problem(
    status: int,
    detail: str | None = None,
    *,
    title: str | None = None,
    errors: Mapping[str, list[str]] | None = None,
    headers: Mapping[str, str] | None = None,
    **members: Any,
) -> Response:
    """A problem document: `type` stays "about:blank" (the status says it all), `title` is
    the status phrase unless given, `errors` maps fields to messages (422)."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title or phrase,
        "status": status,
        "detail": detail or DETAILS.get(status) or phrase + ".",
    }
    if errors is not None:
        body["errors"] = {field: list(messages) for field, messages in errors.items()}
    body.update(members)
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_TYPE)
    response.headers.update(headers or {})
    return response


def field_errors(messages: Mapping[str, Any]) -> dict[str, list[str]]:
    """webargs' messages ({"query": {"per_page": ["..."]}, "json": {...}}) as one map of
    field names to messages; nested fields are joined with dots."""
    flat: dict[str, list[str]] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, Mapping):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            flat.setdefault(prefix or "_request", []).extend(value)
        else:
            flat.setdefault(prefix or "_request", []).append(str(value))

    for location_messages in messages.values():  # the location (query, json, ...) is dropped
        walk("", location_messages)
    return flat
