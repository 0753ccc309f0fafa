"""Every staff URL (from the URL map) as anonymous, staff and admin; CSRF on every POST."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import url_for
from sqlalchemy import select

from shop.accounts import api_tokens, integration_keys, staff_sessions
from shop.accounts.models import StaffSession
from shop.catalogue import attribute_services, bulk_jobs, csv_import_jobs, variant_services
from shop.catalogue.bulk import BulkChange
from shop.catalogue.models import Category, Product
from shop.catalogue.variant_models import ProductOption, ProductVariant
from shop.extensions import db
from tests.helpers.a11y import assert_accessible
from tests.helpers.factories import make_category, make_image, make_product, make_user
from tests.helpers.forms import csrf_token_from

ADMIN_ONLY = "admin.users."
# endpoint -> {method: status for an allowed user sending an empty (but CSRF-valid) form}
EXPECTED = {
    "admin.dashboard": {"GET": 200},
    "admin.account": {"GET": 200},
    # Another account's session or tokens: nothing of this user's to end, back to the page.
    "admin.account_session_end": {"POST": 302},
    "admin.account_sessions_end_others": {"POST": 302},
    "admin.account_tokens_end": {"POST": 302},
    "admin.account_tokens_end_all": {"POST": 302},
    "admin.product_list": {"GET": 200},
    "admin.product_export": {"GET": 200},
    # An empty bulk form: the list again with its errors. Another person's bulk job: 404.
    "admin.bulk_review": {"POST": 400},
    "admin.bulk_job": {"GET": 404},
    "admin.bulk_apply": {"POST": 404},
    # An empty import form: the form again with "Choose a CSV file." Another person's import:
    # 404.
    "admin.product_import": {"GET": 200},
    "admin.product_import_check": {"POST": 400},
    "admin.product_import_review": {"GET": 404},
    "admin.product_import_apply": {"POST": 404},
    "admin.product_new": {"GET": 200, "POST": 400},
    "admin.product_edit": {"GET": 200, "POST": 400},
    "admin.product_duplicate": {"GET": 200},
    "admin.product_publish": {"POST": 302},
    "admin.product_unpublish": {"POST": 302},
    "admin.product_delete": {"GET": 200, "POST": 302},
    "admin.image_delete": {"GET": 200, "POST": 302},
    # The variants page: empty forms come back with their errors; a button without the
    # product's version is a bad request. Deleting a variant runs after admin.product_delete
    # (destructive calls go last, by name): its product is gone, 404.
    "admin.product_variants": {"GET": 200},
    "admin.product_variants_save": {"POST": 400},
    "admin.product_option_add": {"POST": 400},
    "admin.product_option_values_add": {"POST": 400},
    "admin.product_option_rename": {"POST": 400},
    "admin.product_option_value_remove": {"POST": 400},
    "admin.product_variant_delete": {"POST": 404},
    "admin.category_list": {"GET": 200},
    "admin.category_new": {"GET": 200, "POST": 400},
    "admin.category_edit": {"GET": 200, "POST": 400},
    "admin.category_delete": {"GET": 200, "POST": 302},
    "admin.attribute_list": {"GET": 200},
    "admin.attribute_new": {"GET": 200, "POST": 400},
    "admin.attribute_edit": {"GET": 200, "POST": 400},
    "admin.attribute_delete": {"GET": 200, "POST": 302},
    "admin.users.user_list": {"GET": 200},
    "admin.users.user_new": {"GET": 200, "POST": 400},
    # An empty invitation form: the list again with its errors.
    "admin.users.user_invite": {"POST": 400},
    # The target account accepted long ago (it has a password): nothing to re-send, back to
    # the list with a message.
    "admin.users.user_reinvite": {"POST": 302},
    "admin.users.user_edit": {"GET": 200},
    "admin.users.user_role": {"POST": 400},
    "admin.users.user_password": {"POST": 400},
    "admin.users.user_deactivate": {"POST": 302},
    "admin.users.user_activate": {"POST": 302},
    "admin.users.user_sign_out": {"POST": 302},
    "admin.users.key_list": {"GET": 200},
    "admin.users.key_new": {"GET": 200, "POST": 400},
    "admin.users.key_revoke": {"POST": 302},
}
# Destructive calls last, so the other calls still find their rows.
LAST = ("delete", "deactivate")


def _staff_rules(app):
    rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/admin")]
    return sorted(rules, key=lambda r: (any(w in r.endpoint for w in LAST), r.endpoint))


def _methods(rule) -> list[str]:
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


def test_every_staff_rule_has_an_expectation(app):
    rules = _staff_rules(app)
    assert rules
    for rule in rules:
        assert rule.endpoint in EXPECTED, f"no access expectation for {rule.endpoint}"
        assert set(_methods(rule)) == set(EXPECTED[rule.endpoint]), rule.endpoint
    assert {r.endpoint for r in rules} == set(EXPECTED)


@pytest.fixture
def targets(app):
    holder = make_category("Holder")
    empty = make_category("Empty")
    product = make_product("Target", category=holder, is_published=False)
    attribute = attribute_services.create_attribute(
        holder.id, name="Material", kind="choice", choices=["oak", "walnut"]
    )
    image = make_image(product)
    make_image(product, position=1)
    variant_services.add_option(
        product.id, name="Size", values=["S"], expected_version=product.version
    )
    option = db.session.scalar(select(ProductOption).where(ProductOption.product_id == product.id))
    variant = db.session.scalar(select(ProductVariant))
    other = make_user("other@example.com", "staff")
    staff_sessions.start(other.id, "192.0.2.1", "Other's browser")
    session_id = db.session.scalar(select(StaffSession.id).where(StaffSession.user_id == other.id))
    family_id = api_tokens.start_family(other.id, "jti", timedelta(days=1), "192.0.2.1")
    key, _ = integration_keys.create("Stock sync", "staff", 30, actor=other)
    job = bulk_jobs.prepare_job(BulkChange("stock", 1), [product.id], actor=other)
    upload = b"sku,stock\r\n" + product.sku.encode() + b",5\r\n"
    imported = csv_import_jobs.prepare_job(upload, "stock.csv", actor=other)
    return {
        "job_id": job.id,
        "import_id": imported.id,
        "product_id": product.id,
        "category_id": empty.id,
        "user_id": other.id,
        "image_id": image.id,
        "session_id": session_id,
        "family_id": family_id,
        "key_id": key.id,
        "option_id": option.id,
        "value_id": option.values[0].id,
        "variant_id": variant.id,
        "attribute_id": attribute.id,
    }


def _urls(app, targets):
    with app.test_request_context():
        for rule in _staff_rules(app):
            args = {name: targets[name] for name in rule.arguments}
            yield rule, url_for(rule.endpoint, **args)


def test_anonymous_is_sent_to_sign_in(app, client, targets):
    for rule, url in _urls(app, targets):
        for method in _methods(rule):
            response = client.open(url, method=method, data={"csrf_token": "x"})
            if method == "POST":
                # CSRF is checked before anything else: no token of this session, 400.
                assert response.status_code == 400, (method, url)
                continue
            assert response.status_code == 302, (method, url)
            assert response.headers["Location"] == f"/login?next={url}"


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_signed_in_roles(app, login, targets, role):
    user = make_user(f"{role}-actor@example.com", role)
    client = app.test_client()
    login(client, user)
    token = csrf_token_from(client.get("/admin/").get_data(as_text=True))
    for rule, url in _urls(app, targets):
        allowed = role == "admin" or not rule.endpoint.startswith(ADMIN_ONLY)
        for method in _methods(rule):
            data = {"csrf_token": token} if method == "POST" else None
            response = client.open(url, method=method, data=data)
            expected = EXPECTED[rule.endpoint][method] if allowed else 403
            assert response.status_code == expected, (role, method, url)
            if method == "GET" and expected == 200:
                assert response.headers["Cache-Control"] == "no-store"
                if response.mimetype != "text/html":
                    assert rule.endpoint == "admin.product_export"  # the CSV download
                    continue
                html = response.get_data(as_text=True)
                assert_accessible(html)
                assert "style=" not in html and "<script" not in html


def test_post_without_csrf_token_is_refused_everywhere(app, admin_client, targets):
    product_before = db.session.get(Product, targets["product_id"]).is_published
    posts = [(rule, url) for rule, url in [*_urls(app, targets)] if "POST" in rule.methods]
    with app.test_request_context():
        # The API takes Bearer tokens only, never the session cookie, so it has no CSRF
        # surface (tests/api/test_tokens.py::test_the_session_cookie_is_not_a_credential_here).
        # Emailed links' pages take their token in the path; any will do, CSRF comes first.
        extra = [url_for(r.endpoint, **dict.fromkeys(r.arguments, "token"))
                 for r in app.url_map.iter_rules()
                 if "POST" in r.methods and not r.rule.startswith(("/admin", "/api/"))]  # fmt: skip
    assert "/login" in extra and "/logout" in extra
    assert {"/password-reset", "/password-reset/token", "/invitation/token"} <= set(extra)
    for url in [u for _, u in posts] + extra:
        response = admin_client.post(url, data={})
        assert response.status_code == 400, url
        assert "Bad request" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Product, targets["product_id"]).is_published == product_before
    assert db.session.get(Category, targets["category_id"]) is not None
    assert admin_client.get("/admin/").status_code == 200  # still signed in
