"""Staff photo uploads through the product form: checked by content, stored atomically."""

from __future__ import annotations

import errno
import io
import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from PIL import Image
from sqlalchemy import func, select
from werkzeug.test import EnvironBuilder

from shop.audit.models import AuditEntry
from shop.catalogue import services
from shop.catalogue.models import Product, ProductImage
from shop.extensions import db
from shop.images import MediaStorage
from shop.images import storage as storage_module
from tests.helpers.a11y import assert_accessible
from tests.helpers.factories import make_category, make_product
from tests.helpers.forms import csrf_token_from, form_fields
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
    # The count the staff list's "has no photo" reads, kept by the database.
    assert db.session.scalar(select(Product.image_count)) == 2


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


def _press(client, product, button: str | None = None, **typed):
    """Submit the product's edit form as a browser does, with `typed` changed in it and
    `button` (a photo button's value: "up:<id>", ...) pressed, or Save."""
    url = f"/admin/products/{product.id}/edit"
    fields = form_fields(client.get(url).text, "product-form")
    fields.update(typed)
    if button is not None:
        fields["photo_action"] = button
    return client.post(url, data=fields)


def test_photo_buttons_save_the_forms_edits_too(staff_client, category, storage):
    product = make_product("Jug", category=category)
    response = _upload(
        staff_client, product, ("1.jpg", photo((400, 300))), ("2.jpg", photo((500, 300)))
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    first, second = product.images
    edit = f"/admin/products/{product.id}/edit"

    # Move up, with a new price typed and not yet saved: both are saved.
    moved = _press(staff_client, product, f"up:{second.id}", price="31.00")
    assert moved.status_code == 302 and moved.headers["Location"] == f"{edit}#photos"
    db.session.expire_all()
    assert [i.id for i in product.images] == [second.id, first.id]
    assert product.price == Decimal("31.00")

    # Make primary, with alt text typed for both photos: saved with it.
    alts = {f"alt_{first.id}": "Blue jug", f"alt_{second.id}": "  Jug,  from above "}
    _press(staff_client, product, f"primary:{first.id}", **alts)
    db.session.expire_all()
    assert product.primary_image.id == first.id
    assert (first.alt_text, second.alt_text) == ("Blue jug", "Jug, from above")

    # A photo button with a bad edit in the form: the form again, nothing saved or moved.
    refused = _press(staff_client, product, f"down:{first.id}", price="-4")
    assert refused.status_code == 400 and 'value="-4"' in refused.text
    db.session.expire_all()
    assert [i.id for i in product.images] == [first.id, second.id]
    assert product.price == Decimal("31.00")

    # Delete: the edits are saved, then the confirmation; the photo goes only after it.
    asked = _press(staff_client, product, f"delete:{second.id}", stock="12")
    base = f"/admin/products/{product.id}/images"
    assert asked.headers["Location"] == f"{base}/{second.id}/delete"
    db.session.expire_all()
    assert product.stock == 12 and len(product.images) == 2
    confirm = staff_client.get(f"{base}/{second.id}/delete")
    assert confirm.status_code == 200 and "Delete photo" in confirm.text
    keys = second.file_keys()
    token = csrf_token_from(confirm.text)
    deleted = staff_client.post(f"{base}/{second.id}/delete", data={"csrf_token": token})
    assert deleted.status_code == 302
    assert not any(storage.exists(k) for k in keys)
    db.session.expire_all()
    assert [i.id for i in product.images] == [first.id]
    history = staff_client.get(edit).text
    assert "photo order" in history and "alt text" in history and "primary photo" in history


def test_photo_buttons_answer_404_for_another_products_photo(staff_client, category, storage):
    product = make_product("Jug", category=category)
    other = make_product("Bowl", category=category)
    assert _upload(staff_client, product, ("1.jpg", photo((400, 300)))).status_code == 302
    db.session.expire_all()
    [image] = product.images
    for button in (f"up:{image.id}", f"primary:{image.id}"):
        assert _press(staff_client, other, button).status_code == 404, button
    alt = _press(staff_client, other, **{f"alt_{image.id}": "x"})  # not a field of Bowl's form
    assert alt.status_code == 302
    base = f"/admin/products/{other.id}/images/{image.id}"
    token = csrf_token_from(staff_client.get(f"/admin/products/{other.id}/edit").text)
    assert staff_client.post(f"{base}/delete", data={"csrf_token": token}).status_code == 404
    assert staff_client.get(f"{base}/delete").status_code == 404
    db.session.expire_all()
    assert [i.id for i in product.images] == [image.id] and image.alt_text == ""


def test_unchanged_alt_text_and_a_repeated_publish_log_nothing(staff_client, category, storage):
    product = make_product("Jug", category=category)
    assert _upload(staff_client, product, ("1.jpg", photo((400, 300)))).status_code == 302
    db.session.expire_all()
    entries = _count(AuditEntry)
    saved = _press(staff_client, product)  # the form as it is, alt text included
    token = csrf_token_from(staff_client.get(f"/admin/products/{product.id}/edit").text)
    same = "publish" if product.is_published else "unpublish"  # what it already is
    publish = staff_client.post(f"/admin/products/{product.id}/{same}", data={"csrf_token": token})
    assert saved.status_code == publish.status_code == 302
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


def test_duplicate_a_product_with_its_photos(staff_client, category, storage):
    data = _form(staff_client, "/admin/products/new", **_product_fields(category))
    data["images"] = _files(("a.jpg", photo()), ("b.png", photo((900, 900))))
    assert staff_client.post("/admin/products/new", data=data).status_code == 302
    original = db.session.scalars(select(Product)).one()
    _press(staff_client, original, **{f"alt_{original.images[0].id}": "A jug, from above"})
    edit = staff_client.get(f"/admin/products/{original.id}/edit").get_data(as_text=True)
    assert f'href="/admin/products/{original.id}/duplicate"' in edit
    page = staff_client.get(f"/admin/products/{original.id}/duplicate")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert_accessible(html)
    assert 'value="Stoneware Jug (copy)"' in html and re.search(r'id="sku"[^>]*value=""', html)
    assert re.search(r'<input [^>]*checked id="copy_photos"[^>]*type="checkbox"', html)
    copy = {
        "csrf_token": csrf_token_from(html), **_product_fields(category, name="Jug (blue)"),
        "sku": "JUG-2", "photos_from": str(original.id), "copy_photos": "y",
    }  # fmt: skip
    # A SKU already taken: the form again, nothing created, no photo shared.
    taken = staff_client.post("/admin/products/new", data={**copy, "sku": "JUG-1"})
    assert taken.status_code == 400 and "Another product already has this SKU." in taken.text
    assert _count(Product) == 1 and _count(ProductImage) == 2
    assert staff_client.post("/admin/products/new", data=copy).status_code == 302
    db.session.expire_all()
    duplicate = db.session.scalars(select(Product).where(Product.sku == "JUG-2")).one()
    shared = [(i.digest, i.renditions, i.alt_text) for i in original.images]
    assert [(i.digest, i.renditions, i.alt_text) for i in duplicate.images] == shared
    history = staff_client.get(f"/admin/products/{duplicate.id}/edit").get_data(as_text=True)
    assert "photos copied from" in history
    counts = select(Product.sku, Product.image_count).order_by(Product.sku)
    assert db.session.execute(counts).all() == [("JUG-1", 2), ("JUG-2", 2)]
    # Deleting the original leaves the duplicate's files; deleting both removes them.
    keys = [key for image in duplicate.images for key in image.file_keys()]
    services.delete_product(original.id, storage=storage)
    assert all(storage.path(key).exists() for key in keys)
    services.delete_product(duplicate.id, storage=storage)
    assert not any(storage.path(key).exists() for key in keys)


def test_a_duplicate_without_the_box_ticked_has_no_photos(staff_client, category, storage):
    data = _form(staff_client, "/admin/products/new", **_product_fields(category))
    data["images"] = _files(("a.jpg", photo()))
    assert staff_client.post("/admin/products/new", data=data).status_code == 302
    source = db.session.scalars(select(Product)).one()
    html = staff_client.get(f"/admin/products/{source.id}/duplicate").get_data(as_text=True)
    copy = {
        "csrf_token": csrf_token_from(html),
        **_product_fields(category),
        "sku": "JUG-9",
        "photos_from": str(source.id),
    }  # fmt: skip (copy_photos left out: the box was unticked)
    assert staff_client.post("/admin/products/new", data=copy).status_code == 302
    made = db.session.scalars(select(Product).where(Product.sku == "JUG-9")).one()
    assert made.images == [] and len(source.images) == 1
