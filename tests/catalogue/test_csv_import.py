"""CSV import: the dry run says what apply does; a hostile file gets a readable reason and
changes nothing; export -> import -> export gives the same bytes."""

from __future__ import annotations

import codecs
import csv
import io
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text

from shop.audit.models import AuditEntry
from shop.catalogue import csv_export, csv_import, csv_read, services
from shop.catalogue.csv_apply import ImportRefused, apply_import
from shop.catalogue.csv_read import FileRefused
from shop.catalogue.errors import StaleEdit
from shop.catalogue.models import CatalogueState, Product, ProductSlugHistory
from shop.catalogue.staff_list import StaffProductFilter
from shop.dbtypes import utcnow
from shop.extensions import db
from tests.helpers.factories import make_category, make_product

HEADER = "sku,name,slug,category,price,stock,published,featured,description\r\n"


@pytest.fixture
def shelf(app):
    lamps = make_category("Lamps", slug="lamps")
    garden = make_category("Garden", slug="garden")
    make_product("Brass lamp", category=lamps, sku="L-1", slug="brass-lamp", price="89.00",
                 stock=3, description="Warm light.\nTwo bulbs.")  # fmt: skip
    make_product("Crème lamp", category=lamps, sku="L-2", slug="creme-lamp", price="45.50",
                 stock=0, is_published=False)  # fmt: skip
    make_product('=HYPERLINK("http://x")', category=garden, sku="+SKU", slug="hyperlink",
                 price="1.00", description="-a list\n- of things")  # fmt: skip
    make_product("@risky", category=garden, sku="\tTAB", slug="risky", price="2.00",
                 description="\rcarriage")  # fmt: skip
    return {"lamps": lamps, "garden": garden}


def _export() -> bytes:
    return "".join(csv_export.export_lines(StaffProductFilter())).encode("utf-8")


def _catalogue() -> list[tuple]:
    db.session.expire_all()
    rows = db.session.execute(
        select(Product.sku, Product.name, Product.slug, Product.category_id, Product.price_cents,
               Product.stock, Product.is_published, Product.is_featured, Product.description,
               Product.version).order_by(Product.sku)
    )  # fmt: skip
    return [tuple(row) for row in rows]


def _version() -> int:
    return db.session.scalar(select(CatalogueState.version)) or 0


def _audit_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry))


def test_export_import_export_is_byte_identical_and_changes_nothing(shelf):
    first = _export()
    before, version, audits = _catalogue(), _version(), _audit_count()
    plan = csv_import.plan_import(first)
    assert (len(plan.creates), len(plan.updates), plan.unchanged, plan.errors) == (0, 0, 4, [])
    outcome = apply_import(first)
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 0, 4)
    assert _catalogue() == before
    assert (_version(), _audit_count()) == (version, audits)
    assert _export() == first


def test_dry_run_says_what_apply_does(shelf, staff_user):
    data = (
        HEADER
        + "L-1,Brass lamp,brass-lamp,garden,99.50,3,yes,yes,Warm light.\n"  # two fields + move
        + 'N-1,New chair,,lamps,"12,50",,no,,\r\n'  # a new one: a slug from the name
        + 'N-2,"Quoted ""name""",quoted,garden,5,7,yes,no,"two\r\nlines"\r\n'
    ).encode()
    snapshot = _catalogue()
    plan = csv_import.plan_import(data)
    assert plan.errors == [] and _catalogue() == snapshot  # a dry run writes nothing
    assert [(c.line, c.sku) for c in plan.creates] == [(3, "N-1"), (4, "N-2")]
    (update,) = plan.updates
    assert update.changes == {
        "category": ["Lamps", "Garden"],
        "description": ["Warm light.\nTwo bulbs.", "Warm light."],
        "featured": [False, True],
        "price": ["89.00", "99.50"],
    }
    version = _version()
    outcome = apply_import(data, expected_digest=plan.digest(), actor=staff_user)
    assert (outcome.created, outcome.updated, outcome.unchanged) == (2, 1, 0)
    assert _version() == version + 1  # once for the whole file
    chair = db.session.scalar(select(Product).where(Product.sku == "N-1"))
    assert (chair.name, chair.slug, chair.price, chair.stock, chair.is_published) == (
        "New chair", "new-chair", Decimal("12.50"), 0, False)  # fmt: skip
    quoted = db.session.scalar(select(Product).where(Product.sku == "N-2"))
    assert (quoted.name, quoted.description) == ('Quoted "name"', "two\r\nlines")
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "product")
                                 .where(AuditEntry.source == "import")).all()  # fmt: skip
    assert sorted((e.action, e.entity_label) for e in entries) == [
        ("create", "New chair"), ("create", 'Quoted "name"'), ("update", "Brass lamp")]  # fmt: skip
    assert all(e.user_email == staff_user.email for e in entries)
    created = next(e for e in entries if e.entity_label == "New chair")
    # As the form's create logs it: every field with a value (an empty moment is no change).
    state = services.product_state(chair)
    assert set(created.changes) == {name for name, value in state.items() if value is not None}
    assert created.changes["price"] == [None, "12.50"]
    lamp = db.session.scalar(select(Product).where(Product.sku == "L-1"))
    assert next(e for e in entries if e.action == "update").changes == update.changes
    assert lamp.version == 2 and lamp.price == Decimal("99.50")
    # The same file again: nothing to do.
    again = csv_import.plan_import(data)
    assert (len(again.creates), len(again.updates), again.unchanged) == (0, 0, 3)


