"""Inviting a colleague, end to end: an admin invites, a real SMTP server receives the email,
and the invitee follows its link, chooses a password and signs in. Links are single-use,
expire, and die when a new invitation is sent."""

from __future__ import annotations

from sqlalchemy import select

from shop.accounts import services as accounts
from shop.accounts.models import User
from shop.audit.models import AuditEntry
from shop.extensions import db
from tests.helpers.a11y import assert_accessible, labels
from tests.helpers.clock import links_on_manual_clock
from tests.helpers.database import reset_database
from tests.helpers.factories import make_user
from tests.helpers.forms import csrf_token_from
from tests.helpers.links import NEW_PASSWORD, path_of, set_password, signs_in
from tests.helpers.smtp import body_of, free_port, link_in

INVITEE = "new.colleague@example.com"


def admin_browser(app, login):
    admin = make_user("admin@example.com", "admin")
    client = app.test_client()
    assert login(client, admin).status_code == 302
    return client


def invite(client, email: str = INVITEE, role: str = "staff"):
    token = csrf_token_from(client.get("/admin/users/").text)
    data = {"email": email, "role": role, "csrf_token": token}
    return client.post("/admin/users/invite", data=data)


def resend(client, user_id: int):
    token = csrf_token_from(client.get("/admin/users/").text)
    return client.post(f"/admin/users/{user_id}/invite", data={"csrf_token": token})


def invitee() -> User:
    return db.session.scalar(select(User).where(User.email == INVITEE))


def test_invite_accept_and_sign_in(mail_app, smtp, login):
    admin = admin_browser(mail_app, login)
    page = admin.get("/admin/users/")
    found = labels(page.text)
    assert found["Email"] and found["Role"]
    assert 'value="Send invitation"' in page.text

    sent = invite(admin, INVITEE.upper(), "admin")
    assert sent.status_code == 302 and sent.headers["Location"] == "/admin/users/"
    listing = admin.get("/admin/users/").text
    assert f"Invitation sent to {INVITEE}." in listing
    assert "Invited" in listing and "Re-send invitation" in listing
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message["To"] == INVITEE
    assert message["From"] == "Hearth & Field <shop@localhost>"
    assert message["Subject"] == "You are invited to Hearth & Field's staff area"
    assert "admin@example.com has invited you" in body_of(message)
    assert "as admin" in body_of(message)

    # Until the invitation is accepted, no password signs in.
    assert not signs_in(mail_app, INVITEE, "")
    assert not signs_in(mail_app, INVITEE, NEW_PASSWORD)

    path = path_of(link_in(message))
    assert path.startswith("/invitation/")
    browser = mail_app.test_client()
    form = browser.get(path)
    assert form.status_code == 200
    assert form.headers["Referrer-Policy"] == "no-referrer"
    assert form.headers["Cache-Control"] == "no-store"
    assert INVITEE in form.text
    assert labels(form.text)["New password"] == "password"
    assert_accessible(form.text)
    done = set_password(browser, path)
    assert done.status_code == 302 and done.headers["Location"] == "/login"
    assert "Your account is ready" in browser.get("/login").text

    assert signs_in(mail_app, INVITEE, NEW_PASSWORD)
    user = invitee()
    assert user.role == "admin" and not user.is_invited
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.entity_id == user.id).order_by(AuditEntry.id)
    ).all()
    assert actions == ["invite", "accept-invite"]
    assert "Re-send invitation" not in admin.get("/admin/users/").text


def test_the_link_works_once(mail_app, smtp, login):
    admin = admin_browser(mail_app, login)
    invite(admin)
    path = path_of(link_in(smtp.messages[0]))
    browser = mail_app.test_client()
    assert set_password(browser, path).status_code == 302
    used = browser.get(path)
    assert used.status_code == 410
    assert "already been accepted" in used.text
    assert 'href="/login"' in used.text
    assert set_password(browser, path, "another passphrase 99").status_code == 410
    assert signs_in(mail_app, INVITEE, NEW_PASSWORD)


