"""Error pages: every status renders in the shop layout; a 500 logs its reference id."""

import logging
import re

import pytest
from flask import abort

from shop.web.errors import InsufficientStorage
from tests.helpers.database import UNREACHABLE_SQLITE, app_on


@pytest.fixture
def failing_app(make_app, database_url):
    app = make_app()

    @app.get("/boom")
    def boom():
        raise RuntimeError("kaboom")

    @app.get("/status/<int:code>")
    def status(code):
        if code == 507:
            raise InsufficientStorage()
        abort(code)

    from shop.extensions import db

    with app.app_context():
        db.create_all()
    return app


@pytest.mark.parametrize("code", [400, 403, 404, 409, 413, 429, 503, 507])
def test_error_statuses_render_the_shop_page(failing_app, code):
    response = failing_app.test_client().get(f"/status/{code}")
    html = response.get_data(as_text=True)
    assert response.status_code == code
    assert 'class="error-page"' in html
    assert f"Error {code}" in html
    assert "Traceback" not in html


def test_405_keeps_allow_header(failing_app):
    response = failing_app.test_client().post("/products/")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert "Not allowed here" in response.get_data(as_text=True)


def test_500_shows_a_reference_that_is_logged(failing_app, caplog):
    with caplog.at_level(logging.ERROR, logger="shop.web.errors"):
        response = failing_app.test_client().get("/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    reference = re.search(r"<code>([0-9a-f]{12})</code>", html).group(1)
    assert "kaboom" not in html and "Traceback" not in html
    record = next(r for r in caplog.records if reference in r.getMessage())
    assert record.exc_info[0] is RuntimeError


def test_untrusted_host_is_refused(make_app):
    app = make_app(TRUSTED_HOSTS=["shop.example.com"])
    client = app.test_client()
    response = client.get("/healthz", headers={"Host": "evil.example.net"})
    assert response.status_code == 400
    assert "does not answer to that host" in response.get_data(as_text=True)
    assert client.get("/healthz", headers={"Host": "shop.example.com"}).status_code == 200


@pytest.mark.parametrize(
    "unreachable",
    [
        UNREACHABLE_SQLITE,
        "postgresql+psycopg://postgres@127.0.0.1:1/test?connect_timeout=2",
    ],
)
def test_database_outage_answers_503_with_retry_after(tmp_path, caplog, unreachable):
    client = app_on(unreachable, tmp_path).test_client()
    with caplog.at_level(logging.ERROR, logger="shop.web.errors"):
        for url in ("/", "/category/kitchen/", "/product/pot", "/search?q=pot"):
            response = client.get(url)
            html = response.get_data(as_text=True)
            assert response.status_code == 503, url
            assert response.headers["Retry-After"] == "30"
            assert "Temporarily unavailable" in html and "Traceback" not in html
            reference = re.search(r"<code>([0-9a-f]{12})</code>", html).group(1)
            assert any(reference in r.getMessage() for r in caplog.records)
    assert client.get("/healthz").status_code == 503


def test_a_missing_table_is_a_500_not_an_outage(tmp_path):
    # Never migrated: "no such table" is the shop's mistake, not an outage.
    app = app_on(f"sqlite:///{tmp_path / 'empty.sqlite3'}", tmp_path)
    response = app.test_client().get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response.headers


def test_a_signed_in_staff_member_gets_the_shop_layout_during_an_outage(
    app, staff_client, tmp_path, caplog
):
    """The probe's finding: with a session cookie, the user loader needs the database, so the
    503 page fell back to a bare one without the layout."""
    cookie = staff_client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    down = app_on(UNREACHABLE_SQLITE, tmp_path, SECRET_KEY=app.config["SECRET_KEY"])
    client = down.test_client()
    client.set_cookie(cookie.key, cookie.value)
    with caplog.at_level(logging.ERROR, logger="shop.web.errors"):
        for url in ("/", "/product/pot", "/admin/", "/admin/products/"):
            response = client.get(url)
            html = response.get_data(as_text=True)
            assert response.status_code == 503, url
            assert response.headers["Retry-After"] == "30"
            assert response.headers["Cache-Control"] == "no-store", url
            assert 'class="site-header' in html and "Temporarily unavailable" in html, url
    assert not [r for r in caplog.records if "Error page failed" in r.getMessage()]


def test_an_error_page_that_meets_an_outage_becomes_the_outage_page(app, staff_client, tmp_path):
    """Found by the scan: a refused CSRF token while the database was down answered 500 (the
    400 page needed the database for the signed-in user) instead of the 503 outage page."""
    cookie = staff_client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    down = app_on(UNREACHABLE_SQLITE, tmp_path, SECRET_KEY=app.config["SECRET_KEY"])
    client = down.test_client()
    client.set_cookie(cookie.key, cookie.value)
    response = client.post("/admin/categories/1/edit", data={"csrf_token": "tampered"})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert 'class="site-header' in response.get_data(as_text=True)
