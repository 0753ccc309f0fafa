"""Fixtures of the API tests: the app with the page cache; a staff member's Authorization header."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from shop.extensions import db
from tests.helpers.database import reset_database
from tests.helpers.factories import STAFF_PASSWORD


@pytest.fixture
def auth(client, staff_user) -> dict:
    """`Authorization: Bearer <access token>` of the staff user, as a headers dict."""
    response = client.post(
        "/api/v1/auth/token", json={"email": staff_user.email, "password": STAFF_PASSWORD}
    )
    return {"Authorization": f"Bearer {response.get_json()['access_token']}"}


@pytest.fixture
def app(make_app, database_url: str) -> Iterator[Flask]:
    """The app with the page cache (off in the testing settings), as production runs: it
    keeps shoppers' API answers per catalogue version."""
    app = make_app(SHOP_PAGE_CACHE=True)
    with app.app_context():
        reset_database(database_url)
        yield app
        db.session.remove()
