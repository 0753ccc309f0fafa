"""Bulk actions from the staff list: review, apply once, what the review said is what is done,
and bad input answers next to its field with nothing changed."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

import pytest
from sqlalchemy import func, select

from shop.audit.models import AuditEntry
from shop.catalogue import bulk, bulk_jobs, services
from shop.catalogue.models import Product
from shop.extensions import db
from tests.helpers.a11y import assert_accessible
from tests.helpers.factories import make_category, make_product, make_user
from tests.helpers.forms import csrf_token_from


@pytest.fixture
def shelves(app):
    lamps = make_category("Lamps")
    chairs = make_category("Chairs")
    products = [
        make_product(f"Lamp {n}", category=lamps, price=f"{10 + n}.00", sku=f"L-{n}")
        for n in range(6)
    ] + [make_product(f"Chair {n}", category=chairs, price="40.00", sku=f"C-{n}") for n in range(3)]
    return {"lamps": lamps, "chairs": chairs, "products": products}


def _list(client, query: str = "") -> str:
    response = client.get(f"/admin/products/{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _review(client, html: str, **fields):
    data = {"csrf_token": csrf_token_from(html), "scope": "ticked", **fields}
    return client.post("/admin/products/bulk", data=data)


def _apply(client, review_url: str) -> tuple[str, str]:
    review = client.get(review_url).get_data(as_text=True)
    action = unescape(re.search(r'<form[^>]+action="([^"]+/apply[^"]*)"', review).group(1))
    response = client.post(action, data={"csrf_token": csrf_token_from(review)})
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["X-Accel-Buffering"] == "no"
    return review, response.get_data(as_text=True)


def _prices(ids) -> dict[int, Decimal]:
    db.session.expire_all()
    rows = db.session.execute(select(Product.id, Product.price_cents).where(Product.id.in_(ids)))
    return {pid: Decimal(cents) / 100 for pid, cents in rows}


def test_percent_on_all_matching_a_filter(staff_client, staff_user, shelves):
    lamps = shelves["lamps"]
    html = _list(staff_client, f"?category={lamps.id}")
    assert_accessible(html)
    assert "All 6 products matching the filter" in html
    response = _review(
        staff_client, html, scope="all", category=str(lamps.id), kind="price_percent", value="8"
    )
    assert response.status_code == 303
    review_url = response.headers["Location"]
    lamp_ids = [p.id for p in shelves["products"][:6]]
    before = _prices(lamp_ids)
    review, done = _apply(staff_client, review_url)
    assert_accessible(review)
    # The review said exactly what was then done.
    assert "6 products: price +8 %, rounded half up to the cent, never below 0.01" in review
    assert "Nothing has changed yet." in review
    assert "Done: 6 products changed." in done
    assert "6 of 6 products done" in done
    after = _prices(lamp_ids)
    for pid in lamp_ids:
        assert after[pid] == (before[pid] * Decimal("1.08")).quantize(Decimal("0.01"))
    chairs = _prices([p.id for p in shelves["products"][6:]])
    assert set(chairs.values()) == {Decimal("40.00")}
    audited = (
        select(func.count())
        .select_from(AuditEntry)
        .where(AuditEntry.action == "update", AuditEntry.user_id == staff_user.id)
    )
    assert db.session.scalar(audited) == 6
    # The back link returns to the same filtered list.
    assert f'href="/admin/products/?category={lamps.id}"' in done


def test_ticked_rows_a_conflict_is_reported_and_apply_runs_once(staff_client, shelves):
    first, second, third = shelves["products"][:3]
    html = _list(staff_client)
    response = staff_client.post(
        "/admin/products/bulk",
        data={
            "csrf_token": csrf_token_from(html), "scope": "ticked", "kind": "stock",
            "value": "0", "ids": [str(first.id), str(second.id), str(third.id)],
        },
    )  # fmt: skip
    review_url = response.headers["Location"]
    # Someone saves the second product after the review was shown.
    services.update_product(second.id, expected_version=second.version, stock=77)
    review, done = _apply(staff_client, review_url)
    assert "3 products: stock set to 0" in review
    assert "Done: 2 products changed." in done
    assert "1 saved by someone else since the review: not changed" in done
    assert f'href="/admin/products/{second.id}/edit">Lamp 1</a>' in done
    db.session.expire_all()
    stocks = dict(db.session.execute(select(Product.id, Product.stock)).all())
    assert (stocks[first.id], stocks[second.id], stocks[third.id]) == (0, 77, 0)
    # Applying again (a double click, the back button) changes nothing more.
    again = staff_client.post(
        review_url.split("?")[0] + "/apply", data={"csrf_token": csrf_token_from(review)}
    )
    assert again.status_code == 303
    page = staff_client.get(again.headers["Location"]).get_data(as_text=True)
    assert "This bulk change was applied already." in page and "2 changed" in page


@pytest.mark.parametrize(
    ("fields", "field_id", "message"),
    [
        ({"kind": "price_percent", "value": "lots"}, "value", "Enter a number."),
        ({"kind": "price_percent", "value": "-100"}, "value", "A percentage is from"),
        ({"kind": "move", "to_category": ""}, "to_category", "Choose a category."),
        ({"kind": "", "value": "3"}, "kind", "Choose an action."),
        ({"kind": "stock", "value": "5", "scope": "ticked"}, "scope", "Tick at least one"),
        ({"kind": "stock", "value": "5", "scope": "elsewhere"}, "scope", "Choose the ticked"),
    ],
)
def test_bad_input_answers_next_to_the_field_and_changes_nothing(
    staff_client, shelves, fields, field_id, message
):
    html = _list(staff_client)
    data = {"csrf_token": csrf_token_from(html), "scope": "all", **fields}
    response = staff_client.post("/admin/products/bulk", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert_accessible(page)
    errors = re.search(rf'<ul class="field__errors" id="{field_id}-error">(.*?)</ul>', page, re.S)
    assert errors and message in errors.group(1)
    assert db.session.scalar(select(func.count()).select_from(bulk_jobs.BulkJob)) == 0
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 1  # the account


def test_ticked_rows_stay_ticked_when_the_form_comes_back(staff_client, shelves):
    product = shelves["products"][0]
    html = _list(staff_client)
    data = {"csrf_token": csrf_token_from(html), "scope": "ticked", "kind": "stock",
            "value": "x", "ids": [str(product.id)]}  # fmt: skip
    page = staff_client.post("/admin/products/bulk", data=data).get_data(as_text=True)
    assert re.search(rf'id="pick-{product.id}"[^>]* checked', page)


def test_a_review_is_the_reviewers_own(app, staff_client, shelves, login):
    html = _list(staff_client)
    response = _review(staff_client, html, kind="publish", ids=[str(shelves["products"][0].id)])
    review_url = response.headers["Location"]
    other = app.test_client()
    login(other, make_user("someone@example.com"))
    assert other.get(review_url).status_code == 404
    token = csrf_token_from(other.get("/admin/").get_data(as_text=True))
    apply_url = review_url.split("?")[0] + "/apply"
    assert other.post(apply_url, data={"csrf_token": token}).status_code == 404
    assert staff_client.get(review_url).status_code == 200


def test_delete_in_bulk(staff_client, shelves):
    chairs = shelves["products"][6:]
    html = _list(staff_client)
    response = _review(staff_client, html, kind="delete", ids=[str(p.id) for p in chairs])
    review, done = _apply(staff_client, response.headers["Location"])
    assert "3 products: delete, with their photos (this cannot be undone)" in review
    assert "cannot be brought back" in review
    assert "Done: 3 products changed." in done
    assert db.session.scalar(select(func.count()).select_from(Product)) == 6


def test_review_and_run_query_counts_do_not_grow_with_the_products(staff_client, app):
    category = make_category()
    for n in range(120):
        make_product(category=category, commit=False, sku=f"QC-{n}")
    db.session.commit()
    html = _list(staff_client)
    response = _review(staff_client, html, scope="all", kind="stock", value="3")
    review = staff_client.get(response.headers["Location"])
    assert int(review.headers["X-Query-Count"]) <= 8


FAIL_ON_UPDATE = {
    "sqlite": [
        "CREATE TRIGGER bulk_test_fail BEFORE UPDATE ON products WHEN OLD.sku = 'L-4' "
        "BEGIN SELECT RAISE(ABORT, 'refused by a test trigger'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION bulk_test_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF OLD.sku = 'L-4' THEN RAISE EXCEPTION 'refused by a test trigger'; END IF; "
        "RETURN NEW; END $$",
        "CREATE TRIGGER bulk_test_fail BEFORE UPDATE ON products FOR EACH ROW "
        "EXECUTE FUNCTION bulk_test_fail()",
    ],
}
DROP_FAIL = {
    "sqlite": ["DROP TRIGGER bulk_test_fail"],
    "postgresql": ["DROP TRIGGER bulk_test_fail ON products", "DROP FUNCTION bulk_test_fail()"],
}


def _run_sql(statements) -> None:
    with db.engine.begin() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)


def test_a_run_that_stops_part_way_resumes_without_doing_anything_twice(
    staff_client, shelves, monkeypatch
):
    monkeypatch.setattr(bulk, "CHUNK_SIZE", 2)
    lamps = shelves["lamps"]
    lamp_ids = [p.id for p in shelves["products"][:6]]
    before = _prices(lamp_ids)
    dialect = db.engine.dialect.name
    _run_sql(FAIL_ON_UPDATE[dialect])  # a real database error in the third chunk
    html = _list(staff_client, f"?category={lamps.id}&sort=name")
    response = _review(
        staff_client, html, scope="all", category=str(lamps.id), kind="price_percent", value="10"
    )
    review_url = response.headers["Location"]
    _, stopped = _apply(staff_client, review_url)
    assert "Stopped after 4 of 6 products" in stopped
    _run_sql(DROP_FAIL[dialect])
    page = staff_client.get(review_url).get_data(as_text=True)
    assert "2 remain" in page and "Apply the rest (2)" in page
    _, done = _apply(staff_client, review_url)
    assert "Done: 6 products changed." in done
    after = _prices(lamp_ids)
    # Ten per cent once on every lamp: the resumed run did not touch the first four again.
    for pid in lamp_ids:
        assert after[pid] == (before[pid] * Decimal("1.1")).quantize(Decimal("0.01"))


def test_leaving_the_page_stops_after_the_chunk_and_the_rest_can_be_applied(
    staff_client, shelves, monkeypatch
):
    monkeypatch.setattr(bulk, "CHUNK_SIZE", 3)
    ids = [p.id for p in shelves["products"]]
    html = _list(staff_client)
    response = _review(staff_client, html, kind="stock", value="42", ids=[str(i) for i in ids])
    review_url = response.headers["Location"]
    review = staff_client.get(review_url).get_data(as_text=True)
    action = unescape(re.search(r'<form[^>]+action="([^"]+/apply[^"]*)"', review).group(1))
    streamed = staff_client.post(
        action, data={"csrf_token": csrf_token_from(review)}, buffered=False
    )
    body = b""
    for piece in streamed.response:
        body += piece
        if b"products done</li>" in body:
            break  # the first chunk is saved; the person closes the tab
    streamed.close()
    db.session.expire_all()
    stocks = dict(db.session.execute(select(Product.id, Product.stock)).all())
    assert sum(stocks[i] == 42 for i in ids) == 3
    page = staff_client.get(review_url).get_data(as_text=True)
    assert "stopped after 3 of 9 products" in page
    _, done = _apply(staff_client, review_url)
    assert "Done: 9 products changed." in done
    db.session.expire_all()
    assert set(db.session.scalars(select(Product.stock))) == {42}
