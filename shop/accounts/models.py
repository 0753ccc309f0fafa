"""The users table: staff and admin accounts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..dbtypes import UTCDateTime, utcnow
from ..extensions import db

ROLES = ("staff", "admin")


class User(db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased, so the unique constraint is case-insensitive on every database.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="staff")
    is_active_account: Mapped[bool] = mapped_column(Boolean, default=True)
    # Flask-Login stores this instead of the id; replacing it signs out every copy of the cookie.
    session_token: Mapped[str] = mapped_column(String(64), unique=True)
    # Moves with every change that must end the account's API tokens at once (new password,
    # role, deactivation); a token family remembers the generation it was issued in.
    token_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (CheckConstraint("role IN ('staff', 'admin')", name="role_known"),)

    # Flask-Login's user protocol, without tying the domain to Flask-Login.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.is_active_account

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def get_id(self) -> str:
        """What the session cookie holds: the revocable token, never the row id."""
        return self.session_token

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class SignInAttempt(db.Model):
    """One counted sign-in attempt (accounts/throttle.py): rows, so that every worker and app
    server shares the counts and a restart forgets nothing."""

    __tablename__ = "sign_in_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(8))  # "email" or "address"
    # The email's SHA-256 (the address itself is never stored) or the client address.
    key: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_sign_in_attempts_scope_key_at", "scope", "key", "at"),)


class ApiTokenFamily(db.Model):
    """The tokens issued from one sign-in to the API: the access tokens name it, and only its
    newest refresh token (`refresh_jti`) may be exchanged. An older one presented again means
    a copy is in someone else's hands: the whole family is revoked (`revoked_because`)."""

    __tablename__ = "api_token_families"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_generation: Mapped[int] = mapped_column(Integer)
    refresh_jti: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_from: Mapped[str] = mapped_column(String(64), default="")
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_because: Mapped[str | None] = mapped_column(String(32))
