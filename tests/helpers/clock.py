"""A clock that tests move by hand, and the sign-in throttle and emailed links on it."""

from __future__ import annotations

from flask import Flask

from shop.accounts.throttle import login_throttle
from shop.accounts.tokens import account_links

# Any fixed instant will do; a recent one keeps the numbers readable in failures.
START = 1_767_225_600.0  # 2026-01-01T00:00:00Z


class ManualClock:
    """`clock()` -> seconds since the epoch, like time.time, but only `advance` moves it."""

    def __init__(self, start: float = START) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        assert seconds >= 0, "time does not run backwards"
        self.now += seconds


def throttle_on_manual_clock(app: Flask) -> ManualClock:
    """Put `app`'s sign-in throttle on a new ManualClock, and return it."""
    clock = ManualClock()
    login_throttle.init_app(app, clock=clock)
    return clock


def links_on_manual_clock(app: Flask) -> ManualClock:
    """Put `app`'s emailed links (reset, invitation tokens) on a new ManualClock."""
    clock = ManualClock()
    account_links.init_app(app, clock=clock)
    return clock
