"""A new worker compiles its templates, reads the category tree and opens a read connection
before taking requests."""

from __future__ import annotations

import logging

from flask import Flask

from shop.database.connections import READ_ENGINE
from shop.warmup import warm_up


def test_warm_up_compiles_templates_and_reads_the_catalogue(app):
    warm_up(app)
    cache = app.jinja_env.cache
    assert any(key[1] == "storefront/category.html" for key in cache)
    assert any(key[1] == "base.html" for key in cache)
    assert app.extensions["catalogue_cache"].tree is not None
    reads = app.extensions[READ_ENGINE]
    if reads.dialect.name == "postgresql":  # its own pool (SQLite tests share one connection)
        assert reads.pool.checkedin() >= 1  # a read connection is open and waiting


def test_warm_up_survives_a_dead_database(make_app, caplog):
    app = make_app(SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none")
    with caplog.at_level(logging.WARNING):
        warm_up(app)
    assert "worker warm-up incomplete" in caplog.text
    assert app.extensions["catalogue_cache"].tree is None


def test_warm_up_ignores_other_apps():
    bare = Flask("bare")  # the benchmark's bare view runs under the same gunicorn settings
    warm_up(bare)
    assert "jinja_env" not in vars(bare)  # never even built a template environment
