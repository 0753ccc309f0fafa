"""Listing filters by attribute: the "show as filter" attributes, what a URL asks for, and
the condition that reads the value index."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from slugify import slugify
from sqlalchemy import BigInteger, Boolean, ColumnElement, Integer, bindparam, select, true

from ..database.connections import read_connection
from .attributes import NO, YES, parse_number
from .models import Attribute, AttributeChoice, Product, ProductAttributeValue


@dataclass(frozen=True)
class AttributeCondition:
    """A listing restricted to products with this attribute's value: a choice, a number
    range (inclusive, thousandths; either end open) or yes/no."""

    attribute_id: int
    choice_id: int | None = None
    low: int | None = None
    high: int | None = None
    flag: bool | None = None

    @property
    def shape(self) -> tuple[bool, ...]:
        return tuple(v is not None for v in (self.choice_id, self.low, self.high, self.flag))


def has_value(condition: AttributeCondition, index: int = 0) -> ColumnElement[bool]:
    """A WHERE condition on products for `condition`. Its values are bind parameters named
    by `index` (`value_params` gives them), so a listing statement built once serves every
    value of the same shape.

    `id IN (ids from the value index)` rather than a correlated EXISTS: both databases then
    read the matching product ids as one range of the (attribute, value, product) index.
    PostgreSQL plans either as the same semi-join, but SQLite runs an EXISTS once per
    product of the listing, probing the primary key each time (a scan of every product).
    """
    value, params = ProductAttributeValue, value_params(condition, index)

    def param(name: str, type_) -> Any:
        return bindparam(name, value=params[name], type_=type_)

    prefix = f"attr{index}_"
    conditions = [value.attribute_id == param(prefix + "id", Integer)]
    if condition.choice_id is not None:
        conditions.append(value.choice_id == param(prefix + "choice", Integer))
    if condition.low is not None or condition.high is not None:
        conditions.append(value.number_milli.is_not(None))
    if condition.low is not None:
        conditions.append(value.number_milli >= param(prefix + "low", BigInteger))
    if condition.high is not None:
        conditions.append(value.number_milli <= param(prefix + "high", BigInteger))
    if condition.flag is not None:
        conditions.append(value.flag == param(prefix + "flag", Boolean))
    return Product.id.in_(select(value.product_id).where(*conditions))


def value_params(condition: AttributeCondition, index: int = 0) -> dict[str, Any]:
    """The bind parameter values of `has_value(condition, index)`."""
    prefix = f"attr{index}_"
    params: dict[str, Any] = {prefix + "id": condition.attribute_id}
    for name in ("choice_id", "low", "high", "flag"):
        if getattr(condition, name) is not None:
            params[prefix + name.removesuffix("_id")] = getattr(condition, name)
    return params


@dataclass(frozen=True)
class FilterAttribute:
    """An attribute shoppers may narrow a category's listing by, with its URL argument."""

    id: int
    kind: str
    key: str
    choices: dict[str, int]  # casefolded value -> choice id


def url_key(name: str) -> str:
    """The listing URL argument of an attribute: "Seat height" -> "attr_seat_height"."""
    return "attr_" + (slugify(name, separator="_") or "x")


# Built once: the filter attributes of a category chain with their choices.
_FILTER_ATTRIBUTES = (
    select(
        Attribute.category_id,
        Attribute.position,
        Attribute.id,
        Attribute.name,
        Attribute.kind,
        AttributeChoice.id.label("choice_id"),
        AttributeChoice.value,
    )
    .outerjoin(AttributeChoice, AttributeChoice.attribute_id == Attribute.id)
    .where(
        Attribute.is_filter == true(),
        Attribute.category_id.in_(bindparam("chain", expanding=True)),
    )
)


def filter_attributes(chain: Sequence[int]) -> list[FilterAttribute]:
    """The "show as filter" attributes of a category chain: one statement, run only when
    a listing's URL asks for an attribute filter."""
    rows = read_connection().execute(_FILTER_ATTRIBUTES, {"chain": list(chain)}).all()
    depth = {category_id: index for index, category_id in enumerate(chain)}
    found: dict[int, FilterAttribute] = {}
    for row in sorted(rows, key=lambda r: (depth[r.category_id], r.position, r.id)):
        item = found.setdefault(row.id, FilterAttribute(row.id, row.kind, url_key(row.name), {}))
        if row.choice_id is not None:
            item.choices[row.value.casefold()] = row.choice_id
    return list(found.values())


def conditions_from_args(
    args: Mapping[str, str], filters: Sequence[FilterAttribute]
) -> tuple[AttributeCondition, ...]:
    """The attribute filters a listing URL asks for: `attr_material=oak`,
    `attr_width_min=80&attr_width_max=120`, `attr_foldable=yes`. Like the price bounds,
    a value that means nothing is ignored, not an error."""
    conditions = []
    seen: set[str] = set()
    for item in filters:
        if item.key in seen:  # two names with one URL form: the first (higher up) wins
            continue
        seen.add(item.key)
        raw = (args.get(item.key) or "").strip()
        if item.kind == "choice" and raw.casefold() in item.choices:
            conditions.append(AttributeCondition(item.id, choice_id=item.choices[raw.casefold()]))
        elif item.kind == "boolean" and raw.casefold() in (YES, NO):
            conditions.append(AttributeCondition(item.id, flag=raw.casefold() == YES))
        elif item.kind == "number":
            low, high = _bound(args.get(item.key + "_min")), _bound(args.get(item.key + "_max"))
            if low is not None or high is not None:
                conditions.append(AttributeCondition(item.id, low=low, high=high))
    return tuple(conditions)


def _bound(raw: str | None) -> int | None:
    try:
        return parse_number(raw or "")
    except ValueError:
        return None
