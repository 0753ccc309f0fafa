"""Read side of the audit log: the latest entries, overall or for one item."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from .models import AuditEntry


def recent_entries(limit: int = 10) -> list[AuditEntry]:
    stmt = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    return list(db.session.scalars(stmt.limit(limit)))


def entries_for(entity_type: str, entity_id: int, limit: int = 20) -> list[AuditEntry]:
    stmt = (
        select(AuditEntry)
        .where(AuditEntry.entity_type == entity_type, AuditEntry.entity_id == entity_id)
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))
