"""Moving the catalogue version inside a transaction, for writers outside the ORM's flush.

The ORM's own changes move it by themselves (version.py listens to every flush); bulk SQL
(bulk changes, counts, scheduled publishing, the demo seeder) calls these two.
"""

from __future__ import annotations

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from .models import CatalogueState


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
