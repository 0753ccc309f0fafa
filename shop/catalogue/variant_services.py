"""Write side of variants: options and their values, generating combinations, deleting one.

Like services.py, each function takes plain values and the product's expected version,
checks, writes, audits (on the product's history, each variant named by its SKU), keeps the
product's summary columns exact (variant_summary.py) and commits once. Every change moves
the product's version, so a stale form gets the 409 flow, and the catalogue version (the
product row changes in the flush, shop/catalogue/version.py), so cached pages go. The
variants table (every row at once) is variant_table.py, which shares the helpers here.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from math import prod
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from ..audit import services as audit
from ..database.transaction import unit_of_work
from ..dbtypes import cents_to_decimal
from ..extensions import db
from . import variant_summary
from .errors import STALE_PRODUCT, CatalogueError, NotFound, StaleEdit
from .models import Product
from .services import product_state
from .skus import variant_sku
from .variant_models import NAME_MAX, ProductOption, ProductOptionValue, ProductVariant

if TYPE_CHECKING:
    from ..accounts.models import User

MAX_OPTIONS = 3
MAX_VALUES = 30
MAX_VARIANTS = 250


def _checked_text(text: str, field: str, what: str) -> str:
    cleaned = " ".join((text or "").split())
    if not 1 <= len(cleaned) <= NAME_MAX:
        raise CatalogueError(f"{what} has 1 to {NAME_MAX} characters.", field=field)
    return cleaned


def _checked_values(values: Sequence[str], existing: Sequence[str] = ()) -> list[str]:
    cleaned = [_checked_text(v, "values", "A value") for v in values]
    if not cleaned:
        raise CatalogueError("Give at least one value.", field="values")
    seen = {v.casefold() for v in existing}
    for value in cleaned:
        if value.casefold() in seen:
            raise CatalogueError(f"\u201c{value}\u201d is given twice.", field="values")
        seen.add(value.casefold())
    if len(seen) > MAX_VALUES:
        raise CatalogueError(f"An option has at most {MAX_VALUES} values.", field="values")
    return cleaned


@contextmanager
def _transaction() -> Iterator[None]:
    """unit_of_work, with a concurrent save caught by the version column as StaleEdit."""
    try:
        with unit_of_work():
            yield
    except StaleDataError:
        raise StaleEdit(STALE_PRODUCT) from None


def load_product(product_id: int, expected_version: int) -> Product:
    product = db.session.get(Product, product_id)
    if product is None:
        raise NotFound("There is no such product.")
    if product.version != expected_version:
        raise StaleEdit(STALE_PRODUCT)
    return product


def _options(product_id: int) -> list[ProductOption]:
    stmt = (
        select(ProductOption)
        .where(ProductOption.product_id == product_id)
        .order_by(ProductOption.position, ProductOption.id)
        .options(selectinload(ProductOption.values))
    )
    return list(db.session.scalars(stmt))


def load_variants(product_id: int) -> list[ProductVariant]:
    stmt = (
        select(ProductVariant)
        .where(ProductVariant.product_id == product_id)
        .order_by(ProductVariant.position, ProductVariant.id)
    )
    return list(db.session.scalars(stmt))


def combination_key(values: Sequence[ProductOptionValue]) -> str:
    """The canonical key of one value per option: value ids in the order of option ids."""
    return ".".join(str(v.id) for v in sorted(values, key=lambda v: v.option_id))


def labels(options: Sequence[ProductOption]) -> dict[str, str]:
    """Each combination key -> "Colour: Red, Size: S" (options in their shown order)."""
    names = {}
    for combo in itertools.product(*(o.values for o in options)):
        names[combination_key(combo)] = ", ".join(
            f"{o.name}: {v.value}" for o, v in zip(options, combo, strict=True)
        )
    return names


def _check_room(counts: Sequence[int]) -> None:
    """Refuse a change that would make more than MAX_VARIANTS combinations."""
    total = prod(counts)
    if total > MAX_VARIANTS:
        raise CatalogueError(
            f"That would make {total} variants; a product has at most {MAX_VARIANTS}.",
            field="values",
        )


def describe(variant: ProductVariant, label: str) -> str:
    state = "published" if variant.is_published else "unpublished"
    return f"{label}; {cents_to_decimal(variant.price_cents)}; stock {variant.stock}; {state}"


def _fill_missing(
    product: Product, options: list[ProductOption], variants: list[ProductVariant]
) -> dict[str, list]:
    """Add every combination that has no variant yet, unpublished with no stock and the
    product's current price, under a generated SKU staff may change. Returns audit lines."""
    existing = {v.combination for v in variants}
    names = labels(options)
    taken: set[str] = set()
    position = max((v.position for v in variants), default=-1) + 1
    changes: dict[str, list] = {}
    for combo in itertools.product(*(o.values for o in options)):
        key = combination_key(combo)
        if key in existing:
            continue
        variant = ProductVariant(
            product_id=product.id,
            sku=variant_sku(product.sku, [v.value for v in combo], taken),
            combination=key,
            price_cents=product.price_cents,
            stock=0,
            is_published=False,
            position=position,
        )
        position += 1
        db.session.add(variant)
        variants.append(variant)
        changes[f"variant {variant.sku}"] = [None, describe(variant, names[key])]
    return changes


