"""API token families: started at sign-in, rotated on refresh, ended on reuse or request.

A family is what one `POST /api/v1/auth/token` starts. Its access tokens name it, so every
API request checks, in one statement, that the family stands and that its account is still
active with the password and role the family was issued under (`User.token_generation`).
Only the family's newest refresh token may be exchanged; an older one presented again means
a copy is in someone else's hands, and the whole family ends at once.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update

from ..audit import services as audit
from ..database.transaction import unit_of_work
from ..dbtypes import utcnow
from ..extensions import db
from .models import ApiTokenFamily, User

REUSED = "refresh token reused"
REVOKED = "revoked by its holder"


@dataclass(frozen=True, slots=True)
class Caller:
    """Whom an API request acts for: an account through a token family, or an integration
    key (`key_id`, no account)."""

    user_id: int | None
    email: str
    role: str
    family_id: str | None
    key_id: int | None = None


class RefreshRefused(Exception):
    """The refresh token cannot be exchanged (reused, revoked, expired, account changed)."""


def start_family(user_id: int, refresh_jti: str, lifetime: timedelta, address: str) -> str:
    """A new family for a sign-in; returns its id (the access and refresh tokens carry it)."""
    family_id = secrets.token_hex(16)
    with unit_of_work():
        user = db.session.get(User, user_id)
        now = utcnow()
        db.session.add(
            ApiTokenFamily(
                id=family_id,
                user_id=user_id,
                token_generation=user.token_generation,
                refresh_jti=refresh_jti,
                created_at=now,
                expires_at=now + lifetime,
                last_used_at=now,
                last_used_from=address[:64],
            )
        )
    return family_id


def _standing(family_id: str):
    """The family's account, if the family stands (not revoked or expired, account active
    with the same password and role): one statement."""
    return (
        select(User.id, User.email, User.role)
        .join(ApiTokenFamily, ApiTokenFamily.user_id == User.id)
        .where(
            ApiTokenFamily.id == family_id,
            ApiTokenFamily.revoked_at.is_(None),
            ApiTokenFamily.expires_at > utcnow(),
            User.is_active_account.is_(True),
            User.token_generation == ApiTokenFamily.token_generation,
        )
    )


def caller_for(family_id: str) -> Caller | None:
    """Whom an access token of this family acts for, or None when the family has ended."""
    row = db.session.execute(_standing(family_id)).first()
    return Caller(row.id, row.email, row.role, family_id) if row else None


def rotate(
    family_id: str, presented_jti: str, new_jti: str, address: str, lifetime: timedelta
) -> Caller:
    """Exchange the family's newest refresh token for `new_jti`, for another `lifetime`; an
    older one ends the family.

    The swap is one conditional UPDATE, so two requests racing with the same refresh token
    cannot both win: the loser counts as reuse.
    """
    reused = False
    with unit_of_work():
        caller_row = db.session.execute(_standing(family_id)).first()
        if caller_row is not None:
            now = utcnow()
            swapped = db.session.execute(
                update(ApiTokenFamily)
                .where(
                    ApiTokenFamily.id == family_id,
                    ApiTokenFamily.refresh_jti == presented_jti,
                    ApiTokenFamily.revoked_at.is_(None),
                )
                .values(
                    refresh_jti=new_jti,
                    last_used_at=now,
                    last_used_from=address[:64],
                    expires_at=now + lifetime,
                )
            ).rowcount
            if swapped != 1:
                reused = True
                _end(family_id, REUSED)
    if caller_row is None:
        raise RefreshRefused("This refresh token no longer works; request a new token.")
    if reused:  # the revocation above is committed; the caller gets a 401
        raise RefreshRefused("This refresh token was already used; its tokens are revoked.")
    return Caller(caller_row.id, caller_row.email, caller_row.role, family_id)


def _end(family_id: str, reason: str) -> None:
    db.session.execute(
        update(ApiTokenFamily)
        .where(ApiTokenFamily.id == family_id, ApiTokenFamily.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_because=reason)
    )


def revoke(family_id: str, presented_jti: str) -> None:
    """End the family of a refresh token (POST /api/v1/auth/revoke). Any of its refresh
    tokens may end it: whoever holds even an old one should be able to stop it."""
    with unit_of_work():
        _end(family_id, REUSED if _is_old(family_id, presented_jti) else REVOKED)


def _is_old(family_id: str, presented_jti: str) -> bool:
    current = db.session.scalar(
        select(ApiTokenFamily.refresh_jti).where(ApiTokenFamily.id == family_id)
    )
    return current is not None and current != presented_jti


ENDED_IN_ADMIN = "ended in the admin"


def standing_families(user_id: int) -> list[ApiTokenFamily]:
    """The account's token families that still work, most recently used first."""
    return list(
        db.session.scalars(
            select(ApiTokenFamily)
            .join(User, User.id == ApiTokenFamily.user_id)
            .where(
                ApiTokenFamily.user_id == user_id,
                ApiTokenFamily.revoked_at.is_(None),
                ApiTokenFamily.expires_at > utcnow(),
                User.token_generation == ApiTokenFamily.token_generation,
            )
            .order_by(ApiTokenFamily.last_used_at.desc())
        )
    )


def end_for_user(user_id: int, family_id: str | None = None) -> int:
    """Revoke one of the account's families (`family_id`) or all of them, inside the caller's
    unit of work; how many were ended."""
    condition = ApiTokenFamily.user_id == user_id
    if family_id is not None:
        condition = condition & (ApiTokenFamily.id == family_id)
    return db.session.execute(
        update(ApiTokenFamily)
        .where(condition, ApiTokenFamily.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_because=ENDED_IN_ADMIN)
    ).rowcount


def end_families(user: User, *, actor: User, family_id: str | None = None) -> int:
    """End one of `user`'s token families (`family_id`) or all of them, from the admin: their
    access tokens stop working at once. How many were ended."""
    with unit_of_work():
        ended = end_for_user(user.id, family_id)
        if ended:
            changes = {"api_token_families": [ended, 0]}
            audit.record(actor, "end-tokens", "user", user.id, user.email, changes)
    return ended
