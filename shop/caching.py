"""The app's data cache (Flask-Caching): per process by default, Redis when REDIS_URL is set.

Pages go through `cache_get` / `cache_set`: a cache is an optimisation, so when Redis is down
the shop logs it and builds pages from the database instead of answering 500. Redis calls
give up after half a second, and after a failure the cache is left alone for a few seconds,
so an unanswering Redis costs one short wait, not one per look-up.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from flask import Flask
from flask_caching import Cache

cache = Cache()
log = logging.getLogger(__name__)

REDIS_TIMEOUT = 0.5  # seconds, to connect and to answer
BACK_OFF = 5.0  # seconds without the cache after it failed
_state = {"down_until": 0.0, "warned_at": {}}


def warn_throttled(message: str, *args: Any) -> None:
    """Log a warning (with the current exception) at most once every ten seconds per text:
    an outage should not write one traceback per request."""
    now = time.monotonic()
    warned_at = _state["warned_at"]
    if now - warned_at.get(message, -10.0) >= 10:
        warned_at[message] = now
        log.warning(message, *args, exc_info=True)


def _failed(action: str) -> None:
    _state["down_until"] = time.monotonic() + BACK_OFF
    warn_throttled("cache %s failed; going on without the cache for a few seconds", action)


def cache_get(key: str) -> Any:
    """The cached value, or None when there is none or the cache cannot be reached."""
    if time.monotonic() < _state["down_until"]:
        return None
    try:
        return cache.get(key)
    except Exception:
        _failed("read")
        return None


def cache_set(key: str, value: Any) -> None:
    if time.monotonic() < _state["down_until"]:
        return
    try:
        cache.set(key, value)
    except Exception:
        _failed("write")


def init_caching(app: Flask) -> None:
    config: dict[str, Any] = {
        "CACHE_DEFAULT_TIMEOUT": 600,  # a backstop only: entries are keyed on the version
        "CACHE_KEY_PREFIX": "shop:",
    }
    if app.config.get("REDIS_URL"):
        config.update(
            CACHE_TYPE="RedisCache",
            CACHE_REDIS_URL=app.config["REDIS_URL"],
            CACHE_OPTIONS={
                "socket_timeout": REDIS_TIMEOUT,
                "socket_connect_timeout": REDIS_TIMEOUT,
            },
        )
    else:
        config.update(CACHE_TYPE="SimpleCache", CACHE_THRESHOLD=2000)
    config.update({k: v for k, v in app.config.items() if k.startswith("CACHE_")})
    cache.init_app(app, config=config)
