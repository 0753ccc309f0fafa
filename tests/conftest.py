"""Shared fixtures: an app per test on SQLite and (with TEST_DATABASE_URL) PostgreSQL, clients,
factories and the strict mode that turns skips into failures in CI."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, insert, text
from sqlalchemy.pool import NullPool

from shop import create_app
from shop.catalogue.models import CatalogueState
from shop.extensions import db

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
STRICT = os.environ.get("SHOP_TEST_STRICT") == "1"

_schema_ready: set[str] = set()


def postgres_url() -> str | None:
    """TEST_DATABASE_URL for SQLAlchemy with psycopg 3, or None when not configured."""
    if not TEST_DATABASE_URL:
        return None
    url = TEST_DATABASE_URL
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix) :]
    return url


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    # CI runs everything: with SHOP_TEST_STRICT=1 a skip is a failure.
    if STRICT and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"skipped under SHOP_TEST_STRICT=1: {reason}"


@contextmanager
def fresh_postgres_database(prefix: str) -> Iterator[str]:
    """A new, empty database on the TEST_DATABASE_URL server, dropped afterwards (skips the
    test when there is no server)."""
    base = postgres_url()
    if base is None:
        pytest.skip("TEST_DATABASE_URL is not set")
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_run_database():
    """This run's own database, so concurrent runs on one server never see each other's rows."""
    with fresh_postgres_database("shop_test") as url:
        yield url


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request) -> str:
    """Each database test runs once per backend."""
    if request.param == "sqlite":
        return "sqlite://"
    return request.getfixturevalue("postgres_run_database")


def _reset_database(url: str) -> None:
    if url.startswith("sqlite"):
        db.create_all()  # a new in-memory database per app
    elif url not in _schema_ready:
        db.drop_all()
        db.create_all()
        _schema_ready.add(url)
    else:
        tables = ", ".join(t.name for t in reversed(db.metadata.sorted_tables))
        db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    # The row the initial migrations insert.
    db.session.execute(insert(CatalogueState).values(id=1, version=1))
    db.session.commit()


@pytest.fixture
def make_app(database_url: str, tmp_path):
    """Build an app on the test database with extra settings; the schema starts empty."""
    apps: list[Flask] = []

    def factory(**settings) -> Flask:
        config = {
            "SHOP_CONFIG": "testing",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "MEDIA_ROOT": str(tmp_path / "media"),
            # Apps of one test share it, as the processes of one shop do.
            "SHOP_CATALOGUE_SIGNAL_FILE": str(tmp_path / "catalogue.signal"),
            **settings,
        }
        app = create_app(config)
        apps.append(app)
        return app

    yield factory
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app, database_url: str) -> Iterator[Flask]:
    app = make_app()
    with app.app_context():
        _reset_database(database_url)
        yield app
        db.session.remove()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


# ---- Staff accounts and signing in (CSRF stays on: tokens are read from the pages) ----

STAFF_PASSWORD = "correct horse battery staple"

_CSRF_INPUT = re.compile(
    r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"'
)


def csrf_token_from(html: str) -> str:
    match = _CSRF_INPUT.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


@pytest.fixture
def csrf(client: FlaskClient):
    """csrf(url="/login", c=client): a CSRF token of the client's session, read from a page."""

    def token(url: str = "/login", c: FlaskClient | None = None) -> str:
        response = (c or client).get(url)
        return csrf_token_from(response.get_data(as_text=True))

    return token


def _make_user(email: str, role: str):
    from shop.accounts.services import create_user

    return create_user(email, STAFF_PASSWORD, role)


@pytest.fixture
def staff_user(app):
    return _make_user("staff@example.com", "staff")


@pytest.fixture
def admin_user(app):
    return _make_user("admin@example.com", "admin")


@pytest.fixture
def login():
    """login(client, user, password=STAFF_PASSWORD, next=None) -> the sign-in response."""

    def sign_in(c: FlaskClient, user, password: str = STAFF_PASSWORD, next: str | None = None):
        token = csrf_token_from(c.get("/login").get_data(as_text=True))
        data = {"email": user.email, "password": password, "csrf_token": token}
        if next is not None:
            data["next"] = next
        return c.post("/login", data=data)

    return sign_in


@pytest.fixture
def staff_client(app, staff_user, login) -> FlaskClient:
    c = app.test_client()
    assert login(c, staff_user).status_code == 302
    return c


@pytest.fixture
def admin_client(app, admin_user, login) -> FlaskClient:
    c = app.test_client()
    assert login(c, admin_user).status_code == 302
    return c
