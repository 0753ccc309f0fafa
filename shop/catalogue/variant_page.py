"""A product page's variants: the chosen one and a link per option value, in two statements.

Read as plain rows on the request's read connection, like the rest of the product page:
its options with their values, then its variants. However many variants a product has, the
page runs the same statements (tests/storefront/test_variant_pages.py counts them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from sqlalchemy import Integer, bindparam, select

from ..database.connections import read_connection
from .variant_models import ProductOption, ProductOptionValue, ProductVariant

_PRODUCT = bindparam("product_id", type_=Integer)
_OPTIONS = (
    select(
        ProductOption.id,
        ProductOption.name,
        ProductOptionValue.id.label("value_id"),
        ProductOptionValue.value,
    )
    .join(ProductOptionValue, ProductOptionValue.option_id == ProductOption.id)
    .where(ProductOption.product_id == _PRODUCT)
    .order_by(
        ProductOption.position, ProductOption.id, ProductOptionValue.position, ProductOptionValue.id
    )
)
_VARIANTS = (
    select(
        ProductVariant.id,
        ProductVariant.sku,
        ProductVariant.combination,
        ProductVariant.price_cents,
        ProductVariant.stock,
        ProductVariant.is_published,
        ProductVariant.image_id,
    )
    .where(ProductVariant.product_id == _PRODUCT)
    .order_by(ProductVariant.position, ProductVariant.id)
)

T = TypeVar("T", bound=Any)
State = Literal["chosen", "in_stock", "sold_out", "unavailable"]


@dataclass(frozen=True, slots=True)
class Variant:
    """What the page shows of the chosen variant (and an order line will copy)."""

    id: int
    sku: str
    combination: str
    price_cents: int
    stock: int
    is_published: bool
    image_id: int | None


@dataclass(frozen=True, slots=True)
class Choice:
    """One value of an option: the variant its link leads to (None: no such variant for
    sale, shown as unavailable rather than hidden) and how it stands."""

    label: str
    variant_id: int | None
    state: State


@dataclass(frozen=True, slots=True)
class OptionChoices:
    name: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True, slots=True)
class Picker:
    chosen: Variant
    options: tuple[OptionChoices, ...]
    labels: tuple[tuple[str, str], ...]  # the chosen variant's (option, value) pairs


def gallery(images: Sequence[T], chosen: Variant | None) -> list[T]:
    """The product's photos with the chosen variant's own first (the product's order when
    it has none, or its photo is gone)."""
    if chosen is None or chosen.image_id is None:
        return list(images)
    own = [image for image in images if image.id == chosen.image_id]
    return own + [image for image in images if image.id != chosen.image_id]


class UnknownVariant(LookupError):
    """The URL names a variant this product does not sell (or not to this visitor)."""


def _default(variants: list[Variant]) -> Variant:
    return next((v for v in variants if v.stock > 0), variants[0])


def picker(
    product_id: int, variant_id: int | None, *, include_unpublished: bool = False
) -> Picker | None:
    """The choices of a product with variants, `variant_id` chosen (None: the first one in
    stock, else the first). None when it has no variant to show; UnknownVariant when
    `variant_id` is not one of them."""
    connection = read_connection()
    params = {"product_id": product_id}
    variants = [
        Variant(*row)
        for row in connection.execute(_VARIANTS, params)
        if include_unpublished or row.is_published
    ]
    if variant_id is not None:
        chosen = next((v for v in variants if v.id == variant_id), None)
        if chosen is None:
            raise UnknownVariant(variant_id)
    elif not variants:
        return None
    else:
        chosen = _default(variants)
    options: dict[int, tuple[str, list[tuple[int, str]]]] = {}
    for row in connection.execute(_OPTIONS, params):
        options.setdefault(row.id, (row.name, []))[1].append((row.value_id, row.value))
    return _choices(chosen, variants, options)


def _choices(
    chosen: Variant,
    variants: list[Variant],
    options: dict[int, tuple[str, list[tuple[int, str]]]],
) -> Picker:
    by_key = {v.combination: v for v in variants}
    option_ids = sorted(options)  # the key's order (variant_services.combination_key)
    picked = dict(zip(option_ids, (int(p) for p in chosen.combination.split(".")), strict=False))
    groups, pairs = [], []
    for option_id, (name, values) in options.items():
        choices = []
        for value_id, label in values:
            if picked.get(option_id) == value_id:
                choices.append(Choice(label, chosen.id, "chosen"))
                pairs.append((name, label))
                continue
            key = ".".join(
                str(value_id if o == option_id else picked.get(o, "")) for o in option_ids
            )
            target = by_key.get(key)
            if target is None:
                choices.append(Choice(label, None, "unavailable"))
            else:
                state: State = "in_stock" if target.stock > 0 else "sold_out"
                choices.append(Choice(label, target.id, state))
        groups.append(OptionChoices(name, tuple(choices)))
    return Picker(chosen, tuple(groups), tuple(pairs))
