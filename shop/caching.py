"""The app's data cache (Flask-Caching): per process by default, Redis when REDIS_URL is set.

Pages go through `cache_get` / `cache_set`: a cache is an optimisation, so when Redis is down
the shop logs it and builds pages from the database instead of answering 500.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from flask import Flask
from flask_caching import Cache

cache = Cache()
log = logging.getLogger(__name__)
_last_warning = [0.0]


def _warn(action: str, key: str) -> None:
    # At most one warning (with its traceback) every ten seconds, not one per request.
    now = time.monotonic()
    if now - _last_warning[0] >= 10:
        _last_warning[0] = now
        log.warning("cache %s failed for %s; going on without the cache", action, key,
                    exc_info=True)  # fmt: skip


def cache_get(key: str) -> Any:
    """The cached value, or None when there is none or the cache cannot be reached."""
    try:
        return cache.get(key)
    except Exception:
        _warn("read", key)
        return None


def cache_set(key: str, value: Any) -> None:
    try:
        cache.set(key, value)
    except Exception:
        _warn("write", key)


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
