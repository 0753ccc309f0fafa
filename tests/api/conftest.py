"""Fixtures of the API tests: a staff member's Authorization header."""

from __future__ import annotations

import pytest

from tests.helpers.factories import STAFF_PASSWORD


@pytest.fixture
def auth(client, staff_user) -> dict:
    """`Authorization: Bearer <access token>` of the staff user, as a headers dict."""
    response = client.post(
        "/api/v1/auth/token", json={"email": staff_user.email, "password": STAFF_PASSWORD}
    )
    return {"Authorization": f"Bearer {response.get_json()['access_token']}"}
