"""The app survives a PostgreSQL restart: idle pooled connections are checked before use."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.integration.stack import http_request


def _restart_postgres() -> None:
    versions = (
        sorted(p.name for p in Path("/etc/postgresql").glob("*"))
        if Path("/etc/postgresql").is_dir()
        else []
    )
    if os.geteuid() != 0 or not shutil.which("pg_ctlcluster") or not versions:
        pytest.skip("restarting PostgreSQL needs root and Debian's pg_ctlcluster")
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "restart"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        ready = subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], check=False)
        if ready.returncode == 0:
            return
        time.sleep(0.2)
    raise TimeoutError("PostgreSQL did not come back")


def test_requests_succeed_after_postgres_restart(stack):
    # Warm every worker's pool, then leave it idle while the server restarts under it.
    for _ in range(8):
        assert http_request(stack.url + "/products/").status == 200
    _restart_postgres()
    statuses = [http_request(stack.url + "/products/").status for _ in range(12)]
    assert statuses == [200] * 12
    assert http_request(stack.url + "/healthz").status == 200
