"""Catalogue objects as the API shows them (the shapes are documented in schemas.py).

A list shows up to 100 products: what every product shares (the address its URLs start
with, the product link's route, the currency) is worked out once per call, not per product.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from flask import current_app, request

from ..catalogue import attributes
from ..catalogue.models import Category, Product, ProductImage
from ..catalogue.product_reads import ImageRecord, ProductRecord
from ..web.links import slug_route

FORMATS = ("webp", "jpeg")


def money(cents: int) -> str:
    """Cents as an exact decimal string: 1250 -> "12.50"."""
    whole, part = divmod(abs(cents), 100)
    return f"{'-' if cents < 0 else ''}{whole}.{part:02d}"


def _origin() -> str:
    # Programs are not on the page that links them: every URL is absolute.
    return request.host_url.rstrip("/")


def _image(item: ImageRecord | ProductImage, media: str) -> dict[str, Any]:
    return {
        "id": item.id,
        "alt": item.alt_text,
        "position": item.position,
        "renditions": [
            {"url": media + r[fmt], "width": r["width"], "format": fmt}
            for r in item.renditions
            for fmt in FORMATS
            if r.get(fmt)
        ],
    }


def _media(origin: str) -> str:
    return f"{origin}{request.script_root}/media/"


def image(item: ImageRecord | ProductImage) -> dict[str, Any]:
    return _image(item, _media(_origin()))


def _values(found: list[attributes.ProductValue]) -> list[dict[str, Any]]:
    return [{"name": v.name, "kind": v.kind, "value": v.value, "unit": v.unit} for v in found]


def products(items: Iterable[ProductRecord | Product]) -> list[dict[str, Any]]:
    items = list(items)
    # Every product's attribute values in one statement, whatever the page size.
    values = attributes.values_by_product([item.id for item in items])
    origin = _origin()
    media = _media(origin)
    link = slug_route("product").url
    currency = current_app.config["SHOP_CURRENCY"]
    return [
        {
            "id": item.id,
            "name": item.name,
            "slug": item.slug,
            "sku": item.sku,
            "price": money(item.price_cents),
            "currency": currency,
            "stock": item.stock,
            "category_id": item.category_id,
            "description": item.description,
            "published": item.is_published,
            "url": origin + link(item.slug),
            "images": [_image(i, media) for i in item.images],
            "attributes": _values(values.get(item.id, [])),
            "publish_at": _moment(item.publish_at),
            "unpublish_at": _moment(item.unpublish_at),
            "updated_at": _moment(item.updated_at),
            "version": item.version,
        }
        for item in items
    ]


def _moment(value: datetime | None) -> str | None:
    """RFC 3339 in UTC with a Z, as every time in the API."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else None


def product(item: ProductRecord | Product) -> dict[str, Any]:
    return products((item,))[0]


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
