"""Catalogue objects as the API shows them (the shapes are documented in schemas.py)."""

from __future__ import annotations

from datetime import UTC
from decimal import Decimal
from typing import Any

from flask import current_app, request

from ..catalogue.models import Category, Product, ProductImage
from ..web.links import product_url

FORMATS = ("webp", "jpeg")


def money(cents: int) -> str:
    """Cents as an exact decimal string: 1250 -> "12.50"."""
    return str(Decimal(cents).scaleb(-2))


def _absolute(path: str) -> str:
    # Programs are not on the page that links them: every URL is absolute.
    return request.host_url.rstrip("/") + path


def image(item: ProductImage) -> dict[str, Any]:
    media = f"{request.script_root}/media/"
    return {
        "id": item.id,
        "alt": item.alt_text,
        "position": item.position,
        "renditions": [
            {"url": _absolute(media + r[fmt]), "width": r["width"], "format": fmt}
            for r in item.renditions
            for fmt in FORMATS
            if r.get(fmt)
        ],
    }


def product(item: Product) -> dict[str, Any]:
    return {
        "id": item.id,
        "name": item.name,
        "slug": item.slug,
        "sku": item.sku,
        "price": money(item.price_cents),
        "currency": current_app.config["SHOP_CURRENCY"],
        "stock": item.stock,
        "category_id": item.category_id,
        "description": item.description,
        "published": item.is_published,
        "url": _absolute(product_url(item.slug)),
        "images": [image(i) for i in item.images],
        "updated_at": item.updated_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "version": item.version,
    }


def category(item: Category) -> dict[str, Any]:
    return {
        "id": item.id,
        "slug": item.slug,
        "name": item.name,
        "parent_id": item.parent_id,
        "description": item.description,
        "position": item.position,
        "published": item.is_published,
    }
