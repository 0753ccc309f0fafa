"""The sign-in throttle on a hand-moved clock: moving windows, waits, forgiveness, the store."""

from __future__ import annotations

import time

from limits.storage import MemoryStorage

from shop.accounts.throttle import EXTENSION_KEY, login_throttle
from tests.helpers.clock import throttle_on_manual_clock

EMAIL, ADDRESS = "staff@example.com", "10.0.0.1"


def test_the_configured_store_and_the_wall_clock_by_default(make_app):
    state = make_app().extensions[EXTENSION_KEY]
    assert isinstance(state.limiter.storage, MemoryStorage)  # LOGIN_THROTTLE_STORAGE_URI
    assert state.clock is time.time
    assert (state.per_email.amount, state.per_email.get_expiry()) == (5, 15 * 60)
    assert (state.per_address.amount, state.per_address.get_expiry()) == (20, 15 * 60)


def test_the_wait_runs_from_the_oldest_attempt_in_the_window(make_app):
    app = make_app(LOGIN_THROTTLE_PER_EMAIL="3 per 10 minutes")
    clock = throttle_on_manual_clock(app)
    with app.app_context():
        for _ in range(3):  # one a minute
            assert login_throttle.attempt(EMAIL, ADDRESS) is None
            clock.advance(60)
        # The first attempt leaves the window 10 minutes after it was made: 7 minutes on.
        assert login_throttle.attempt(EMAIL, ADDRESS) == 7 * 60 + 1
        clock.advance(7 * 60 - 1)
        assert login_throttle.attempt(EMAIL, ADDRESS) == 2
        clock.advance(2)
        assert login_throttle.attempt(EMAIL, ADDRESS) is None  # the first one has expired
        # That attempt took the freed place: the second one (made at minute 1) is next.
        assert login_throttle.attempt(EMAIL, ADDRESS) == 60


def test_a_blocked_attempt_does_not_extend_the_wait(make_app):
    app = make_app(LOGIN_THROTTLE_PER_EMAIL="2 per 1 minute")
    clock = throttle_on_manual_clock(app)
    with app.app_context():
        assert [login_throttle.attempt(EMAIL, ADDRESS) for _ in range(2)] == [None, None]
        for waited in range(0, 60, 10):
            assert login_throttle.attempt(EMAIL, ADDRESS) == 61 - waited
            clock.advance(10)
        clock.advance(1)  # a whole minute has passed since the two counted attempts
        assert login_throttle.attempt(EMAIL, ADDRESS) is None


def test_the_longest_wait_wins_when_both_limits_are_reached(make_app):
    app = make_app(
        LOGIN_THROTTLE_PER_EMAIL="2 per 1 minute", LOGIN_THROTTLE_PER_ADDRESS="3 per 1 hour"
    )
    clock = throttle_on_manual_clock(app)
    with app.app_context():
        assert login_throttle.attempt(EMAIL, ADDRESS) is None
        assert login_throttle.attempt("other@example.com", ADDRESS) is None
        clock.advance(30)
        assert login_throttle.attempt(EMAIL, ADDRESS) is None
        clock.advance(10)
        # The email frees a place in 20 s, the address only after its hour.
        assert login_throttle.attempt(EMAIL, ADDRESS) == 3600 - 40 + 1
        assert login_throttle.attempt(EMAIL, "10.0.0.2") == 60 - 40 + 1
        assert login_throttle.attempt("third@example.com", "10.0.0.2") is None


def test_success_forgives_the_email_but_not_the_address(make_app):
    app = make_app(
        LOGIN_THROTTLE_PER_EMAIL="2 per 15 minutes", LOGIN_THROTTLE_PER_ADDRESS="4 per 15 minutes"
    )
    throttle_on_manual_clock(app)
    with app.app_context():
        assert login_throttle.attempt(EMAIL, ADDRESS) is None
        assert login_throttle.attempt(EMAIL, ADDRESS) is None
        login_throttle.succeeded(EMAIL)
        assert login_throttle.attempt(EMAIL, ADDRESS) is None
        assert login_throttle.attempt(EMAIL, ADDRESS) is None
        # The address has made its four attempts, whatever the email.
        assert login_throttle.attempt("other@example.com", ADDRESS) == 15 * 60 + 1
        login_throttle.reset()
        assert login_throttle.attempt(EMAIL, ADDRESS) is None


def test_emails_are_counted_whatever_their_case_and_spacing(make_app):
    app = make_app(LOGIN_THROTTLE_PER_EMAIL="2 per 1 minute")
    throttle_on_manual_clock(app)
    with app.app_context():
        assert login_throttle.attempt("Staff@Example.com", ADDRESS) is None
        assert login_throttle.attempt("  staff@example.COM ", "10.0.0.2") is None
        assert login_throttle.attempt("staff@example.com", "10.0.0.3") == 61
