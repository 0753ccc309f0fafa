"""The tokens of emailed links and the use cases behind them, below the pages: purposes kept
apart, expiry on the clock, single use even when two uses race."""

from __future__ import annotations

import base64
import json

import pytest
from sqlalchemy import update

from shop.accounts import email_links
from shop.accounts import services as accounts
from shop.accounts.models import User
from shop.accounts.tokens import LinkRefused, Purpose, account_links
from shop.extensions import db
from tests.helpers.clock import links_on_manual_clock
from tests.helpers.factories import STAFF_PASSWORD, make_user

NEW_PASSWORD = "a brand new passphrase 42"


def refusal(call, *args) -> str:
    with pytest.raises(LinkRefused) as caught:
        call(*args)
    return caught.value.reason


def test_a_token_names_the_account_but_not_its_password_hash(app):
    user = make_user("staff@example.com")
    token = email_links.reset_link_for(user.email).token
    payload = token.split(".")[0]
    user_id, fingerprint = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert user_id == user.id
    assert fingerprint not in user.password_hash
    assert email_links.reset_user(token).id == user.id


def test_purposes_are_kept_apart(app):
    admin = make_user("admin@example.com", "admin")
    invitation = email_links.invite("new@example.com", "staff", actor=admin)
    assert refusal(email_links.reset_user, invitation.token) == LinkRefused.INVALID
    reset = email_links.reset_link_for(admin.email)
    assert refusal(email_links.invited_user, reset.token) == LinkRefused.INVALID


def test_a_token_signed_with_another_key_is_refused(app, make_app):
    user = make_user("staff@example.com")
    token = email_links.reset_link_for(user.email).token
    app.config["SECRET_KEY"] = "another-secret-key-that-is-long-enough-000"
    assert refusal(email_links.reset_user, token) == LinkRefused.INVALID


def test_expiry_follows_the_clock_and_the_setting(app):
    clock = links_on_manual_clock(app)
    user = make_user("staff@example.com")
    token = email_links.reset_link_for(user.email).token
    clock.advance(3600)
    assert email_links.reset_user(token).id == user.id  # exactly an hour old: still good
    clock.advance(1)
    assert refusal(email_links.reset_user, token) == LinkRefused.EXPIRED
    assert refusal(email_links.reset_password, token, NEW_PASSWORD) == LinkRefused.EXPIRED
    app.config["SHOP_PASSWORD_RESET_MAX_AGE"] = app.config["SHOP_PASSWORD_RESET_MAX_AGE"] * 2
    assert email_links.reset_user(token).id == user.id


def test_a_reset_works_once(app):
    user = make_user("staff@example.com")
    token = email_links.reset_link_for(user.email).token
    email_links.reset_password(token, NEW_PASSWORD)
    assert refusal(email_links.reset_password, token, "another passphrase 99") == LinkRefused.USED
    assert accounts.authenticate(user.email, NEW_PASSWORD) is not None


def test_of_two_racing_uses_only_one_wins(app):
    """Both uses passed the token check; the second finds the hash it was made for gone."""
    user = make_user("staff@example.com")
    stale = db.session.get(User, user.id)
    loaded_hash = stale.password_hash
    # The other use commits first (straight to the table, leaving `stale` as it was loaded).
    db.session.execute(
        update(User)
        .where(User.id == user.id)
        .values(password_hash="scrypt:other$use$won")
        .execution_options(synchronize_session=False)
    )
    assert stale.password_hash == loaded_hash
    assert accounts.replace_password_once(stale, "scrypt:second$use$lost") is False
    db.session.rollback()


def test_an_invited_account_cannot_sign_in_or_reset(app):
    admin = make_user("admin@example.com", "admin")
    email_links.invite("new@example.com", "staff", actor=admin)
    invited = accounts.find_by_email("new@example.com")
    assert invited.is_invited
    assert invited.password_hash.startswith(accounts.UNUSABLE_PREFIX)
    assert accounts.authenticate("new@example.com", "") is None
    assert accounts.authenticate("new@example.com", invited.password_hash) is None
    assert email_links.reset_link_for("new@example.com") is None
    assert email_links.reset_link_for(admin.email) is not None


def test_accepting_ends_the_invitation_and_audits_it(app):
    admin = make_user("admin@example.com", "admin")
    token = email_links.invite("new@example.com", "admin", actor=admin).token
    with pytest.raises(accounts.AccountError, match="at least 12"):
        email_links.accept_invitation(token, "short")
    user = email_links.accept_invitation(token, NEW_PASSWORD)
    assert not user.is_invited and user.role == "admin"
    assert accounts.authenticate("new@example.com", NEW_PASSWORD).id == user.id
    assert refusal(email_links.accept_invitation, token, NEW_PASSWORD) == LinkRefused.USED


def test_reinviting_refuses_an_account_that_accepted(app):
    admin = make_user("admin@example.com", "admin")
    staff = make_user("staff@example.com")
    with pytest.raises(accounts.AccountError, match="already accepted"):
        email_links.reinvite(staff.id, actor=admin)
    assert accounts.authenticate(staff.email, STAFF_PASSWORD) is not None


def test_tokens_of_every_purpose_are_urlsafe(app):
    user = make_user("staff@example.com")
    for purpose in Purpose:
        token = account_links.make(purpose, user)
        assert token.replace("-", "").replace("_", "").replace(".", "").isalnum()
