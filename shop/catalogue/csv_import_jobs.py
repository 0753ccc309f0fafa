"""A product CSV between its dry run and its apply: the file kept on the server, never resent.

The job holds the uploaded bytes, the dry run's digest and what the review page shows. Apply
plans the same bytes again and imports only if the digest is the same (nobody changed those
products since), so what was reviewed is what is written. A job is its uploader's own, runs
once, and expires after an hour; the file is dropped once applied, and old jobs go when a new
one is made.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, delete, update
from sqlalchemy.orm import Mapped, mapped_column

from ..database.transaction import unit_of_work
from ..dbtypes import UTCDateTime, utcnow
from ..extensions import db
from .csv_apply import ImportOutcome, ImportRefused, apply_import
from .csv_import import ImportPlan, plan_import
from .csv_read import named
from .errors import StaleEdit

if TYPE_CHECKING:
    from ..accounts.models import User

JOB_LIFETIME = timedelta(hours=1)
KEEP_OLD_JOBS = timedelta(days=7)
SHOWN = 200  # creates, updates and errors listed on the review page; the totals are exact


class ImportJob(db.Model):
    __tablename__ = "import_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    filename: Mapped[str] = mapped_column(String(200), default="")
    data: Mapped[bytes] = mapped_column(LargeBinary)  # emptied once applied
    digest: Mapped[str] = mapped_column(String(64))  # ImportPlan.digest() of the dry run
    # What the review shows: totals, the encoding and delimiter read, the first SHOWN items.
    summary: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(8), default="pending")  # running, done, stale


class JobNotPending(Exception):
    """The import ran already, runs, or its dry run is too old to trust."""


def summarise(plan: ImportPlan) -> dict:
    """The dry run as the review page and the command line show it (JSON-friendly)."""
    return {
        "encoding": plan.encoding,
        "delimiter": named(plan.delimiter),
        "rows": plan.rows,
        "creates": len(plan.creates),
        "updates": len(plan.updates),
        "unchanged": plan.unchanged,
        "errors": len(plan.errors),
        "create_list": [
            [c.line, c.sku, c.values["name"], plan.category_names.get(c.values["category_id"])]
            for c in plan.creates[:SHOWN]
        ],
        "update_list": [[u.line, u.sku, u.values["name"], u.changes] for u in plan.updates[:SHOWN]],
        "error_list": [[e.line, e.sku, e.reason] for e in plan.errors[:SHOWN]],
    }


def prepare_job(data: bytes, filename: str, *, actor: User) -> ImportJob:
    """Dry-run `data` and keep it with what it would do; FileRefused when it cannot be read."""
    plan = plan_import(data)
    with unit_of_work():
        db.session.execute(delete(ImportJob).where(ImportJob.created_at < utcnow() - KEEP_OLD_JOBS))
        job = ImportJob(
            user_id=actor.id,
            filename=filename[:200],
            data=data,
            digest=plan.digest(),
            summary=summarise(plan),
        )
        db.session.add(job)
    return job


def job_for(job_id: int) -> ImportJob | None:
    return db.session.get(ImportJob, job_id)


def expired(job: ImportJob) -> bool:
    return job.status == "pending" and utcnow() - job.created_at > JOB_LIFETIME


def can_apply(job: ImportJob) -> bool:
    counts = job.summary
    pending = job.status == "pending" and not expired(job)
    return pending and not counts["errors"] and bool(counts["creates"] or counts["updates"])


def run_job(job_id: int, *, actor: User) -> ImportOutcome:
    """Import the job's file, once, as its dry run showed it. JobNotPending when it cannot
    run; StaleEdit when the catalogue changed since (the job may then be dry-run again)."""
    job = db.session.get(ImportJob, job_id)
    if job is None or job.user_id != actor.id:
        raise JobNotPending("There is no such import.")
    if expired(job):
        raise JobNotPending("This dry run is more than an hour old; upload the file again.")
    if not can_apply(job):
        raise JobNotPending("This import was applied already, or has nothing to apply.")
    with unit_of_work():
        claimed = db.session.execute(
            update(ImportJob)
            .where(ImportJob.id == job_id, ImportJob.status == "pending")
            .values(status="running")
            .execution_options(synchronize_session=False)
        ).rowcount
    if claimed != 1:
        raise JobNotPending("This import was applied already.")
    db.session.expire(job)
    try:
        outcome = apply_import(job.data, expected_digest=job.digest, actor=actor)
    except (StaleEdit, ImportRefused):
        # Its dry run no longer says what the file does (a product saved since, a category
        # gone): it can only be dry-run again.
        _finish(job_id, "stale", None)
        raise
    except Exception:
        _finish(job_id, "pending", None)  # nothing was written: it may be tried again
        raise
    _finish(job_id, "done", outcome)
    return outcome


def _finish(job_id: int, status: str, outcome: ImportOutcome | None) -> None:
    values: dict = {"status": status}
    if outcome is not None:
        values["data"] = b""  # the file is not needed any more
    with unit_of_work():
        db.session.execute(
            update(ImportJob)
            .where(ImportJob.id == job_id)
            .values(values)
            .execution_options(synchronize_session=False)
        )
    db.session.expire_all()
