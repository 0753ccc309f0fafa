"""CSV export: every product the list's filter matches, for spreadsheets, formulas disarmed."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from shop.catalogue import csv_export
from shop.catalogue.models import Product
from shop.extensions import db
from tests.helpers.factories import make_category, make_product


def _rows(response) -> list[dict[str, str]]:
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark, for spreadsheets
    text = body.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    # Every record ends with CRLF; a newline inside a quoted cell stays as it was stored.
    assert text.count("\r\n") == len(rows) + 1 + sum(
        "\r\n" in value for row in rows for value in row.values()
    )
    return rows


@pytest.fixture
def catalogue(app):
    lamps = make_category("Lamps", slug="lamps")
    desk = make_category("Desk lamps", parent=lamps, slug="desk-lamps")
    garden = make_category("Garden", slug="garden")
    make_product("Brass lamp", category=lamps, sku="L-1", price="89.00", stock=3,
                 description="Warm light.\nTwo bulbs.")  # fmt: skip
    make_product("Crème desk lamp", category=desk, sku="L-2", price="45.50", stock=0,
                 is_published=False)  # fmt: skip
    make_product("=HYPERLINK(\"http://x\")", category=garden, sku="+SKU", price="1.00",
                 description="-a list\n- of things")  # fmt: skip
    make_product("@risky", category=garden, sku="\tTAB", price="2.00", description="\rcarriage")
    return {"lamps": lamps, "garden": garden}


def test_export_streams_every_product_of_the_filter(staff_client, catalogue):
    response = staff_client.get(f"/admin/products/export.csv?category={catalogue['lamps'].id}")
    assert response.status_code == 200 and response.is_streamed
    assert response.mimetype == "text/csv" and response.mimetype_params["charset"] == "utf-8"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="products-')
    rows = _rows(response)
    assert list(rows[0]) == list(csv_export.COLUMNS)
    assert [r["sku"] for r in rows] == ["L-1", "L-2"]  # with the subcategory's product
    first, second = rows
    assert first == {
        "sku": "L-1", "name": "Brass lamp", "slug": first["slug"], "category": "lamps",
        "price": "89.00", "stock": "3", "published": "yes", "featured": "no",
        "description": "Warm light.\nTwo bulbs.",
    }  # fmt: skip
    assert (second["name"], second["category"], second["published"]) == (
        "Crème desk lamp",
        "desk-lamps",
        "no",
    )


def test_formula_cells_are_made_text_and_come_back_exactly(staff_client, catalogue):
    rows = _rows(staff_client.get(f"/admin/products/export.csv?category={catalogue['garden'].id}"))
    by_sku = {r["sku"]: r for r in rows}
    assert set(by_sku) == {"'+SKU", "'\tTAB"}
    formula = by_sku["'+SKU"]
    assert formula["name"] == '\'=HYPERLINK("http://x")'
    assert formula["description"] == "'-a list\n- of things"
    risky = by_sku["'\tTAB"]
    assert (risky["name"], risky["description"]) == ("'@risky", "'\rcarriage")
    # What the import will do first: every cell back as it was stored.
    stored = {p.sku: p for p in db.session.scalars(select(Product))}
    for row in rows:
        product = stored[csv_export.restore(row["sku"])]
        assert csv_export.restore(row["name"]) == product.name
        assert csv_export.restore(row["description"]) == product.description
    assert csv_export.restore("'plain") == "'plain"  # an apostrophe of the text's own stays


def test_the_whole_catalogue_in_chunks(staff_client, app, monkeypatch):
    monkeypatch.setattr(csv_export, "READ_CHUNK", 7)
    category = make_category("Bulk")
    for n in range(30):
        make_product(f"Item {n}", category=category, sku=f"I-{n:02d}", commit=False)
    db.session.commit()
    rows = _rows(staff_client.get("/admin/products/export.csv?sort=name"))
    assert sorted(r["sku"] for r in rows) == [f"I-{n:02d}" for n in range(30)]


def test_the_list_links_to_the_export_of_its_filter(staff_client, catalogue):
    html = staff_client.get("/admin/products/?q=lamp&stock=in").get_data(as_text=True)
    assert 'href="/admin/products/export.csv?q=lamp&amp;stock=in"' in html
