"""Attributes of categories: which apply to a product, what a typed value means and how to
show it (filters are in attribute_filters.py, writes in attribute_services.py)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import (
    Integer,
    bindparam,
    func,
    literal,
    select,
)
from sqlalchemy.orm import aliased, joinedload, selectinload

from ..database.connections import read_connection
from ..extensions import db
from .errors import CatalogueError
from .models import Attribute, AttributeChoice, Category, Product, ProductAttributeValue

NAME_MAX = 100
UNIT_MAX = 20
CHOICE_MAX = 100
CHOICES_MAX = 200
# Numbers are kept in integer thousandths (models.py): at most 3 decimals and 12 digits
# before the point, far inside BIGINT.
NUMBER_DECIMALS = 3
_NUMBER = re.compile(r"-?[0-9]{1,12}(\.[0-9]{1,3})?")
YES, NO = "yes", "no"
# Deeper than any real tree: a guard for the recursive read should a cycle ever exist.
MAX_DEPTH = 50


def field_name(attribute_id: int) -> str:
    """The form field (and error field) of an attribute's value."""
    return f"attribute_{attribute_id}"


def audit_field(name: str) -> str:
    """An attribute's key in a product's audit entry, apart from the product's own fields."""
    return f"attribute: {name}"


def category_chain(category_id: int) -> list[int]:
    """The category's ancestors, root first, then the category itself."""
    parents = dict(db.session.execute(select(Category.id, Category.parent_id)).all())
    chain: list[int] = []
    current: int | None = category_id
    while current is not None and current in parents and current not in chain:
        chain.append(current)
        current = parents[current]
    return chain[::-1]


def attributes_for_category(category_id: int) -> list[Attribute]:
    """The attributes a product of this category has (inherited ones first), with their
    choices: one statement (the ancestors found by a recursive query), since every staff
    product page asks."""
    chain = (
        select(Category.id, Category.parent_id, literal(0).label("depth"))
        .where(Category.id == category_id)
        .cte("chain", recursive=True)
    )
    parent = aliased(Category)
    chain = chain.union_all(
        select(parent.id, parent.parent_id, chain.c.depth + 1).where(
            parent.id == chain.c.parent_id, chain.c.depth < MAX_DEPTH
        )
    )
    stmt = (
        select(Attribute)
        .join(chain, chain.c.id == Attribute.category_id)
        .options(joinedload(Attribute.choices))
        .order_by(
            chain.c.depth.desc(), Attribute.position, func.lower(Attribute.name), Attribute.id
        )
    )
    return list(db.session.scalars(stmt).unique())


def attribute_for_edit(attribute_id: int) -> Attribute | None:
    """One attribute with its choices, for its staff form."""
    stmt = (
        select(Attribute)
        .where(Attribute.id == attribute_id)
        .options(selectinload(Attribute.choices))
    )
    return db.session.scalar(stmt)


def format_number(milli: int) -> str:
    """Thousandths as the exact decimal a person typed: 80500 -> "80.5", 80000 -> "80"."""
    value = (Decimal(milli) / 1000).normalize()
    return format(value, "f")


def parse_number(text: str) -> int:
    """ "80.5" -> 80500; ValueError for anything but a plain decimal (no exponent, NaN,
    separators or more decimals than are stored)."""
    text = text.strip()
    if not _NUMBER.fullmatch(text):
        raise ValueError(text)
    return int(Decimal(text).scaleb(NUMBER_DECIMALS))


@dataclass(frozen=True)
class TypedValue:
    """A value as stored: exactly one of the three is not None."""

    choice_id: int | None = None
    number_milli: int | None = None
    flag: bool | None = None


def parse_value(attribute: Attribute, raw: str | None) -> TypedValue | None:
    """What a person typed for `attribute` as stored; None for "not set"; CatalogueError
    (on the attribute's field) with a message saying what is expected."""
    text = "" if raw is None else raw.strip()
    if not text:
        return None
    field = field_name(attribute.id)
    if attribute.kind == "choice":
        for choice in attribute.choices:
            if choice.value.casefold() == text.casefold():
                return TypedValue(choice_id=choice.id)
        raise CatalogueError(f"Choose one of the listed values for {attribute.name}.", field=field)
    if attribute.kind == "number":
        try:
            return TypedValue(number_milli=parse_number(text))
        except ValueError:
            raise CatalogueError(
                f"Enter a number such as 80 or 80.5 (at most {NUMBER_DECIMALS} decimals, "
                "no thousands separators).",
                field=field,
            ) from None
    if text.casefold() in (YES, NO):
        return TypedValue(flag=text.casefold() == YES)
    raise CatalogueError("Choose yes, no or leave it empty.", field=field)


def display_value(
    kind: str, unit: str, choice: str | None, number_milli: int | None, flag: bool | None
) -> str:
    """A stored value as words: "oak", "80.5 cm", "Yes"."""
    if kind == "choice":
        return choice or ""
    if kind == "number" and number_milli is not None:
        number = format_number(number_milli)
        return f"{number} {unit}" if unit else number
    return "Yes" if flag else "No"


