"""Category tree editing (no cycles, safe deletes) and admin-only account management."""

from __future__ import annotations

import re

from sqlalchemy import select

from shop.accounts import services as accounts
from shop.accounts.models import User
from shop.audit.models import AuditEntry
from shop.catalogue.models import Category
from shop.extensions import db
from tests.helpers.a11y import assert_accessible, labels
from tests.helpers.factories import STAFF_PASSWORD, make_category, make_product
from tests.helpers.forms import csrf_token_from


def _post_category(client, url, **values):
    html = client.get(url).get_data(as_text=True)
    data = {"csrf_token": csrf_token_from(html), "name": "", "slug": "", "parent": "0",
            "description": "", "is_published": "y"}  # fmt: skip
    version = re.search(r'name="version" type="hidden" value="([^"]*)"', html)
    if version:
        data["version"] = version.group(1)
    data.update(values)
    return client.post(url, data=data)


def test_category_form_labels_and_create(staff_client):
    html = staff_client.get("/admin/categories/new").get_data(as_text=True)
    for label in ("Name", "Slug", "Parent", "Description"):
        assert label in labels(html)
    assert 'type="submit" value="Save"' in html
    assert_accessible(html)
    parent = make_category("Kitchen")
    response = _post_category(
        staff_client, "/admin/categories/new", name="Knives", parent=str(parent.id)
    )
    assert response.status_code == 302
    knives = db.session.scalar(select(Category).where(Category.name == "Knives"))
    assert knives.parent_id == parent.id and knives.slug == "knives"
    tree = staff_client.get("/admin/categories/").get_data(as_text=True).split("<table")[1]
    assert tree.index("Kitchen") < tree.index("Knives")


def test_parent_picker_refuses_cycles(staff_client):
    root = make_category("Root")
    child = make_category("Child", parent=root)
    grandchild = make_category("Grandchild", parent=child)
    url = f"/admin/categories/{root.id}/edit"
    page = staff_client.get(url).get_data(as_text=True)
    options = re.search(r'<select[^>]*id="parent".*?</select>', page, re.S).group(0)
    assert "Grandchild" not in options and "Child" not in options
    for bad in (root.id, child.id, grandchild.id):
        response = _post_category(staff_client, url, name="Root", parent=str(bad))
        assert response.status_code == 400
    db.session.expire_all()
    assert root.parent_id is None


def test_service_refuses_cycles_too(app, staff_user):
    import pytest

    from shop.catalogue import services

    root = make_category("Root")
    child = make_category("Child", parent=root)
    with pytest.raises(services.CatalogueError) as info:
        services.update_category(root.id, parent_id=child.id, actor=staff_user)
    assert info.value.field == "parent"


def test_stale_category_edit_is_409(staff_client, staff_user):
    from shop.catalogue import services

    category = make_category("Lamps")
    url = f"/admin/categories/{category.id}/edit"
    html = staff_client.get(url).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="([^"]*)"', html).group(1)
    services.update_category(category.id, name="Lighting", actor=staff_user)
    response = staff_client.post(
        url,
        data={"csrf_token": csrf_token_from(html), "version": version, "name": "Lampz",
              "slug": "", "parent": "0", "description": ""},
    )  # fmt: skip
    assert response.status_code == 409
    assert 'value="Lighting"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert category.name == "Lighting"


def test_delete_refused_while_not_empty(staff_client):
    full = make_category("Full")
    make_product(category=full)
    parent = make_category("Parent")
    make_category("Sub", parent=parent)
    for category, reason in ((full, "still holds products"), (parent, "has subcategories")):
        page = staff_client.get(f"/admin/categories/{category.id}/delete").get_data(as_text=True)
        response = staff_client.post(
            f"/admin/categories/{category.id}/delete", data={"csrf_token": csrf_token_from(page)}
        )
        assert response.status_code == 409
        assert reason in response.get_data(as_text=True)
    empty = make_category("Empty")
    page = staff_client.get(f"/admin/categories/{empty.id}/delete").get_data(as_text=True)
    staff_client.post(
        f"/admin/categories/{empty.id}/delete", data={"csrf_token": csrf_token_from(page)}
    )
    assert db.session.get(Category, empty.id) is None
    assert db.session.get(Category, full.id) is not None


def _user_form(client, url, **values):
    page = client.get(url.rsplit("/", 1)[0] if url.endswith(("/role", "/password")) else url)
    return client.post(
        url, data={"csrf_token": csrf_token_from(page.get_data(as_text=True)), **values}
    )


def test_admin_creates_and_manages_an_account(app, admin_client, admin_user, login):
    response = _user_form(
        admin_client, "/admin/users/new", email="New@Example.com", password=STAFF_PASSWORD,
        role="staff",
    )  # fmt: skip
    assert response.status_code == 302
    user = accounts.find_by_email("new@example.com")
    assert user.role == "staff"
    url = f"/admin/users/{user.id}"
    assert_accessible(admin_client.get(url).get_data(as_text=True))
    assert _user_form(admin_client, f"{url}/role", role="admin").status_code == 302
    db.session.expire_all()
    assert user.role == "admin"
    short = _user_form(admin_client, f"{url}/password", password="short", confirm="short")
    assert short.status_code == 400
    assert "at least 12 characters" in short.get_data(as_text=True)
    new_password = "a brand new long password"
    response = _user_form(
        admin_client, f"{url}/password", password=new_password, confirm=new_password
    )
    assert response.status_code == 302
    assert login(app.test_client(), user, password=new_password).status_code == 302
    assert _user_form(admin_client, f"{url}/deactivate").status_code == 302
    db.session.expire_all()
    assert not user.is_active_account
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.entity_type == "user", AuditEntry.entity_id == user.id)
    ).all()
    assert [e.action for e in entries] == ["create", "update", "password", "deactivate"]
    assert entries[1].changes == {"role": ["staff", "admin"]}
    for entry in entries:
        text = repr(entry.changes)
        assert new_password not in text and user.password_hash not in text


def test_duplicate_email_is_refused(admin_client, staff_user):
    response = _user_form(
        admin_client, "/admin/users/new", email="STAFF@example.com", password=STAFF_PASSWORD,
        role="staff",
    )  # fmt: skip
    assert response.status_code == 400
    assert "already exists" in response.get_data(as_text=True)


def test_last_admin_cannot_demote_or_deactivate_themselves(admin_client, admin_user):
    url = f"/admin/users/{admin_user.id}"
    response = _user_form(admin_client, f"{url}/role", role="staff")
    assert response.status_code == 400
    assert "at least one active admin" in response.get_data(as_text=True)
    response = _user_form(admin_client, f"{url}/deactivate")
    assert response.status_code == 409
    db.session.expire_all()
    assert admin_user.role == "admin" and admin_user.is_active_account
    assert admin_client.get("/admin/users/").status_code == 200


def test_admin_may_step_down_when_another_admin_exists(admin_client, admin_user):
    accounts.create_user("second@example.com", STAFF_PASSWORD, "admin")
    response = _user_form(admin_client, f"/admin/users/{admin_user.id}/role", role="staff")
    assert response.status_code == 302
    assert admin_client.get("/admin/users/").status_code == 403
    assert db.session.scalar(select(User.role).where(User.id == admin_user.id)) == "staff"
