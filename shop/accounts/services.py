"""Account operations: create users, check passwords, roles and deactivation.

Invitations and password resets by email, the use cases behind the emailed links, live in
email_links.py and use the helpers here.

Each use case owns its transaction (shop.database.transaction.unit_of_work): every change
made by a person is written to the audit log in the same transaction, and the acting user is
passed in explicitly (services never look at the request).
"""

from __future__ import annotations

import secrets
import unicodedata

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from ..audit import services as audit
from ..database.transaction import unit_of_work
from ..dbtypes import utcnow
from ..extensions import db
from . import api_tokens, staff_sessions
from .models import ROLES, User

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
# scrypt with Werkzeug's defaults (n=2**15): deliberately slow to guess offline.
PASSWORD_METHOD = "scrypt"  # noqa: S105 - a hash method name, not a password
# Hashed once so that checking an unknown email costs as much as a wrong password.
_DUMMY_HASH = generate_password_hash(secrets.token_urlsafe(16), method=PASSWORD_METHOD)
# Marks a password hash no password matches (an invited account's): Werkzeug's hashes are
# "method$salt$hash", so a value without "$" is never a match.
UNUSABLE_PREFIX = "!"


class AccountError(Exception):
    """A refused account change; `field` names the form field it concerns, if any."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def email_key(email: str) -> str:
    """The form an address is stored and compared in: NFKC (so fullwidth look-alikes such as
    fullwidth "ADMIN@example.com" become the plain letters they look like) and case-folded
    (emails are case-insensitive here)."""
    return unicodedata.normalize("NFKC", email).strip().casefold()


def normalise_email(email: str) -> str:
    """Validated address in its stored form (`email_key`)."""
    try:
        result = validate_email(email_key(email), check_deliverability=False)
    except EmailNotValidError as exc:
        raise AccountError(str(exc), field="email") from None
    return email_key(result.normalized)


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            f"Use at least {MIN_PASSWORD_LENGTH} characters for the password.", field="password"
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError("This password is too long.", field="password")


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email_key(email)))


def get_user(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def _get(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise AccountError("There is no such account.")
    return user


def all_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.email)))


def create_user(email: str, password: str, role: str = "staff", *, actor: User | None = None):
    if role not in ROLES:
        raise AccountError(f"Role must be one of: {', '.join(ROLES)}.", field="role")
    email = normalise_email(email)
    check_password_strength(password)
    password_hash = generate_password_hash(password, method=PASSWORD_METHOD)
    with unit_of_work():
        if find_by_email(email) is not None:
            raise AccountError("An account with this email already exists.", field="email")
        user = User(
            email=email,
            password_hash=password_hash,
            role=role,
            is_active_account=True,
        )
        db.session.add(user)
        db.session.flush()
        changes = {"email": [None, email], "role": [None, role]}
        audit.record(actor, "create", "user", user.id, email, changes)
    return user


def unusable_password_hash() -> str:
    """A new random stand-in hash that no password matches; new each time, so that links
    made for the previous one stop working (shop/accounts/tokens.py)."""
    return UNUSABLE_PREFIX + secrets.token_urlsafe(32)


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None (same work either way).
    An invited account that has not accepted yet has no password to sign in with."""
    user = find_by_email(email) if len(email) <= 254 else None
    if user is None or user.is_invited or len(password) > MAX_PASSWORD_LENGTH:
        check_password_hash(_DUMMY_HASH, password[:MAX_PASSWORD_LENGTH])
        return None
    if not check_password_hash(user.password_hash, password) or not user.is_active_account:
        return None
    return user


def _active_admins_other_than(user: User) -> int:
    stmt = select(func.count(User.id)).where(
        User.role == "admin", User.is_active_account.is_(True), User.id != user.id
    )
    return db.session.scalar(stmt) or 0


