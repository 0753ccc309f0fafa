"""Through Nginx for real: a photo upload, and two app servers sharing one database."""

from __future__ import annotations

import io
import re

import pytest
import requests
from PIL import Image

from tests.integration.stack import (
    create_staff,
    csrf_token,
    http_request,
    running_stack,
    sign_in,
)


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), "darkolivegreen").save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _category_id(session, base_url: str) -> str:
    form = session.get(f"{base_url}/admin/products/new", timeout=15).text
    return re.search(r'<option value="([1-9][0-9]*)"', form).group(1)


def _create_product(session, base_url: str, sku: str, *, photo: bool = False):
    fields = {
        "csrf_token": csrf_token(session, f"{base_url}/admin/products/new"),
        "name": f"Walnut Board {sku}",
        "slug": "",
        "sku": sku,
        "price": "39.00",
        "stock": "5",
        "category": _category_id(session, base_url),
        "description": "Oiled walnut.",
        "is_published": "y",
    }
    files = {"images": ("board.jpg", _jpeg(), "image/jpeg")} if photo else None
    return session.post(
        f"{base_url}/admin/products/new",
        data=fields,
        files=files,
        allow_redirects=False,
        timeout=60,
    )


def test_photo_upload_through_nginx(stack):
    create_staff(stack, "uploader@example.com")
    session = sign_in(stack.url, "uploader@example.com")
    response = _create_product(session, stack.url, "UP-1", photo=True)
    assert response.status_code == 302, response.text[:500]
    page = http_request(stack.url + "/product/walnut-board-up-1")
    assert page.status == 200
    image_url = re.search(r'srcset="(/media/[^" ]+\.webp)', page.text).group(1)
    image = http_request(stack.url + image_url)
    assert image.status == 200
    assert image.headers["Content-Type"] == "image/webp"
    assert image_url not in stack.access_log()  # served by Nginx, not the app


@pytest.fixture(scope="module")
def two_servers(pg_database, tmp_path_factory):
    """Two gunicorn instances behind one Nginx upstream, on one PostgreSQL database."""
    root = tmp_path_factory.mktemp("two")
    with running_stack(
        pg_database, root, products=10, staff="scale@example.com", app_instances=2
    ) as stack:
        yield stack


def test_a_product_saved_on_one_server_is_served_by_the_other(two_servers):
    session = sign_in(two_servers.app_url(0), "scale@example.com")
    response = _create_product(session, two_servers.app_url(0), "SCALE-1")
    assert response.status_code == 302, response.text[:500]
    other = http_request(two_servers.app_url(1) + "/product/walnut-board-scale-1")
    assert other.status == 200
    assert "€39.00" in other.text
    # And through the shared Nginx upstream, whichever server answers.
    for _ in range(4):
        assert http_request(two_servers.url + "/product/walnut-board-scale-1").status == 200


def test_a_staff_session_started_on_one_server_is_valid_on_the_other(two_servers):
    session = sign_in(two_servers.app_url(0), "scale@example.com")
    cookies = {"session": session.cookies.get("session")}
    response = requests.get(
        two_servers.app_url(1) + "/admin/", cookies=cookies, allow_redirects=False, timeout=15
    )
    assert response.status_code == 200
    assert "scale@example.com" in response.text
