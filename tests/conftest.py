"""Shared fixtures: an app per test on SQLite and (with TEST_DATABASE_URL) PostgreSQL, clients,
signed-in staff and the strict mode that turns skips into failures in CI. Helpers that tests
import live in tests/helpers/."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from shop import create_app
from shop.extensions import db
from tests.helpers.database import fresh_postgres_database, reset_database
from tests.helpers.factories import STAFF_PASSWORD, make_user
from tests.helpers.forms import csrf_token_from
from tests.helpers.smtp import SmtpServer

STRICT = os.environ.get("SHOP_TEST_STRICT") == "1"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    # CI runs everything: with SHOP_TEST_STRICT=1 a skip is a failure.
    if STRICT and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"skipped under SHOP_TEST_STRICT=1: {reason}"


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
        reset_database(database_url)
        yield app
        db.session.remove()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


# ---- Email: a real SMTP server in this process ----


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp(smtp_server: SmtpServer) -> SmtpServer:
    """The SMTP server, emptied for this test."""
    smtp_server.clear()
    return smtp_server


@pytest.fixture
def mail_app(make_app, database_url: str, smtp: SmtpServer) -> Iterator[Flask]:
    """As `app`, sending its email over SMTP to `smtp`."""
    app = make_app(**smtp.settings())
    with app.app_context():
        reset_database(database_url)
        yield app
        db.session.remove()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


# ---- Staff accounts and signing in (CSRF stays on: tokens are read from the pages) ----


@pytest.fixture
def csrf(client: FlaskClient):
    """csrf(url="/login", c=client): a CSRF token of the client's session, read from a page."""

    def token(url: str = "/login", c: FlaskClient | None = None) -> str:
        response = (c or client).get(url)
        return csrf_token_from(response.get_data(as_text=True))

    return token


@pytest.fixture
def staff_user(app):
    return make_user("staff@example.com", "staff")


@pytest.fixture
def admin_user(app):
    return make_user("admin@example.com", "admin")


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
