"""The catalogue version: bumped inside every transaction that changes the catalogue.

Caches key on it (the category tree, listing totals, whole anonymous pages), so a change is
visible at once instead of when a timeout runs out. A process reads the version from the
database again when another process signals a change (version_signal.py), or when it has not
read it for SHOP_CATALOGUE_VERSION_TTL seconds (0: on every request).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from itertools import chain

from flask import Flask, current_app, g, has_app_context
from sqlalchemy import event, insert, update
from sqlalchemy.orm import Session

from .models import CatalogueState, Category, Product, ProductImage, ProductSlugHistory
from .queries import version_and_categories
from .tree import CategoryTree
from .version_signal import make_signal

WATCHED = (Category, Product, ProductImage, ProductSlugHistory)


class ProcessCache:
    """What one process remembers between requests: the version and its category tree."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock  # tests put a hand-moved clock here
        self.lock = threading.Lock()
        self.version: int | None = None
        self.tree: CategoryTree | None = None
        self.read_at = 0.0
        self.signal_state: object = None

    def forget(self) -> None:
        self.read_at = 0.0


def bump_version(connection) -> None:
    """+1 in the caller's transaction (so it commits or rolls back with the change)."""
    stmt = (
        update(CatalogueState)
        .where(CatalogueState.id == 1)
        .values(version=CatalogueState.version + 1)
    )
    if connection.execute(stmt).rowcount == 0:
        connection.execute(insert(CatalogueState).values(id=1, version=2))


def note_change(session: Session) -> None:
    """After this session commits, forget the version here and signal the other processes."""
    session.info["catalogue_changed"] = True


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
        now = cache.clock()
        # Read before the database, so a change signalled during the read is not missed.
        signal = current_app.extensions["catalogue_signal"].state()
        if cache.tree is None or signal != cache.signal_state or now - cache.read_at >= ttl:
            known = cache.version if cache.tree is not None else None
            version, rows = version_and_categories(known)
            if rows is not None:
                cache.tree = CategoryTree(rows)
            cache.version, cache.read_at, cache.signal_state = version, now, signal
        g.catalogue_snapshot = (cache.version, cache.tree)
    return g.catalogue_snapshot


def adopt_snapshot(snapshot: tuple[int, CategoryTree] | None) -> None:
    """Use `snapshot` for this request (the page cache read it just before Flask took the
    request), or, with None, read it afresh when first asked."""
    if snapshot is None:
        g.pop("catalogue_snapshot", None)
    else:
        g.catalogue_snapshot = snapshot


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