def form_value(attribute: Attribute, value: ProductAttributeValue | None) -> str:
    """A stored value as the product form's field holds it ("" when not set)."""
    if value is None:
        return ""
    if attribute.kind == "choice":
        return next((c.value for c in attribute.choices if c.id == value.choice_id), "")
    if attribute.kind == "number" and value.number_milli is not None:
        return format_number(value.number_milli)
    return YES if value.flag else NO


def form_values(product_id: int, applicable: Sequence[Attribute]) -> dict[int, str]:
    """The product's values of `applicable` attributes as its staff form shows them."""
    if not applicable:
        return {}
    stmt = select(ProductAttributeValue).where(ProductAttributeValue.product_id == product_id)
    stored = {v.attribute_id: v for v in db.session.scalars(stmt)}
    return {a.id: form_value(a, stored.get(a.id)) for a in applicable}


def same_value(attribute: Attribute, first: str | None, second: str | None) -> bool:
    """Whether two typed values mean the same ("80" and "80.0", "Oak" and "oak")."""

    def meaning(text: str | None):
        try:
            return parse_value(attribute, text)
        except CatalogueError:
            return (text or "").strip()

    return meaning(first) == meaning(second)


@dataclass(frozen=True)
class Specification:
    """One row of a product page's specification table."""

    name: str
    value: str


# Built once: the product page runs it on every view. The attribute's category is checked
# against the product's category chain (known from the cached tree, so no extra read): a
# value left from before a category moved is not shown as if it applied.
_SPECIFICATION = (
    select(
        Attribute.category_id,
        Attribute.position,
        Attribute.id,
        Attribute.name,
        Attribute.kind,
        Attribute.unit,
        AttributeChoice.value,
        ProductAttributeValue.number_milli,
        ProductAttributeValue.flag,
    )
    .join(Attribute, Attribute.id == ProductAttributeValue.attribute_id)
    .outerjoin(AttributeChoice, AttributeChoice.id == ProductAttributeValue.choice_id)
    .where(
        ProductAttributeValue.product_id == bindparam("product_id", type_=Integer),
        Attribute.category_id.in_(bindparam("chain", expanding=True)),
    )
)


def product_specification(product_id: int, chain: Sequence[int]) -> list[Specification]:
    """The product's set values in attribute order, as words: one statement."""
    rows = read_connection().execute(_SPECIFICATION, {"product_id": product_id, "chain": chain})
    depth = {category_id: index for index, category_id in enumerate(chain)}
    ordered = sorted(rows, key=lambda r: (depth[r[0]], r[1], r[3].casefold(), r[2]))
    return [
        Specification(r.name, display_value(r.kind, r.unit, r.value, r.number_milli, r.flag))
        for r in ordered
    ]


@dataclass(frozen=True)
class ProductValue:
    """A product's value of one attribute, as programs get it: a choice's text, a number as
    an exact decimal string, or a bool."""

    name: str
    kind: str
    value: str | bool
    unit: str


def _typed(kind: str, choice: str | None, number_milli: int | None, flag: bool | None):
    if kind == "choice":
        return choice or ""
    if kind == "number" and number_milli is not None:
        return format_number(number_milli)
    return bool(flag)


def values_by_product(product_ids: Sequence[int]) -> dict[int, list[ProductValue]]:
    """The attribute values of these products, each in its attribute order (inherited ones
    first), only of attributes its category has: one statement, however many products (a
    recursive query walks each product's categories up to the root)."""
    if not product_ids:
        return {}
    chain = (
        select(
            Product.id.label("product_id"),
            Product.category_id.label("category_id"),
            literal(0).label("depth"),
        )
        .where(Product.id.in_(list(product_ids)))
        .cte("product_chain", recursive=True)
    )
    up = aliased(Category)
    chain = chain.union_all(
        select(chain.c.product_id, up.parent_id, chain.c.depth + 1)
        .join(up, up.id == chain.c.category_id)
        .where(up.parent_id.is_not(None), chain.c.depth < MAX_DEPTH)
    )
    value = ProductAttributeValue
    stmt = (
        select(
            value.product_id,
            Attribute.name,
            Attribute.kind,
            Attribute.unit,
            AttributeChoice.value,
            value.number_milli,
            value.flag,
        )
        .join(Attribute, Attribute.id == value.attribute_id)
        .join(
            chain,
            (chain.c.product_id == value.product_id)
            & (chain.c.category_id == Attribute.category_id),
        )
        .outerjoin(AttributeChoice, AttributeChoice.id == value.choice_id)
        .order_by(
            value.product_id,
            chain.c.depth.desc(),
            Attribute.position,
            func.lower(Attribute.name),
            Attribute.id,
        )
    )
    found: dict[int, list[ProductValue]] = {}
    for row in read_connection().execute(stmt):
        typed = _typed(row.kind, row.value, row.number_milli, row.flag)
        found.setdefault(row.product_id, []).append(
            ProductValue(row.name, row.kind, typed, row.unit)
        )
    return found
