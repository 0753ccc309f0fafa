"""Where a staff member is signed in: their browser sessions and API tokens, each ended alone
or all at once, from their own account page; admins end another account's everywhere."""

from __future__ import annotations

from sqlalchemy import select

from shop.accounts.models import StaffSession
from shop.audit.models import AuditEntry
from shop.extensions import db
from tests.helpers.a11y import assert_accessible
from tests.helpers.factories import STAFF_PASSWORD
from tests.helpers.forms import csrf_token_from


def _browser(app, login, user, agent: str):
    client = app.test_client()
    client.environ_base.update({"HTTP_USER_AGENT": agent, "REMOTE_ADDR": "198.51.100.9"})
    assert login(client, user).status_code == 302
    return client


def _api_pair(client, user) -> dict:
    body = {"email": user.email, "password": STAFF_PASSWORD}
    return client.post("/api/v1/auth/token", json=body).get_json()


def _api_works(client, access_token: str) -> bool:
    headers = {"Authorization": f"Bearer {access_token}"}
    return client.get("/api/v1/products?status=all", headers=headers).status_code == 200


def _post(client, url: str, page: str = "/admin/account/"):
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token})


def _session_id(agent: str) -> int:
    return db.session.scalar(select(StaffSession.id).where(StaffSession.user_agent == agent))


def _end_buttons(html: str) -> list[str]:
    """The actions of the page's "End" / "Revoke" buttons under `/admin/account/`."""
    return [part.split('"', 1)[0] for part in html.split('action="/admin/account/')[1:]]


def _entries(user) -> list[AuditEntry]:
    stmt = select(AuditEntry).where(
        AuditEntry.entity_type == "user", AuditEntry.entity_id == user.id
    )
    return list(db.session.scalars(stmt.order_by(AuditEntry.id)))


def test_the_account_page_lists_every_browser_and_api_sign_in(app, login, staff_user, client):
    laptop = _browser(app, login, staff_user, "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0")
    _browser(app, login, staff_user, "Mozilla/5.0 (iPhone) Safari/604.1")
    _api_pair(client, staff_user)
    response = laptop.get("/admin/account/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert_accessible(html)
    assert "Firefox/140.0" in html and "iPhone" in html
    assert html.count("This browser") == 1
    assert "198.51.100.9" in html
    assert "Revoke all API tokens" in html
    # The header's email leads here.
    assert 'href="/admin/account/"' in laptop.get("/admin/").get_data(as_text=True)


def test_ending_another_browser_signs_it_out_and_no_other(app, login, staff_user):
    laptop = _browser(app, login, staff_user, "Laptop")
    phone = _browser(app, login, staff_user, "Phone")
    tablet = _browser(app, login, staff_user, "Tablet")
    buttons = _end_buttons(laptop.get("/admin/account/").get_data(as_text=True))
    assert f"sessions/{_session_id('Laptop')}/end" not in buttons  # this one: sign out instead
    assert f"sessions/{_session_id('Phone')}/end" in buttons
    response = _post(laptop, f"/admin/account/sessions/{_session_id('Phone')}/end")
    assert response.status_code == 302
    assert phone.get("/admin/").status_code == 302
    assert tablet.get("/admin/").status_code == 200
    assert laptop.get("/admin/").status_code == 200
    assert _entries(staff_user)[-1].action == "end-session"


def test_sign_out_all_other_browsers_keeps_this_one(app, login, staff_user):
    laptop = _browser(app, login, staff_user, "Laptop")
    others = [_browser(app, login, staff_user, f"Other {n}") for n in range(3)]
    response = _post(laptop, "/admin/account/sessions/end-others")
    assert response.status_code == 302
    assert "Signed out 3 other sessions." in laptop.get("/admin/account/").get_data(as_text=True)
    assert all(c.get("/admin/").status_code == 302 for c in others)
    assert laptop.get("/admin/").status_code == 200
    assert _entries(staff_user)[-1].changes == {"sessions": [3, 0]}


def test_this_browser_is_ended_by_signing_out_not_from_the_list(app, login, staff_user):
    laptop = _browser(app, login, staff_user, "Laptop")
    response = _post(laptop, f"/admin/account/sessions/{_session_id('Laptop')}/end")
    assert response.status_code == 302
    assert "To end this session, sign out." in laptop.get("/admin/account/").get_data(as_text=True)
    assert laptop.get("/admin/").status_code == 200


def test_nobody_ends_someone_elses_session_from_their_own_page(app, login, staff_user, admin_user):
    victim = _browser(app, login, admin_user, "Admin laptop")
    attacker = _browser(app, login, staff_user, "Staff laptop")
    response = _post(attacker, f"/admin/account/sessions/{_session_id('Admin laptop')}/end")
    assert response.status_code == 302
    assert "already ended" in attacker.get("/admin/account/").get_data(as_text=True)
    assert victim.get("/admin/").status_code == 200


def test_revoking_api_tokens_stops_their_access_tokens_at_once(app, login, staff_user, client):
    laptop = _browser(app, login, staff_user, "Laptop")
    first, second = _api_pair(client, staff_user), _api_pair(client, staff_user)
    assert _api_works(client, first["access_token"]) and _api_works(client, second["access_token"])
    buttons = _end_buttons(laptop.get("/admin/account/").get_data(as_text=True))
    families = [b for b in buttons if b.startswith("tokens/") and b != "tokens/end-all"]
    assert len(families) == 2
    response = _post(laptop, "/admin/account/" + families[0])
    assert response.status_code == 302
    working = [_api_works(client, pair["access_token"]) for pair in (first, second)]
    assert sorted(working) == [False, True]
    _post(laptop, "/admin/account/tokens/end-all")
    assert not any(_api_works(client, pair["access_token"]) for pair in (first, second))
    refresh = client.post("/api/v1/auth/refresh", json={"refresh_token": second["refresh_token"]})
    assert refresh.status_code == 401
    assert [e.action for e in _entries(staff_user)][-2:] == ["end-tokens", "end-tokens"]


def test_an_admin_signs_an_account_out_everywhere(app, login, staff_user, admin_user, client):
    admin = _browser(app, login, admin_user, "Admin")
    phone = _browser(app, login, staff_user, "Phone")
    pair = _api_pair(client, staff_user)
    page = f"/admin/users/{staff_user.id}"
    html = admin.get(page).get_data(as_text=True)
    assert "Phone" in html and "Sign out everywhere" in html
    response = _post(admin, f"/admin/users/{staff_user.id}/sign-out", page=page)
    assert response.status_code == 302
    assert "Ended 1 browser session and 1 API sign-in" in admin.get(page).get_data(as_text=True)
    assert phone.get("/admin/").status_code == 302
    assert not _api_works(client, pair["access_token"])
    entry = _entries(staff_user)[-1]
    assert (entry.action, entry.user_id, entry.changes) == (
        "sign-out",
        admin_user.id,
        {"sessions": [1, 0], "api_token_families": [1, 0]},
    )
    assert admin.get("/admin/").status_code == 200
