"""Product images through the real pipeline: rows and files stay in step, whatever fails."""

from __future__ import annotations

import errno
import io
import os

import pytest
from PIL import Image
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from shop.catalogue import photo_services
from shop.catalogue import photos as image_service
from shop.catalogue.errors import CatalogueError, ImagesRejected, NotFound
from shop.catalogue.models import ProductImage
from shop.catalogue.photos import Upload
from shop.extensions import db
from shop.images import MediaStorage, StorageFull
from shop.images import storage as storage_module
from tests.helpers.factories import make_product
from tests.helpers.images import encode, exif_with_gps, quadrant_image

MAX_PIXELS = 50_000_000


@pytest.fixture
def storage(app):
    return MediaStorage(app.config["MEDIA_ROOT"])


def phone_photo(size=(1200, 800)) -> bytes:
    """A landscape-stored photo that a phone marked 'rotate 90°', with GPS in its EXIF."""
    return encode(quadrant_image(size), "JPEG", exif=exif_with_gps(6).tobytes(), quality=90)


def stored_files(storage: MediaStorage) -> list[str]:
    return list(storage.iter_keys())


def _prepare(*datas: bytes, names=None):
    uploads = [Upload(f"photo{i}.jpg", data) for i, data in enumerate(datas)]
    return image_service.prepare_uploads(uploads, max_pixels=MAX_PIXELS)


def test_upload_is_rotated_resized_and_stripped(app, storage):
    product = make_product()
    [image] = photo_services.add_photos(product.id, _prepare(phone_photo()), storage=storage)
    assert (image.width, image.height) == (800, 1200)  # upright
    assert [r["width"] for r in image.renditions] == [320, 640]
    for key in image.file_keys():
        data = storage.path(key).read_bytes()
        assert b"Secret Camera" not in data and b"Exif" not in data
        with Image.open(io.BytesIO(data)) as im:
            assert im.height > im.width
            assert len(im.getexif()) == 0
    assert sorted(stored_files(storage)) == sorted(image.file_keys())


@pytest.mark.parametrize(
    "bad",
    [
        b"",
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        b"<html><script>alert(1)</script></html>",
        b"GIF89a/*\x00\x00*/=1;alert(1);",
    ],
)
def test_a_bad_file_among_good_ones_stores_nothing(app, storage, bad):
    make_product()
    with pytest.raises(ImagesRejected) as excinfo:
        _prepare(phone_photo(), bad)
    assert "photo1.jpg" in excinfo.value.messages[0]
    assert stored_files(storage) == []
    assert db.session.scalars(select(ProductImage)).all() == []


def test_failed_commit_leaves_no_file(app, storage):
    product = make_product()
    product_id = product.id
    prepared = _prepare(phone_photo())
    product.price_cents = 0  # violates the price check: the commit fails in the database
    with pytest.raises(IntegrityError, match="price_positive"):
        photo_services.add_photos(product_id, prepared, storage=storage)
    assert stored_files(storage) == []
    assert db.session.scalars(select(ProductImage)).all() == []


def test_full_disk_leaves_nothing_partial(app, storage, monkeypatch):
    product = make_product()
    prepared = _prepare(phone_photo())
    # A real full disk cannot be made portably: the third file write fails with ENOSPC.
    real_write = storage_module._write_all
    calls = []

    def write_until_full(fd, data):
        calls.append(len(data))
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(fd, data)

    monkeypatch.setattr(storage_module, "_write_all", write_until_full)
    with pytest.raises(StorageFull):
        photo_services.add_photos(product.id, prepared, storage=storage)
    assert stored_files(storage) == []
    assert db.session.scalars(select(ProductImage)).all() == []


def test_deleting_an_image_removes_its_files_after_commit(app, storage):
    product = make_product()
    first, second = photo_services.add_photos(
        product.id, _prepare(phone_photo(), phone_photo((600, 900))), storage=storage
    )
    first_keys = first.file_keys()
    photo_services.delete_photo(first.product_id, first.id, storage=storage)
    assert [i.id for i in product.images] == [second.id]
    assert second.position == 0
    assert not any(storage.exists(key) for key in first_keys)
    assert all(storage.exists(key) for key in second.file_keys())


