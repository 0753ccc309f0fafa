"""Scheduled publishing: the rules for "publish at" and "unpublish at", and making the due
ones happen when a page is read, with no cron job and no worker.

Every read of the catalogue version also reads the next scheduled moment (queries.py). The
first request after that moment, in any process, calls `apply_due`: one short transaction
publishes or unpublishes every product whose moment has come, audits each one and moves the
catalogue version, so every cache keyed on it (process trees, whole pages, ETags) turns over
at the moment itself. Doing the change in the database, rather than deciding visibility in
every query, keeps the listing indexes, the category counts and the search as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import update

from ..audit import services as audit
from ..database.transaction import unit_of_work
from ..extensions import db
from .errors import CatalogueError
from .models import Product
from .queries import next_moment
from .version_bump import bump_version, note_change

SCHEDULE_FIELDS = ("is_published", "publish_at", "unpublish_at")


def reconcile_values(published: bool) -> dict[str, None]:
    """The moments a hand-made publish or unpublish clears: a product published now no
    longer waits to be published (its end moment stays), and one taken off the shop no
    longer waits for either."""
    return {"publish_at": None} if published else {"publish_at": None, "unpublish_at": None}


def waits_ended(product: Product, published: bool) -> bool:
    """Whether publishing (or unpublishing) `product` by hand would clear a moment."""
    return any(getattr(product, name) is not None for name in reconcile_values(published))


def reconcile(changes: dict[str, Any]) -> None:
    """For a door that sets `is_published` without naming moments (bulk actions, the API,
    an import, the publish buttons): end the waits it overrides (`reconcile_values`)."""
    if "is_published" in changes and "publish_at" not in changes:
        for name, value in reconcile_values(changes["is_published"]).items():
            changes.setdefault(name, value)


def check_schedule(current: dict[str, Any], changes: dict[str, Any], now: datetime) -> None:
    """Raise CatalogueError (naming the field) if `changes` on a product now in state
    `current` (is_published, publish_at, unpublish_at) would leave a schedule that makes no
    sense. Only moments that change must lie ahead: one already stored may just have passed
    and be waiting for the next page read to happen."""
    state = {name: changes.get(name, current.get(name)) for name in SCHEDULE_FIELDS}
    publish_at, unpublish_at = state["publish_at"], state["unpublish_at"]
    for name in ("publish_at", "unpublish_at"):
        moment = changes.get(name)
        if moment is not None and moment != current.get(name) and moment <= now:
            raise CatalogueError("Choose a moment in the future.", field=name)
    if publish_at is not None and state["is_published"]:
        raise CatalogueError(
            "A published product cannot also wait to be published: untick Published to "
            "schedule it, or clear this to keep it on the shop.",
            field="publish_at",
        )
    if unpublish_at is not None:
        if not state["is_published"] and publish_at is None:
            raise CatalogueError(
                "Only a published or scheduled product can be taken off at a moment.",
                field="unpublish_at",
            )
        if publish_at is not None and unpublish_at <= publish_at:
            raise CatalogueError(
                "Take it off after the moment it is published.", field="unpublish_at"
            )


@dataclass
class DueOutcome:
    """What one `apply_due` changed: product ids published and taken off."""

    published: list[int] = field(default_factory=list)
    unpublished: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.published or self.unpublished)


_table = Product.__table__


def _flip(moment_column, now: datetime, published: bool) -> list:
    """Publish (or unpublish) every product whose moment in `moment_column` has come, and
    clear the moment; the rows changed, with the moment they were due."""
    stmt = (
        update(_table)
        .where(moment_column <= now)
        .values(
            {
                _table.c.is_published: published,
                moment_column: None,
                _table.c.version: _table.c.version + 1,
                _table.c.updated_at: now,
            }
        )
        .returning(_table.c.id, _table.c.name)
    )
    return db.session.connection().execute(stmt).all()


def catch_up(now: datetime) -> DueOutcome:
    """For staff pages, which show the rows as stored rather than through the shoppers'
    caches: make the due moments happen first. One read (two index probes) when none is."""
    moment = next_moment(db.session.connection())
    if moment is not None and moment <= now:
        return apply_due(now)
    return DueOutcome()


def apply_due(now: datetime) -> DueOutcome:
    """Publish what is due to be published and unpublish what is due to be taken off, in
    one transaction, audited per product. Several processes may call this at the same
    moment: the first one's UPDATE takes the rows, the others find nothing left to do
    (on PostgreSQL they wait for its commit and see the moments cleared)."""
    outcome = DueOutcome()
    token = audit.set_source("schedule")
    try:
        with unit_of_work():
            # Publish first: a product whose whole window passed unseen ends off the shop.
            for published, column, ids in (
                (True, _table.c.publish_at, outcome.published),
                (False, _table.c.unpublish_at, outcome.unpublished),
            ):
                for row in _flip(column, now, published):
                    ids.append(row.id)
                    action = "publish" if published else "unpublish"
                    changes = {"published": [not published, published]}
                    audit.record(None, action, "product", row.id, row.name, changes)
            if outcome:
                bump_version(db.session.connection())
                note_change(db.session)
    finally:
        audit.reset_source(token)
    return outcome