def test_the_link_expires_after_a_week(mail_app, smtp, login):
    clock = links_on_manual_clock(mail_app)
    admin = admin_browser(mail_app, login)
    invite(admin)
    path = path_of(link_in(smtp.messages[0]))
    browser = mail_app.test_client()
    clock.advance(7 * 24 * 3600 - 1)
    assert browser.get(path).status_code == 200
    clock.advance(2)
    expired = browser.get(path)
    assert expired.status_code == 410
    assert "expired" in expired.text
    assert set_password(browser, path).status_code == 410
    assert invitee().is_invited


def test_resending_sends_a_new_link_and_the_old_one_dies(mail_app, smtp, login):
    admin = admin_browser(mail_app, login)
    invite(admin)
    user_id = invitee().id
    assert resend(admin, user_id).status_code == 302
    assert len(smtp.messages) == 2
    first, second = (path_of(link_in(m)) for m in smtp.messages)
    assert first != second
    browser = mail_app.test_client()
    old = browser.get(first)
    assert old.status_code == 410 and "a newer one was sent" in old.text
    assert set_password(browser, second).status_code == 302
    # Accepted: there is nothing left to re-send.
    assert resend(admin, user_id).status_code == 302
    assert "has already accepted" in admin.get("/admin/users/").text
    assert len(smtp.messages) == 2


def test_an_address_that_has_an_account_is_refused(mail_app, smtp, login):
    admin = admin_browser(mail_app, login)
    refused = invite(admin, "ADMIN@example.com")
    assert refused.status_code == 400
    assert "An account with this email already exists." in refused.text
    empty = invite(admin, "")
    assert empty.status_code == 400 and "Enter an email address." in empty.text
    bad = invite(admin, "not an address")
    assert bad.status_code == 400
    assert smtp.messages == []


def test_staff_cannot_invite(mail_app, smtp, login):
    staff = make_user("staff@example.com")
    client = mail_app.test_client()
    login(client, staff)
    token = csrf_token_from(client.get("/admin/").text)
    data = {"email": INVITEE, "role": "admin", "csrf_token": token}
    assert client.post("/admin/users/invite", data=data).status_code == 403
    assert invitee() is None and smtp.messages == []


def test_an_admin_setting_a_password_replaces_the_invitation(mail_app, smtp, login):
    admin = admin_browser(mail_app, login)
    invite(admin)
    path = path_of(link_in(smtp.messages[0]))
    accounts.set_password(invitee().id, "chosen by the admin 1", actor=None)
    assert mail_app.test_client().get(path).status_code == 410
    assert signs_in(mail_app, INVITEE, "chosen by the admin 1")


def test_a_deactivated_invitee_cannot_accept(mail_app, smtp, login):
    admin = admin_browser(mail_app, login)
    invite(admin)
    path = path_of(link_in(smtp.messages[0]))
    accounts.set_active(invitee().id, False, actor=None)
    page = mail_app.test_client().get(path)
    assert page.status_code == 410 and "deactivated" in page.text
    assert resend(admin, invitee().id).status_code == 302
    assert len(smtp.messages) == 1


def test_a_mail_server_that_is_down_is_reported_and_the_invitation_can_be_resent(
    make_app, database_url, login, smtp
):
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_TIMEOUT=2)
    with app.app_context():
        reset_database(database_url)
        admin = admin_browser(app, login)
        assert invite(admin).status_code == 302
        listing = admin.get("/admin/users/").text
        assert "could not be sent" in listing
        assert invitee().is_invited  # the account waits for a working invitation
        app.extensions["mailman"].port = smtp.port  # the mail server is back
        assert resend(admin, invitee().id).status_code == 302
        assert len(smtp.messages) == 1 and smtp.messages[0]["To"] == INVITEE


def test_a_shop_that_cannot_send_email_refuses_invitations(make_app, database_url, login):
    app = make_app(MAIL_BACKEND="disabled")  # production without MAIL_SERVER
    with app.app_context():
        reset_database(database_url)
        admin = admin_browser(app, login)
        page = admin.get("/admin/users/")
        assert "invitations are off" in page.text
        assert_accessible(page.text)
        refused = invite(admin)
        assert refused.status_code == 409
        assert "cannot send invitations" in refused.text
        assert invitee() is None
