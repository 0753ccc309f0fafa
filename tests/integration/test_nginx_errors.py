"""Nginx's own answers: every error in the shop's layout with its security headers, retries."""

from __future__ import annotations

import http.client
import itertools
import os
import signal
import socket
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from shop.web.security import SECURITY_HEADERS
from tests.integration.stack import http_request


def raw_request(stack, data: bytes) -> tuple[int, dict[str, str], str]:
    """Send bytes as they are (a request Nginx cannot parse); the status, headers and body."""
    port = int(stack.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=15) as sock:
        sock.sendall(data)
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    head, _, body = reply.decode("utf-8", "replace").partition("\r\n\r\n")
    status_line, *lines = head.split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines)
    return int(status_line.split()[1]), headers, body


def assert_shop_error_page(status: int, headers, body: str, expected: int) -> None:
    assert status == expected, body[:300]
    assert 'class="site-header"' in body and 'class="error-page"' in body, body[:300]
    assert f"Error {expected}" in body
    for name, value in SECURITY_HEADERS:
        assert headers[name] == value, name


LONG = "a" * 9000  # longer than Nginx's 8k header buffers


@pytest.mark.parametrize(
    ("method", "path", "headers", "expected"),
    [
        ("GET", "/static/css/missing.css", {}, 404),
        ("GET", "/media/aa/bb/not-an-image.html", {}, 404),
        ("GET", "/static/css/", {}, 403),  # a directory
        ("POST", "/static/img/logo.svg", {}, 405),  # a static file
        ("GET", "/", {"Cookie": f"big={LONG}"}, 400),  # headers too large (494)
        ("GET", f"/{LONG}", {}, 414),
        ("GET", "/_error/400", {}, 404),  # the error pages are internal to Nginx
    ],
)
def test_nginx_errors_use_the_shop_layout_and_headers(stack, method, path, headers, expected):
    reply = http_request(stack.url + path, method=method, headers=headers)
    assert_shop_error_page(reply.status, reply.headers, reply.text, expected)


def test_oversized_upload_page_has_the_security_headers(stack):
    reply = http_request(
        stack.url + "/admin/products/new",
        method="POST",
        headers={"Content-Length": str(30 * 1024 * 1024), "Content-Type": "multipart/form-data"},
        body=b"x" * 1024,
    )
    assert_shop_error_page(reply.status, reply.headers, reply.text, 413)


@pytest.mark.parametrize(
    "data",
    [
        b"GARBAGE\r\n\r\n",  # no request line Nginx can read: no URI at all
        b"GET / HTTP/1.1\r\nHost: bad/host\r\nConnection: close\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    ],
    ids=["bad-request-line", "bad-host", "two-hosts"],
)
def test_malformed_requests_get_the_shop_400_page(stack, data):
    assert_shop_error_page(*raw_request(stack, data), 400)


def _workers(master: int) -> list[int]:
    """The pids of gunicorn `master`'s workers (its children)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                pids.append(int(entry.name))
    return pids


def _kill_workers_under_load(stack) -> list:
    """Searches (each new, so no cache answers it and the workers stay busy) from four
    threads; SIGKILL every gunicorn worker mid-stream (the master starts new ones) and go on
    until 20 more answers came. Each result is a status, or "truncated" for an answer cut
    off after its headers, or the exception's repr."""
    port = int(stack.url.rsplit(":", 1)[1])
    results: list = []
    stop = threading.Event()
    numbers = itertools.count()

    def load() -> None:
        while not stop.is_set():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=90)
            try:
                conn.request("GET", f"/search?q=pot+{next(numbers)}")
                response = conn.getresponse()
                try:
                    response.read()
                    results.append(response.status)
                except http.client.IncompleteRead:
                    results.append("truncated")
            except (OSError, http.client.HTTPException) as exc:
                results.append(repr(exc))
            finally:
                conn.close()

    threads = [threading.Thread(target=load) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        deadline = time.monotonic() + 60
        while len(results) < 20 and time.monotonic() < deadline:
            time.sleep(0.05)
        workers = _workers(stack.gunicorn_pid())
        assert workers
        # Freeze them all first, so none accepts a retry in between two kills.
        for pid in workers:
            os.kill(pid, signal.SIGSTOP)
        for pid in workers:
            os.kill(pid, signal.SIGKILL)
        killed_at = len(results)
        deadline = time.monotonic() + 90
        while len(results) < killed_at + 20 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
    return results


def _upstream_failures(log: Path, start: int) -> list[str]:
    text = log.read_text(errors="replace")[start:] if log.exists() else ""
    return [line for line in text.splitlines() if "reading response header from upstream" in line]


def test_gets_of_a_killed_worker_are_retried(stack):
    """A GET whose worker is SIGKILLed before it answered goes to another worker of the same
    gunicorn (the upstream lists it again as a backup): nobody sees a 502."""
    log = stack.run_dir / "nginx-error.log"
    for _attempt in range(5):
        start = log.stat().st_size if log.exists() else 0
        results = _kill_workers_under_load(stack)
        counts = Counter(map(str, results))
        # A worker killed after it sent the headers leaves a cut-off answer: Nginx has
        # passed the headers on by then and can no longer retry (nor can anything else).
        assert set(counts) <= {"200", "truncated"}, counts
        assert counts["200"] >= 40, counts
        if _upstream_failures(log, start):
            break  # some GETs were in flight on the killed workers and were retried
    else:
        pytest.fail("five times no request was in flight when the workers were killed")
    assert http_request(stack.url + "/").status == 200


def test_unavailable_app_gets_the_static_page_with_headers(stack):
    """gunicorn stopped: Nginx's 502 is the static page in the shop's layout, with the
    security headers the app would add; even a missing static file (whose 404 page the app
    would render) gets it. gunicorn starts again afterwards."""
    process = stack.processes["gunicorn-0"]
    process.terminate()
    process.wait(timeout=30)
    try:
        for path in ("/", "/products/?page=2", "/static/css/missing.css"):
            reply = http_request(stack.url + path)
            assert reply.status == 502, path
            assert 'class="site-header"' in reply.text and 'class="error-page"' in reply.text
            for name, value in SECURITY_HEADERS:
                assert reply.headers[name] == value, (path, name)
            assert reply.headers["Cache-Control"] == "no-store"
            assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
        # Its stylesheet and logo come from Nginx, so they load while the app is down.
        css = http_request(stack.url + "/static/css/shop.css")
        assert css.status == 200 and css.headers["Content-Type"] == "text/css"
        assert http_request(stack.url + "/static/img/logo.svg").status == 200
    finally:
        stack.start_gunicorn(0)
    assert http_request(stack.url + "/").status == 200
