"""Staff forms of the variants page: add an option, add values, the variants table."""

from __future__ import annotations

import re
from collections.abc import Sequence

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from ..catalogue.models import ProductImage
from ..catalogue.rules import SKU_MAX
from ..catalogue.variant_models import NAME_MAX, ProductOption, ProductVariant
from ..web.forms import strip
from .forms import MoneyField, WholeNumberField, optional_int

SEPARATORS = re.compile(r"[,\n]")


def split_values(text: str | None) -> list[str]:
    """Values typed one per line or separated by commas; blanks dropped."""
    return [part.strip() for part in SEPARATORS.split(text or "") if part.strip()]


class OptionForm(FlaskForm):
    name = StringField(
        "Option name",
        validators=[DataRequired("Enter a name, such as Colour."), Length(max=NAME_MAX)],
        filters=[strip],
    )
    values = TextAreaField(
        "Values",
        validators=[DataRequired("Enter at least one value.")],
        description="One per line, or separated by commas: Red, Blue, Green.",
        render_kw={"rows": 3},
    )
    version = HiddenField()
    submit = SubmitField("Add option")


class ValuesForm(FlaskForm):
    values = StringField(
        "New values",
        validators=[DataRequired("Enter at least one value.")],
        description="Separated by commas; the missing combinations are added, unpublished.",
    )
    version = HiddenField()
    submit = SubmitField("Add values")


class RenameForm(FlaskForm):
    """An option's name and a field per value (value_<id>), made by `for_option`."""

    version = HiddenField()
    submit = SubmitField("Rename")


def for_option(option: ProductOption, **kwargs) -> RenameForm:
    class Rename(RenameForm):
        name = StringField(
            "Option name",
            validators=[DataRequired("Enter a name."), Length(max=NAME_MAX)],
            filters=[strip],
        )

    for number, value in enumerate(option.values, start=1):
        field = StringField(
            f"Value {number}",
            validators=[DataRequired("Enter a value."), Length(max=NAME_MAX)],
            filters=[strip],
            default=value.value,
        )
        setattr(Rename, f"value_{value.id}", field)
    return Rename(prefix=f"rename{option.id}", **kwargs)


def rename_data(option: ProductOption, version: int) -> dict:
    data: dict = {"version": str(version), "name": option.name}
    data.update({f"value_{value.id}": value.value for value in option.values})
    return data


class VariantTableForm(FlaskForm):
    """Five fields per variant (sku_<id>, price_<id>, stock_<id>, published_<id>,
    photo_<id>), made for the variants of the page (`for_variants`)."""

    version = HiddenField()
    submit = SubmitField("Save variants")

    def cells(self, variant_id: int) -> tuple:
        return tuple(getattr(self, f"{name}_{variant_id}") for name in CELLS)


CELLS = ("sku", "price", "stock", "published", "photo")


def photo_choices(images: Sequence[ProductImage]) -> list[SelectChoice]:
    """A variant's photo: none of its own, or one of the product's (by gallery number)."""
    choices = [SelectChoice("", "The product's")]
    for number, image in enumerate(images, start=1):
        alt = f": {image.alt_text[:40]}" if image.alt_text else ""
        choices.append(SelectChoice(image.id, f"Photo {number}{alt}"))
    return choices


def for_variants(
    variants: Sequence[ProductVariant],
    labels: dict[str, str],
    images: Sequence[ProductImage],
    **kwargs,
) -> VariantTableForm:
    """A table form with a row of fields per variant; each label names the variant (shown
    to screen readers only: the table's headers show it to everyone else)."""

    class Table(VariantTableForm):
        pass

    for variant in variants:
        named = labels.get(variant.combination, variant.sku)
        setattr(
            Table,
            f"sku_{variant.id}",
            StringField(
                f"SKU of {named}",
                validators=[DataRequired("Enter a SKU."), Length(max=SKU_MAX)],
                filters=[strip],
            ),
        )
        setattr(Table, f"price_{variant.id}", MoneyField(f"Price of {named}"))
        setattr(Table, f"stock_{variant.id}", WholeNumberField(f"Stock of {named}"))
        setattr(Table, f"published_{variant.id}", BooleanField(f"{named} published"))
        setattr(
            Table,
            f"photo_{variant.id}",
            SelectField(f"Photo of {named}", coerce=optional_int, choices=photo_choices(images)),
        )
    return Table(**kwargs)


def table_data(variants: Sequence[ProductVariant], version: int) -> dict:
    data: dict = {"version": str(version)}
    for v in variants:
        data[f"sku_{v.id}"] = v.sku
        data[f"price_{v.id}"] = f"{v.price:.2f}"
        data[f"stock_{v.id}"] = str(v.stock)
        data[f"published_{v.id}"] = v.is_published
        data[f"photo_{v.id}"] = v.image_id
    return data
