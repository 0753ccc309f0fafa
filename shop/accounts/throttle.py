"""Attempt throttling: sign-ins and password-reset requests counted per email and per client
address, in the database.

The counts are rows of `sign_in_attempts`, so every gunicorn worker and every app server sees
the same counts, with Redis or without, and a restarted worker forgets nothing. Windows are
moving windows, written in `limits`' notation ("5 per 15 minutes").

An attempt is counted BEFORE its password is checked, in one short transaction that first
serialises attempts on the same email or address (an advisory lock on PostgreSQL; SQLite's
single writer), so parallel requests cannot each slip a guess in under the limit. A right
password then forgives the email's earlier typos and takes its own attempt back from the
address's count: only failures count, so an office full of colleagues signing in is never
refused for it.

Password-reset requests use the same machinery (`reset_throttle`) with scopes of their own:
every request counts there, whether or not the address has an account, so the limit says
nothing about which addresses exist.

Time comes from an injectable clock (time.time by default): tests move it by hand.
"""

from __future__ import annotations

import hashlib
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import Flask, current_app
from limits import RateLimitItem, parse
from sqlalchemy import delete, func, select, text

from ..database.transaction import unit_of_work
from ..extensions import db
from .models import SignInAttempt

EXTENSION_KEY = "shop_login_throttle"
RESET_EXTENSION_KEY = "shop_reset_throttle"

Clock = Callable[[], float]  # seconds since the epoch, as time.time


@dataclass
class _State:
    per_email: RateLimitItem
    per_address: RateLimitItem
    clock: Clock


def _email_key(email: str) -> str:
    # Hashed: the table never holds the address itself.
    normalised = " ".join(unicodedata.normalize("NFKC", email).split()).casefold()[:254]
    return hashlib.sha256(normalised.encode()).hexdigest()


def _address_key(address: str) -> str:
    return (address or "unknown")[:64]


class LoginThrottle:
    """Unbound like the other extensions; `init_app` gives each app its limits and clock.

    `settings` names the pair of limits in the app's config ("<settings>_PER_EMAIL" and
    "<settings>_PER_ADDRESS"); `scopes` are the (email, address) scope names its rows carry,
    so that two throttles share the table without counting each other's attempts.
    """

    def __init__(
        self,
        extension_key: str = EXTENSION_KEY,
        settings: str = "LOGIN_THROTTLE",
        scopes: tuple[str, str] = ("email", "address"),
    ) -> None:
        self.extension_key = extension_key
        self.settings = settings
        self.email_scope, self.address_scope = scopes

    def init_app(self, app: Flask, *, clock: Clock = time.time) -> None:
        app.extensions[self.extension_key] = _State(
            per_email=parse(app.config[f"{self.settings}_PER_EMAIL"]),
            per_address=parse(app.config[f"{self.settings}_PER_ADDRESS"]),
            clock=clock,
        )

    @property
    def _state(self) -> _State:
        return current_app.extensions[self.extension_key]

    def _checks(self, email: str, address: str) -> list[tuple[str, str, RateLimitItem]]:
        state = self._state
        checks = [
            (self.address_scope, _address_key(address), state.per_address),
            (self.email_scope, _email_key(email), state.per_email),
        ]
        return sorted(checks)  # one lock order for every attempt: no deadlocks

    def attempt(self, email: str, address: str) -> int | None:
        """Count a sign-in attempt BEFORE its password is checked; seconds to wait if over.

        A limit that is reached does not count the attempt (a blocked attempt does not
        extend the wait); the longest wait of the two limits is the answer.
        """
        now = datetime.fromtimestamp(self._state.clock(), UTC)
        waits = []
        with unit_of_work():
            for scope, key, limit in self._checks(email, address):
                _serialise(scope, key)
                window = timedelta(seconds=limit.get_expiry())
                since = now - window
                # Old rows go first: the table holds only what some window still needs.
                db.session.execute(
                    delete(SignInAttempt).where(
                        SignInAttempt.scope == scope,
                        SignInAttempt.key == key,
                        SignInAttempt.at < since,
                    )
                )
                count, oldest = db.session.execute(
                    select(func.count(), func.min(SignInAttempt.at)).where(
                        SignInAttempt.scope == scope,
                        SignInAttempt.key == key,
                        SignInAttempt.at >= since,
                    )
                ).one()
                if count >= limit.amount:
                    waits.append(_seconds_until(oldest + window, now))
                else:
                    db.session.add(SignInAttempt(scope=scope, key=key, at=now))
        return max(waits) if waits else None

    def succeeded(self, email: str, address: str) -> None:
        """A right password forgives that email's earlier typos, and takes this attempt back
        from the address's count (its earlier failures stay counted)."""
        email_key, address_key = _email_key(email), _address_key(address)
        with unit_of_work():
            db.session.execute(
                delete(SignInAttempt).where(
                    SignInAttempt.scope == self.email_scope, SignInAttempt.key == email_key
                )
            )
            newest = db.session.scalar(
                select(SignInAttempt.id)
                .where(SignInAttempt.scope == self.address_scope, SignInAttempt.key == address_key)
                .order_by(SignInAttempt.at.desc(), SignInAttempt.id.desc())
                .limit(1)
            )
            if newest is not None:
                db.session.execute(delete(SignInAttempt).where(SignInAttempt.id == newest))

    def reset(self) -> None:
        """Forget every attempt this throttle counted (an operator's or a test's clean slate)."""
        scopes = (self.email_scope, self.address_scope)
        with unit_of_work():
            db.session.execute(delete(SignInAttempt).where(SignInAttempt.scope.in_(scopes)))


def _serialise(scope: str, key: str) -> None:
    """Until this transaction ends, other attempts on the same email or address wait.

    PostgreSQL: a transaction-scoped advisory lock on the key. SQLite allows one writer at a
    time: the DELETE that follows takes the database's write lock (others wait, busy_timeout).
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:lock, 0))"),
            {"lock": f"shop-sign-in:{scope}:{key}"},  # the scope tells the two throttles apart
        )


def _seconds_until(moment: datetime, now: datetime) -> int:
    """Whole seconds to wait, never 0 (and one more, to be sure the window has moved)."""
    return max(1, int((moment - now).total_seconds()) + 1)


login_throttle = LoginThrottle()
# Scope names fit sign_in_attempts.scope (8 characters).
reset_throttle = LoginThrottle(RESET_EXTENSION_KEY, "RESET_THROTTLE", ("rs-email", "rs-addr"))