def test_a_changed_slug_keeps_the_old_address(shelf):
    data = (HEADER.split(",")[0] + ",slug\r\nL-1,bright-lamp\r\n").encode()
    assert apply_import(data).updated == 1
    history = db.session.scalars(select(ProductSlugHistory.slug)).all()
    assert history == ["brass-lamp"]
    # A new product cannot take the old address, nor a taken one.
    clash = (HEADER + "N-1,Lamp,brass-lamp,lamps,5,1,no,no,\r\n"
             "N-2,Lamp,creme-lamp,lamps,5,1,no,no,\r\n").encode()  # fmt: skip
    plan = csv_import.plan_import(clash)
    assert [(e.line, e.reason) for e in plan.errors] == [
        (2, "slug: 'brass-lamp' is already used; choose another."),
        (3, "slug: 'creme-lamp' is already used; choose another."),
    ]


def test_version_changed_since_the_dry_run_is_refused(shelf):
    data = (HEADER.split(",")[0] + ",stock\r\nL-1,50\r\nL-2,60\r\n").encode()
    plan = csv_import.plan_import(data)
    lamp = db.session.scalar(select(Product).where(Product.sku == "L-2"))
    services.update_product(lamp.id, expected_version=lamp.version, name="Cream lamp")
    before, version = _catalogue(), _version()
    with pytest.raises(StaleEdit, match="changed since the dry run"):
        apply_import(data, expected_digest=plan.digest())
    assert (_catalogue(), _version()) == (before, version)


def test_a_write_that_meets_a_concurrent_save_rolls_back_whole(shelf, monkeypatch):
    data = (HEADER + "N-9,New,,lamps,5,1,no,no,\r\nL-1,Brass lamp,,,,50,,,\r\n").encode()
    before, version = _catalogue(), _version()
    original = csv_import._Planner.run

    def planned_then_saved(self):
        plan = original(self)
        db.session.execute(text("UPDATE products SET version = version + 1 WHERE sku = 'L-1'"))
        return plan

    monkeypatch.setattr(csv_import._Planner, "run", planned_then_saved)
    with pytest.raises(StaleEdit):
        apply_import(data)
    assert (_catalogue(), _version()) == (before, version)  # the new product went too


def _refused(data: bytes, match: str) -> None:
    before, version, audits = _catalogue(), _version(), _audit_count()
    with pytest.raises(FileRefused, match=match):
        csv_import.plan_import(data)
    with pytest.raises(FileRefused, match=match):
        apply_import(data)
    assert (_catalogue(), _version(), _audit_count()) == (before, version, audits)


def _bad_rows(data: bytes) -> list[tuple[int, str]]:
    before, version, audits = _catalogue(), _version(), _audit_count()
    errors = [(e.line, e.reason) for e in csv_import.plan_import(data).errors]
    with pytest.raises(ImportRefused, match="nothing was imported"):
        apply_import(data)
    assert (_catalogue(), _version(), _audit_count()) == (before, version, audits)
    return errors


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"", "The file is empty"),
        (bytes(range(256)) * 40, "not text the shop can read"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 100, "not text the shop can read"),
        ("sku,name\r\nA,caf\u00e9\r\n".encode("utf-32"), "not text the shop can read"),
        (b"name,price\r\nLamp,5\r\n", r"sku is required"),
        (b"sku,colour,size\r\nA,red,L\r\n", r"Not columns of a product: 'colour', 'size'"),
        (b"sku,name,name\r\nA,b,c\r\n", "The column name appears more than once"),
    ],
    ids=["empty", "binary", "png", "utf-32", "no-sku", "unknown", "repeated"],
)
def test_unreadable_files_are_refused_whole(shelf, data, match):
    _refused(data, match)


def test_a_million_rows_are_refused_quickly(shelf):
    data = b"sku,stock\r\n" + b"".join(b"S-%d,1\r\n" % n for n in range(1_000_000))
    started = time.perf_counter()
    _refused(data, "more than 200,000 products")
    assert time.perf_counter() - started < 10