def finish_change(
    product: Product,
    before: dict,
    variants: list[ProductVariant],
    action: str,
    changes: dict[str, list],
    actor: User | None,
) -> None:
    """Refresh the summaries and write one audit entry with what changed (the product's
    summary price and stock included)."""
    variant_summary.refresh(product, variants)
    with db.session.no_autoflush:
        changes = {**changes, **audit.diff(before, product_state(product))}
    audit.record(actor, action, "product", product.id, product.name, changes)


def add_option(
    product_id: int,
    *,
    name: str,
    values: Sequence[str],
    expected_version: int,
    actor: User | None = None,
) -> Product:
    """Add an option with its values. Existing variants take the option's first value (so
    nothing is lost); every missing combination is added as an unpublished variant."""
    name = _checked_text(name, "name", "An option name")
    cleaned = _checked_values(values)
    try:
        with unit_of_work():
            product = load_product(product_id, expected_version)
            before = product_state(product)
            options = _options(product.id)
            if len(options) >= MAX_OPTIONS:
                raise CatalogueError(f"A product has at most {MAX_OPTIONS} options.", "name")
            if name.casefold() in {o.name.casefold() for o in options}:
                raise CatalogueError("This product already has an option so named.", "name")
            _check_room([*(len(o.values) for o in options), len(cleaned)])
            option = ProductOption(product_id=product.id, name=name, position=len(options))
            option.values = [ProductOptionValue(value=v, position=i) for i, v in enumerate(cleaned)]
            db.session.add(option)
            db.session.flush()
            variants = load_variants(product.id)
            first = option.values[0]
            for variant in variants:
                variant.combination = combination_key(
                    [*_values_of(variant, options), first]
                )  # the new option's id is the highest: its value goes last
            changes = {f"option {name}": [None, ", ".join(cleaned)]}
            changes |= _fill_missing(product, [*options, option], variants)
            finish_change(product, before, variants, "add option", changes, actor)
    except StaleDataError:
        raise StaleEdit(STALE_PRODUCT) from None
    return product


def _values_of(variant: ProductVariant, options: Sequence[ProductOption]):
    by_id = {v.id: v for o in options for v in o.values}
    return [by_id[i] for i in variant.value_ids()]


def _option_of(product: Product, option_id: int) -> tuple[list[ProductOption], ProductOption]:
    options = _options(product.id)
    option = next((o for o in options if o.id == option_id), None)
    if option is None:
        raise NotFound("There is no such option.")
    return options, option


