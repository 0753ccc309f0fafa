"""The per-request pixel budget: weighed from the files' headers, before anything is decoded."""

from __future__ import annotations

import functools
import io
import re
import time

import pytest
from PIL import Image
from sqlalchemy import func, select
from werkzeug.test import EnvironBuilder

from shop import create_app
from shop.catalogue import photos
from shop.catalogue.errors import ImagesRejected
from shop.catalogue.models import Product, ProductImage
from shop.catalogue.photos import Upload, check_budget, prepare_uploads
from shop.extensions import db
from shop.images import MediaStorage
from tests.helpers.factories import make_category
from tests.helpers.forms import csrf_token_from
from tests.helpers.images import encode, quadrant_image

MAX_PIXELS = 50_000_000
BUDGET = 100_000_000
PROBE_MESSAGE = (
    "These photos have 980 megapixels in all; one save can take at most 100. "
    "Upload fewer or smaller photos."
)


@functools.cache
def flat_png(size=(7000, 7000)) -> bytes:
    """49 megapixels of one grey: about 60 KB, and a second of decoding."""
    return encode(Image.new("L", size, 128), "PNG", optimize=True)


def probe_uploads() -> list[Upload]:
    return [Upload(f"flat-{i:02}.png", flat_png()) for i in range(20)]


@pytest.fixture
def no_decoding(monkeypatch):
    """Fail the test if any upload reaches the (slow) processing step."""

    def refuse(*args, **kwargs):
        raise AssertionError("an upload was decoded")

    monkeypatch.setattr(photos, "process_image", refuse)


def test_the_probe_is_refused_from_headers_alone(no_decoding):
    uploads = probe_uploads()
    assert sum(len(u.data) for u in uploads) < 2_000_000  # the byte limit lets it through
    started = time.perf_counter()
    with pytest.raises(ImagesRejected) as caught:
        prepare_uploads(uploads, max_pixels=MAX_PIXELS, max_total_pixels=BUDGET)
    assert time.perf_counter() - started < 1  # headers only: microseconds per file
    assert caught.value.messages == [PROBE_MESSAGE]
    assert caught.value.field == "images"


def test_a_header_is_enough_to_count(no_decoding):
    # PNGs cut off early in their pixel data still declare 49 MP each: only headers are read.
    header_only = flat_png()[:100]
    with pytest.raises(ImagesRejected, match="98 megapixels in all; one save can take at most 50"):
        check_budget(
            [Upload("a.png", header_only), Upload("b.png", header_only)],
            max_pixels=MAX_PIXELS,
            max_total_pixels=50_000_000,
        )


def test_totals_just_over_the_budget_never_read_as_equal():
    uploads = [
        Upload("a.jpg", encode(Image.new("RGB", (1000, 500)), "JPEG")),
        Upload("b.jpg", encode(Image.new("RGB", (1000, 501)), "JPEG")),
    ]
    check_budget(uploads[:1] * 2, max_pixels=MAX_PIXELS, max_total_pixels=1_000_000)  # equal
    with pytest.raises(ImagesRejected) as caught:
        check_budget(uploads, max_pixels=MAX_PIXELS, max_total_pixels=1_000_000)
    assert caught.value.messages == [
        "These photos have 1.1 megapixels in all; one save can take at most 1. "
        "Upload fewer or smaller photos."
    ]


def test_a_save_within_the_budget_is_processed():
    uploads = [
        Upload(f"photo{i}.jpg", encode(quadrant_image((1200, 800)), "JPEG")) for i in range(3)
    ]
    prepared = prepare_uploads(uploads, max_pixels=MAX_PIXELS, max_total_pixels=BUDGET)
    assert [p.filename for p in prepared] == ["photo0.jpg", "photo1.jpg", "photo2.jpg"]
    assert all((p.processed.width, p.processed.height) == (1200, 800) for p in prepared)


def test_files_never_decoded_are_left_to_their_own_messages():
    # Neither counts towards the budget: each gets its precise per-file refusal instead.
    too_large = Upload("huge.png", encode(Image.new("L", (2000, 1000)), "PNG"))
    uploads = [Upload("notes.jpg", b"not an image at all"), too_large, Upload("empty.png", b"")]
    with pytest.raises(ImagesRejected) as caught:
        prepare_uploads(uploads, max_pixels=1_000_000, max_total_pixels=1_000_000)
    messages = caught.value.messages
    assert len(messages) == 3
    assert messages[0].startswith("“notes.jpg”: This file is not a JPEG, PNG or WebP image.")
    assert messages[1].startswith("“huge.png”: This image is too large")
    assert messages[2] == "“empty.png”: the file is empty."


def test_no_budget_means_none_is_checked():
    # Trusted callers (demo data, regeneration) pass none; every door for people passes one.
    small = Upload("a.png", encode(Image.new("L", (100, 100)), "PNG"))
    assert len(prepare_uploads([small, small], max_pixels=MAX_PIXELS)) == 2


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_product_form_shows_the_budget_next_to_images(app, staff_client, monkeypatch):
    app.config["SHOP_MAX_UPLOAD_PIXELS_PER_REQUEST"] = BUDGET
    monkeypatch.setattr(photos, "process_image", lambda *a, **k: pytest.fail("decoded"))
    category = make_category("Kitchen")
    token = csrf_token_from(staff_client.get("/admin/products/new").get_data(as_text=True))
    data = {
        "csrf_token": token,
        "name": "Flat Jug",
        "slug": "",
        "sku": "FLAT-1",
        "price": "10.00",
        "stock": "1",
        "category": str(category.id),
        "description": "",
        "images": [(io.BytesIO(u.data), u.filename) for u in probe_uploads()],
    }
    # The 1.2 MB body is spooled to a temporary file: close it ourselves.
    builder = EnvironBuilder(path="/admin/products/new", method="POST", data=data)
    environ = builder.get_environ()
    try:
        response = staff_client.open(environ)
    finally:
        environ["wsgi.input"].close()
        builder.close()
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    error = re.search(r'id="images-error"[^>]*>(.*?)</', html, re.S)
    assert error and PROBE_MESSAGE in error.group(1)
    assert _count(Product) == 0 and _count(ProductImage) == 0
    assert list(MediaStorage(app.config["MEDIA_ROOT"]).iter_keys()) == []


def test_the_default_budget():
    app = create_app({"SHOP_CONFIG": "testing"})
    assert app.config["SHOP_MAX_UPLOAD_PIXELS_PER_REQUEST"] == BUDGET