def test_old_files_stay_when_the_commit_fails(app, storage):
    product = make_product()
    [image] = photo_services.add_photos(product.id, _prepare(phone_photo()), storage=storage)
    keys, image_id, product_id = image.file_keys(), image.id, product.id
    product.price_cents = 0
    with pytest.raises(IntegrityError, match="price_positive"):
        photo_services.delete_photo(product_id, image_id, storage=storage)
    assert all(storage.exists(key) for key in keys)
    assert db.session.get(ProductImage, image.id) is not None


def test_files_shared_by_identical_uploads_survive_one_delete(app, storage):
    photo = phone_photo()
    first = photo_services.add_photos(make_product().id, _prepare(photo), storage=storage)[0]
    second = photo_services.add_photos(make_product().id, _prepare(photo), storage=storage)[0]
    assert first.file_keys() == second.file_keys()
    photo_services.delete_photo(first.product_id, first.id, storage=storage)
    assert all(storage.exists(key) for key in second.file_keys())


def test_reorder_primary_and_alt_text(app, storage):
    product = make_product()
    a, b, c = photo_services.add_photos(
        product.id,
        _prepare(phone_photo((400, 300)), phone_photo((500, 300)), phone_photo((600, 300))),
        storage=storage,
    )
    photo_services.move_photo(product.id, c.id, -1)
    photo_services.move_photo(product.id, c.id, -1)
    photo_services.move_photo(product.id, c.id, -1)  # already first: nothing moves
    assert [i.id for i in product.images] == [c.id, a.id, b.id]
    photo_services.make_primary(product.id, b.id)
    assert [i.id for i in product.images] == [b.id, c.id, a.id]
    assert product.primary_image.id == b.id
    photo_services.set_alt_text(product.id, b.id, "  A  blue   bowl ")
    assert b.alt_text == "A blue bowl"
    with pytest.raises(CatalogueError):
        photo_services.set_alt_text(product.id, b.id, "x" * 301)
    with pytest.raises(NotFound):
        photo_services.make_primary(make_product().id, b.id)


def test_orphans_and_regeneration_commands(app, storage, runner):
    product = make_product()
    [image] = photo_services.add_photos(product.id, _prepare(phone_photo()), storage=storage)
    orphan = storage.save(encode(Image.new("RGB", (4, 4)), "PNG"), ".png")
    os.utime(storage.path(orphan), (1, 1))  # old enough to be swept
    listed = runner.invoke(args=["media", "orphans"])
    assert listed.exit_code == 0, listed.output
    assert orphan in listed.output and image.file_keys()[0] not in listed.output
    assert storage.exists(orphan)
    runner.invoke(args=["media", "orphans", "--delete"])
    assert not storage.exists(orphan)

    old_keys = set(image.file_keys())
    app.config["SHOP_MAX_IMAGE_PIXELS"] = MAX_PIXELS
    result = runner.invoke(args=["media", "regenerate"])
    assert result.exit_code == 0, result.output
    assert "Regenerated 1 image(s); 0 could not be read." in result.output
    db.session.refresh(image)
    assert all(storage.exists(key) for key in image.file_keys())
    # Re-encoding from the stored copy gives new files; the old ones are gone.
    assert not any(storage.exists(key) for key in old_keys - set(image.file_keys()))


def test_seed_demo_with_images(runner, storage):
    result = runner.invoke(args=["seed-demo", "--products", "12", "--seed", "5"])
    assert result.exit_code == 0, result.output
    rows = db.session.scalars(select(ProductImage)).all()
    # A picture per product, and one more per further colour of a product sold in colours.
    first_pictures = {row.product_id for row in rows if row.position == 0}
    assert len(first_pictures) == 12 and len(rows) >= 12
    assert all(storage.exists(key) for row in rows for key in row.file_keys())


def test_same_pixels_in_two_files_share_storage_safely(app, storage):
    picture = quadrant_image((500, 400))
    fast, small = encode(picture, "PNG", compress_level=1), encode(picture, "PNG", optimize=True)
    assert fast != small  # two different uploads...
    first = photo_services.add_photos(make_product().id, _prepare(fast), storage=storage)[0]
    second = photo_services.add_photos(make_product().id, _prepare(small), storage=storage)[0]
    assert first.file_keys() == second.file_keys()  # ...giving the same files
    photo_services.delete_photo(first.product_id, first.id, storage=storage)
    assert all(storage.exists(key) for key in second.file_keys())
