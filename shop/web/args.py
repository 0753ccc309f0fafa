"""Query arguments every web package reads the same way (page numbers)."""

from __future__ import annotations

from werkzeug.exceptions import BadRequest, NotFound

# No listing has this many pages; answering 404 at once spares the database a huge OFFSET.
MAX_PAGE = 1_000_000


def parse_page(raw: str | None) -> int:
    """A 1-based page number; 400 when it is not one, 404 when absurdly large."""
    if raw is None or raw == "":
        return 1
    if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
        raise BadRequest(description="The page number must be a whole number of 1 or more.")
    page = int(raw)
    if page > MAX_PAGE:
        raise NotFound(description="There is no such page in this list.")
    return page
