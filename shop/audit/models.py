"""The audit_log table."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..dbtypes import UTCDateTime, utcnow
from ..extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Kept as text too, so the trail still reads right if the account is renamed or removed.
    user_email: Mapped[str] = mapped_column(String(254), default="")
    action: Mapped[str] = mapped_column(String(32))  # create, update, delete, ...
    entity_type: Mapped[str] = mapped_column(String(32))  # product, category, user, image
    entity_id: Mapped[int | None] = mapped_column(Integer)
    entity_label: Mapped[str] = mapped_column(String(200), default="")
    # {"field": [before, after], ...}
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    # The door the change came through: "web" (staff pages, commands), "api" or "import".
    source: Mapped[str] = mapped_column(String(8), default="web", server_default="web")

    __table_args__ = (
        Index("ix_audit_log_entity", "entity_type", "entity_id", "created_at"),
        # The staff list's "changed by me" filter.
        Index("ix_audit_log_user_entity", "user_id", "entity_type", "entity_id"),
    )
