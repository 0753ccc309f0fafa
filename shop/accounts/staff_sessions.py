"""Signed-in browser sessions, one row each: started at sign-in, seen while used, ended alone.

The cookie holds a secret token; the row keeps only its SHA-256, so a copy of the database
cannot be turned into a working cookie. Each session can be ended on its own (sign-out, "end
this session" in the admin) or all at once (a new password, deactivation, "end all").
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update

from ..audit import services as audit
from ..database.transaction import unit_of_work
from ..dbtypes import utcnow
from ..extensions import db
from .models import StaffSession, User

# Rows of sessions that began longer ago than this are deleted at the account's next sign-in
# (far past any session's lifetime, so only finished ones go).
KEEP_ROWS_FOR = timedelta(days=90)
SIGNED_OUT = "signed out"
ENDED = "ended by its holder"
ENDED_BY_ADMIN = "ended by an admin"
NEW_PASSWORD = "new password"  # noqa: S105 - a reason, not a password
DEACTIVATED = "account deactivated"


@dataclass(frozen=True, slots=True)
class Lifetimes:
    """How long a session lasts: from sign-in (`absolute`) and since last seen (`idle`)."""

    absolute: timedelta
    idle: timedelta


def _standing(lifetimes: Lifetimes):
    """The conditions of a session that still works: not ended, within both lifetimes."""
    now = utcnow()
    return (
        StaffSession.ended_at.is_(None),
        StaffSession.created_at > now - lifetimes.absolute,
        StaffSession.last_seen_at > now - lifetimes.idle,
    )


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(user_id: int, address: str, user_agent: str) -> str:
    """A new session for the account; returns the token the cookie is to hold."""
    token = secrets.token_urlsafe(32)
    with unit_of_work():
        now = utcnow()
        db.session.execute(
            delete(StaffSession).where(
                StaffSession.user_id == user_id, StaffSession.created_at < now - KEEP_ROWS_FOR
            )
        )
        db.session.add(
            StaffSession(
                user_id=user_id,
                token_hash=token_hash(token),
                created_at=now,
                last_seen_at=now,
                last_seen_from=address[:64],
                user_agent=user_agent[:200],
            )
        )
        db.session.get(User, user_id).last_login_at = now
    return token


def signed_in_user(token: str, lifetimes: Lifetimes) -> User | None:
    """The active account of a standing session with this token (one statement), with
    `browser_session_token` and `browser_session_id` set; None when it has ended or expired.

    The cookie carries its own times too; checking them here as well means a session's age
    does not rest on the cookie alone.
    """
    if not token or len(token) > 64:
        return None
    row = db.session.execute(
        select(User, StaffSession.id)
        .join(StaffSession, StaffSession.user_id == User.id)
        .where(
            StaffSession.token_hash == token_hash(token),
            *_standing(lifetimes),
            User.is_active_account.is_(True),
        )
    ).first()
    if row is None:
        return None
    user, session_id = row
    user.browser_session_token, user.browser_session_id = token, session_id
    return user


def seen(session_id: int, address: str) -> None:
    """The session was used just now, from `address` (called at most once a minute)."""
    with unit_of_work():
        db.session.execute(
            update(StaffSession)
            .where(StaffSession.id == session_id, StaffSession.ended_at.is_(None))
            .values(last_seen_at=utcnow(), last_seen_from=address[:64])
        )


def _end(where, reason: str) -> int:
    return db.session.execute(
        update(StaffSession)
        .where(where, StaffSession.ended_at.is_(None))
        .values(ended_at=utcnow(), ended_because=reason)
    ).rowcount


def end_for_user(user_id: int, reason: str, keep_session_id: int | None = None) -> int:
    """End every standing session of an account but `keep_session_id` (the device that
    asked), inside the caller's unit of work; how many were ended."""
    condition = StaffSession.user_id == user_id
    if keep_session_id is not None:
        condition = condition & (StaffSession.id != keep_session_id)
    return _end(condition, reason)


def sign_out(session_id: int) -> None:
    """End this session only: the account's other browsers stay signed in."""
    with unit_of_work():
        _end(StaffSession.id == session_id, SIGNED_OUT)


def end_one(user: User, session_id: int, *, actor: User) -> bool:
    """End one of `user`'s sessions (from the admin); False when there is no such standing
    session of theirs."""
    with unit_of_work():
        ended = _end(
            (StaffSession.id == session_id) & (StaffSession.user_id == user.id),
            ENDED if actor.id == user.id else ENDED_BY_ADMIN,
        )
        if ended:
            audit.record(actor, "end-session", "user", user.id, user.email, {"sessions": [1, 0]})
    return bool(ended)


def end_others(user: User, *, actor: User, keep_session_id: int | None) -> int:
    """End all of `user`'s sessions but `keep_session_id`; how many were ended."""
    with unit_of_work():
        reason = ENDED if actor.id == user.id else ENDED_BY_ADMIN
        ended = end_for_user(user.id, reason, keep_session_id)
        if ended:
            changes = {"sessions": [ended, 0]}
            audit.record(actor, "end-sessions", "user", user.id, user.email, changes)
    return ended


@dataclass(frozen=True, slots=True)
class SessionRow:
    id: int
    created_at: datetime
    last_seen_at: datetime
    last_seen_from: str
    user_agent: str


def standing(user_id: int, lifetimes: Lifetimes) -> list[SessionRow]:
    """The account's sessions that still work, most recently used first."""
    rows = db.session.execute(
        select(
            StaffSession.id,
            StaffSession.created_at,
            StaffSession.last_seen_at,
            StaffSession.last_seen_from,
            StaffSession.user_agent,
        )
        .where(StaffSession.user_id == user_id, *_standing(lifetimes))
        .order_by(StaffSession.last_seen_at.desc(), StaffSession.id.desc())
    )
    return [SessionRow(*row) for row in rows]
