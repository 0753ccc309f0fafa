"""Password reset by email, end to end: a real SMTP server receives the message, and the test
follows the link in it. Same answer for any address, throttled, single-use, expiring."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shop.accounts import email_links
from shop.accounts import services as accounts
from shop.accounts.throttle import reset_throttle
from shop.audit.models import AuditEntry
from shop.extensions import db
from tests.helpers.a11y import assert_accessible, labels
from tests.helpers.clock import links_on_manual_clock
from tests.helpers.database import reset_database
from tests.helpers.factories import STAFF_PASSWORD, make_user
from tests.helpers.forms import csrf_token_from
from tests.helpers.links import NEW_PASSWORD, ask_for_reset, path_of, set_password, signs_in
from tests.helpers.smtp import body_of, link_in


def reset_path(app, smtp, email: str) -> str:
    """Ask for a reset for `email` and return the path of the link it received."""
    before = len(smtp.messages)
    assert ask_for_reset(app.test_client(), email).status_code == 200
    assert len(smtp.messages) == before + 1
    return path_of(link_in(smtp.messages[-1]))


def test_sign_in_page_links_to_an_accessible_reset_page(mail_app):
    client = mail_app.test_client()
    assert 'href="/password-reset">Forgot your password?</a>' in client.get("/login").text
    page = client.get("/password-reset")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert labels(page.text)["Email"] == "email"
    assert 'value="Send reset link"' in page.text
    assert_accessible(page.text)


def test_known_and_unknown_addresses_get_the_same_answer_and_only_one_gets_mail(mail_app, smtp):
    user = make_user("staff@example.com")
    known = ask_for_reset(mail_app.test_client(), "Staff@Example.com")
    unknown = ask_for_reset(mail_app.test_client(), "nobody@example.com")
    assert known.status_code == unknown.status_code == 200
    assert known.data == unknown.data  # byte for byte
    assert "Check your email" in known.text
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message["To"] == user.email
    assert message["From"] == "Hearth & Field <shop@localhost>"
    assert message["Subject"] == "Reset your Hearth & Field password"
    assert smtp.envelopes == [("shop@localhost", [user.email])]
    assert message.get_content_type() == "text/plain"
    assert "within an hour" in body_of(message)
    assert link_in(message).startswith("http://localhost/password-reset/")


def test_the_link_sets_a_new_password_signs_out_everywhere_and_works_once(mail_app, smtp, login):
    user = make_user("staff@example.com")
    signed_in = mail_app.test_client()
    assert login(signed_in, user).status_code == 302
    path = reset_path(mail_app, smtp, user.email)

    client = mail_app.test_client()
    page = client.get(path)
    assert page.status_code == 200
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert page.headers["Cache-Control"] == "no-store"
    assert "staff@example.com" in page.text
    found = labels(page.text)
    assert found["New password"] == "password" and found["Repeat the new password"] == "confirm"
    assert_accessible(page.text)

    done = set_password(client, path)
    assert done.status_code == 302 and done.headers["Location"] == "/login"
    assert "Your new password is set" in client.get("/login").text
    assert signs_in(mail_app, user.email, NEW_PASSWORD)
    assert not signs_in(mail_app, user.email, STAFF_PASSWORD)
    assert signed_in.get("/admin/").status_code == 302  # that browser was signed out

    again = client.get(path)
    assert again.status_code == 410
    assert "already been used" in again.text
    assert 'href="/password-reset"' in again.text  # a way to ask again
    assert set_password(client, path, "yet another passphrase").status_code == 410
    assert signs_in(mail_app, user.email, NEW_PASSWORD)
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.entity_id == user.id)
    ).all()
    assert "password-reset" in actions


def test_the_link_expires_after_an_hour(mail_app, smtp):
    clock = links_on_manual_clock(mail_app)
    user = make_user("staff@example.com")
    path = reset_path(mail_app, smtp, user.email)
    client = mail_app.test_client()
    clock.advance(3600 - 1)
    assert client.get(path).status_code == 200
    token = csrf_token_from(client.get(path).text)
    clock.advance(2)
    expired = client.get(path)
    assert expired.status_code == 410
    assert "expired" in expired.text
    data = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "csrf_token": token}
    assert client.post(path, data=data).status_code == 410
    assert signs_in(mail_app, user.email, STAFF_PASSWORD)


def test_any_other_password_change_kills_the_link(mail_app, smtp):
    user = make_user("staff@example.com")
    first = reset_path(mail_app, smtp, user.email)
    second = reset_path(mail_app, smtp, user.email)
    client = mail_app.test_client()
    assert client.get(first).status_code == client.get(second).status_code == 200
    # Using one link is a password change: the other dies with it.
    assert set_password(client, second).status_code == 302
    assert client.get(first).status_code == 410
    # So does a password set by an admin.
    third = reset_path(mail_app, smtp, user.email)
    accounts.set_password(user.id, "set by an admin 12345", actor=None)
    assert client.get(third).status_code == 410


def test_a_mangled_or_foreign_link_is_refused_with_a_400(mail_app, smtp):
    user = make_user("staff@example.com")
    path = reset_path(mail_app, smtp, user.email)
    client = mail_app.test_client()
    for bad in (path[:-3] + "xyz", "/password-reset/nonsense", "/password-reset/" + "a" * 300):
        page = client.get(bad)
        assert page.status_code == 400, bad
        assert "not valid" in page.text
        assert "Traceback" not in page.text
    # An invitation's token is no reset token, even for the right account.
    invited = path.replace("/password-reset/", "/invitation/")
    assert client.get(invited).status_code == 400


def test_a_weak_or_mistyped_password_shows_the_form_again_and_keeps_the_link(mail_app, smtp):
    user = make_user("staff@example.com")
    path = reset_path(mail_app, smtp, user.email)
    client = mail_app.test_client()
    short = set_password(client, path, "short")
    assert short.status_code == 400
    assert "Use at least 12 characters" in short.text
    differ = set_password(client, path, NEW_PASSWORD, confirm=NEW_PASSWORD + "!")
    assert differ.status_code == 400
    assert "The two passwords differ." in differ.text
    assert set_password(client, path).status_code == 302
    assert signs_in(mail_app, user.email, NEW_PASSWORD)


def test_every_form_needs_its_csrf_token(mail_app, smtp):
    user = make_user("staff@example.com")
    client = mail_app.test_client()
    response = client.post("/password-reset", data={"email": user.email}, buffered=True)
    assert response.status_code == 400
    assert smtp.messages == []
    path = reset_path(mail_app, smtp, user.email)
    data = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert client.post(path, data=data).status_code == 400
    assert signs_in(mail_app, user.email, STAFF_PASSWORD)


def test_deactivated_and_invited_accounts_get_no_mail(mail_app, smtp):
    admin = make_user("admin@example.com", "admin")
    user = make_user("staff@example.com")
    path = reset_path(mail_app, smtp, user.email)
    accounts.set_active(user.id, False, actor=admin)
    smtp.clear()
    answer = ask_for_reset(mail_app.test_client(), user.email)
    assert answer.status_code == 200 and "Check your email" in answer.text
    email_links.invite("invited@example.com", "staff", actor=admin)
    assert ask_for_reset(mail_app.test_client(), "invited@example.com").status_code == 200
    assert smtp.messages == []
    # A link sent before the account was deactivated no longer works.
    page = mail_app.test_client().get(path)
    assert page.status_code == 410 and "deactivated" in page.text


def test_requests_are_throttled_per_email_whether_or_not_it_exists(mail_app, smtp):
    make_user("staff@example.com")
    for email in ("staff@example.com", "nobody@example.com"):
        client = mail_app.test_client()
        statuses = [ask_for_reset(client, email).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429], email
        refused = ask_for_reset(client, email)
        assert refused.status_code == 429
        assert int(refused.headers["Retry-After"]) > 0
        assert "Too many password-reset requests" in refused.text
        assert "site-header" in refused.text  # the shop's layout
    assert len(smtp.messages) == 3  # the known address's first three requests


def test_requests_are_throttled_per_client_address(mail_app, smtp):
    mail_app.config["RESET_THROTTLE_PER_ADDRESS"] = "2 per hour"
    reset_throttle.init_app(mail_app)
    client = mail_app.test_client()
    statuses = [ask_for_reset(client, f"user{n}@example.com").status_code for n in range(3)]
    assert statuses == [200, 200, 429]
    other = ask_for_reset(client, "x@example.com", environ_overrides={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200


def test_without_a_mail_server_development_prints_the_message(app, capsys):
    """No MAIL_SERVER outside production: the console backend prints the whole message."""
    assert app.config["MAIL_BACKEND"] == "console"
    user = make_user("staff@example.com")
    capsys.readouterr()
    assert ask_for_reset(app.test_client(), user.email).status_code == 200
    printed = capsys.readouterr().out
    assert "Subject: Reset your Hearth & Field password" in printed
    assert "To: staff@example.com" in printed
    link = next(word for word in printed.split() if word.startswith("http://localhost/"))
    assert app.test_client().get(path_of(link)).status_code == 200


def test_a_shop_that_cannot_send_email_says_so(make_app, database_url):
    app = make_app(MAIL_BACKEND="disabled")  # production without MAIL_SERVER
    with app.app_context():
        reset_database(database_url)
        client = app.test_client()
        page = client.get("/password-reset")
        assert page.status_code == 200
        assert "cannot send email" in page.text
        assert 'name="email"' not in page.text
        assert_accessible(page.text)


@pytest.mark.parametrize("base", ["https://shop.example.com", "https://shop.example.com/"])
def test_links_start_with_the_configured_base_url(make_app, database_url, smtp, base):
    app = make_app(**smtp.settings(), SHOP_BASE_URL=base)
    with app.app_context():
        reset_database(database_url)
        make_user("staff@example.com")
        ask_for_reset(app.test_client(), "staff@example.com")
        assert link_in(smtp.messages[-1]).startswith("https://shop.example.com/password-reset/")


def test_the_message_goes_out_after_the_response(mail_app, smtp):
    """The SMTP exchange happens once the response is finished (closed, as a server does
    after sending it), so it cannot be timed to tell known addresses from unknown ones."""
    make_user("staff@example.com")
    client = mail_app.test_client()
    token = csrf_token_from(client.get("/password-reset").text)
    data = {"email": "staff@example.com", "csrf_token": token}
    response = client.post("/password-reset", data=data, buffered=False)
    assert response.status_code == 200
    assert "Check your email" in response.text
    assert smtp.messages == []
    response.close()
    assert len(smtp.messages) == 1
