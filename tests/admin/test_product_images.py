"""Staff photo uploads through the product form: checked by content, stored atomically."""

from __future__ import annotations

import errno
import io
import re

import pytest
from hypothesis import HealthCheck, given, settings
from PIL import Image
from sqlalchemy import func, select
from werkzeug.test import EnvironBuilder

from shop.audit.models import AuditEntry
from shop.catalogue.models import Product, ProductImage
from shop.extensions import db
from shop.images import MediaStorage
from shop.images import storage as storage_module
from tests.helpers.factories import make_category, make_product
from tests.helpers.forms import csrf_token_from
from tests.helpers.images import byte_changes, encode, exif_with_gps, mutate, quadrant_image


@pytest.fixture
def storage(app):
    return MediaStorage(app.config["MEDIA_ROOT"])


@pytest.fixture
def category(app):
    return make_category("Kitchen")


def photo(size=(1200, 800), **kw) -> bytes:
    return encode(quadrant_image(size), "JPEG", quality=88, **kw)


def rotated_phone_photo() -> bytes:
    return photo(exif=exif_with_gps(6).tobytes())


def _form(client, url, **fields):
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    return {"csrf_token": token, **fields}


def _product_fields(category, **extra):
    return {
        "name": "Stoneware Jug",
        "slug": "",
        "sku": "JUG-1",
        "price": "24.50",
        "stock": "3",
        "category": str(category.id),
        "description": "A jug.",
        **extra,
    }


def _files(*items):
    return [(io.BytesIO(data), name) for name, data in items]


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_create_with_two_photos(staff_client, category, storage):
    data = _form(staff_client, "/admin/products/new", **_product_fields(category))
    data["images"] = _files(("IMG_0001.JPG", rotated_phone_photo()), ("b.png", photo((900, 900))))
    response = staff_client.post("/admin/products/new", data=data)
    assert response.status_code == 302
    product = db.session.scalars(select(Product)).one()
    assert response.headers["Location"] == f"/admin/products/{product.id}/edit"
    first, second = product.images
    assert (first.width, first.height) == (800, 1200)  # turned upright
    assert first.alt_text == ""  # not the name beside it, read out twice
    for key in first.file_keys() + second.file_keys():
        data = storage.path(key).read_bytes()
        assert b"Secret Camera" not in data and b"Exif" not in data
    edit = staff_client.get(f"/admin/products/{product.id}/edit").get_data(as_text=True)
    assert "Alt text for photo 2" in edit and "Primary" in edit
    assert "<dt>photos</dt>" in edit  # the upload is in the product's history


# Files every upload door must refuse with a message and without storing anything.
HOSTILE_UPLOADS = [
    ("empty.jpg", b""),
    ("page.jpg", b"<!doctype html><script>alert(1)</script>"),
    ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
    ("anim.gif", encode(Image.new("P", (8, 8)), "GIF")),
    ("cut.jpg", photo()[:2000]),
    ("scan.tiff", encode(Image.new("RGB", (8, 8)), "TIFF")),
]


@pytest.mark.parametrize(("name", "data"), HOSTILE_UPLOADS)
def test_a_bad_file_changes_nothing(staff_client, category, storage, name, data):
    fields = _form(staff_client, "/admin/products/new", **_product_fields(category))
    fields["images"] = _files(("good.jpg", photo()), (name, data))
    response = staff_client.post("/admin/products/new", data=fields)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert name in html  # the message names the file, next to the Images field
    assert re.search(r'id="images-error"|class="field-error"', html)
    assert _count(Product) == 0 and _count(ProductImage) == 0
    assert list(storage.iter_keys()) == []


def test_traversal_file_name_is_never_used(staff_client, category, storage, tmp_path):
    fields = _form(staff_client, "/admin/products/new", **_product_fields(category))
    fields["images"] = _files(("../../../../tmp/evil.jpg", photo()))
    assert staff_client.post("/admin/products/new", data=fields).status_code == 302
    keys = list(storage.iter_keys())
    assert keys and all(
        re.fullmatch(r"[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}\.(webp|jpg)", k) for k in keys
    )
    assert not (tmp_path.parent / "evil.jpg").exists()


def test_oversized_body_gets_413(make_app, database_url, login):
    from tests.helpers.database import reset_database
    from tests.helpers.factories import make_user

    app = make_app(SHOP_MAX_UPLOAD_MB=1)
    with app.app_context():
        reset_database(database_url)
        category = make_category("Kitchen")
        client = app.test_client()
        login(client, make_user("big@example.com", "staff"))
        fields = _form(client, "/admin/products/new", **_product_fields(category))
        fields["images"] = _files(("huge.jpg", b"\xff" * (2 * 1024 * 1024)))
        # The encoded 2 MB body is spooled to a temporary file: close it ourselves.
        builder = EnvironBuilder(path="/admin/products/new", method="POST", data=fields)
        environ = builder.get_environ()
        try:
            response = client.open(environ)
        finally:
            environ["wsgi.input"].close()
            builder.close()
        assert response.status_code == 413
        assert "Upload too large" in response.get_data(as_text=True)
        assert _count(Product) == 0


