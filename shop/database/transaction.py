"""The one place a database transaction ends: every use case runs inside `unit_of_work()`.

Service functions (catalogue, accounts) own their transaction: they check, write, audit and
then leave this block, which commits once; on any failure it rolls back once and undoes the
files the use case staged. Nothing else in `shop/` commits or rolls back a session
(`scripts/lint_transactions.py`, run by `make lint`, fails on one that does).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from ..extensions import db


class StagedFiles(Protocol):
    """Files written for a transaction (shop.images.StagedWrites): kept or undone with it."""

    def commit(self) -> None:
        """The transaction committed: remove the files it replaced."""

    def rollback(self) -> None:
        """The transaction failed: remove the files it wrote."""


@contextmanager
def unit_of_work(files: StagedFiles | None = None) -> Iterator[None]:
    """Commit the session once the block succeeds; otherwise roll back once, undo `files`
    and re-raise. Files replaced by the change go only after the commit succeeded."""
    try:
        yield
        db.session.commit()
    except BaseException:
        try:
            db.session.rollback()
        finally:
            if files is not None:
                files.rollback()
        raise
    if files is not None:
        files.commit()


def discard() -> None:
    """Roll back whatever a failed request left in the session (error pages, health checks,
    the page cache), so the next read on it works."""
    db.session.rollback()
