"""Sign-in throttling: failed attempts counted per email and per client address.

Built on `limits`, the engine under Flask-Limiter. Flask-Limiter's `Limiter` keeps its storage
on the instance, so one unbound object cannot serve several apps (tests build one per test), and
its decorators count every request; here each app gets its own storage in `app.extensions`
and only FAILED sign-ins count, so a person who types the right password is never held up by
their own successful sign-ins. Storage: `memory://` per process, or Redis when `REDIS_URL` is set
(shared by every app server).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from flask import Flask, current_app
from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

EXTENSION_KEY = "shop_login_throttle"


@dataclass
class _State:
    limiter: MovingWindowRateLimiter
    per_email: RateLimitItem
    per_address: RateLimitItem


def _email_key(email: str) -> str:
    # Hashed: the store (maybe a shared Redis) never holds the address itself.
    normalised = " ".join(email.split()).lower()[:254]
    return hashlib.sha256(normalised.encode()).hexdigest()


class LoginThrottle:
    """Unbound like the other extensions; `init_app` gives each app its own counters."""

    def init_app(self, app: Flask) -> None:
        uri = app.config.get("LOGIN_THROTTLE_STORAGE_URI") or app.config.get("REDIS_URL")
        storage = storage_from_string(uri or "memory://", key_prefix="shop-login")
        app.extensions[EXTENSION_KEY] = _State(
            limiter=MovingWindowRateLimiter(storage),
            per_email=parse(app.config["LOGIN_THROTTLE_PER_EMAIL"]),
            per_address=parse(app.config["LOGIN_THROTTLE_PER_ADDRESS"]),
        )

    @property
    def _state(self) -> _State:
        return current_app.extensions[EXTENSION_KEY]

    def _checks(self, email: str, address: str):
        state = self._state
        yield state.per_email, ("email", _email_key(email))
        yield state.per_address, ("address", address or "unknown")

    def attempt(self, email: str, address: str) -> int | None:
        """Count a sign-in attempt BEFORE its password is checked; seconds to wait if over.

        `hit` tests and counts in one step, so parallel requests cannot each slip in a guess
        under the limit. A right password then forgives the email's count (`succeeded`).
        """
        limiter = self._state.limiter
        waits = []
        for item, ids in self._checks(email, address):
            if not limiter.hit(item, *ids):
                reset = limiter.get_window_stats(item, *ids).reset_time
                waits.append(max(1, int(reset - time.time()) + 1))
        return max(waits) if waits else None

    def succeeded(self, email: str) -> None:
        """A right password forgives that email's earlier typos (not the address's)."""
        state = self._state
        state.limiter.clear(state.per_email, "email", _email_key(email))

    def reset(self) -> None:
        self._state.limiter.storage.reset()


login_throttle = LoginThrottle()
