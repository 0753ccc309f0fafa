"""A clock that tests move by hand, and a `limits` moving-window store that keeps its time."""

from __future__ import annotations

import bisect

from flask import Flask
from limits.storage import MovingWindowSupport, Storage

from shop.accounts.throttle import login_throttle

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


class ManualClockStorage(Storage, MovingWindowSupport):
    """The moving window of limits' MemoryStorage (same entries, same boundaries), stamped
    with `clock` instead of time.time. Only the moving-window strategy can use it."""

    STORAGE_SCHEME = None  # not reachable through storage_from_string

    def __init__(self, clock: ManualClock) -> None:
        super().__init__()
        self.clock = clock
        self.events: dict[str, list[float]] = {}  # times of the acquired entries, newest first

    @property
    def base_exceptions(self) -> type[Exception]:
        return ValueError

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        if amount > limit:
            return False
        now = self.clock()
        events = self.events.setdefault(key, [])
        if len(events) > limit - amount and events[limit - amount] >= now - expiry:
            return False
        events[:0] = [now] * amount
        return True

    def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        now = self.clock()
        events = self.events.get(key, [])
        within = bisect.bisect_left(events, -(now - expiry), key=lambda at: -at)
        if within:
            return events[within - 1], within
        return now, 0

    def clear(self, key: str) -> None:
        self.events.pop(key, None)

    def reset(self) -> int:
        count = len(self.events)
        self.events.clear()
        return count

    def check(self) -> bool:
        return True

    # Counters for the fixed-window strategies: not kept here.
    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        raise NotImplementedError("ManualClockStorage keeps moving windows only")

    def get(self, key: str) -> int:
        raise NotImplementedError("ManualClockStorage keeps moving windows only")

    def get_expiry(self, key: str) -> float:
        raise NotImplementedError("ManualClockStorage keeps moving windows only")


def throttle_on_manual_clock(app: Flask) -> ManualClock:
    """Give `app`'s sign-in throttle empty counters on a new ManualClock, and return it."""
    clock = ManualClock()
    login_throttle.init_app(app, storage=ManualClockStorage(clock), clock=clock)
    return clock
