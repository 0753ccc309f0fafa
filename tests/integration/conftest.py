"""Fixtures for the real-server tests: a fresh PostgreSQL database and the local stack on it."""

from __future__ import annotations

import http.client
import re
import shutil
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
import requests

from deploy.localstack import NGINX, LocalStack
from tests.conftest import fresh_postgres_database


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def http_request(
    url: str, method: str = "GET", headers: dict | None = None, body: bytes | None = None
) -> Reply:
    """One HTTP request sent as written (no client-side path normalisation)."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=15)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request(method, path or "/", body=body, headers=headers or {})
        response = conn.getresponse()
        return Reply(response.status, response.headers, response.read())
    finally:
        conn.close()


def require_nginx() -> None:
    if not shutil.which("nginx") and not shutil.which(NGINX):
        pytest.skip("nginx is not installed (.ci/run installs it)")


@pytest.fixture(scope="module")
def pg_database():
    """A new, empty PostgreSQL database for this module, dropped afterwards."""
    with fresh_postgres_database("shop_it") as url:
        yield url


@pytest.fixture(scope="module")
def stack(pg_database, tmp_path_factory):
    """Migrated, seeded, running: one gunicorn behind Nginx."""
    require_nginx()
    root = tmp_path_factory.mktemp("stack")
    local = LocalStack(
        run_dir=root / "run",
        database_url=pg_database,
        media_root=root / "media",
        gunicorn_args=["--workers", "2"],
    )
    local.migrate()
    local.manage("seed-demo", "--products", "60", "--no-images")
    with local:
        yield local


STAFF_PASSWORD = "integration-pass-1234"
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def create_staff(stack, email: str) -> None:
    stack.manage(
        "create-user", email, "--role", "staff", env={"SHOP_USER_PASSWORD": STAFF_PASSWORD}
    )


def csrf_token(session: requests.Session, url: str) -> str:
    response = session.get(url, timeout=15)
    response.raise_for_status()
    return _CSRF.search(response.text).group(1)


def sign_in(base_url: str, email: str) -> requests.Session:
    """A browser-like session signed in through the real form."""
    session = requests.Session()
    token = csrf_token(session, f"{base_url}/login")
    response = session.post(
        f"{base_url}/login",
        data={"email": email, "password": STAFF_PASSWORD, "csrf_token": token},
        allow_redirects=False,
        timeout=15,
    )
    assert response.status_code == 302, response.text[:500]
    return session
