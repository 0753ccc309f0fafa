"""The product form's attribute fields: one per attribute of the chosen category, typed."""

from __future__ import annotations

from collections.abc import Sequence

from flask import request
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from ..catalogue import attributes
from ..catalogue.models import Attribute
from ..web.forms import strip
from .forms import ProductForm

NOT_SET = SelectChoice("", "\u2014")
YES_NO = [NOT_SET, SelectChoice(attributes.YES, "Yes"), SelectChoice(attributes.NO, "No")]


def _number(form, field) -> None:
    if field.data:
        try:
            attributes.parse_number(field.data)
        except ValueError:
            raise ValidationError(
                "Enter a number such as 80 or 80.5 (at most 3 decimals, no thousands separators)."
            ) from None


def _field(attribute: Attribute):
    if attribute.kind == "choice":
        options = [NOT_SET, *(SelectChoice(c.value, c.value) for c in attribute.choices)]
        return SelectField(attribute.name, choices=options, default="")
    if attribute.kind == "number":
        label = f"{attribute.name} ({attribute.unit})" if attribute.unit else attribute.name
        return StringField(
            label,
            filters=[strip],
            validators=[_number],
            render_kw={"inputmode": "decimal", "autocomplete": "off"},
        )
    return SelectField(attribute.name, choices=YES_NO, default="")


def product_form(
    category_id: int | None, applicable: Sequence[Attribute] | None = None, **kwargs
) -> ProductForm:
    """A product form with the fields of the category's attributes (inherited ones first;
    `applicable` if the caller read them already); `form.attribute_list` holds them, in the
    order the page shows them."""
    if applicable is None:
        applicable = attributes.attributes_for_category(category_id) if category_id else []
    fields = {attributes.field_name(a.id): _field(a) for a in applicable}
    form_class = type("ProductFormWithAttributes", (ProductForm,), fields)
    form = form_class(**kwargs)
    form.attribute_list = applicable
    return form


def submitted_category(default: int | None) -> int | None:
    """The category the posted form chose (its fields are validated), else `default`."""
    raw = request.form.get("category", "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else default


def form_data(product_id: int, applicable: Sequence[Attribute]) -> dict[str, str]:
    values = attributes.form_values(product_id, applicable)
    return {attributes.field_name(i): text for i, text in values.items()}


def submitted_values(form: ProductForm) -> dict[int, str | None] | None:
    """The values the page showed fields for (a field the page did not have, after the
    category changed, leaves its value alone); None when there were none."""
    values = {
        a.id: form[attributes.field_name(a.id)].data or None
        for a in form.attribute_list
        if attributes.field_name(a.id) in request.form
    }
    return values or None


def dropped(old: Sequence[Attribute], form: ProductForm) -> list[str]:
    """Names of attributes with a submitted value that the newly chosen category lacks."""
    kept = {a.id for a in form.attribute_list}
    return [
        a.name
        for a in old
        if a.id not in kept and request.form.get(attributes.field_name(a.id), "").strip()
    ]
