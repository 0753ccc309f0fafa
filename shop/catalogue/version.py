"""The catalogue version: bumped inside every transaction that changes the catalogue.

Caches key on it (the category tree, listing totals, whole anonymous pages), so a change is
visible at once instead of when a timeout runs out. A process reads the version from the
database again when another process signals a change (version_signal.py), when it has not
read it for SHOP_CATALOGUE_VERSION_TTL seconds (0: on every request), or when the next
scheduled publish or unpublish moment, read with it, has come (schedule.py makes it happen).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime
from itertools import chain

from flask import Flask, current_app, g, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..caching import warn_throttled
from ..database.transaction import discard
from ..dbtypes import utcnow
from .models import (
    Attribute,
    AttributeChoice,
    Category,
    Product,
    ProductAttributeValue,
    ProductImage,
    ProductSlugHistory,
)
from .queries import version_and_categories
from .schedule import apply_due
from .tree import CategoryTree
from .version_bump import bump_version, note_change
from .version_signal import make_signal

__all__ = [
    "bump_version",
    "catalogue_snapshot",
    "current_version",
    "next_scheduled_moment",
    "note_change",
]

WATCHED = (
    Category,
    Product,
    ProductImage,
    ProductSlugHistory,
    Attribute,
    AttributeChoice,
    ProductAttributeValue,
)


class ProcessCache:
    """What one process remembers between requests: the version and its category tree."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.clock = clock  # tests put a hand-moved clock here
        self.wall_clock = wall_clock  # and here, to reach a scheduled moment
        self.lock = threading.Lock()
        self.version: int | None = None
        self.tree: CategoryTree | None = None
        self.next_moment: datetime | None = None  # the next publish_at / unpublish_at
        self.read_at = 0.0
        self.signal_state: object = None

    def due(self, now: datetime) -> bool:
        return self.next_moment is not None and now >= self.next_moment

    def forget(self) -> None:
        self.read_at = 0.0


def _after_flush(session: Session, flush_context) -> None:
    changed = chain(session.new, session.dirty, session.deleted)
    if any(isinstance(obj, WATCHED) for obj in changed):
        bump_version(session.connection())
        note_change(session)


def _after_commit(session: Session) -> None:
    if session.info.pop("catalogue_changed", False) and has_app_context():
        _process_cache().forget()
        current_app.extensions["catalogue_signal"].send()


def _after_rollback(session: Session) -> None:
    session.info.pop("catalogue_changed", None)


def _process_cache() -> ProcessCache:
    return current_app.extensions["catalogue_cache"]


def catalogue_snapshot() -> tuple[int, CategoryTree]:
    """The catalogue version and its category tree, for this request.

    No query while the change signal is still and the version was read less than
    SHOP_CATALOGUE_VERSION_TTL seconds ago; otherwise one, which reads the version and, only
    when the version moved, the categories with it.
    """
    if "catalogue_snapshot" in g:
        return g.catalogue_snapshot
    cache = _process_cache()
    ttl = current_app.config["SHOP_CATALOGUE_VERSION_TTL"]
    with cache.lock:
        now, wall_now = cache.clock(), cache.wall_clock()
        # Read before the database, so a change signalled during the read is not missed.
        signal = current_app.extensions["catalogue_signal"].state()
        if (
            cache.tree is None
            or signal != cache.signal_state
            or now - cache.read_at >= ttl
            or cache.due(wall_now)
        ):
            _read(cache)
            if cache.due(wall_now):
                _apply_due(wall_now)
                _read(cache)  # the version the schedule moved, here or in another process
            cache.read_at, cache.signal_state = now, signal
        g.catalogue_snapshot = (cache.version, cache.tree)
    return g.catalogue_snapshot


def _read(cache: ProcessCache) -> None:
    known = cache.version if cache.tree is not None else None
    version, cache.next_moment, rows = version_and_categories(known)
    if rows is not None:
        cache.tree = CategoryTree(rows)
    cache.version = version


def _apply_due(now: datetime) -> None:
    """Make the scheduled changes whose moment has come. If the write fails, pages keep the
    catalogue as it was and the next request tries again."""
    try:
        apply_due(now)
    except Exception:
        warn_throttled("scheduled publishing: the due changes could not be written")
        discard()


def adopt_snapshot(snapshot: tuple[int, CategoryTree] | None) -> None:
    """Use `snapshot` for this request (the page cache read it just before Flask took the
    request), or, with None, read it afresh when first asked."""
    if snapshot is None:
        g.pop("catalogue_snapshot", None)
    else:
        g.catalogue_snapshot = snapshot


def next_scheduled_moment() -> datetime | None:
    """The next publish_at / unpublish_at this process knows of (read with the version):
    caches outside the app (Nginx's micro-cache) must not keep a page past it."""
    return _process_cache().next_moment


def current_version() -> int:
    return catalogue_snapshot()[0]


def category_tree() -> CategoryTree:
    """The categories shoppers see, at this request's catalogue version (navigation and
    storefront pages share it)."""
    return catalogue_snapshot()[1]


def init_catalogue_version(app: Flask) -> None:
    app.extensions["catalogue_cache"] = ProcessCache()
    app.extensions["catalogue_signal"] = make_signal(app.config)
    for name, listener in (
        ("after_flush", _after_flush),
        ("after_commit", _after_commit),
        ("after_rollback", _after_rollback),
    ):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
