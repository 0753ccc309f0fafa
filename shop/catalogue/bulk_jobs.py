"""A bulk change between its review and its run: what was reviewed is what is applied.

The review page shows the products and their versions as they were then; the job keeps both,
so "Apply" changes exactly those products, reports the ones saved by someone since, and can
run once only. A job is its reviewer's own and expires after an hour unrun.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, Integer, String, select, update
from sqlalchemy.orm import Mapped, joinedload, mapped_column

from ..database.transaction import unit_of_work
from ..dbtypes import UTCDateTime, utcnow
from ..extensions import db
from ..images import MediaStorage
from .bulk import BulkChange, BulkOutcome, iter_bulk, parse_change, snapshot
from .errors import CatalogueError
from .models import Category, Product
from .staff_list import StaffProductFilter

if TYPE_CHECKING:
    from ..accounts.models import User

log = logging.getLogger(__name__)

JOB_LIFETIME = timedelta(hours=1)
# More than this many at once: narrow the filter. A run happens inside its request, and
# 20,000 products take about 10 s on PostgreSQL (bench/bench_bulk.py), well inside gunicorn's
# default 30 s timeout.
JOB_MAX = 20_000
PREVIEW_ROWS = 50


class BulkJob(db.Model):
    __tablename__ = "bulk_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(40), default="")  # as typed, checked again
    description: Mapped[str] = mapped_column(String(300))  # the sentence the review showed
    # {"<product id>": version} as reviewed.
    versions: Mapped[dict] = mapped_column(JSON)
    count: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(8), default="pending")  # running, done, failed
    outcome: Mapped[dict] = mapped_column(JSON, default=dict)

    def change(self) -> BulkChange:
        return parse_change(self.kind, self.value or None)

    def product_versions(self) -> dict[int, int]:
        return {int(key): version for key, version in self.versions.items()}


class JobNotPending(Exception):
    """The job ran already, is running, or its review is too old to trust."""


def _value_text(change: BulkChange) -> str:
    return "" if change.value is None else str(change.value)


def prepare_job(
    change: BulkChange, chosen: list[int] | StaffProductFilter, *, actor: User
) -> BulkJob:
    """Keep `change` for the ticked ids or for every product matching a filter, with each
    product's version now; CatalogueError when nothing or too much is chosen."""
    change.check()
    if isinstance(chosen, StaffProductFilter):
        ids = list(db.session.scalars(chosen.statement().limit(JOB_MAX + 1)))
    else:
        ids = chosen[: JOB_MAX + 1]
    if len(ids) > JOB_MAX:
        raise CatalogueError(
            f"That is more than {JOB_MAX:,} products; narrow the filter and run it in parts.",
            field="scope",
        )
    versions = snapshot(ids)
    if not versions:
        raise CatalogueError("None of these products exists any more.", field="scope")
    category = db.session.get(Category, change.value) if change.kind == "move" else None
    with unit_of_work():
        job = BulkJob(
            user_id=actor.id,
            kind=change.kind,
            value=_value_text(change),
            description=change.describe(len(versions), category.name if category else None),
            versions={str(key): version for key, version in versions.items()},
            count=len(versions),
        )
        db.session.add(job)
    return job


def job_for(job_id: int) -> BulkJob | None:
    return db.session.get(BulkJob, job_id)


def preview(job: BulkJob) -> list[tuple[Product, dict | str, bool]]:
    """The first PREVIEW_ROWS products of the job: (product, what the change gives it or why
    not, whether someone saved it since the review)."""
    change = job.change()
    versions = job.product_versions()
    ids = list(versions)[:PREVIEW_ROWS]
    stmt = select(Product).where(Product.id.in_(ids)).options(joinedload(Product.category))
    products = {p.id: p for p in db.session.scalars(stmt)}
    return [
        (products[pid], change.outcome(products[pid]), products[pid].version != versions[pid])
        for pid in ids
        if pid in products
    ]


def expired(job: BulkJob) -> bool:
    return job.status == "pending" and utcnow() - job.created_at > JOB_LIFETIME


def claim_job(job_id: int, *, actor: User) -> tuple[BulkChange, dict[int, int], dict]:
    """Mark the job running, once: a second Apply (a double click, the back button) finds it
    taken. A job that stopped part way (an error, the page left) may be claimed again to do
    the rest. Returns the change, the reviewed versions of the products still to do, and
    the outcome so far. JobNotPending when it ran, runs, or was reviewed too long ago."""
    job = db.session.get(BulkJob, job_id)
    if job is None or job.user_id != actor.id:
        raise JobNotPending("There is no such bulk change.")
    if expired(job):
        raise JobNotPending("This review is more than an hour old; review the change again.")
    with unit_of_work():
        claimed = db.session.execute(
            update(BulkJob)
            .where(BulkJob.id == job_id, BulkJob.status.in_(("pending", "failed")))
            .values(status="running")
            .execution_options(synchronize_session=False)
        ).rowcount
    if claimed != 1:
        raise JobNotPending("This bulk change was applied already.")
    db.session.expire(job)
    so_far = dict(job.outcome or {})
    # The reviewed order is kept (JSON objects keep it): the first `done` are done.
    remaining = dict(list(job.product_versions().items())[so_far.get("done", 0) :])
    return job.change(), remaining, so_far


class JobRun:
    """Runs a claimed job chunk by chunk as it is iterated (a streamed page iterates it), and
    records the outcome on the job when it ends, however it ends: done, or stopped part way
    (an error, or the person left the page, which closes the stream) to be resumed."""

    def __init__(
        self,
        job_id: int,
        change: BulkChange,
        versions: dict[int, int],
        *,
        actor: User,
        storage: MediaStorage | None,
        so_far: dict | None = None,
    ) -> None:
        so_far = so_far or {}
        self.job_id = job_id
        self.change = change
        self.versions = versions
        self.actor = actor
        self.storage = storage
        self.outcome = BulkOutcome(
            changed=so_far.get("changed", 0),
            unchanged=so_far.get("unchanged", 0),
            conflicts=[tuple(c) for c in so_far.get("conflicts", [])],
            refused=[tuple(r) for r in so_far.get("refused", [])],
            gone=so_far.get("gone", 0),
        )
        self.start = so_far.get("done", 0)
        self.done = self.start
        self.total = self.start + len(versions)
        self.failed = False

    def __iter__(self) -> Iterator[tuple[int, int]]:
        try:
            steps = iter_bulk(
                self.change, self.versions, actor=self.actor, storage=self.storage,
                outcome=self.outcome,
            )  # fmt: skip
            for done, _ in steps:
                self.done = self.start + done
                yield self.done, self.total
        except GeneratorExit:
            # The page was left (the stream closed): what is done is saved; the rest waits
            # for "Apply the rest".
            log.warning("Bulk change %s left after %s products", self.job_id, self.done)
            self.failed = True
            raise
        except Exception:
            # The chunks before this one are saved; the page says how far it got.
            log.exception("Bulk change %s stopped after %s products", self.job_id, self.done)
            self.failed = True
        finally:
            self._record()

    def _record(self) -> None:
        outcome = self.outcome
        summary = {
            "changed": outcome.changed,
            "unchanged": outcome.unchanged,
            "gone": outcome.gone,
            "conflicts": outcome.conflicts[:500],
            "refused": outcome.refused[:500],
            "done": self.done,
        }
        with unit_of_work():
            db.session.execute(
                update(BulkJob)
                .where(BulkJob.id == self.job_id)
                .values(status="failed" if self.failed else "done", outcome=summary)
                .execution_options(synchronize_session=False)
            )
