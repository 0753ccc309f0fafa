"""Shared fixtures: an app per test on SQLite and (with TEST_DATABASE_URL) PostgreSQL, clients,
factories and the strict mode that turns skips into failures in CI."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from shop import create_app
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


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request) -> str:
    """Each database test runs once per backend."""
    if request.param == "sqlite":
        return "sqlite://"
    url = postgres_url()
    if url is None:
        pytest.skip("TEST_DATABASE_URL is not set")
    return url


def _reset_database(url: str) -> None:
    if url.startswith("sqlite"):
        db.create_all()  # a new in-memory database per app
        return
    if url not in _schema_ready:
        db.drop_all()
        db.create_all()
        _schema_ready.add(url)
        return
    tables = ", ".join(t.name for t in reversed(db.metadata.sorted_tables))
    db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
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
