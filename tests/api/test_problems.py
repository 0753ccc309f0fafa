"""Every error under /api/ is a problem document (RFC 9457), never HTML; pages keep HTML."""

from __future__ import annotations

import logging

import pytest

from tests.helpers.database import UNREACHABLE_SQLITE, app_on

PROBLEM = "application/problem+json"


def _problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response.content_type == PROBLEM
    body = response.get_json()
    assert body["type"] == "about:blank"
    assert body["status"] == status
    assert body["title"] and body["detail"]
    assert "<" not in response.get_data(as_text=True)  # no HTML anywhere
    return body


@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/v2/categories", "/api", "/api/"])
def test_unknown_api_addresses_are_404_problems(client, path):
    body = _problem(client.get(path), 404)
    assert body["title"] == "Not Found"


def test_a_method_not_allowed_is_a_405_problem_with_allow(client):
    response = client.delete("/api/v1/categories")
    _problem(response, 405)
    assert "GET" in response.headers["Allow"]


def test_pages_keep_their_html_error_pages(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.content_type.startswith("text/html")


def test_an_unhandled_error_is_a_500_problem_with_a_logged_reference(make_app, caplog):
    app = make_app()

    @app.get("/api/v1/boom")
    def boom():
        raise RuntimeError("kaboom")

    with caplog.at_level(logging.ERROR, logger="shop.web.errors"):
        body = _problem(app.test_client().get("/api/v1/boom"), 500)
    assert "kaboom" not in str(body)
    assert any(body["reference"] in record.getMessage() for record in caplog.records)


def test_a_database_outage_is_a_503_problem_with_retry_after(tmp_path):
    app = app_on(UNREACHABLE_SQLITE, tmp_path)
    response = app.test_client().get("/api/v1/categories")
    body = _problem(response, 503)
    assert response.headers["Retry-After"] == "30"
    assert len(body["reference"]) == 12


def test_an_untrusted_host_is_a_400_problem(make_app):
    app = make_app(TRUSTED_HOSTS=["shop.example"])
    response = app.test_client().get("/api/v1/categories", headers={"Host": "evil.example"})
    _problem(response, 400)
