"""Scheduled publishing: the rules for the two moments, and making the due ones happen."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from shop.audit.models import AuditEntry
from shop.catalogue import services
from shop.catalogue.bulk import BulkChange, apply_bulk
from shop.catalogue.errors import CatalogueError
from shop.catalogue.models import CatalogueState, Product
from shop.catalogue.queries import version_and_categories
from shop.catalogue.schedule import apply_due, check_schedule
from shop.dbtypes import utcnow
from shop.extensions import db
from tests.helpers.factories import make_category, make_product

HOUR = timedelta(hours=1)


def _version() -> int:
    return db.session.scalar(select(CatalogueState.version)) or 0


def _fresh(product_id: int) -> Product:
    db.session.expire_all()
    return db.session.get(Product, product_id)


def _scheduled(publish_in=HOUR, unpublish_in=None, **fields) -> Product:
    now = utcnow()
    return services.create_product(
        name=fields.pop("name", "Spring jacket"),
        sku=fields.pop("sku", "SPRING-1"),
        price=fields.pop("price", Decimal("49.00")),
        category_id=make_category("Coats").id,
        publish_at=now + publish_in if publish_in is not None else None,
        unpublish_at=now + unpublish_in if unpublish_in is not None else None,
        **fields,
    )


@pytest.mark.parametrize(
    ("current", "changes", "field", "message"),
    [
        ({}, {"publish_at": -HOUR}, "publish_at", "Choose a moment in the future."),
        ({}, {"is_published": True, "unpublish_at": -HOUR}, "unpublish_at", "in the future"),
        ({}, {"is_published": True, "publish_at": HOUR}, "publish_at", "untick Published"),
        ({}, {"unpublish_at": HOUR}, "unpublish_at", "Only a published or scheduled"),
        (
            {},
            {"publish_at": 2 * HOUR, "unpublish_at": HOUR},
            "unpublish_at",
            "after the moment it is published",
        ),
        (
            {"is_published": False, "publish_at": HOUR},
            {"unpublish_at": HOUR},
            "unpublish_at",
            "after the moment it is published",
        ),
    ],
)
def test_a_schedule_that_makes_no_sense_is_refused(current, changes, field, message):
    now = utcnow()
    as_moments = {k: now + v if isinstance(v, timedelta) else v for k, v in current.items()}
    changed = {k: now + v if isinstance(v, timedelta) else v for k, v in changes.items()}
    with pytest.raises(CatalogueError, match=message) as caught:
        check_schedule(as_moments, changed, now)
    assert caught.value.field == field


def test_a_stored_moment_that_just_passed_does_not_block_other_edits():
    now = utcnow()
    stored = {"is_published": False, "publish_at": now - timedelta(seconds=5)}
    check_schedule(stored, {"publish_at": stored["publish_at"], "is_published": False}, now)


def test_a_refused_schedule_changes_nothing(app):
    product = make_product("Lamp", is_published=False)
    before = (_version(), product.version)
    with pytest.raises(CatalogueError):
        services.update_product(
            product.id, expected_version=product.version, publish_at=utcnow() - HOUR
        )
    fresh = _fresh(product.id)
    assert fresh.publish_at is None and (_version(), fresh.version) == before


def test_nothing_happens_before_the_moment(app):
    product = _scheduled()
    version = _version()
    assert not apply_due(utcnow())
    fresh = _fresh(product.id)
    assert not fresh.is_published and fresh.publish_at is not None
    assert _version() == version


def test_at_its_moment_a_product_is_published_audited_and_the_version_moves_once(app):
    first, second = _scheduled(sku="A"), _scheduled(sku="B", name="Rain hat")
    version = _version()
    outcome = apply_due(utcnow() + 2 * HOUR)
    assert sorted(outcome.published) == sorted([first.id, second.id])
    assert outcome.unpublished == []
    for product_id in (first.id, second.id):
        fresh = _fresh(product_id)
        assert fresh.is_published and fresh.publish_at is None
    assert _version() == version + 1
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "publish").order_by(AuditEntry.entity_id)
    ).all()
    assert [(e.entity_id, e.source, e.user_id) for e in entries] == sorted(
        [(first.id, "schedule", None), (second.id, "schedule", None)]
    )
    assert entries[0].changes == {"published": [False, True]}
    # Done once: a second look finds nothing left and moves nothing.
    assert not apply_due(utcnow() + 2 * HOUR)
    assert _version() == version + 1


def test_at_its_end_a_product_goes_back_to_draft(app):
    product = make_product("Advent calendar")
    services.update_product(
        product.id, expected_version=product.version, unpublish_at=utcnow() + HOUR
    )
    outcome = apply_due(utcnow() + 2 * HOUR)
    assert outcome.unpublished == [product.id]
    fresh = _fresh(product.id)
    assert not fresh.is_published and fresh.unpublish_at is None


def test_a_window_that_passed_unseen_ends_off_the_shop(app):
    product = _scheduled(publish_in=HOUR, unpublish_in=2 * HOUR)
    outcome = apply_due(utcnow() + 3 * HOUR)
    assert outcome.published == [product.id] and outcome.unpublished == [product.id]
    fresh = _fresh(product.id)
    assert not fresh.is_published and fresh.publish_at is None and fresh.unpublish_at is None


def test_the_version_read_carries_the_next_moment(app):
    assert version_and_categories(None).next_moment is None
    product = _scheduled(publish_in=2 * HOUR, unpublish_in=3 * HOUR)
    read = version_and_categories(None)
    assert read.next_moment == _fresh(product.id).publish_at
    live = make_product("Scarf")
    services.update_product(live.id, expected_version=live.version, unpublish_at=utcnow() + HOUR)
    assert version_and_categories(None).next_moment == _fresh(live.id).unpublish_at


def test_publishing_by_hand_ends_the_wait(app):
    product = _scheduled(unpublish_in=2 * HOUR)
    services.set_published(product.id, True)
    fresh = _fresh(product.id)
    assert fresh.is_published and fresh.publish_at is None
    assert fresh.unpublish_at is not None  # its end stays
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "publish", AuditEntry.entity_id == product.id)
    ).one()
    assert set(entry.changes) == {"published", "publish at"}
    services.set_published(product.id, False)
    fresh = _fresh(product.id)
    assert not fresh.is_published and fresh.unpublish_at is None


def test_unpublishing_a_scheduled_draft_cancels_its_schedule(app):
    product = _scheduled()
    services.set_published(product.id, False)
    assert _fresh(product.id).publish_at is None


def test_a_door_that_only_sets_published_ends_the_wait(app):
    """The API and imports send is_published alone: the schedule it overrides goes."""
    product = _scheduled()
    services.update_product(product.id, expected_version=product.version, is_published=True)
    fresh = _fresh(product.id)
    assert fresh.is_published and fresh.publish_at is None


@pytest.mark.parametrize("kind", ["publish", "unpublish"])
def test_bulk_publish_and_unpublish_end_the_wait(app, kind):
    waiting = _scheduled(sku="W")
    versions = {waiting.id: waiting.version}
    outcome = apply_bulk(BulkChange(kind), versions, actor=None)
    assert outcome.changed == 1
    fresh = _fresh(waiting.id)
    assert fresh.is_published is (kind == "publish") and fresh.publish_at is None
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == kind, AuditEntry.entity_id == waiting.id)
    ).one()
    assert "publish at" in entry.changes
