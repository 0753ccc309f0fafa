"""Scheduling through the product form: moments typed in the shop's time zone, refused with a
message next to the field when they make no sense, shown in the list and in "On the shop?"."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from shop.audit.models import AuditEntry
from shop.catalogue.models import Product
from shop.dbtypes import utcnow
from shop.extensions import db
from tests.helpers.a11y import assert_accessible, labels
from tests.helpers.factories import make_category, make_product
from tests.helpers.forms import csrf_token_from

LONDON = ZoneInfo("Europe/London")


def _typed(moment: datetime, zone=UTC) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M")


def _save(client, product: Product, **fields):
    html = client.get(f"/admin/products/{product.id}/edit").get_data(as_text=True)
    data = {
        "csrf_token": csrf_token_from(html),
        "version": str(product.version),
        "name": product.name,
        "sku": product.sku,
        "price": f"{product.price:.2f}",
        "stock": str(product.stock),
        "category": str(product.category_id),
        "description": product.description,
        "publish_at": "",
        "unpublish_at": "",
    }
    if product.is_published:
        data["is_published"] = "y"
    data.update(fields)
    return client.post(
        f"/admin/products/{product.id}/edit", data={k: v for k, v in data.items() if v is not None}
    )


def _fresh(product_id: int) -> Product:
    db.session.expire_all()
    return db.session.get(Product, product_id)


def test_the_form_has_labelled_schedule_fields(staff_client):
    html = staff_client.get("/admin/products/new").get_data(as_text=True)
    found = labels(html)
    assert "Publish at" in found and "Unpublish at" in found
    assert html.count('type="datetime-local"') == 2
    assert_accessible(html)


def test_a_moment_is_typed_in_the_shop_time_zone_and_kept_in_utc(app, staff_client):
    app.config["SHOP_TIMEZONE"] = "Europe/London"
    product = make_product("Spring jacket", is_published=False)
    # 06:00 in London in summer is 05:00 UTC.
    typed = "2031-06-02T06:00"
    response = _save(staff_client, product, publish_at=typed)
    assert response.status_code == 302
    fresh = _fresh(product.id)
    assert fresh.publish_at == datetime(2031, 6, 2, 5, 0, tzinfo=UTC)
    assert not fresh.is_published
    html = unescape(staff_client.get(f"/admin/products/{product.id}/edit").get_data(as_text=True))
    assert f'value="{typed}"' in html  # shown back as it was typed
    panel = re.search(r'<section class="panel shop-state".*?</section>', html, re.S).group(0)
    assert "It is scheduled: it goes on the shop on Mon 2 Jun 2031, 06:00 BST." in panel
    assert 'href="#publish_at"' in panel


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"publish_at": "next monday"}, "publish_at", "Enter a date and time"),
        ({"publish_at": "2031-02-30T06:00"}, "publish_at", "Enter a date and time"),
        ({"publish_at": "past"}, "publish_at", "Choose a moment in the future."),
        ({"publish_at": "soon", "is_published": "y"}, "publish_at", "untick Published"),
        ({"unpublish_at": "soon"}, "unpublish_at", "Only a published or scheduled"),
        ({"publish_at": "later", "unpublish_at": "soon"}, "unpublish_at", "after the moment"),
    ],
)
def test_a_bad_schedule_is_shown_next_to_its_field_and_changes_nothing(
    staff_client, fields, field, message
):
    product = make_product("Lamp", is_published=False)
    version = product.version
    now = utcnow()
    moments = {
        "past": _typed(now - timedelta(hours=1)),
        "soon": _typed(now + timedelta(hours=1)),
        "later": _typed(now + timedelta(hours=2)),
    }
    fields = {k: moments.get(v, v) for k, v in fields.items()}
    response = _save(staff_client, product, **fields)
    assert response.status_code == 400
    html = unescape(response.get_data(as_text=True))
    error = re.search(rf'<ul class="field__errors" id="{field}-error">(.*?)</ul>', html, re.S)
    assert error and message in error.group(1)
    fresh = _fresh(product.id)
    assert fresh.version == version and fresh.publish_at is None and fresh.unpublish_at is None


def test_the_list_filters_and_marks_scheduled_products(staff_client):
    category = make_category("Coats")
    waiting = make_product("Rain coat", category=category, is_published=False)
    make_product("Winter coat", category=category, is_published=False)
    make_product("Summer coat", category=category)
    assert (
        _save(staff_client, waiting, publish_at=_typed(utcnow() + timedelta(days=2))).status_code
        == 302
    )
    html = staff_client.get("/admin/products/?status=scheduled").get_data(as_text=True)
    rows = re.findall(r"<tr[ >].*?</tr>", html, re.S)
    names = [name for name in ("Rain coat", "Winter coat", "Summer coat") if name in html]
    assert names == ["Rain coat"], rows
    assert '<span class="badge badge--draft">Scheduled</span>' in html
    drafts = staff_client.get("/admin/products/?status=draft").get_data(as_text=True)
    assert "Rain coat" in drafts and "Winter coat" in drafts and "Summer coat" not in drafts


def test_clearing_the_moment_keeps_it_a_draft(staff_client):
    product = make_product("Lamp", is_published=False)
    _save(staff_client, product, publish_at=_typed(utcnow() + timedelta(days=1)))
    fresh = _fresh(product.id)
    assert fresh.publish_at is not None
    assert _save(staff_client, fresh, publish_at="").status_code == 302
    fresh = _fresh(product.id)
    assert fresh.publish_at is None and not fresh.is_published


def test_an_unpublish_moment_shows_on_the_edit_page(staff_client):
    product = make_product("Advent calendar")
    end = utcnow() + timedelta(days=20)
    assert _save(staff_client, product, unpublish_at=_typed(end)).status_code == 302
    assert db.session.scalar(select(Product.unpublish_at).where(Product.id == product.id))
    html = unescape(staff_client.get(f"/admin/products/{product.id}/edit").get_data(as_text=True))
    assert "It goes back to draft on" in html and 'href="#unpublish_at"' in html


def test_staff_pages_make_a_passed_moment_happen_first(staff_client):
    """A moment that passed while no shopper came by: the list shows the product published,
    not "Scheduled" for a time already gone."""
    product = make_product("Rain coat", is_published=False)
    _save(staff_client, product, publish_at=_typed(utcnow() + timedelta(hours=1)))
    # Time passes (the row as the clock would leave it: its moment is now behind us).
    db.session.execute(
        update(Product)
        .where(Product.id == product.id)
        .values(publish_at=utcnow() - timedelta(minutes=1))
    )
    db.session.commit()
    html = staff_client.get("/admin/products/?status=published").get_data(as_text=True)
    assert "Rain coat" in html
    fresh = _fresh(product.id)
    assert fresh.is_published and fresh.publish_at is None
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.entity_id == product.id, AuditEntry.action == "publish")
    ).one()
    assert entry.source == "schedule"
