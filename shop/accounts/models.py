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
    # Moves with every change that must end the account's API tokens at once (new password,
    # role, deactivation); a token family remembers the generation it was issued in.
    token_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set while the account waits for its invitation to be accepted (the time the newest
    # invitation was sent); such an account has no usable password and cannot sign in.
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (CheckConstraint("role IN ('staff', 'admin')", name="role_known"),)

    # Flask-Login's user protocol, without tying the domain to Flask-Login.
    is_authenticated = True
    is_anonymous = False
    # Set (not stored) when the account is loaded for a signed-in browser session: the
    # session's secret token (what the cookie holds) and its row, "this device".
    # (Plain attributes, not annotated: an annotation would make them columns.)
    browser_session_token = None  # str | None
    browser_session_id = None  # int | None

    @property
    def is_active(self) -> bool:
        return self.is_active_account

    @property
    def is_invited(self) -> bool:
        """Invited and not yet accepted."""
        return self.invited_at is not None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def get_id(self) -> str | None:
        """What the session cookie holds: the browser session's revocable token, never the
        row id (shop/accounts/staff_sessions.py)."""
        return self.browser_session_token

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class SignInAttempt(db.Model):
    """One counted sign-in attempt (accounts/throttle.py): rows, so that every worker and app
    server shares the counts and a restart forgets nothing."""

    __tablename__ = "sign_in_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    # "email" or "address"; "rs-email" or "rs-addr" for password-reset requests.
    scope: Mapped[str] = mapped_column(String(8))
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


class StaffSession(db.Model):
    """One signed-in browser: the cookie holds a secret token whose SHA-256 is `token_hash`.
    Ending a row (sign-out, "end this session", a new password, deactivation) signs out every
    copy of that cookie at once, and no other browser of the account."""

    __tablename__ = "staff_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_from: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_because: Mapped[str | None] = mapped_column(String(32))


class IntegrationKey(db.Model):
    """A named API key for a job that runs unattended (a stock sync, an ERP): it acts with its
    own role until it expires or an admin revokes it. Only the key's SHA-256 is kept; the key
    itself is shown once, when it is made."""

    __tablename__ = "integration_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The key's first characters, so a key in a config file can be matched to its row.
    prefix: Mapped[str] = mapped_column(String(16))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_by_email: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_from: Mapped[str] = mapped_column(String(64), default="")
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (CheckConstraint("role IN ('staff', 'admin')", name="key_role_known"),)
