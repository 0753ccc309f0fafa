"""API tokens: issue, rotate, detect reuse, revoke; account changes end them at once."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from flask_jwt_extended import create_access_token

from shop.accounts import services as accounts
from tests.helpers.factories import STAFF_PASSWORD, make_category, make_product


def _token(client, email: str, password: str = STAFF_PASSWORD, status: int = 200) -> dict:
    response = client.post("/api/v1/auth/token", json={"email": email, "password": password})
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


def _refresh(client, refresh_token: str, status: int = 200) -> dict:
    response = client.post("/api/v1/auth/refresh", json={"refresh_token": refresh_token})
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


def _draft_status(client, token: str, product_id: int) -> int:
    headers = {"Authorization": f"Bearer {token}"}
    return client.get(f"/api/v1/products/{product_id}", headers=headers).status_code


@pytest.fixture
def draft(app):
    return make_product("Draft", category=make_category(), is_published=False)


def test_a_token_pair_for_the_right_password(client, staff_user, draft):
    pair = _token(client, staff_user.email)
    assert pair["token_type"] == "Bearer"
    assert pair["expires_in"] == 600  # minutes, not days
    assert pair["access_token"] != pair["refresh_token"]
    assert _draft_status(client, pair["access_token"], draft.id) == 200  # staff see drafts
    assert client.get(f"/api/v1/products/{draft.id}").status_code == 404  # anonymous do not


@pytest.mark.parametrize(
    ("email", "password"), [("staff@example.com", "wrong password!"), ("nobody@example.com", "x")]
)
def test_wrong_credentials_are_one_401(client, staff_user, email, password):
    problem = _token(client, email, password, status=401)
    assert problem["detail"] == "That email and password do not match an active account."


def test_failures_are_throttled_as_on_the_sign_in_page(client, staff_user):
    for _ in range(5):
        _token(client, staff_user.email, "wrong password!", status=401)
    response = client.post(
        "/api/v1/auth/token", json={"email": staff_user.email, "password": STAFF_PASSWORD}
    )
    assert response.status_code == 429
    assert response.content_type == "application/problem+json"
    assert int(response.headers["Retry-After"]) > 0


def test_refresh_rotates_and_a_spent_refresh_token_revokes_the_whole_family(
    client, staff_user, draft
):
    first = _token(client, staff_user.email)
    second = _refresh(client, first["refresh_token"])
    assert _draft_status(client, second["access_token"], draft.id) == 200
    third = _refresh(client, second["refresh_token"])

    # The first refresh token again: someone else holds a copy. Everything of the family ends.
    problem = _refresh(client, first["refresh_token"], status=401)
    assert "already used" in problem["detail"]
    for pair in (first, second, third):
        assert _draft_status(client, pair["access_token"], draft.id) == 401
    _refresh(client, third["refresh_token"], status=401)

    # Another sign-in is another family, untouched.
    other = _token(client, staff_user.email)
    assert _draft_status(client, other["access_token"], draft.id) == 200


def test_revoke_ends_the_family(client, staff_user, draft):
    pair = _token(client, staff_user.email)
    response = client.post("/api/v1/auth/revoke", json={"refresh_token": pair["refresh_token"]})
    assert response.status_code == 204 and response.get_data() == b""
    assert _draft_status(client, pair["access_token"], draft.id) == 401
    _refresh(client, pair["refresh_token"], status=401)


@pytest.mark.parametrize("change", ["deactivate", "password", "role"])
def test_account_changes_end_every_token_at_once(client, staff_user, admin_user, draft, change):
    pair = _token(client, staff_user.email)
    assert _draft_status(client, pair["access_token"], draft.id) == 200
    if change == "deactivate":
        accounts.set_active(staff_user.id, False, actor=admin_user)
    elif change == "password":
        accounts.set_password(staff_user.id, "another long password", actor=admin_user)
    else:
        accounts.set_role(staff_user.id, "admin", actor=admin_user)
    response = client.get(
        f"/api/v1/products/{draft.id}", headers={"Authorization": f"Bearer {pair['access_token']}"}
    )
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    _refresh(client, pair["refresh_token"], status=401)


def test_refresh_tokens_expired_tokens_and_garbage_are_not_access_tokens(app, client, staff_user):
    pair = _token(client, staff_user.email)
    with app.app_context():
        expired = create_access_token(str(staff_user.id), expires_delta=timedelta(seconds=-1))
    for bad in (pair["refresh_token"], expired, "not-a-token", pair["access_token"] + "x"):
        response = client.get("/api/v1/categories", headers={"Authorization": f"Bearer {bad}"})
        assert response.status_code == 401, bad
        assert response.content_type == "application/problem+json"
    basic = client.get("/api/v1/categories", headers={"Authorization": "Basic eDp5"})
    assert basic.status_code == 401
    _refresh(client, pair["access_token"], status=401)  # an access token is no refresh token


def test_the_session_cookie_is_not_a_credential_here(staff_client, draft):
    assert staff_client.get(f"/api/v1/products/{draft.id}").status_code == 404


def test_tokens_and_passwords_never_reach_the_logs(client, staff_user, caplog):
    with caplog.at_level(logging.DEBUG):
        pair = _token(client, staff_user.email)
        _refresh(client, pair["refresh_token"])
        _token(client, staff_user.email, "wrong password!", status=401)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert logged  # the issue and the refusal are logged...
    for secret in (pair["access_token"], pair["refresh_token"], STAFF_PASSWORD, "wrong password!"):
        assert secret not in logged  # ...without what would let anyone use them


def test_staff_tokens_list_drafts_and_everything_with_status(client, staff_user):
    shown = make_category("Shown")
    hidden = make_category("Hidden", is_published=False)
    live = make_product("Live", category=shown)
    draft = make_product("Draft", category=shown, is_published=False)
    tucked = make_product("Tucked", category=hidden)  # published, in a hidden category
    headers = {"Authorization": f"Bearer {_token(client, staff_user.email)['access_token']}"}

    def ids(query: str, **kwargs) -> set[int]:
        response = client.get(f"/api/v1/products?{query}", **kwargs)
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.get_json()
        assert body["pagination"]["total"] == len(body["data"])
        return {p["id"] for p in body["data"]}

    assert ids("status=all") == ids("") == {live.id}  # anonymous: status is ignored
    assert ids("", headers=headers) == ids("status=published", headers=headers) == {live.id}
    assert ids("status=draft", headers=headers) == {draft.id}
    assert ids("status=all", headers=headers) == {live.id, draft.id, tucked.id}
    assert ids("status=all&q=draft", headers=headers) == {draft.id}
