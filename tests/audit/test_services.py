"""Writing the audit log: what `diff` reports, and what `record` keeps (never a secret)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select

from shop.audit import services as audit
from shop.audit.models import AuditEntry
from shop.extensions import db


def test_diff_lists_only_changed_fields_in_order():
    before = {"name": "Oak Board", "stock": 5, "slug": "oak-board", "note": "old"}
    after = {"stock": 7, "name": "Oak Board", "slug": "oak-board-2", "colour": "brown"}
    assert audit.diff(before, after) == {
        "colour": [None, "brown"],
        "note": ["old", None],
        "slug": ["oak-board", "oak-board-2"],
        "stock": [5, 7],
    }
    assert list(audit.diff(before, after)) == ["colour", "note", "slug", "stock"]
    assert audit.diff(before, dict(before)) == {}


def test_diff_writes_decimals_and_times_as_json_text():
    at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    changes = audit.diff(
        {"price": Decimal("19.90"), "published_at": None},
        {"price": Decimal("21.00"), "published_at": at},
    )
    assert changes == {
        "price": ["19.90", "21.00"],
        "published_at": [None, "2026-01-02T03:04:05+00:00"],
    }
    # Equal values of these types are no change.
    assert audit.diff({"price": Decimal("5.00")}, {"price": Decimal("5.00")}) == {}


def test_diff_never_reports_secret_fields():
    before = {"password": "old secret", "password_hash": "scrypt:1", "session_token": "a"}
    after = {"password": "new secret", "password_hash": "scrypt:2", "session_token": "b"}
    assert audit.diff(before, after) == {}
    assert audit.diff({**before, "role": "staff"}, {**after, "role": "admin"}) == {
        "role": ["staff", "admin"]
    }


def _stored() -> list[AuditEntry]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_record_drops_secret_fields_and_joins_the_callers_transaction(app, admin_user):
    entry = audit.record(
        admin_user,
        "update",
        "user",
        42,
        "someone@example.com",
        {
            "role": ["staff", "admin"],
            "password": ["old secret", "new secret"],
            "password_hash": ["scrypt:1", "scrypt:2"],
            "session_token": ["a", "b"],
        },
    )
    assert entry in db.session.new  # added, not committed: the calling service commits
    db.session.commit()
    [stored] = [e for e in _stored() if e.entity_id == 42]
    assert stored.changes == {"role": ["staff", "admin"]}
    assert (stored.user_id, stored.user_email) == (admin_user.id, "admin@example.com")
    assert (stored.action, stored.entity_type, stored.entity_label) == (
        "update",
        "user",
        "someone@example.com",
    )
    assert "secret" not in repr(stored.changes)


def test_record_without_an_actor_and_with_a_long_label(app):
    audit.record(None, "create", "product", 7, "x" * 300)
    db.session.commit()
    [stored] = _stored()
    assert (stored.user_id, stored.user_email) == (None, "")
    assert stored.entity_label == "x" * 200
    assert stored.changes == {}
    assert stored.created_at is not None


def test_a_rolled_back_change_leaves_no_entry(app):
    audit.record(None, "delete", "category", 3, "Kitchen")
    db.session.rollback()
    assert _stored() == []
