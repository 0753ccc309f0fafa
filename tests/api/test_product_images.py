"""Photos through the API: the staff form's pipeline, its limits and messages, order and alt."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import func, select

from shop.catalogue.models import Product, ProductImage
from shop.extensions import db
from shop.images import MediaStorage
from tests.admin.test_product_images import HOSTILE_UPLOADS, _upload, photo
from tests.helpers.factories import make_category, make_product


@pytest.fixture
def storage(app):
    return MediaStorage(app.config["MEDIA_ROOT"])


@pytest.fixture
def product(app):
    return make_product("Stoneware Jug", category=make_category("Kitchen"))


def _post(client, auth, product, data: bytes, name: str = "IMG_0001.JPG", **form):
    return client.post(
        f"/api/v1/products/{product.id}/images",
        data={"file": (io.BytesIO(data), name), **form},
        headers=auth,
        content_type="multipart/form-data",
    )


def _images() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(ProductImage))


def test_an_upload_is_stored_as_the_form_would_store_it(client, staff_client, auth, product):
    data = photo((1600, 1200))
    response = _post(client, auth, product, data, alt="A jug on a table")
    assert response.status_code == 201
    image = response.get_json()
    assert (image["alt"], image["position"]) == ("A jug on a table", 0)
    assert response.headers["Location"] == f"/api/v1/products/{product.id}"
    for rendition in image["renditions"]:
        with client.get(rendition["url"].removeprefix("http://localhost")) as served:
            assert served.status_code == 200
            assert Image.open(io.BytesIO(served.data)).width == rendition["width"]

    # The same file through the staff form gives the very same (content-addressed) files.
    other = make_product("Other Jug", category=product.category)
    assert _upload(staff_client, other, ("same.jpg", data)).status_code == 302
    api_json = client.get(f"/api/v1/products/{product.id}", headers=auth).get_json()
    form_json = client.get(f"/api/v1/products/{other.id}", headers=auth).get_json()
    assert api_json["images"][0]["renditions"] == form_json["images"][0]["renditions"]


@pytest.mark.parametrize(("name", "data"), HOSTILE_UPLOADS)
def test_a_hostile_file_is_a_422_and_stores_nothing(client, auth, product, storage, name, data):
    response = _post(client, auth, product, data, name=name)
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert list(response.get_json()["errors"]) == ["file"]
    assert _images() == 0
    assert list(storage.iter_keys()) == []


def test_a_missing_file_or_product_and_no_token(client, auth, product):
    missing = client.post(
        f"/api/v1/products/{product.id}/images", data={}, headers=auth,
        content_type="multipart/form-data",
    )  # fmt: skip
    assert missing.status_code == 422 and list(missing.get_json()["errors"]) == ["file"]
    assert _post(client, auth, type(product)(id=999_999), photo()).status_code == 404
    assert _post(client, {}, product, photo()).status_code == 401
    assert _images() == 0


def test_order_alt_text_and_delete(client, auth, product, storage):
    first, second = (_post(client, auth, product, photo(size)).get_json() for size in
                     ((900, 600), (800, 600)))  # fmt: skip
    url = f"/api/v1/products/{product.id}/images/{second['id']}"
    moved = client.patch(url, json={"position": 0, "alt": "  The  jug "}, headers=auth)
    assert moved.status_code == 200
    assert (moved.get_json()["position"], moved.get_json()["alt"]) == (0, "The jug")
    images = client.get(f"/api/v1/products/{product.id}", headers=auth).get_json()["images"]
    assert [i["id"] for i in images] == [second["id"], first["id"]]

    too_long = client.patch(url, json={"alt": "x" * 301}, headers=auth)
    assert too_long.status_code == 422 and list(too_long.get_json()["errors"]) == ["alt"]

    assert client.delete(url, headers=auth).status_code == 204
    assert client.delete(url, headers=auth).status_code == 404
    images = client.get(f"/api/v1/products/{product.id}", headers=auth).get_json()["images"]
    assert [(i["id"], i["position"]) for i in images] == [(first["id"], 0)]
    assert len(list(storage.iter_keys())) == len(first["renditions"])
    # What the staff list's "has no photo" reads followed both uploads and the delete.
    count = select(Product.image_count).where(Product.id == product.id)
    assert db.session.scalar(count) == 1


def test_every_gallery_change_gives_the_product_a_new_etag(client, auth, product):
    def etag() -> str:
        return client.get(f"/api/v1/products/{product.id}", headers=auth).headers["ETag"]

    seen = [etag()]
    image = _post(client, auth, product, photo()).get_json()
    seen.append(etag())
    _post(client, auth, product, photo((700, 500)))
    seen.append(etag())
    url = f"/api/v1/products/{product.id}/images/{image['id']}"
    client.patch(url, json={"position": 1}, headers=auth)
    seen.append(etag())
    client.patch(url, json={"alt": "Another text"}, headers=auth)
    seen.append(etag())
    client.delete(url, headers=auth)
    seen.append(etag())
    assert len(set(seen)) == len(seen), seen  # a client's cached copy is never kept stale
