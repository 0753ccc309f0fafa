"""The change signal between processes: a replaced file, or a Redis counter."""

from __future__ import annotations

import logging
import uuid

import pytest
import redis

from shop.catalogue.version_signal import FileSignal, RedisSignal, make_signal

REDIS_URL = "redis://127.0.0.1:6379/15"


def test_file_signal_moves_on_every_send(tmp_path):
    signal = FileSignal(str(tmp_path / "sub" / "catalogue.signal"))
    assert signal.state() is None  # nothing signalled yet; the folder is made on first send
    states = [signal.state()]
    for _ in range(3):
        signal.send()
        states.append(signal.state())
    assert len(set(states)) == 4
    assert signal.state() == signal.state()  # still while nobody sends
    assert [p.name for p in (tmp_path / "sub").iterdir()] == ["catalogue.signal"]


def test_file_signal_that_cannot_be_written_warns_and_goes_on(tmp_path, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    signal = FileSignal(str(blocker / "catalogue.signal"))
    with caplog.at_level(logging.WARNING):
        signal.send()
    assert "could not write the catalogue signal" in caplog.text
    unreadable = signal.state()
    assert unreadable != unreadable  # never equal: the database gets read instead


def test_redis_signal_moves_on_every_send():
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    prefix = f"t{uuid.uuid4().hex[:8]}:"
    signal = make_signal({"REDIS_URL": REDIS_URL, "CACHE_KEY_PREFIX": prefix})
    assert isinstance(signal, RedisSignal)
    try:
        before = signal.state()
        signal.send()
        after = signal.state()
        assert before != after
        assert signal.state() == after
        assert signal.key == f"{prefix}catalogue-signal"
    finally:
        signal.client.delete(signal.key)
        signal.client.close()


def test_redis_signal_when_redis_is_down_reads_the_database(caplog):
    signal = RedisSignal("redis://127.0.0.1:1/0")  # nothing listens on port 1
    with caplog.at_level(logging.WARNING):
        state = signal.state()
        signal.send()
    assert state != state
    assert "Redis unreadable" in caplog.text
    assert "could not signal" in caplog.text
