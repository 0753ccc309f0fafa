"""Sign-in throttling across real gunicorn workers and app servers, and across a restart."""

from __future__ import annotations

import pytest
import requests

from tests.helpers.factories import STAFF_PASSWORD
from tests.integration.stack import create_staff, csrf_token, running_stack

EMAIL = "throttle@example.com"


@pytest.fixture(scope="module")
def two_servers(pg_database, tmp_path_factory):
    """Two app servers of two gunicorn workers each, behind one Nginx."""
    root = tmp_path_factory.mktemp("throttle")
    with running_stack(pg_database, root, products=5, staff=EMAIL, app_instances=2) as stack:
        yield stack


def _sign_in(stack, email: str, password: str) -> int:
    """One sign-in through a fresh connection (so Nginx spreads them over the workers)."""
    session = requests.Session()
    token = csrf_token(session, f"{stack.url}/login")
    response = session.post(
        f"{stack.url}/login",
        data={"email": email, "password": password, "csrf_token": token},
        headers={"Connection": "close"},
        allow_redirects=False,
        timeout=30,
    )
    return response.status_code


def test_failures_are_counted_once_for_every_worker_and_survive_a_restart(two_servers):
    """Probe finding: with 5 workers, 25 wrong passwords for one email got through (each
    worker counted its own), and a restarted worker started from zero."""
    statuses = [_sign_in(two_servers, EMAIL, "wrong password!") for _ in range(12)]
    assert statuses == [400] * 5 + [429] * 7  # "5 per 15 minutes", whoever answers
    for index in range(2):
        two_servers.reload_gunicorn(index)  # new workers everywhere
    assert _sign_in(two_servers, EMAIL, "wrong password!") == 429
    assert _sign_in(two_servers, EMAIL, STAFF_PASSWORD) == 429  # checked before the password


def test_good_sign_ins_from_one_address_never_use_up_its_limit(two_servers):
    """Probe finding: after 68 good sign-ins from one office address, colleagues were
    refused. The per-address limit is 20 failures per 15 minutes; 30 colleagues sign in."""
    colleague = "colleague@example.com"
    create_staff(two_servers, colleague)
    assert [_sign_in(two_servers, colleague, STAFF_PASSWORD) for _ in range(30)] == [302] * 30
