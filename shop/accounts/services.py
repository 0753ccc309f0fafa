"""Account operations: create users, check passwords, rotate the session token."""

from __future__ import annotations

import secrets

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from .models import ROLES, User

MIN_PASSWORD_LENGTH = 12
# scrypt with Werkzeug's defaults (n=2**15): deliberately slow to guess offline.
PASSWORD_METHOD = "scrypt"  # noqa: S105 - a hash method name, not a password
# Hashed once so that checking an unknown email costs as much as a wrong password.
_DUMMY_HASH = generate_password_hash(secrets.token_urlsafe(16), method=PASSWORD_METHOD)


class AccountError(Exception):
    """A refused account change; `field` names the form field it concerns, if any."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def normalise_email(email: str) -> str:
    """Validated, lower-cased address (emails are case-insensitive here)."""
    try:
        result = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise AccountError(str(exc), field="email") from None
    return result.normalized.lower()


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            f"Use at least {MIN_PASSWORD_LENGTH} characters for the password.", field="password"
        )


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def create_user(email: str, password: str, role: str = "staff") -> User:
    if role not in ROLES:
        raise AccountError(f"Role must be one of: {', '.join(ROLES)}.", field="role")
    email = normalise_email(email)
    check_password_strength(password)
    if find_by_email(email) is not None:
        raise AccountError("An account with this email already exists.", field="email")
    user = User(
        email=email,
        password_hash=generate_password_hash(password, method=PASSWORD_METHOD),
        role=role,
        session_token=new_session_token(),
    )
    db.session.add(user)
    db.session.commit()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None (same work either way)."""
    user = find_by_email(email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.is_active_account:
        return None
    return user


def user_count() -> int:
    return db.session.scalar(select(func.count()).select_from(User)) or 0
