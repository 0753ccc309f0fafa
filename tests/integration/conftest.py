"""Fixtures for the real-server tests: a fresh PostgreSQL database and the local stack on it."""

from __future__ import annotations

import pytest

from tests.helpers.database import fresh_postgres_database
from tests.integration.stack import running_stack


@pytest.fixture(scope="module")
def pg_database():
    """A new, empty PostgreSQL database for this module, dropped afterwards."""
    with fresh_postgres_database("shop_it") as url:
        yield url


@pytest.fixture(scope="module")
def stack(pg_database, tmp_path_factory):
    """Migrated, seeded, running: one gunicorn behind Nginx."""
    with running_stack(pg_database, tmp_path_factory.mktemp("stack"), products=60) as local:
        yield local
