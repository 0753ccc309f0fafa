"""Fixtures of the API tests: a staff member's Authorization header; answers kept."""

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


@pytest.fixture(autouse=True)
def _answers_kept(request) -> None:
    """Shoppers' answers are kept per catalogue version where pages are (SHOP_PAGE_CACHE,
    off in the testing settings): the API's tests run with it on, as production does."""
    if "app" in request.fixturenames:
        request.getfixturevalue("app").config["SHOP_PAGE_CACHE"] = True
