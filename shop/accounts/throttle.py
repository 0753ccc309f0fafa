"""Sign-in throttling: failed attempts counted per email and per client address.

Built on `limits`, the engine under Flask-Limiter. Flask-Limiter's `Limiter` keeps its storage
on the instance, so one unbound object cannot serve several apps (tests build one per test), and
its decorators count every request; here each app gets its own storage in `app.extensions`
and only FAILED sign-ins count, so a person who types the right password is never held up by
their own successful sign-ins. Storage: `memory://` per process, or Redis when `REDIS_URL` is set
(shared by every app server).

Time comes from two places: the storage stamps and expires attempts, and `attempt` turns the
window's reset time into seconds to wait. Both read the wall clock unless `init_app` is given a
storage and a clock that agree (tests pass a store on a clock they move by hand).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app
from limits import RateLimitItem, parse
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

EXTENSION_KEY = "shop_login_throttle"

Clock = Callable[[], float]  # seconds since the epoch, as time.time


@dataclass
class _State:
    limiter: MovingWindowRateLimiter
    per_email: RateLimitItem
    per_address: RateLimitItem
    clock: Clock


def _email_key(email: str) -> str:
    # Hashed: the store (maybe a shared Redis) never holds the address itself.
    normalised = " ".join(email.split()).lower()[:254]
    return hashlib.sha256(normalised.encode()).hexdigest()


class LoginThrottle:
    """Unbound like the other extensions; `init_app` gives each app its own counters."""

    def init_app(
        self,
        app: Flask,
        *,
        storage: Storage | None = None,
        clock: Clock = time.time,
    ) -> None:
        """Counters in the configured store, on the wall clock. `storage` (a moving-window
        store of `limits`) replaces the configured one; `clock` must be the time it keeps."""
        if storage is None:
            uri = app.config.get("LOGIN_THROTTLE_STORAGE_URI") or app.config.get("REDIS_URL")
            storage = storage_from_string(uri or "memory://", key_prefix="shop-login")
        app.extensions[EXTENSION_KEY] = _State(
            limiter=MovingWindowRateLimiter(storage),
            per_email=parse(app.config["LOGIN_THROTTLE_PER_EMAIL"]),
            per_address=parse(app.config["LOGIN_THROTTLE_PER_ADDRESS"]),
            clock=clock,
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
        state = self._state
        waits = []
        for item, ids in self._checks(email, address):
            if not state.limiter.hit(item, *ids):
                reset = state.limiter.get_window_stats(item, *ids).reset_time
                waits.append(max(1, int(reset - state.clock()) + 1))
        return max(waits) if waits else None

    def succeeded(self, email: str) -> None:
        """A right password forgives that email's earlier typos (not the address's)."""
        state = self._state
        state.limiter.clear(state.per_email, "email", _email_key(email))

    def reset(self) -> None:
        self._state.limiter.storage.reset()


login_throttle = LoginThrottle()
