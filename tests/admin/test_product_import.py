"""CSV import pages: upload, the dry run's review, apply once; a bad file answers next to the
field and a file with wrong rows cannot be applied. Nothing changes before Apply."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from sqlalchemy import func, select

from shop.audit.models import AuditEntry
from shop.catalogue import csv_import_jobs
from shop.catalogue.models import Product
from shop.extensions import db
from tests.helpers.a11y import assert_accessible
from tests.helpers.factories import make_category, make_product, make_user
from tests.helpers.forms import csrf_token_from

HEADER = "sku,name,slug,category,price,stock,published,featured,description\r\n"


@pytest.fixture
def shelf(app):
    lamps = make_category("Lamps", slug="lamps")
    make_product("Brass lamp", category=lamps, sku="L-1", slug="brass-lamp", price="89.00")
    return lamps


def _upload(client, data: bytes, filename: str = "products.csv"):
    page = client.get("/admin/products/import")
    assert page.status_code == 200
    token = csrf_token_from(page.get_data(as_text=True))
    return client.post(
        "/admin/products/import",
        data={"csrf_token": token, "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def _products() -> list[tuple]:
    db.session.expire_all()
    return db.session.execute(
        select(Product.sku, Product.name, Product.price_cents, Product.version).order_by(
            Product.sku
        )
    ).all()


def _apply(client, review_url: str):
    review = client.get(review_url).get_data(as_text=True)
    action = unescape(re.search(r'<form[^>]+action="([^"]+/apply)"', review).group(1))
    return client.post(action, data={"csrf_token": csrf_token_from(review)})


def test_upload_review_apply(staff_client, staff_user, shelf):
    data = HEADER + "L-1,Brass lamp,,,99.00,,,,\r\nN-1,New lamp,,lamps,5,2,yes,no,Bright\r\n"
    before = _products()
    response = _upload(staff_client, data.encode())
    assert response.status_code == 303
    review_url = response.headers["Location"]
    html = staff_client.get(review_url).get_data(as_text=True)
    assert_accessible(html)
    assert "1 to create, 1 to update, 0 unchanged" in html
    assert "read as UTF-8, cells separated by comma" in html
    assert "<del>89.00</del> &rarr; <ins>99.00</ins>" in html
    assert "N-1" in html and "New lamp" in html
    assert _products() == before  # the dry run changed nothing
    response = _apply(staff_client, review_url)
    assert response.status_code == 303
    page = staff_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Imported: 1 created, 1 updated, 0 unchanged." in page
    assert "This import was applied." in page
    assert [p.sku for p in _products()] == ["L-1", "N-1"]
    entries = db.session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.source == "import")
    )
    assert entries == 2
    # Applying twice (a double click, the back button) does nothing more.
    after = _products()
    token = csrf_token_from(page)
    again = staff_client.post(f"{review_url}/apply", data={"csrf_token": token})
    assert "applied already" in staff_client.get(again.headers["Location"]).get_data(as_text=True)
    assert _products() == after
    job = db.session.scalars(select(csv_import_jobs.ImportJob)).one()
    assert job.data == b""  # the file is not kept once applied


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x00\x01\x02binary\xff\xfe" * 50, "This file is not text the shop can read."),
        (b"name,price\r\nLamp,5\r\n", "sku is required"),
        (b"", "Choose a CSV file."),
    ],
    ids=["binary", "no-sku", "none"],
)
def test_an_unreadable_file_answers_next_to_the_field(staff_client, shelf, data, message):
    before = _products()
    if data:
        response = _upload(staff_client, data)
    else:
        token = csrf_token_from(staff_client.get("/admin/products/import").get_data(as_text=True))
        response = staff_client.post("/admin/products/import", data={"csrf_token": token})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert_accessible(html)
    errors = re.search(r'<ul class="field__errors" id="file-error">(.*?)</ul>', html, re.S)
    assert errors and message in unescape(errors.group(1))
    assert 'aria-invalid="true"' in html
    assert _products() == before


def test_wrong_rows_are_listed_and_cannot_be_applied(staff_client, shelf):
    data = HEADER + "N-1,New,,nowhere,5,1,no,no,\r\nL-1,Brass lamp,,,abc,,,,\r\n"
    review_url = _upload(staff_client, data.encode()).headers["Location"]
    html = unescape(staff_client.get(review_url).get_data(as_text=True))
    assert "2 wrong rows" in html and "Nothing can be imported while rows are wrong" in html
    assert "no category has the slug 'nowhere'" in html
    assert "/apply" not in html
    before = _products()
    token = csrf_token_from(html)
    response = staff_client.post(f"{review_url}/apply", data={"csrf_token": token})
    assert "nothing to apply" in staff_client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    assert _products() == before


def test_a_product_saved_after_the_dry_run_stops_the_import(staff_client, shelf):
    review_url = _upload(staff_client, (HEADER + "L-1,Brass lamp,,,99.00,,,,\r\n").encode())
    review_url = review_url.headers["Location"]
    lamp = db.session.scalar(select(Product).where(Product.sku == "L-1"))
    lamp.stock = 77
    db.session.commit()
    before = _products()
    response = _apply(staff_client, review_url)
    html = staff_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "changed since the dry run" in html and "Upload the file again" in html
    assert _products() == before


def test_another_persons_import_is_not_found(app, staff_client, shelf, login):
    review_url = _upload(staff_client, (HEADER + "L-1,Brass lamp,,,99.00,,,,\r\n").encode())
    review_url = review_url.headers["Location"]
    other = app.test_client()
    login(other, make_user("other@example.com", "staff"))
    assert other.get(review_url).status_code == 404


def test_the_list_links_to_the_import(staff_client, shelf):
    html = staff_client.get("/admin/products/").get_data(as_text=True)
    assert 'href="/admin/products/import"' in html
