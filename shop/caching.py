"""The app's data cache (Flask-Caching): per process by default, Redis when REDIS_URL is set."""

from __future__ import annotations

from flask import Flask
from flask_caching import Cache

cache = Cache()


def init_caching(app: Flask) -> None:
    config = {
        "CACHE_DEFAULT_TIMEOUT": 600,  # a backstop only: entries are keyed on the version
        "CACHE_KEY_PREFIX": "shop:",
    }
    if app.config.get("REDIS_URL"):
        config.update(CACHE_TYPE="RedisCache", CACHE_REDIS_URL=app.config["REDIS_URL"])
    else:
        config.update(CACHE_TYPE="SimpleCache", CACHE_THRESHOLD=2000)
    config.update({k: v for k, v in app.config.items() if k.startswith("CACHE_")})
    cache.init_app(app, config=config)

    from .catalogue.version import init_catalogue_version

    init_catalogue_version(app)
