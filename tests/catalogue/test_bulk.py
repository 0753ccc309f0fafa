"""Bulk changes: each action against a fresh read of the rows, audit per product, one catalogue
version per chunk, conflicts reported and never overwritten, the stated rounding rule."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from shop.audit.models import AuditEntry
from shop.catalogue import services
from shop.catalogue.bulk import BulkChange, apply_bulk, new_price, parse_change, snapshot
from shop.catalogue.errors import CatalogueError
from shop.catalogue.models import CatalogueState, Product, ProductImage
from shop.extensions import db
from shop.images import MediaStorage
from tests.helpers.factories import make_category, make_image, make_product, make_user

PRICES = ["12.34", "0.05", "99.99", "10.00", "1.00", "45.50", "7.77", "0.01", "250.00", "3.33"]


@pytest.fixture
def staff(app):
    return make_user("bulk@example.com")


@pytest.fixture
def products(app):
    category = make_category("Lamps")
    return [
        make_product(f"Lamp {n}", category=category, price=price, stock=n, is_published=n % 2 == 0)
        for n, price in enumerate(PRICES)
    ]


def _fresh() -> dict[int, Product]:
    db.session.expire_all()
    return {p.id: p for p in db.session.scalars(select(Product))}


def _version() -> int:
    return db.session.scalar(select(CatalogueState.version))


def _entries(action: str | None = None) -> list[AuditEntry]:
    stmt = select(AuditEntry).where(AuditEntry.entity_type == "product")
    if action:
        stmt = stmt.where(AuditEntry.action == action)
    return list(db.session.scalars(stmt))


@pytest.mark.parametrize(
    ("percent", "price", "expected"),
    [
        ("8", "12.34", "13.33"),  # 13.3272
        ("10", "0.05", "0.06"),  # 0.055: half up
        ("-99.99", "0.05", "0.01"),  # never below a cent
        ("-50", "0.01", "0.01"),
        ("33.33", "3.33", "4.44"),  # 4.439889
        ("-10", "10.05", "9.05"),  # 9.045: half up
    ],
)
def test_percent_rounding_rule(percent, price, expected):
    change = BulkChange("price_percent", Decimal(percent))
    assert new_price(Decimal(price), change) == Decimal(expected)


def test_a_percentage_raises_every_price_audits_each_and_moves_the_version_per_chunk(
    products, staff
):
    change = BulkChange("price_percent", Decimal("8"))
    before_prices = {p.id: p.price for p in products}
    before_versions = {p.id: p.version for p in products}
    before_version = _version()
    chunks_seen = []
    outcome = apply_bulk(
        change,
        snapshot(p.id for p in products),
        actor=staff,
        chunk_size=3,
        progress=lambda done, total, _: chunks_seen.append((done, total)),
    )
    assert chunks_seen == [(3, 10), (6, 10), (9, 10), (10, 10)]
    assert _version() == before_version + 4  # one per chunk, not one per product
    fresh = _fresh()
    for product_id, old in before_prices.items():
        raised = (old * Decimal("1.08")).quantize(Decimal("0.01"), "ROUND_HALF_UP")
        expected = max(raised, Decimal("0.01"))
        assert fresh[product_id].price == expected
    changed = [pid for pid, old in before_prices.items() if fresh[pid].price != old]
    assert outcome.changed == len(changed) and outcome.unchanged == 10 - len(changed)
    entries = _entries("update")
    assert sorted(e.entity_id for e in entries) == sorted(changed)
    for entry in entries:
        assert entry.user_id == staff.id
        old, new = entry.changes["price"]
        assert Decimal(new) == fresh[entry.entity_id].price and Decimal(old) != Decimal(new)
    assert {pid: fresh[pid].version - v for pid, v in before_versions.items()} == {
        pid: int(pid in changed) for pid in before_versions
    }


@pytest.mark.parametrize(
    ("change", "field", "value"),
    [
        (BulkChange("publish"), "is_published", True),
        (BulkChange("unpublish"), "is_published", False),
        (BulkChange("stock", 7), "stock", 7),
        (BulkChange("price_amount", Decimal("-5.00")), None, None),
    ],
)
def test_each_action_gives_what_a_fresh_read_shows(products, staff, change, field, value):
    before = {p.id: (p.version, p.price) for p in products}
    outcome = apply_bulk(change, snapshot(p.id for p in products), actor=staff)
    fresh = _fresh()
    if field is None:  # price by an amount, floored at a cent
        for pid, (_, price) in before.items():
            assert fresh[pid].price == max(price - 5, Decimal("0.01"))
    else:
        assert {getattr(p, field) for p in fresh.values()} == {value}
    touched = [pid for pid, (version, _) in before.items() if fresh[pid].version != version]
    assert outcome.changed == len(touched) and len(_entries()) == len(touched)
    if change.kind in ("publish", "unpublish"):
        assert {e.action for e in _entries()} == {change.kind}


def test_move_to_a_category(products, staff):
    garden = make_category("Garden")
    apply_bulk(BulkChange("move", garden.id), snapshot(p.id for p in products[:4]), actor=staff)
    fresh = _fresh()
    assert [fresh[p.id].category_id for p in products[:4]] == [garden.id] * 4
    assert {fresh[p.id].category_id for p in products[4:]} == {products[4].category_id}
    assert {tuple(e.changes["category"]) for e in _entries()} == {("Lamps", "Garden")}


def test_a_product_saved_since_is_reported_not_overwritten(app, products, staff):
    versions = snapshot(p.id for p in products)
    edited = products[3]
    services.update_product(edited.id, expected_version=edited.version, stock=99)
    gone = products[5]
    services.delete_product(gone.id, storage=MediaStorage(app.config["MEDIA_ROOT"]))
    outcome = apply_bulk(BulkChange("stock", 0), versions, actor=staff)
    fresh = _fresh()
    assert fresh[edited.id].stock == 99
    assert outcome.conflicts == [(edited.id, edited.name)] and outcome.gone == 1
    assert outcome.changed + outcome.unchanged == 8
    assert all(p.stock == 0 for pid, p in fresh.items() if pid != edited.id)


def test_a_price_that_would_pass_the_maximum_is_refused_for_that_product(products, staff):
    expensive = make_product("Chandelier", price="9000000.00")
    versions = snapshot([expensive.id, products[0].id])
    outcome = apply_bulk(BulkChange("price_percent", Decimal("20")), versions, actor=staff)
    assert [(r[0], r[2]) for r in outcome.refused] == [
        (expensive.id, "The price would be 10800000.00, above 9999999.99.")
    ]
    fresh = _fresh()
    assert fresh[expensive.id].price == Decimal("9000000.00")
    assert fresh[products[0].id].price == Decimal("14.81")  # 14.808


def test_delete_removes_products_photos_and_their_files(app, products, staff):
    storage = MediaStorage(app.config["MEDIA_ROOT"])
    image = make_image(products[0])
    for key in image.file_keys():
        storage.path(key).parent.mkdir(parents=True, exist_ok=True)
        storage.path(key).write_bytes(b"x")
    keys = image.file_keys()
    doomed = [p.id for p in products[:3]]
    outcome = apply_bulk(BulkChange("delete"), snapshot(doomed), actor=staff, storage=storage)
    assert outcome.changed == 3
    assert db.session.scalar(select(func.count()).select_from(Product)) == 7
    assert db.session.scalar(select(func.count()).select_from(ProductImage)) == 0
    assert not any(storage.path(key).exists() for key in keys)
    assert sorted(e.entity_id for e in _entries("delete")) == sorted(doomed)


def test_the_confirmation_sentence():
    assert (
        BulkChange("price_percent", Decimal("8")).describe(312)
        == "312 products: price +8 %, rounded half up to the cent, never below 0.01"
    )
    assert BulkChange("price_amount", Decimal("-2.5")).describe(1) == (
        "1 product: price -2.50, never below 0.01"
    )
    assert BulkChange("move", 3).describe(40, "Garden") == "40 products: move to Garden"


@pytest.mark.parametrize(
    ("kind", "raw", "message"),
    [
        ("price_percent", "abc", "Enter a number."),
        ("price_percent", "0", "Enter an amount other than 0."),
        ("price_percent", "-100", "A percentage is from -99.99 to 1000."),
        ("price_percent", "1.234", "Use at most 2 decimals."),
        ("price_percent", "NaN", "Enter a number."),
        ("price_amount", "1e9", "An amount is at most 9999999.99."),
        ("stock", "-1", "Stock is from 0 to 999999999."),
        ("stock", "2.5", "Enter a number."),
        ("move", "", "Choose a category."),
        ("move", "999999", "Choose an existing category."),
        ("bogus", "", "Choose an action."),
    ],
)
def test_bad_values_are_refused_with_a_message(app, kind, raw, message):
    with pytest.raises(CatalogueError) as excinfo:
        parse_change(kind, raw)
    assert str(excinfo.value) == message


def test_parse_accepts_what_people_type(app):
    assert parse_change("price_percent", " 8 % ").value == Decimal("8")
    assert parse_change("price_amount", "-2,50").value == Decimal("-2.50")
    assert parse_change("stock", "12").value == 12
