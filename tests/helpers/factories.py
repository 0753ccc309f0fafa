"""Test data factories: real rows through the real models, with sensible defaults."""

from __future__ import annotations

import hashlib
import itertools
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from shop.accounts.models import User
from shop.accounts.services import create_user
from shop.catalogue.models import Category, Product, ProductImage
from shop.extensions import db

STAFF_PASSWORD = "correct horse battery staple"

_seq = itertools.count(1)


def make_user(email: str, role: str = "staff", password: str = STAFF_PASSWORD) -> User:
    """An active account made through the real service (so its creation is audited)."""
    return create_user(email, password, role)


def make_category(name: str | None = None, *, parent: Category | None = None, **fields) -> Category:
    n = next(_seq)
    name = name or f"Category {n}"
    fields.setdefault("slug", f"{name.lower().replace(' ', '-')}-{n}")
    category = Category(name=name, parent=parent, **fields)
    db.session.add(category)
    db.session.commit()
    return category


def make_product(
    name: str | None = None,
    *,
    category: Category | None = None,
    price: str | Decimal = "19.99",
    commit: bool = True,
    **fields,
) -> Product:
    n = next(_seq)
    name = name or f"Product {n}"
    category = category or make_category()
    fields.setdefault("slug", f"{name.lower().replace(' ', '-')}-{n}")
    fields.setdefault("sku", f"SKU-{n:06d}")
    fields.setdefault("stock", 10)
    fields.setdefault("is_published", True)
    fields.setdefault("created_at", datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=n))
    product = Product(name=name, category=category, **fields)
    product.price = Decimal(price)
    db.session.add(product)
    if commit:
        db.session.commit()
    return product


def make_products(count: int, *, category: Category | None = None, **fields) -> list[Product]:
    category = category or make_category()
    products = [make_product(category=category, commit=False, **fields) for _ in range(count)]
    db.session.commit()
    return products


def _key(n: int, width: int, extension: str) -> str:
    """A well-formed storage key (the files need not exist for pages to link them)."""
    digest = hashlib.sha256(f"{n}-{width}{extension}".encode()).hexdigest()
    return f"{digest[:2]}/{digest[2:4]}/{digest}{extension}"


def make_image(product: Product, position: int = 0, **fields) -> ProductImage:
    """An image row pointing at made-up keys (the storefront only builds URLs from them)."""
    n = next(_seq)
    renditions = [
        {"width": w, "height": w, "webp": _key(n, w, ".webp"), "jpeg": _key(n, w, ".jpg")}
        for w in (320, 640)
    ]
    image = ProductImage(
        product=product, position=position, width=640, height=640, renditions=renditions, **fields
    )
    db.session.add(image)
    db.session.commit()
    return image
