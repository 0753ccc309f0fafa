"""Write side of the audit log: one entry per staff change, added to the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert

from ..dbtypes import utcnow
from ..extensions import db
from .models import AuditEntry

if TYPE_CHECKING:
    from ..accounts.models import User

# Never written to the log, whatever a caller passes.
SECRET_FIELDS = frozenset({"password", "password_hash", "session_token", "token_hash", "key_hash"})
SOURCES = ("web", "api", "import", "schedule")

# The door the current request came through (set around each API request): services need
# not pass it along, and every entry they write carries it.
_source: ContextVar[str] = ContextVar("audit_source", default="web")


def set_source(source: str) -> Token:
    """Mark what follows in this context as coming through `source`; reset with the token."""
    if source not in SOURCES:
        raise ValueError(f"unknown audit source {source!r}")
    return _source.set(source)


def reset_source(token: Token) -> None:
    _source.reset(token)


@contextmanager
def source(name: str) -> Iterator[None]:
    """Mark the entries written inside the block as coming through `name`."""
    token = set_source(name)
    try:
        yield
    finally:
        reset_source(token)


def _plain(value: Any) -> Any:
    """A JSON-friendly copy of a column value."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    """{"field": [before, after]} for every field whose value changed."""
    changes = {}
    for field in sorted(before.keys() | after.keys()):
        if field in SECRET_FIELDS:
            continue
        old, new = _plain(before.get(field)), _plain(after.get(field))
        if old != new:
            changes[field] = [old, new]
    return changes


def record(
    actor: User | None,
    action: str,
    entity_type: str,
    entity_id: int | None,
    label: str,
    changes: dict[str, list] | None = None,
) -> AuditEntry:
    """Add an entry to the session; the calling service commits it with its change."""
    clean = {k: v for k, v in (changes or {}).items() if k not in SECRET_FIELDS}
    entry = AuditEntry(
        user_id=actor.id if actor is not None else None,
        user_email=actor.email if actor is not None else "",
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        entity_label=(label or "")[:200],
        changes=clean,
        source=_source.get(),
    )
    db.session.add(entry)
    return entry


def record_many(
    actor: User | None, entity_type: str, entries: Iterable[tuple[str, int, str, dict]]
) -> None:
    """`record` for many entries at once, (action, entity id, label, changes) each, sent as
    one INSERT (executemany): an import of 100,000 products logs each without building as
    many objects. Added to the caller's transaction as `record` is."""
    now, where = utcnow(), _source.get()
    rows = [
        {
            "created_at": now,
            "user_id": actor.id if actor is not None else None,
            "user_email": actor.email if actor is not None else "",
            "action": action,
            "entity_type": entity_type,
            "entity_id": entity_id,
            "entity_label": (label or "")[:200],
            "changes": {k: v for k, v in changes.items() if k not in SECRET_FIELDS},
            "source": where,
        }
        for action, entity_id, label, changes in entries
    ]
    if rows:
        db.session.execute(insert(AuditEntry.__table__), rows)
