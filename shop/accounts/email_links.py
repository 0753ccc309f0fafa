"""Invitations and password resets: the use cases behind the links the shop emails.

These functions make and redeem the tokens (tokens.py); composing and sending the email is the
web layer's job (shop/web/account_mail.py), since a link is a URL of the web app. Every
redemption is single-use under concurrency: the new password replaces the hash the token was
made for, in one conditional UPDATE (services.replace_password_once).
"""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.security import generate_password_hash

from ..audit import services as audit
from ..database.transaction import unit_of_work
from ..dbtypes import utcnow
from ..extensions import db
from .models import ROLES, User
from .services import (
    PASSWORD_METHOD,
    AccountError,
    check_password_strength,
    find_by_email,
    get_user,
    normalise_email,
    replace_password_once,
    unusable_password_hash,
)
from .tokens import LinkRefused, Purpose, account_links

# Why a link may not be used although its token is sound.
INACTIVE = "inactive"


@dataclass(frozen=True, slots=True)
class Link:
    """What to email: the account's address and the token its link carries."""

    email: str
    token: str


# ---- Invitations ---------------------------------------------------------------------------


def invite(email: str, role: str, *, actor: User) -> Link:
    """A new account for `email` that waits, without a usable password, until its holder
    follows the emailed link and chooses one."""
    if role not in ROLES:
        raise AccountError(f"Role must be one of: {', '.join(ROLES)}.", field="role")
    email = normalise_email(email)
    with unit_of_work():
        if find_by_email(email) is not None:
            raise AccountError("An account with this email already exists.", field="email")
        user = User(
            email=email,
            password_hash=unusable_password_hash(),
            role=role,
            is_active_account=True,
            invited_at=utcnow(),
        )
        db.session.add(user)
        db.session.flush()
        changes = {"email": [None, email], "role": [None, role], "invited": [False, True]}
        audit.record(actor, "invite", "user", user.id, email, changes)
    return Link(user.email, account_links.make(Purpose.INVITATION, user))


def reinvite(user_id: int, *, actor: User) -> Link:
    """A fresh invitation for an account still waiting; links sent before stop working."""
    with unit_of_work():
        user = get_user(user_id)
        if user is None:
            raise AccountError("There is no such account.")
        if not user.is_invited:
            raise AccountError(f"{user.email} has already accepted their invitation.")
        if not user.is_active_account:
            raise AccountError(f"{user.email} is deactivated; reactivate the account first.")
        user.password_hash = unusable_password_hash()
        user.invited_at = utcnow()
        audit.record(actor, "re-invite", "user", user.id, user.email, {})
    return Link(user.email, account_links.make(Purpose.INVITATION, user))


def invited_user(token: str) -> User:
    """The account an invitation link is for, while the link works; raises LinkRefused."""
    return _holder(Purpose.INVITATION, token)


def accept_invitation(token: str, password: str) -> User:
    """The invitee chooses their password: the account can sign in, the link is spent."""
    return _redeem(Purpose.INVITATION, token, password, "accept-invite")


# ---- Password resets -----------------------------------------------------------------------


def reset_link_for(email: str) -> Link | None:
    """A reset link for the active account with this address; None for an unknown,
    deactivated or still invited one (the caller answers the same either way)."""
    user = find_by_email(email) if len(email) <= 254 else None
    if user is None or not user.is_active_account or user.is_invited:
        return None
    return Link(user.email, account_links.make(Purpose.RESET, user))


def reset_user(token: str) -> User:
    """The account a reset link is for, while the link works; raises LinkRefused."""
    return _holder(Purpose.RESET, token)


def reset_password(token: str, password: str) -> User:
    """The link's holder sets a new password: every session and API token of the account
    ends, and the link (and any other reset link) is spent."""
    return _redeem(Purpose.RESET, token, password, "password-reset")


# ---- Both ----------------------------------------------------------------------------------


def _holder(purpose: Purpose, token: str) -> User:
    user_id, fingerprint = account_links.user_id(purpose, token)
    user = account_links.check(get_user(user_id), fingerprint)
    # A reset is for an account that can sign in; an invitation for one still waiting.
    waiting = purpose is Purpose.INVITATION
    if user.is_invited != waiting:
        raise LinkRefused(LinkRefused.USED)
    if not user.is_active_account:
        raise LinkRefused(INACTIVE)
    return user


def _redeem(purpose: Purpose, token: str, password: str, action: str) -> User:
    check_password_strength(password)
    # Before the transaction: scrypt is slow, and a refused link costs nothing more.
    _holder(purpose, token)
    password_hash = generate_password_hash(password, method=PASSWORD_METHOD)
    with unit_of_work():
        user = _holder(purpose, token)
        if not replace_password_once(user, password_hash):
            raise LinkRefused(LinkRefused.USED)  # another use of the link won the race
        # The holder of the link acted; the log never holds the password or the token.
        audit.record(user, action, "user", user.id, user.email, {})
    return user