def add_values(
    product_id: int,
    option_id: int,
    *,
    values: Sequence[str],
    expected_version: int,
    actor: User | None = None,
) -> Product:
    """Add values to an option and the combinations they make, as unpublished variants;
    nothing existing changes."""
    try:
        with unit_of_work():
            product = load_product(product_id, expected_version)
            before = product_state(product)
            options, option = _option_of(product, option_id)
            old = [v.value for v in option.values]
            cleaned = _checked_values(values, old)
            _check_room([len(o.values) + (len(cleaned) if o is option else 0) for o in options])
            start = len(option.values)
            for i, value in enumerate(cleaned):
                option.values.append(ProductOptionValue(value=value, position=start + i))
            db.session.flush()
            variants = load_variants(product.id)
            changes = {f"option {option.name}": [", ".join(old), ", ".join(old + cleaned)]}
            changes |= _fill_missing(product, options, variants)
            finish_change(product, before, variants, "add option values", changes, actor)
    except StaleDataError:
        raise StaleEdit(STALE_PRODUCT) from None
    return product


def rename_option(
    product_id: int,
    option_id: int,
    *,
    name: str,
    values: Mapping[int, str] | None = None,
    expected_version: int,
    actor: User | None = None,
) -> Product:
    """Rename an option and any of its values (`values`: value id -> new text); variants
    keep their values (they hold ids, not names)."""
    name = _checked_text(name, "name", "An option name")
    typed = {value_id: _checked_text(text, f"value_{value_id}", "A value")
             for value_id, text in (values or {}).items()}  # fmt: skip
    with _transaction():
        product = load_product(product_id, expected_version)
        before = product_state(product)
        options, option = _option_of(product, option_id)
        if name.casefold() in {o.name.casefold() for o in options if o is not option}:
            raise CatalogueError("This product already has an option so named.", "name")
        if set(typed) - {v.id for v in option.values}:
            raise NotFound("There is no such value.")
        seen: set[str] = set()
        for value in option.values:
            text = typed.get(value.id, value.value)
            if text.casefold() in seen:
                raise CatalogueError(f"\u201c{text}\u201d is given twice.", f"value_{value.id}")
            seen.add(text.casefold())
        changes: dict[str, list] = {}
        if option.name != name:
            changes[f"option {option.name}"] = [option.name, name]
            option.name = name
        for value in option.values:
            text = typed.get(value.id, value.value)
            if text != value.value:
                changes[f"option {name} value {value.value}"] = [value.value, text]
                value.value = text
        if not changes:
            return product
        finish_change(product, before, load_variants(product.id), "rename option", changes, actor)
    return product


def remove_value(
    product_id: int, value_id: int, *, expected_version: int, actor: User | None = None
) -> Product:
    """Remove a value no variant uses; while variants use it, refuse and name them (they go
    only when staff delete them, one by one, on purpose). The last value takes its option
    with it."""
    with _transaction():
        product = load_product(product_id, expected_version)
        before = product_state(product)
        options = _options(product.id)
        found = next((v for o in options for v in o.values if v.id == value_id), None)
        if found is None:
            raise NotFound("There is no such value.")
        variants = load_variants(product.id)
        users = [v.sku for v in variants if found.id in v.value_ids()]
        if users:
            raise CatalogueError(
                f"Delete the variants with \u201c{found.value}\u201d first: {', '.join(users)}.",
                field="value",
            )
        option = found.option
        changes = {f"option {option.name} value": [found.value, None]}
        option.values.remove(found)
        if not option.values:
            db.session.delete(option)
            changes[f"option {option.name}"] = [option.name, None]
        finish_change(product, before, variants, "remove option value", changes, actor)
    return product


def delete_variant(
    product_id: int, variant_id: int, *, expected_version: int, actor: User | None = None
) -> str:
    """Delete one variant on purpose; returns its SKU. A later new value of an option brings
    its combination back, unpublished."""
    try:
        with unit_of_work():
            product = load_product(product_id, expected_version)
            before = product_state(product)
            variants = load_variants(product.id)
            variant = next((v for v in variants if v.id == variant_id), None)
            if variant is None:
                raise NotFound("There is no such variant.")
            label = labels(_options(product.id)).get(variant.combination, "")
            sku = variant.sku
            changes = {f"variant {sku}": [describe(variant, label), None]}
            variants.remove(variant)
            db.session.delete(variant)
            finish_change(product, before, variants, "delete variant", changes, actor)
    except StaleDataError:
        raise StaleEdit(STALE_PRODUCT) from None
    return sku