def test_bad_rows_are_each_named_with_their_line(shelf):
    data = (
        HEADER
        + "L-1,Brass lamp,,lamps,free,3,yes,no,\r\n"  # 2
        + 'N-1,"A name\nover two lines",,nowhere,5,-1,maybe,no,x\r\n'  # 3 (and 4)
        + "N-2,Chair,,lamps,0,1,no,no,\r\n"  # 5
        + "N-3,Chair\r\n"  # 6
        + "N-4,,,,,,,,\r\n"  # 7
        + "N-5,Stool,,garden,1.005,1,no,no,\r\n"  # 8
        + "L-1,Dup,,lamps,5,1,no,no,\r\n"  # 9
        + ",Blank sku,,lamps,5,1,no,no,\r\n"  # 10
        + "N-6,Fine,,garden,5,1,no,no,\r\n"  # 11: good, yet nothing applies
    ).encode()
    assert _bad_rows(data) == [
        (2, "price: write an amount such as 12.50, not 'free'."),
        (3, "category: no category has the slug 'nowhere'. stock: write a whole number (0 or "
            "more), not '-1'. published: write yes or no, not 'maybe'."),
        (5, "price: A price is more than 0 and at most 9999999.99, with at most 2 decimals."),
        (6, "This row has 2 cells; the first line names 9 columns."),
        (7, "A new product (no product has this SKU) needs name, price and category."),
        (8, "price: write an amount such as 12.50, not '1.005'."),
        (9, "The SKU 'L-1' is also on line 2."),
        (10, "sku: A SKU has 1 to 64 characters."),
    ]  # fmt: skip


def test_formula_cells_are_stored_as_text_never_run(shelf):
    data = (HEADER + "'=1+2,'=1+2,,garden,5,1,no,no,'@SUM(A1)\r\n"
            "=cmd|' /C calc'!A0,-2+3,,garden,5,1,no,no,+x\r\n").encode()  # fmt: skip
    assert apply_import(data).created == 2
    stored = {p.sku: p for p in db.session.scalars(select(Product))}
    assert (stored["=1+2"].name, stored["=1+2"].description) == ("=1+2", "@SUM(A1)")
    assert stored["=cmd|' /C calc'!A0"].name == "-2+3"
    exported = _export().decode("utf-8-sig")
    assert "'=1+2,'=1+2," in exported and "'=cmd|' /C calc'!A0,'-2+3," in exported


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (lambda t: t.encode("utf-8"), "UTF-8"),
        (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "UTF-8"),
        (lambda t: t.encode("utf-16"), "UTF-16"),
        (lambda t: t.encode("cp1252"), "Windows-1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "cp1252"],
)
@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_encodings_and_delimiters(shelf, encode, encoding, delimiter):
    rows = [["sku", "name", "category", "price"], ["N-1", "Caf\u00e9 chair", "lamps", "12,50"]]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    plan = csv_import.plan_import(encode(buffer.getvalue()))
    assert (plan.encoding, plan.delimiter, plan.errors) == (encoding, delimiter, [])
    (create,) = plan.creates
    assert (create.values["name"], create.values["price_cents"]) == ("Caf\u00e9 chair", 1250)


def test_empty_cells_keep_values_but_description_may_be_cleared(shelf):
    data = (HEADER + "L-1,,,,,,,,\r\n").encode()
    plan = csv_import.plan_import(data)
    (update,) = plan.updates
    assert update.changes == {"description": ["Warm light.\nTwo bulbs.", ""]}
    # Without a description column, nothing changes.
    assert csv_import.plan_import(b"sku,name,stock\r\nL-1,,\r\n").unchanged == 1


def test_row_cap_counts_records_not_line_breaks(shelf, monkeypatch):
    monkeypatch.setattr(csv_read, "MAX_ROWS", 3)
    data = HEADER + "".join(f'N-{n},Item {n},,lamps,5,1,no,no,"a\nb\nc"\r\n' for n in range(3))
    plan = csv_import.plan_import(data.encode())
    assert (len(plan.creates), plan.errors) == (3, [])
    with pytest.raises(FileRefused, match="more than 3 products"):
        csv_import.plan_import((data + "N-9,x\r\n").encode())


@pytest.mark.parametrize(("published", "live"), [("yes", True), ("no", False)])
def test_publishing_or_unpublishing_in_a_file_ends_a_schedule(shelf, published, live):
    """As the publish buttons do: a file that sets "published" overrides a waiting moment:
    a draft waiting to go live is published now, a live product with an end is taken off."""
    product = db.session.scalar(select(Product).where(Product.sku == "L-1"))
    later = utcnow() + timedelta(days=1)
    waiting = {"is_published": False, "publish_at": later} if live else {"unpublish_at": later}
    services.update_product(product.id, expected_version=product.version, **waiting)
    assert apply_import(f"sku,published\r\nL-1,{published}\r\n".encode()).updated == 1
    db.session.expire_all()
    fresh = db.session.get(Product, product.id)
    assert fresh.is_published is live
    assert fresh.publish_at is None and fresh.unpublish_at is None