def test_full_disk_gives_507_and_leaves_nothing(staff_client, category, storage, monkeypatch):
    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    fields = _form(staff_client, "/admin/products/new", **_product_fields(category))
    fields["images"] = _files(("a.jpg", photo()))
    monkeypatch.setattr(storage_module, "_write_all", full)
    response = staff_client.post("/admin/products/new", data=fields)
    assert response.status_code == 507
    assert "Storage full" in response.get_data(as_text=True)
    assert _count(Product) == 0 and _count(ProductImage) == 0
    assert list(storage.iter_keys()) == []


def test_stale_edit_with_photos_stores_nothing(staff_client, category, storage):
    product = make_product("Jug", category=category)
    url = f"/admin/products/{product.id}/edit"
    fields = _form(staff_client, url, **_product_fields(category, sku=product.sku))
    fields["version"] = str(product.version - 1 + 1)
    product.stock = 99  # someone else saves first
    db.session.commit()
    fields["images"] = _files(("a.jpg", photo()))
    response = staff_client.post(url, data=fields)
    assert response.status_code == 409
    assert _count(ProductImage) == 0
    assert list(storage.iter_keys()) == []


def _upload(client, product, *images):
    url = f"/admin/products/{product.id}/edit"
    fields = _form(
        client,
        url,
        **_product_fields(product.category, sku=product.sku, name=product.name),
        version=str(product.version),
    )
    fields["images"] = _files(*images)
    return client.post(url, data=fields)


def test_reorder_primary_alt_text_and_delete(staff_client, category, storage):
    product = make_product("Jug", category=category)
    response = _upload(
        staff_client, product, ("1.jpg", photo((400, 300))), ("2.jpg", photo((500, 300)))
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    first, second = product.images
    base = f"/admin/products/{product.id}/images"
    token = csrf_token_from(staff_client.get(f"/admin/products/{product.id}/edit").text)

    staff_client.post(f"{base}/{second.id}/move", data={"csrf_token": token, "direction": "up"})
    db.session.expire_all()
    assert [i.id for i in product.images] == [second.id, first.id]

    staff_client.post(f"{base}/{first.id}/primary", data={"csrf_token": token})
    db.session.expire_all()
    assert product.primary_image.id == first.id

    staff_client.post(f"{base}/{first.id}/alt", data={"csrf_token": token, "alt_text": "Blue jug"})
    db.session.expire_all()
    assert first.alt_text == "Blue jug"

    confirm = staff_client.get(f"{base}/{second.id}/delete")
    assert confirm.status_code == 200 and "Delete photo" in confirm.text
    keys = second.file_keys()
    assert (
        staff_client.post(f"{base}/{second.id}/delete", data={"csrf_token": token}).status_code
        == 302
    )
    assert not any(storage.exists(k) for k in keys)
    db.session.expire_all()
    assert [i.id for i in product.images] == [first.id]
    history = staff_client.get(f"/admin/products/{product.id}/edit").text
    assert "photo order" in history and "alt text" in history


def test_photo_controls_answer_404_for_another_products_photo(staff_client, category, storage):
    product = make_product("Jug", category=category)
    other = make_product("Bowl", category=category)
    assert _upload(staff_client, product, ("1.jpg", photo((400, 300)))).status_code == 302
    db.session.expire_all()
    [image] = product.images
    base = f"/admin/products/{other.id}/images/{image.id}"
    token = csrf_token_from(staff_client.get(f"/admin/products/{other.id}/edit").text)
    too_long = "x" * 301  # refused too, but the photo is not this product's: 404 first
    for action, fields in (
        ("move", {"direction": "up"}),
        ("primary", {}),
        ("alt", {"alt_text": too_long}),
        ("delete", {}),
    ):
        response = staff_client.post(f"{base}/{action}", data={"csrf_token": token, **fields})
        assert response.status_code == 404, action
    assert staff_client.get(f"{base}/delete").status_code == 404
    db.session.expire_all()
    assert [i.id for i in product.images] == [image.id]


def test_unchanged_alt_text_and_a_repeated_publish_log_nothing(staff_client, category, storage):
    product = make_product("Jug", category=category)
    assert _upload(staff_client, product, ("1.jpg", photo((400, 300)))).status_code == 302
    db.session.expire_all()
    [image] = product.images
    token = csrf_token_from(staff_client.get(f"/admin/products/{product.id}/edit").text)
    entries = _count(AuditEntry)
    base = f"/admin/products/{product.id}"
    alt = staff_client.post(
        f"{base}/images/{image.id}/alt", data={"csrf_token": token, "alt_text": image.alt_text}
    )
    same = "publish" if product.is_published else "unpublish"  # what it already is
    publish = staff_client.post(f"{base}/{same}", data={"csrf_token": token})
    assert alt.status_code == publish.status_code == 302
    assert _count(AuditEntry) == entries


def test_deleting_a_product_removes_its_files(staff_client, category, storage):
    product = make_product("Jug", category=category)
    _upload(staff_client, product, ("1.jpg", photo()))
    assert list(storage.iter_keys())
    token = csrf_token_from(staff_client.get(f"/admin/products/{product.id}/delete").text)
    response = staff_client.post(f"/admin/products/{product.id}/delete", data={"csrf_token": token})
    assert response.status_code == 302
    assert list(storage.iter_keys()) == []


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(changes=byte_changes())
def test_fuzzed_jpeg_never_gives_500(staff_client, category, changes):
    product = db.session.scalars(select(Product)).first() or make_product("Fuzz", category=category)
    response = _upload(staff_client, product, ("fuzz.jpg", mutate(photo((64, 48)), changes, None)))
    assert response.status_code in (302, 400), response.status_code
