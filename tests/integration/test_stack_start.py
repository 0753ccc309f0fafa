"""The local stack (`make serve-prod`, the integration tests, the benchmarks) starts on
readiness and, when it cannot start, stops everything it started."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from deploy.localstack import ROOT, LocalStack, StackError, free_port
from tests.integration.stack import require_nginx


@contextmanager
def held_port() -> Iterator[int]:
    """A loopback port something else is listening on."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


def _stack(tmp_path: Path, **options) -> LocalStack:
    return LocalStack(
        run_dir=tmp_path / "run",
        database_url=f"sqlite:///{tmp_path / 'shop.sqlite3'}",
        media_root=tmp_path / "media",
        **options,
    )


def test_a_taken_port_stops_the_start_before_anything_runs(tmp_path):
    require_nginx()
    with held_port() as port:
        for options in ({"app_ports": [port]}, {"nginx_port": port}):
            stack = _stack(tmp_path, **options)
            with pytest.raises(StackError, match=f"port\\(s\\) {port} already in use"):
                stack.start()
            assert stack.processes == {}


def test_a_server_that_exits_is_noticed_at_once(tmp_path):
    require_nginx()
    stack = _stack(tmp_path, app_spec="shop:no_such_factory()")
    started = time.monotonic()
    with pytest.raises(StackError, match="exited with status"):
        stack.start()
    assert time.monotonic() - started < 60  # not the readiness ceiling
    assert stack.processes == {}


def test_a_failure_after_gunicorn_started_stops_gunicorn(tmp_path, monkeypatch):
    require_nginx()
    stack = _stack(tmp_path)
    stack.migrate()

    started: list[int] = []

    def nginx_fails() -> None:
        started.append(stack.gunicorn_pid(0))  # gunicorn is up and answering by now
        raise StackError("nginx could not start")

    monkeypatch.setattr(stack, "start_nginx", nginx_fails)
    with pytest.raises(StackError, match="nginx could not start"):
        stack.start()
    assert stack.processes == {}
    with pytest.raises(ProcessLookupError):
        os.kill(started[0], 0)  # stopped and reaped, not left holding its port
    assert stack.taken_ports() == []


def test_serve_prod_refuses_a_taken_port_and_starts_nothing(tmp_path):
    with held_port() as port:
        env = {
            **os.environ,
            "GUNICORN_PORT": str(port),
            # Free ones for the rest, so only the held port can be reported.
            "GUNICORN_STAFF_PORT": str(free_port()),
            "NGINX_PORT": str(free_port()),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'shop.sqlite3'}",
            "MEDIA_ROOT": str(tmp_path / "media"),
        }
        result = subprocess.run(
            [sys.executable, "scripts/serve_prod.py"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 1
    assert f"port(s) [{port}] already in use" in result.stderr
    assert not (tmp_path / "shop.sqlite3").exists()  # nothing migrated or seeded
