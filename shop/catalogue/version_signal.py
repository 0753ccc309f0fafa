"""A cheap "the catalogue may have changed" signal between the processes of one shop.

Reading the catalogue version from the database on every request costs a round trip (and, on
SQLite under many processes, contention for WAL read locks) that can cost more than answering
a cached page. So a process that commits a catalogue change also *signals* it, and every
process checks the signal per request: a stat() of a file that is replaced on each change (one
host), or one Redis GET when REDIS_URL is set (several app servers). Only when the signal moved
(or SHOP_CATALOGUE_VERSION_TTL ran out, the backstop for writers that could not signal) does a
process read the version from the database, which stays the one source of truth.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from typing import Protocol

from ..caching import REDIS_TIMEOUT, warn_throttled

log = logging.getLogger(__name__)

REDIS_KEY = "catalogue-signal"  # after the shop's CACHE_KEY_PREFIX


class VersionSignal(Protocol):
    def state(self) -> object:
        """Something that compares equal only while nothing was signalled."""

    def send(self) -> None:
        """Tell every process that the catalogue changed (after the commit)."""


class Unreadable:
    """The signal could not be read: never equal to anything, so the database is read."""

    def __eq__(self, other: object) -> bool:
        return False

    __hash__ = None  # type: ignore[assignment]


class FileSignal:
    """A small file, replaced (new inode) on every change; readers compare its stat()."""

    def __init__(self, path: str) -> None:
        self.path = path

    def state(self) -> object:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        except OSError:
            return Unreadable()
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def send(self) -> None:
        folder = os.path.dirname(self.path) or "."
        try:
            os.makedirs(folder, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".catalogue-signal-")
            with os.fdopen(fd, "w") as handle:
                handle.write(f"{time.time_ns()} {os.getpid()}\n")
            os.replace(tmp, self.path)
        except OSError:
            # Other processes then see the change when their version TTL runs out.
            log.warning("could not write the catalogue signal file %s", self.path, exc_info=True)


class RedisSignal:
    """A counter in Redis, shared by every app server; INCR on change, GET per request."""

    def __init__(self, url: str, prefix: str = "shop:") -> None:
        import redis

        self.key = prefix + REDIS_KEY
        self.client = redis.Redis.from_url(
            url, socket_timeout=REDIS_TIMEOUT, socket_connect_timeout=REDIS_TIMEOUT
        )
        self.errors = (redis.RedisError, OSError)

    def state(self) -> object:
        try:
            return self.client.get(self.key)
        except self.errors:
            warn_throttled("catalogue signal: Redis unreadable, reading the database")
            return Unreadable()

    def send(self) -> None:
        try:
            self.client.incr(self.key)
        except self.errors:
            log.warning("could not signal a catalogue change through Redis", exc_info=True)


def make_signal(config: dict) -> VersionSignal:
    if config.get("REDIS_URL"):
        return RedisSignal(config["REDIS_URL"], config.get("CACHE_KEY_PREFIX") or "shop:")
    return FileSignal(config["SHOP_CATALOGUE_SIGNAL_FILE"])
