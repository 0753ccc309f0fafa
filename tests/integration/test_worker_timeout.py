"""A request past gunicorn's timeout: Nginx's "unavailable" page with a reference, never
gunicorn's bare text, and the other pool keeps answering meanwhile."""

from __future__ import annotations

import re
import threading
import time

import pytest

from deploy.localstack import LocalStack
from tests.integration.stack import http_request, require_nginx

MAIN_TIMEOUT = 6  # past proxy_next_upstream_timeout (5 s): never retried
STAFF_TIMEOUT = 6


@pytest.fixture(scope="module")
def slow_stack(pg_database, tmp_path_factory):
    """tests/integration/slow_wsgi.py behind the real gunicorn settings and Nginx block, with
    short timeouts: a main pool and a staff pool of one worker each."""
    require_nginx()
    root = tmp_path_factory.mktemp("timeouts")
    stack = LocalStack(
        run_dir=root / "run",
        database_url=pg_database,
        media_root=root / "media",
        app_spec="tests.integration.slow_wsgi:app",
        ready_path="/healthz",
        gunicorn_args=["--workers", "1", "--timeout", str(MAIN_TIMEOUT)],
        staff_instances=1,
        staff_gunicorn_args=["--timeout", str(STAFF_TIMEOUT)],
    )
    with stack:
        yield stack


def _log(stack: LocalStack, name: str) -> str:
    return (stack.run_dir / f"{name}.log").read_text(errors="replace")


def _timed_out(stack: LocalStack, name: str, request: str) -> list[str]:
    """The reference (Nginx's request id) of each timeout `name` logged for `request`."""
    pattern = rf"Request timed out after \d+ s; worker ended: {re.escape(request)} rid=(\w+)"
    return re.findall(pattern, _log(stack, name))


def _assert_unavailable_page(reply, reference: str) -> None:
    assert reply.status == 502
    assert "Back in a moment" in reply.text  # the shop's static page ...
    assert "Internal Server Error" not in reply.text  # ... not gunicorn's bare one
    assert re.fullmatch(r"[0-9a-f]{32}", reference)
    assert reference in reply.text  # the same reference the log has


def test_a_stuck_shopper_request_gets_the_unavailable_page(slow_stack):
    started = time.monotonic()
    reply = http_request(slow_stack.url + "/products/stuck")
    elapsed = time.monotonic() - started
    [reference] = _timed_out(slow_stack, "gunicorn-0", "GET /products/stuck")
    _assert_unavailable_page(reply, reference)
    assert elapsed < MAIN_TIMEOUT + 3  # within gunicorn's timeout, and not run a second time
    assert http_request(slow_stack.url + "/products/").status == 200  # a new worker answers


def test_a_stuck_staff_save_gets_the_unavailable_page_while_shoppers_are_served(slow_stack):
    replies = []
    save = threading.Thread(
        target=lambda: replies.append(
            http_request(
                slow_stack.url + "/admin/products/stuck",
                method="POST",
                headers={"Content-Type": "application/x-www-form-urlencoded"},
                body=b"name=Jug",
            )
        )
    )
    save.start()
    time.sleep(0.5)
    # The staff pool's only worker is stuck; the shoppers' pool is not touched.
    while save.is_alive():
        shopper = http_request(slow_stack.url + "/products/")
        assert (shopper.status, shopper.text) == (200, "GET /products/")
        time.sleep(0.2)
    save.join()
    [reference] = _timed_out(slow_stack, "gunicorn-staff-0", "POST /admin/products/stuck")
    _assert_unavailable_page(replies[0], reference)
    assert "/admin/" not in slow_stack.access_log()  # the main pool never saw a staff request
    assert "POST /admin/products/stuck" not in _log(slow_stack, "gunicorn-0")


BEARER = {"Authorization": "Bearer t"}


def _answered_by(stack: LocalStack, method: str, path: str, headers: dict | None = None) -> str:
    """Which pool's gunicorn logged the request: "staff" or "shoppers"."""
    body = b"{}" if method in ("POST", "PATCH", "PUT") else None
    reply = http_request(stack.url + path, method=method, headers=headers, body=body)
    assert (reply.status, reply.text) == (200, f"{method} {path.split('?')[0]}")
    time.sleep(0.2)  # gunicorn writes its access log after answering
    line = f'"{method} {path} '
    staff, shoppers = line in stack.access_log(staff=True), line in stack.access_log()
    assert staff != shoppers, (method, path)
    return "staff" if staff else "shoppers"


@pytest.mark.parametrize("path", ["/admin/", "/admin", "/login", "/logout"])
def test_staff_paths_go_to_the_staff_pool(slow_stack, path):
    assert _answered_by(slow_stack, "GET", path) == "staff"


@pytest.mark.parametrize("path", ["/administrator", "/apis", "/login/x", "/products/"])
def test_other_paths_stay_with_the_shoppers_pool(slow_stack, path):
    assert _answered_by(slow_stack, "GET", path) == "shoppers"


@pytest.mark.parametrize(
    ("method", "path", "headers", "pool"),
    [
        ("GET", "/api/v1/products", None, "shoppers"),
        ("GET", "/api/docs", {"Cookie": "session=x"}, "shoppers"),
        ("GET", "/api/v1/products?status=all", BEARER, "staff"),
        ("POST", "/api/v1/auth/token", None, "staff"),  # slow password hashing
        ("POST", "/api/v1/products", BEARER, "staff"),
        ("PATCH", "/api/v1/products/1", BEARER, "staff"),
        ("PUT", "/api/v1/products/by-sku/A-1", BEARER, "staff"),
        ("DELETE", "/api/v1/products/1", BEARER, "staff"),
    ],
)
def test_anonymous_api_reads_stay_with_shoppers_the_rest_go_to_staff(
    slow_stack, method, path, headers, pool
):
    assert _answered_by(slow_stack, method, path, headers) == pool
