"""Account services on the real database: creating, authenticating, roles, deactivation."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from shop.accounts import services as accounts
from shop.accounts import staff_sessions
from shop.accounts.models import StaffSession, User
from shop.accounts.services import AccountError
from shop.audit.models import AuditEntry
from shop.dbtypes import utcnow
from shop.extensions import db
from tests.helpers.factories import STAFF_PASSWORD, make_user


def _entries(user: User) -> list[AuditEntry]:
    stmt = (
        select(AuditEntry)
        .where(AuditEntry.entity_type == "user", AuditEntry.entity_id == user.id)
        .order_by(AuditEntry.id)
    )
    return list(db.session.scalars(stmt))


LIFETIMES = staff_sessions.Lifetimes(absolute=timedelta(hours=12), idle=timedelta(hours=2))


def _sign_in(user: User) -> str:
    return staff_sessions.start(user.id, "192.0.2.7", "Test browser")


def _user_of(token: str) -> User | None:
    return staff_sessions.signed_in_user(token, LIFETIMES)


def _sessions(user: User) -> list[StaffSession]:
    stmt = select(StaffSession).where(StaffSession.user_id == user.id).order_by(StaffSession.id)
    return list(db.session.scalars(stmt))


def _user_count() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def test_create_user_normalises_the_email_and_audits(app, admin_user):
    user = accounts.create_user(
        "  New.Person@EXAMPLE.com ", STAFF_PASSWORD, "staff", actor=admin_user
    )
    db.session.expire_all()
    assert user.email == "new.person@example.com"
    assert user.role == "staff" and user.is_active_account
    assert user.password_hash != STAFF_PASSWORD
    [entry] = _entries(user)
    assert (entry.action, entry.user_id, entry.user_email) == (
        "create",
        admin_user.id,
        "admin@example.com",
    )
    assert entry.changes == {"email": [None, "new.person@example.com"], "role": [None, "staff"]}


def test_create_user_refuses_a_duplicate_email_whatever_its_case(app, staff_user):
    with pytest.raises(AccountError) as refused:
        accounts.create_user("STAFF@Example.com", STAFF_PASSWORD)
    assert refused.value.field == "email"
    assert "already exists" in str(refused.value)
    assert _user_count() == 1


@pytest.mark.parametrize(
    "password, message",
    [
        ("", "at least 12 characters"),
        ("elevenchars", "at least 12 characters"),
        ("x" * 1025, "too long"),
    ],
)
def test_create_user_refuses_weak_passwords(app, password, message):
    with pytest.raises(AccountError) as refused:
        accounts.create_user("new@example.com", password)
    assert refused.value.field == "password"
    assert message in str(refused.value)
    assert _user_count() == 0
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0


@pytest.mark.parametrize(
    "email, role, field",
    [("not an email", "staff", "email"), ("new@example.com", "owner", "role")],
)
def test_create_user_refuses_bad_emails_and_unknown_roles(app, email, role, field):
    with pytest.raises(AccountError) as refused:
        accounts.create_user(email, STAFF_PASSWORD, role)
    assert refused.value.field == field
    assert _user_count() == 0


def test_authenticate(app, staff_user):
    assert accounts.authenticate("staff@example.com", STAFF_PASSWORD) == staff_user
    assert accounts.authenticate(" Staff@Example.COM ", STAFF_PASSWORD) == staff_user
    assert accounts.authenticate("staff@example.com", STAFF_PASSWORD + "!") is None
    assert accounts.authenticate("nobody@example.com", STAFF_PASSWORD) is None
    assert accounts.authenticate("staff@example.com", "x" * 2000) is None
    assert accounts.authenticate("x" * 300 + "@example.com", STAFF_PASSWORD) is None


def test_a_deactivated_account_does_not_authenticate(app, staff_user, admin_user):
    accounts.set_active(staff_user.id, False, actor=admin_user)
    assert accounts.authenticate("staff@example.com", STAFF_PASSWORD) is None


def test_set_role_keeps_an_active_admin(app, admin_user):
    with pytest.raises(AccountError) as refused:
        accounts.set_role(admin_user.id, "staff", actor=admin_user)
    assert "at least one active admin" in str(refused.value)
    db.session.expire_all()
    assert admin_user.role == "admin"
    assert [e.action for e in _entries(admin_user)] == ["create"]

    # A deactivated second admin does not count.
    other = make_user("other@example.com", "admin")
    accounts.set_active(other.id, False, actor=admin_user)
    with pytest.raises(AccountError):
        accounts.set_role(admin_user.id, "staff", actor=admin_user)

    accounts.set_active(other.id, True, actor=admin_user)
    accounts.set_role(admin_user.id, "staff", actor=other)
    db.session.expire_all()
    assert admin_user.role == "staff"
    change = _entries(admin_user)[-1]
    assert (change.action, change.user_email) == ("update", "other@example.com")
    assert change.changes == {"role": ["admin", "staff"]}


def test_set_role_to_the_same_role_changes_and_logs_nothing(app, staff_user, admin_user):
    accounts.set_role(staff_user.id, "staff", actor=admin_user)
    assert [e.action for e in _entries(staff_user)] == ["create"]
    with pytest.raises(AccountError) as refused:
        accounts.set_role(staff_user.id, "owner", actor=admin_user)
    assert refused.value.field == "role"


def test_set_active_ends_every_session(app, staff_user, admin_user):
    first, second = _sign_in(staff_user), _sign_in(staff_user)
    assert _user_of(first) == staff_user and _user_of(second) == staff_user
    accounts.set_active(staff_user.id, False, actor=admin_user)
    db.session.expire_all()
    assert not staff_user.is_active_account
    assert _user_of(first) is None and _user_of(second) is None
    assert {s.ended_because for s in _sessions(staff_user)} == {staff_sessions.DEACTIVATED}

    accounts.set_active(staff_user.id, True, actor=admin_user)
    assert _user_of(first) is None  # reactivating does not bring old sessions back
    assert _user_of(_sign_in(staff_user)) == staff_user
    changes = [(e.action, e.changes) for e in _entries(staff_user)][1:]
    assert changes == [
        ("deactivate", {"active": [True, False]}),
        ("activate", {"active": [False, True]}),
    ]


def test_the_last_active_admin_cannot_be_deactivated(app, admin_user):
    token = _sign_in(admin_user)
    with pytest.raises(AccountError):
        accounts.set_active(admin_user.id, False, actor=admin_user)
    db.session.expire_all()
    assert admin_user.is_active_account and _user_of(token) == admin_user


def test_set_password_audits_without_the_password(app, staff_user, admin_user):
    new_password = "a brand new long password"
    token, old_hash = _sign_in(staff_user), staff_user.password_hash
    accounts.set_password(staff_user.id, new_password, actor=admin_user)
    db.session.expire_all()
    assert _user_of(token) is None  # signed out everywhere
    assert accounts.authenticate("staff@example.com", new_password) == staff_user
    assert accounts.authenticate("staff@example.com", STAFF_PASSWORD) is None
    entry = _entries(staff_user)[-1]
    assert (entry.action, entry.user_email, entry.changes) == ("password", admin_user.email, {})
    logged = repr((entry.changes, entry.entity_label))
    for secret in (new_password, STAFF_PASSWORD, old_hash, staff_user.password_hash):
        assert secret not in logged


def test_set_password_refuses_a_weak_one(app, staff_user, admin_user):
    token = _sign_in(staff_user)
    with pytest.raises(AccountError):
        accounts.set_password(staff_user.id, "short", actor=admin_user)
    db.session.expire_all()
    assert _user_of(token) == staff_user
    assert [e.action for e in _entries(staff_user)] == ["create"]


def test_own_new_password_keeps_the_device_that_set_it(app, staff_user):
    here, elsewhere = _sign_in(staff_user), _sign_in(staff_user)
    here_id = _user_of(here).browser_session_id
    accounts.set_password(
        staff_user.id, "a brand new long password", actor=staff_user, keep_session_id=here_id
    )
    assert _user_of(here) == staff_user
    assert _user_of(elsewhere) is None


def test_sign_out_ends_one_session_and_sign_in_is_recorded(app, staff_user):
    assert staff_user.last_login_at is None
    phone, laptop = _sign_in(staff_user), _sign_in(staff_user)
    db.session.expire_all()
    assert staff_user.last_login_at is not None
    staff_sessions.sign_out(_user_of(phone).browser_session_id)
    assert _user_of(phone) is None
    assert _user_of(laptop) == staff_user
    [ended] = [s for s in _sessions(staff_user) if s.ended_at is not None]
    assert ended.ended_because == staff_sessions.SIGNED_OUT


def test_only_a_hash_of_the_session_token_is_stored(app, staff_user):
    token = _sign_in(staff_user)
    [row] = _sessions(staff_user)
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr([getattr(row, c.key) for c in row.__table__.columns])


def test_a_session_past_either_lifetime_is_refused(app, staff_user):
    token = _sign_in(staff_user)
    [row] = _sessions(staff_user)
    row.last_seen_at = utcnow() - LIFETIMES.idle - timedelta(seconds=1)
    db.session.commit()
    assert _user_of(token) is None
    row.last_seen_at, row.created_at = utcnow(), utcnow() - LIFETIMES.absolute
    db.session.commit()
    assert _user_of(token) is None


def test_services_refuse_an_unknown_account(app, admin_user):
    with pytest.raises(AccountError, match="no such account"):
        accounts.set_role(admin_user.id + 100, "staff", actor=admin_user)


def test_look_alike_emails_are_the_same_account(app):
    """Probe finding: fullwidth look-alikes were accepted as new accounts. Emails are NFKC-
    normalised and case-folded before they are stored, compared or looked up."""
    accounts.create_user("admin@example.com", STAFF_PASSWORD, "admin")
    look_alike = "\uff21\uff24\uff2d\uff29\uff2e@example.com"  # "ADMIN", fullwidth letters
    with pytest.raises(accounts.AccountError, match="already exists"):
        accounts.create_user(look_alike, STAFF_PASSWORD, "staff")
    assert accounts.find_by_email(look_alike).email == "admin@example.com"
    assert accounts.authenticate(look_alike.upper(), STAFF_PASSWORD) is not None
