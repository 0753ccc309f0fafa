"""Signed, expiring, single-use links for accounts: password resets and invitations.

A token is the account's id and a fingerprint of its current password hash, signed with
SECRET_KEY (itsdangerous, one salt per purpose, so a reset token is never an invitation) and
stamped with the time it was made. Nothing is stored: the token dies by itself when

- it is older than the purpose's lifetime (an hour for a reset, a week for an invitation);
- the password hash changes, which using the token does (so it works once), and so does any
  other new password, an accepted invitation, or a re-sent one (a new unusable hash).

Time comes from an injectable clock (time.time by default): tests move it by hand.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from flask import Flask, current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from .models import User

EXTENSION_KEY = "shop_account_links"

Clock = Callable[[], float]  # seconds since the epoch, as time.time


class Purpose(StrEnum):
    """What a link is for; each signs with its own salt and has its own lifetime setting."""

    RESET = "password-reset"
    INVITATION = "invitation"


LIFETIME_SETTINGS = {
    Purpose.RESET: "SHOP_PASSWORD_RESET_MAX_AGE",
    Purpose.INVITATION: "SHOP_INVITATION_MAX_AGE",
}


class LinkRefused(Exception):
    """A link that does not work (any more); `reason` says which way, for the page."""

    INVALID = "invalid"  # not one of ours: mangled, forged, another purpose, no such account
    EXPIRED = "expired"  # older than its lifetime
    USED = "used"  # the password changed since it was made: used, or superseded

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class _State:
    clock: Clock


def _signer_on(clock: Clock) -> type[TimestampSigner]:
    class ClockSigner(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(clock())

    return ClockSigner


class AccountLinks:
    """Unbound like the other extensions; `init_app` gives each app its clock."""

    def init_app(self, app: Flask, *, clock: Clock = time.time) -> None:
        app.extensions[EXTENSION_KEY] = _State(clock=clock)

    def _serializer(self, purpose: Purpose) -> URLSafeTimedSerializer:
        clock = current_app.extensions[EXTENSION_KEY].clock
        return URLSafeTimedSerializer(
            current_app.config["SECRET_KEY"],
            salt=f"shop.accounts.{purpose}",
            signer=_signer_on(clock),
        )

    def lifetime(self, purpose: Purpose) -> timedelta:
        return current_app.config[LIFETIME_SETTINGS[purpose]]

    def make(self, purpose: Purpose, user: User) -> str:
        """A token for `user`'s link, good until it expires or the password hash changes."""
        return self._serializer(purpose).dumps([user.id, _fingerprint(user)])

    def user_id(self, purpose: Purpose, token: str) -> tuple[int, str]:
        """(account id, fingerprint) a token names; raises LinkRefused (INVALID, EXPIRED).
        Whether the fingerprint still matches is `check`'s to say, once the row is loaded."""
        if not token or len(token) > 200:
            raise LinkRefused(LinkRefused.INVALID)
        max_age = int(self.lifetime(purpose).total_seconds())
        try:
            payload = self._serializer(purpose).loads(token, max_age=max_age)
        except SignatureExpired:
            raise LinkRefused(LinkRefused.EXPIRED) from None
        except BadSignature:
            raise LinkRefused(LinkRefused.INVALID) from None
        match payload:
            case [int() as user_id, str() as fingerprint]:
                return user_id, fingerprint
        raise LinkRefused(LinkRefused.INVALID)  # signed by us, but not a shape we make

    def check(self, user: User | None, fingerprint: str) -> User:
        """The account, when the token's fingerprint matches its password hash now."""
        if user is None:
            raise LinkRefused(LinkRefused.INVALID)
        if not hmac.compare_digest(_fingerprint(user), fingerprint):
            raise LinkRefused(LinkRefused.USED)
        return user


def fingerprint_of(password_hash: str) -> str:
    """A keyed digest of a password hash: it changes whenever the hash does, and tells the
    token's reader nothing about the hash itself."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, password_hash.encode(), hashlib.sha256).hexdigest()[:32]


def _fingerprint(user: User) -> str:
    return fingerprint_of(user.password_hash)


account_links = AccountLinks()
