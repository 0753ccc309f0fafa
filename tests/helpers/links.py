"""Following emailed links as a browser does: ask for a reset, choose a password, sign in."""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.helpers.forms import csrf_token_from

NEW_PASSWORD = "a brand new passphrase 42"


def ask_for_reset(client, email: str, **kwargs):
    """POST the reset form as a browser would. `buffered`: the response is read and closed,
    as a server does, so what the shop sends after the response has been sent."""
    token = csrf_token_from(client.get("/password-reset").get_data(as_text=True))
    return client.post(
        "/password-reset", data={"email": email, "csrf_token": token}, buffered=True, **kwargs
    )


def path_of(link: str) -> str:
    parts = urlsplit(link)
    assert parts.scheme == "http" and parts.netloc == "localhost"
    return parts.path


def set_password(client, path: str, password: str = NEW_PASSWORD, confirm: str | None = None):
    # The session's CSRF token, from a page that always has a form (a dead link's has none).
    token = csrf_token_from(client.get("/password-reset").get_data(as_text=True))
    data = {"password": password, "confirm": confirm or password, "csrf_token": token}
    return client.post(path, data=data)


def signs_in(app, email: str, password: str) -> bool:
    client = app.test_client()
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    data = {"email": email, "password": password, "csrf_token": token}
    return client.post("/login", data=data).status_code == 302
