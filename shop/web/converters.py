"""URL converters: `<int:...>` stops at the largest id a database column can hold."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter, Map

# PostgreSQL's integer; a larger number in an address is no id of ours: 404, never a 500
# from the database refusing to compare it.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: digits up to MAX_ID (a larger number does not match)."""

    def __init__(self, map: Map, *args, max: int | None = None, **kwargs) -> None:
        super().__init__(map, *args, max=MAX_ID if max is None else max, **kwargs)