def _keeps_an_admin(user: User, *, role: str, active: bool) -> None:
    was_admin = user.role == "admin" and user.is_active_account
    stays_admin = role == "admin" and active
    if was_admin and not stays_admin and _active_admins_other_than(user) == 0:
        raise AccountError(
            "The shop needs at least one active admin; make someone else admin first.",
            field="role",
        )


def set_role(user_id: int, role: str, *, actor: User | None) -> User:
    if role not in ROLES:
        raise AccountError(f"Role must be one of: {', '.join(ROLES)}.", field="role")
    user = _get(user_id)
    if role == user.role:
        return user  # nothing to change, nothing to log, no transaction to end
    with unit_of_work():
        _keeps_an_admin(user, role=role, active=user.is_active_account)
        audit.record(actor, "update", "user", user.id, user.email, {"role": [user.role, role]})
        user.role = role
        user.token_generation += 1  # API tokens carry the role they were issued with
    return user


def set_active(user_id: int, active: bool, *, actor: User | None) -> User:
    """Deactivating signs the account out of every browser at once and ends its API tokens."""
    user = _get(user_id)
    if active == user.is_active_account:
        return user  # nothing to change, nothing to log, no transaction to end
    with unit_of_work():
        _keeps_an_admin(user, role=user.role, active=active)
        action = "activate" if active else "deactivate"
        changes = {"active": [not active, active]}
        audit.record(actor, action, "user", user.id, user.email, changes)
        user.is_active_account = active
        staff_sessions.end_for_user(user.id, staff_sessions.DEACTIVATED)
        user.token_generation += 1
    return user


def set_password(
    user_id: int, password: str, *, actor: User | None, keep_session_id: int | None = None
) -> User:
    """A new password signs the account out of every browser but `keep_session_id` (the one
    that set it, when it is their own) and ends its API tokens."""
    check_password_strength(password)
    password_hash = generate_password_hash(password, method=PASSWORD_METHOD)
    with unit_of_work():
        user = _get(user_id)
        user.password_hash = password_hash
        # A password set for an invited account replaces the invitation (its link dies
        # with the old hash): the account can sign in at once.
        user.invited_at = None
        staff_sessions.end_for_user(user.id, staff_sessions.NEW_PASSWORD, keep_session_id)
        user.token_generation += 1
        # The log says that the password changed, never what it is or was.
        audit.record(actor, "password", "user", user.id, user.email, {})
    return user


def replace_password_once(user: User, password_hash: str) -> bool:
    """Inside the caller's unit of work: give `user` a new password hash, but only if the
    stored one is still the one loaded (one conditional UPDATE, so two uses of one emailed
    link cannot both win); end its browser sessions and API tokens; the account is no
    longer waiting for an invitation. False when someone else changed the hash first."""
    swapped = db.session.execute(
        update(User)
        .where(User.id == user.id, User.password_hash == user.password_hash)
        .values(
            password_hash=password_hash,
            invited_at=None,
            token_generation=User.token_generation + 1,
            updated_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if swapped != 1:
        return False
    staff_sessions.end_for_user(user.id, staff_sessions.NEW_PASSWORD)
    db.session.expire(user)  # the row changed under the loaded object
    return True


def sign_out_everywhere(
    user_id: int, *, actor: User, keep_session_id: int | None = None
) -> tuple[int, int]:
    """End the account's browser sessions but `keep_session_id` (the admin's own browser,
    for their own account) and all its API token families; (sessions, families) ended."""
    with unit_of_work():
        user = _get(user_id)
        sessions = staff_sessions.end_for_user(
            user.id, staff_sessions.ENDED_BY_ADMIN, keep_session_id
        )
        families = api_tokens.end_for_user(user.id)
        if sessions or families:
            changes = {"sessions": [sessions, 0], "api_token_families": [families, 0]}
            audit.record(actor, "sign-out", "user", user.id, user.email, changes)
    return sessions, families


def user_count() -> int:
    return db.session.scalar(select(func.count()).select_from(User)) or 0
