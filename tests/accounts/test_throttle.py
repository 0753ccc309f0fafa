"""The sign-in throttle on a hand-moved clock: moving windows, waits, forgiveness, the table."""

from __future__ import annotations

import time
from contextlib import contextmanager

from sqlalchemy import func, select

from shop.accounts.models import SignInAttempt
from shop.accounts.throttle import EXTENSION_KEY, login_throttle
from shop.extensions import db
from tests.helpers.clock import throttle_on_manual_clock
from tests.helpers.database import reset_database

EMAIL, ADDRESS = "staff@example.com", "10.0.0.1"


@contextmanager
def throttled(make_app, database_url, **limits):
    """An app with these limits on an empty database, its throttle on a manual clock."""
    app = make_app(**limits)
    clock = throttle_on_manual_clock(app)
    with app.app_context():
        reset_database(database_url)
        yield clock
        db.session.remove()


def _rows() -> int:
    return db.session.scalar(select(func.count()).select_from(SignInAttempt))


def test_the_configured_limits_and_the_wall_clock_by_default(make_app):
    state = make_app().extensions[EXTENSION_KEY]
    assert state.clock is time.time
    assert (state.per_email.amount, state.per_email.get_expiry()) == (5, 15 * 60)
    assert (state.per_address.amount, state.per_address.get_expiry()) == (20, 15 * 60)


def test_the_wait_runs_from_the_oldest_attempt_in_the_window(make_app, database_url):
    with throttled(make_app, database_url, LOGIN_THROTTLE_PER_EMAIL="3 per 10 minutes") as clock:
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


def test_a_blocked_attempt_does_not_extend_the_wait(make_app, database_url):
    with throttled(make_app, database_url, LOGIN_THROTTLE_PER_EMAIL="2 per 1 minute") as clock:
        assert [login_throttle.attempt(EMAIL, ADDRESS) for _ in range(2)] == [None, None]
        for waited in range(0, 60, 10):
            assert login_throttle.attempt(EMAIL, ADDRESS) == 61 - waited
            clock.advance(10)
        clock.advance(1)  # a whole minute has passed since the two counted attempts
        assert login_throttle.attempt(EMAIL, ADDRESS) is None


def test_the_longest_wait_wins_when_both_limits_are_reached(make_app, database_url):
    limits = {
        "LOGIN_THROTTLE_PER_EMAIL": "2 per 1 minute",
        "LOGIN_THROTTLE_PER_ADDRESS": "3 per 1 hour",
    }
    with throttled(make_app, database_url, **limits) as clock:
        assert login_throttle.attempt(EMAIL, ADDRESS) is None
        assert login_throttle.attempt("other@example.com", ADDRESS) is None
        clock.advance(30)
        assert login_throttle.attempt(EMAIL, ADDRESS) is None
        clock.advance(10)
        # The email frees a place in 20 s, the address only after its hour.
        assert login_throttle.attempt(EMAIL, ADDRESS) == 3600 - 40 + 1
        assert login_throttle.attempt(EMAIL, "10.0.0.2") == 60 - 40 + 1
        assert login_throttle.attempt("third@example.com", "10.0.0.2") is None


def test_only_failures_count_for_the_address(make_app, database_url):
    """Probe finding: after 68 good sign-ins from one office address, colleagues were refused.
    A right password forgives the email's typos and takes its own attempt back from the
    address; the address's earlier failures stay counted."""
    limits = {
        "LOGIN_THROTTLE_PER_EMAIL": "2 per 15 minutes",
        "LOGIN_THROTTLE_PER_ADDRESS": "4 per 15 minutes",
    }
    with throttled(make_app, database_url, **limits):
        for n in range(50):  # fifty good sign-ins from the office
            assert login_throttle.attempt(f"colleague{n}@example.com", ADDRESS) is None
            login_throttle.succeeded(f"colleague{n}@example.com", ADDRESS)
        assert login_throttle.attempt(EMAIL, ADDRESS) is None  # a typo: counted
        assert login_throttle.attempt(EMAIL, ADDRESS) is None  # the right one
        login_throttle.succeeded(EMAIL, ADDRESS)
        assert login_throttle.attempt(EMAIL, ADDRESS) is None  # the email was forgiven
        # The address holds two failures now (the typo and the last attempt): two to go.
        assert login_throttle.attempt("other@example.com", ADDRESS) is None
        assert login_throttle.attempt("third@example.com", ADDRESS) is None
        assert login_throttle.attempt("fourth@example.com", ADDRESS) == 15 * 60 + 1
        login_throttle.reset()
        assert _rows() == 0
        assert login_throttle.attempt(EMAIL, ADDRESS) is None


def test_emails_are_counted_whatever_their_case_spacing_and_width(make_app, database_url):
    with throttled(make_app, database_url, LOGIN_THROTTLE_PER_EMAIL="2 per 1 minute"):
        assert login_throttle.attempt("Staff@Example.com", ADDRESS) is None
        assert login_throttle.attempt("  staff@example.COM ", "10.0.0.2") is None
        fullwidth = "\uff53taff@example.com"  # a fullwidth "s"
        assert login_throttle.attempt(fullwidth, "10.0.0.3") == 61


def test_expired_attempts_leave_the_table(make_app, database_url):
    limits = {"LOGIN_THROTTLE_PER_EMAIL": "5 per 1 minute"}
    with throttled(make_app, database_url, **limits) as clock:
        for _ in range(3):
            login_throttle.attempt(EMAIL, ADDRESS)
        assert _rows() == 6  # each attempt counts for the email and for the address
        clock.advance(16 * 60)  # past both windows
        login_throttle.attempt(EMAIL, ADDRESS)
        assert _rows() == 2
        # The email is stored hashed, never as itself.
        keys = db.session.scalars(select(SignInAttempt.key)).all()
        assert EMAIL not in keys and ADDRESS in keys
