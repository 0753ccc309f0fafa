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
from ..catalogue.variant_reads import NO_VARIANTS, ProductVariants, variants_by_product
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


def _variants(found: ProductVariants) -> dict[str, list[dict[str, Any]]]:
    return {
        "options": [{"name": name, "values": list(values)} for name, values in found.options],
        "variants": [
            {
                "id": v.id,
                "sku": v.sku,
                "price": money(v.price_cents),
                "stock": v.stock,
                "published": v.is_published,
                "options": v.options,
                "image_id": v.image_id,
            }
            for v in found.variants
        ],
    }


def products(items: Iterable[ProductRecord | Product], *, staff: bool) -> list[dict[str, Any]]:
    """Products as the API shows them: shoppers see published variants only (as the
    storefront), staff and admin tokens (`staff`) every one."""
    items = list(items)
    ids = [item.id for item in items]
    # Every product's attribute values in one statement, and its options and variants in
    # two, whatever the page size.
    values = attributes.values_by_product(ids)
    choices = variants_by_product(ids, published_only=not staff)
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
            **_variants(choices.get(item.id, NO_VARIANTS)),
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


def product(item: ProductRecord | Product, *, staff: bool) -> dict[str, Any]:
    return products((item,), staff=staff)[0]


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
