"""Hostile text typed by staff comes out escaped on every page that shows it."""

from __future__ import annotations

from html.parser import HTMLParser

from shop.accounts.models import User
from shop.catalogue import services
from shop.extensions import db

SCRIPT = "<script>alert(1)</script>"
ATTR = '"><img src=x onerror=alert(1)>'
MARKDOWN = f'{SCRIPT}\n\n{ATTR}\n\n[click](javascript:alert(1)) <a href="javascript:alert(2)">x</a>'


class _Elements(HTMLParser):
    """Collects what a browser would act on: script elements, handlers, script URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.problems.append("<script> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}=")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                ("javascript:", "data:text")
            ):
                self.problems.append(f"{tag} {name}={value}")


def _assert_clean(html: str, where: str) -> None:
    parser = _Elements()
    parser.feed(html)
    assert not parser.problems, f"{where}: {parser.problems}"


def test_payloads_are_escaped_everywhere(app, staff_client):
    actor = db.session.query(User).one()
    category = services.create_category(
        f"Cat {SCRIPT}", slug="cat", description=MARKDOWN, actor=actor
    )
    product = services.create_product(
        name=f"Stool {SCRIPT} {ATTR}",
        sku=f"S{ATTR}"[:64],
        price=__import__("decimal").Decimal("5.00"),
        category_id=category.id,
        slug="stool",
        description=MARKDOWN,
        is_published=True,
        is_featured=True,
        stock=0,
        actor=actor,
    )
    services.update_product(
        product.id,
        expected_version=product.version,
        name=f"Stool {ATTR} {SCRIPT}!",
        description=MARKDOWN + "\n\nmore",
        actor=actor,
    )
    pages = [
        "/",
        "/products/",
        "/category/cat/",
        "/product/stool",
        "/search?q=Stool",
        f"/search?q={SCRIPT}",
        "/admin/",
        "/admin/products/",
        f"/admin/products/?q={ATTR}",
        f"/admin/products/{product.id}/edit",
        f"/admin/products/{product.id}/delete",
        "/admin/categories/",
        f"/admin/categories/{category.id}/edit",
        f"/admin/categories/{category.id}/delete",
    ]
    for url in pages:
        response = staff_client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        _assert_clean(html, url)
    edit = staff_client.get(f"/admin/products/{product.id}/edit").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in edit
    assert "&lt;img src=x" in edit or "&#34;&gt;&lt;img src=x" in edit
    storefront = staff_client.get("/product/stool").get_data(as_text=True)
    assert "&lt;script&gt;" in storefront
    assert ">click</a>" not in storefront or 'href="javascript' not in storefront
