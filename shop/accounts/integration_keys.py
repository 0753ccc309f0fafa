"""Integration keys: named API keys that admins make for jobs that run unattended.

A key is a long random secret sent as `Authorization: Bearer shopk_...`. It acts with its own
role, not as the admin who made it, until it expires or is revoked; the audit log names it.
Only its SHA-256 and first characters are stored: the key is shown once, when it is made.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from ..audit import services as audit
from ..database.transaction import unit_of_work
from ..dbtypes import utcnow
from ..extensions import db
from .models import ROLES, IntegrationKey, User

PREFIX = "shopk_"
SHOWN_PREFIX_LENGTH = len(PREFIX) + 6
NAME_MAX = 80
# Choices of lifetime offered by the admin form, in days.
LIFETIMES_IN_DAYS = (30, 90, 180, 365)
# A key's "last used" is written at most this often (a key may make many requests a second).
USE_RESOLUTION = timedelta(minutes=1)


class IntegrationKeyError(Exception):
    """A refused key change; `field` names the form field it concerns."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class KeyActor:
    """Who the audit log says made a change through a key: no account (`id` None), and the
    key's name where an account's email would be."""

    key_id: int
    email: str
    id: None = None


@dataclass(frozen=True, slots=True)
class KeyHolder:
    """What a valid key acts as."""

    key_id: int
    name: str
    role: str

    @property
    def label(self) -> str:
        """The key as the audit log names it."""
        return f"key: {self.name}"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def looks_like_key(token: str) -> bool:
    return token.startswith(PREFIX)


def create(name: str, role: str, lifetime_days: int, *, actor: User) -> tuple[IntegrationKey, str]:
    """A new key; returns its row and the key itself, which is never available again."""
    name = " ".join(name.split())
    if not name:
        raise IntegrationKeyError("Name the key after the job that will use it.", field="name")
    if len(name) > NAME_MAX:
        raise IntegrationKeyError(f"Use at most {NAME_MAX} characters.", field="name")
    if role not in ROLES:
        raise IntegrationKeyError(f"Role must be one of: {', '.join(ROLES)}.", field="role")
    if lifetime_days not in LIFETIMES_IN_DAYS:
        raise IntegrationKeyError("Choose one of the offered lifetimes.", field="lifetime")
    key = PREFIX + secrets.token_urlsafe(32)
    with unit_of_work():
        now = utcnow()
        row = IntegrationKey(
            name=name,
            role=role,
            key_hash=_hash(key),
            prefix=key[:SHOWN_PREFIX_LENGTH],
            created_by_id=actor.id,
            created_by_email=actor.email,
            created_at=now,
            expires_at=now + timedelta(days=lifetime_days),
        )
        db.session.add(row)
        db.session.flush()
        state = {"name": name, "role": role, "expires_at": row.expires_at}
        audit.record(actor, "create", "key", row.id, name, audit.diff({}, state))
    return row, key


def holder_of(key: str, address: str) -> KeyHolder | None:
    """What a presented key acts as, or None when it is unknown, expired or revoked. Notes
    when and from where it was used, at most once a minute."""
    if len(key) > 100:
        return None
    now = utcnow()
    row = db.session.execute(
        select(
            IntegrationKey.id, IntegrationKey.name, IntegrationKey.role, IntegrationKey.last_used_at
        ).where(
            IntegrationKey.key_hash == _hash(key),
            IntegrationKey.revoked_at.is_(None),
            IntegrationKey.expires_at > now,
        )
    ).first()
    if row is None:
        return None
    if row.last_used_at is None or now - row.last_used_at >= USE_RESOLUTION:
        with unit_of_work():
            db.session.execute(
                update(IntegrationKey)
                .where(IntegrationKey.id == row.id)
                .values(last_used_at=now, last_used_from=address[:64])
            )
    return KeyHolder(row.id, row.name, row.role)


def revoke(key_id: int, *, actor: User) -> IntegrationKey | None:
    """Revoke a key at once; None when there is no such key. Revoking twice changes nothing."""
    with unit_of_work():
        row = db.session.get(IntegrationKey, key_id)
        if row is None:
            return None
        if row.revoked_at is None:
            row.revoked_at = utcnow()
            audit.record(actor, "revoke", "key", row.id, row.name, {"revoked": [False, True]})
    return row


def all_keys() -> list[IntegrationKey]:
    """Every key, the standing ones first, newest first."""
    return list(
        db.session.scalars(
            select(IntegrationKey).order_by(
                IntegrationKey.revoked_at.is_not(None), IntegrationKey.created_at.desc()
            )
        )
    )


def status(row: IntegrationKey, now: datetime | None = None) -> str:
    """ "active", "expired" or "revoked"."""
    if row.revoked_at is not None:
        return "revoked"
    return "expired" if row.expires_at <= (now or utcnow()) else "active"
