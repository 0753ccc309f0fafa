"""The test databases: SQLite in memory, and PostgreSQL when TEST_DATABASE_URL is set."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, insert, text
from sqlalchemy.pool import NullPool

from shop.catalogue.models import CatalogueState
from shop.extensions import db

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "").strip()

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


def reset_database(url: str) -> None:
    """An empty schema on `url` (inside an app context), with the row the first migrations
    insert: created on SQLite, built once per run and then truncated on PostgreSQL."""
    if url.startswith("sqlite"):
        db.create_all()  # a new in-memory database per app
    elif url not in _schema_ready:
        db.drop_all()
        db.create_all()
        _schema_ready.add(url)
    else:
        tables = ", ".join(t.name for t in reversed(db.metadata.sorted_tables))
        db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    db.session.execute(insert(CatalogueState).values(id=1, version=1))
    db.session.commit()


UNREACHABLE_SQLITE = "sqlite:////nonexistent-directory/shop.sqlite3"


def app_on(url: str, tmp_path, **settings):
    """A testing app on `url` with nothing set up there: an unreachable or empty database."""
    from shop import create_app

    return create_app(
        {
            "SHOP_CONFIG": "testing",
            "SQLALCHEMY_DATABASE_URI": url,
            "SHOP_CATALOGUE_SIGNAL_FILE": str(tmp_path / "catalogue.signal"),
            **settings,
        }
    )
