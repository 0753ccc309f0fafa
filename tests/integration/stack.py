"""Driving a running local stack from tests: raw HTTP requests, staff accounts, sign-in."""

from __future__ import annotations

import http.client
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from deploy.localstack import NGINX, LocalStack
from tests.helpers.factories import STAFF_PASSWORD
from tests.helpers.forms import csrf_token_from


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


@contextmanager
def running_stack(
    database_url: str, root: Path, *, products: int, staff: str | None = None, **options: Any
) -> Iterator[LocalStack]:
    """A migrated stack (two gunicorn workers per instance) seeded with `products` demo
    products without pictures, with a `staff` account if named; running until the block ends.
    `options` go to LocalStack (app_instances, micro_cache, ...)."""
    require_nginx()
    stack = LocalStack(
        run_dir=root / "run",
        database_url=database_url,
        media_root=root / "media",
        gunicorn_args=["--workers", "2"],
        **options,
    )
    stack.migrate()
    stack.manage("seed-demo", "--products", str(products), "--no-images")
    if staff is not None:
        create_staff(stack, staff)
    with stack:
        yield stack


def create_staff(stack: LocalStack, email: str) -> None:
    stack.manage(
        "create-user", email, "--role", "staff", env={"SHOP_USER_PASSWORD": STAFF_PASSWORD}
    )


def csrf_token(session: requests.Session, url: str) -> str:
    response = session.get(url, timeout=15)
    response.raise_for_status()
    return csrf_token_from(response.text)


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
