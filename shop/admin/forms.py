"""Staff forms: products, categories and accounts. Validation lives here; uniqueness and tree
rules are the services' job (they raise errors naming the field)."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import DateTimeLocalInput

from ..accounts.integration_keys import LIFETIMES_IN_DAYS
from ..accounts.models import ROLES
from ..catalogue import attributes
from ..catalogue.bulk import KINDS as BULK_KINDS
from ..catalogue.rules import DESCRIPTION_MAX, STOCK_MAX
from ..web.forms import new_password_field, strip
from ..web.shop_time import input_value, parse_local

MONEY = re.compile(r"^\d{1,7}(?:[.,]\d{1,2})?$")
WHOLE = re.compile(r"^\d{1,9}$")
POSITION = re.compile(r"^-?\d{1,6}$")
ATTRIBUTE_KIND_LABELS = {"choice": "Choice list", "number": "Number", "boolean": "Yes or no"}
MAX_STOCK = STOCK_MAX + 1  # the services' limits (catalogue/rules.py), worded for a form
MAX_DESCRIPTION = DESCRIPTION_MAX


def optional_int(value) -> int | None:
    """Select values: "" (the "Choose ..." placeholder) is no choice; anything else an id."""
    if value is None or value == "":
        return None
    return int(value)


class MoneyField(StringField):
    """A price typed as text ("12.50" or "12,50"), kept as an exact Decimal."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "autocomplete": "off"})
        super().__init__(*args, filters=[strip], **kwargs)

    @property
    def decimal(self) -> Decimal | None:
        if not self.data or not MONEY.match(self.data):
            return None
        return Decimal(self.data.replace(",", "."))

    def pre_validate(self, form) -> None:
        if not self.data:
            raise ValidationError("Enter a price.")
        if not MONEY.match(self.data):
            raise ValidationError("Enter an amount such as 12.50 (at most 2 decimals).")
        if self.decimal is None or self.decimal <= 0:
            raise ValidationError("The price must be more than 0.")


class MomentField(StringField):
    """A date and time typed in the shop's time zone (a datetime-local input, or text such
    as "2027-03-01 06:00"); `moment` is the aware UTC datetime, None when left empty."""

    widget = DateTimeLocalInput()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, filters=[strip], **kwargs)

    def process_data(self, value) -> None:
        self.data = input_value(value) if isinstance(value, datetime) else (value or "")

    @property
    def moment(self) -> datetime | None:
        return parse_local(self.data) if self.data else None

    def pre_validate(self, form) -> None:
        if self.data and self.moment is None:
            raise ValidationError("Enter a date and time, such as 2027-03-01 06:00.")


class WholeNumberField(StringField):
    """A count typed as text: digits only, so "1e3", "-1" and "2.5" are refused."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric", "autocomplete": "off"})
        super().__init__(*args, filters=[strip], **kwargs)

    @property
    def number(self) -> int | None:
        return int(self.data) if self.data and WHOLE.match(self.data) else None

    def pre_validate(self, form) -> None:
        if not self.data:
            raise ValidationError("Enter a whole number (0 or more).")
        if not WHOLE.match(self.data) or int(self.data) >= MAX_STOCK:
            raise ValidationError("Enter a whole number (0 or more), without a sign or decimals.")


class ProductForm(FlaskForm):
    name = StringField(
        "Name",
        validators=[DataRequired("Enter a name."), Length(2, 200)],
        filters=[strip],
    )
    slug = StringField(
        "Slug",
        validators=[Optional(), Length(max=200)],
        filters=[strip],
        description="Part of the product's address; left blank, it is made from the name.",
    )
    sku = StringField(
        "SKU", validators=[DataRequired("Enter a SKU."), Length(max=64)], filters=[strip]
    )
    price = MoneyField("Price")
    stock = WholeNumberField("Stock")
    category = SelectField(
        "Category", coerce=optional_int, validators=[DataRequired("Choose a category.")]
    )
    description = TextAreaField(
        "Description",
        validators=[Length(max=MAX_DESCRIPTION)],
        description="Markdown: **bold**, *italic*, lists and links. HTML is shown as text.",
        render_kw={"rows": 8},
    )
    is_published = BooleanField("Published")
    is_featured = BooleanField("Featured")
    publish_at = MomentField("Publish at")
    unpublish_at = MomentField("Unpublish at")
    images = MultipleFileField(
        "Images",
        description="JPEG, PNG or WebP; you can choose several files.",
        render_kw={"accept": "image/jpeg,image/png,image/webp"},
    )
    version = HiddenField()
    # The values the form was loaded with (JSON): on a conflict, only the fields this person
    # changed are listed, not the ones someone else changed meanwhile.
    original = HiddenField()
    # A duplicate: the product whose photos the new one may share.
    photos_from = HiddenField()
    copy_photos = BooleanField("Copy its photos", default=True)
    submit = SubmitField("Save")


class CategoryForm(FlaskForm):
    name = StringField(
        "Name", validators=[DataRequired("Enter a name."), Length(2, 200)], filters=[strip]
    )
    slug = StringField(
        "Slug",
        validators=[Optional(), Length(max=200)],
        filters=[strip],
        description="Part of the category's address; left blank, it is made from the name.",
    )
    parent = SelectField("Parent", coerce=int, validate_choice=True)
    description = TextAreaField(
        "Description", validators=[Length(max=MAX_DESCRIPTION)], render_kw={"rows": 5}
    )
    is_published = BooleanField("Published", default=True)
    version = HiddenField()
    submit = SubmitField("Save")


class AttributeForm(FlaskForm):
    name = StringField(
        "Name",
        validators=[DataRequired("Enter a name."), Length(max=attributes.NAME_MAX)],
        filters=[strip],
    )
    kind = SelectField(
        "Kind",
        choices=[SelectChoice(kind, label) for kind, label in ATTRIBUTE_KIND_LABELS.items()],
    )
    unit = StringField(
        "Unit",
        validators=[Length(max=attributes.UNIT_MAX)],
        filters=[strip],
        description="For numbers only, such as cm or kg.",
    )
    position = StringField(
        "Position",
        default="0",
        filters=[strip],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
        description="Smaller numbers come first, after the attributes of parent categories.",
    )
    is_filter = BooleanField("Show as filter", description="Shoppers can narrow lists by it.")
    choices = TextAreaField(
        "Choices",
        description="For a choice list: one value per line, in the order shoppers see them.",
    )
    submit = SubmitField("Save")

    def validate_position(self, field) -> None:
        if not POSITION.match(field.data or ""):
            raise ValidationError("Enter a whole number, such as 0 or 10.")

    def validate_choices(self, field) -> None:
        if self.kind.data == "choice" and not self.choice_lines():
            raise ValidationError("Enter at least one value, one per line.")
        if any(len(line) > attributes.CHOICE_MAX for line in self.choice_lines()):
            raise ValidationError(f"A value has at most {attributes.CHOICE_MAX} characters.")

    def choice_lines(self) -> list[str]:
        return [line.strip() for line in (self.choices.data or "").splitlines() if line.strip()]


ROLE_CHOICES = [SelectChoice(role, role.capitalize()) for role in ROLES]


class UserCreateForm(FlaskForm):
    email = StringField(
        "Email", validators=[DataRequired("Enter an email address."), Length(max=254)],
        filters=[strip], render_kw={"autocomplete": "off", "spellcheck": "false"},
    )  # fmt: skip
    password = new_password_field("Password")
    role = SelectField("Role", choices=ROLE_CHOICES)
    submit = SubmitField("Create account")


class InviteForm(FlaskForm):
    email = StringField(
        "Email", validators=[DataRequired("Enter an email address."), Length(max=254)],
        filters=[strip], render_kw={"autocomplete": "off", "spellcheck": "false"},
    )  # fmt: skip
    role = SelectField("Role", choices=ROLE_CHOICES)
    submit = SubmitField("Send invitation")


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES)
    submit = SubmitField("Save role")


class IntegrationKeyForm(FlaskForm):
    name = StringField(
        "Name",
        validators=[DataRequired("Name the key after the job that uses it."), Length(max=80)],
        filters=[strip],
        description="For example: Warehouse stock sync.",
        render_kw={"autocomplete": "off"},
    )
    role = SelectField("Role", choices=ROLE_CHOICES)
    lifetime = SelectField(
        "Expires after",
        coerce=int,
        choices=[SelectChoice(days, f"{days} days") for days in LIFETIMES_IN_DAYS],
        default=90,
    )
    submit = SubmitField("Create key")


class BulkForm(FlaskForm):
    """The staff list's bulk form: which products, which change. What the change's value
    must be is the bulk module's to say (catalogue/bulk.py parse_change)."""

    scope = RadioField(
        "Apply to",
        choices=[
            SelectChoice("ticked", "The products ticked below"),
            SelectChoice("all", "All products matching the filter"),
        ],
        default="ticked",
        validate_choice=False,
    )
    kind = SelectField(
        "Action",
        choices=[
            SelectChoice("", "Choose an action"),
            *(SelectChoice(value, label) for value, label in BULK_KINDS.items()),
        ],
        validate_choice=False,
    )
    to_category = SelectField("Move to", coerce=str, validate_choice=False)
    value = StringField(
        "Stock, amount or %",
        filters=[strip],
        description="Set stock: 12. By an amount: -2.50 or 5. By a percentage: 8 or -10.",
        render_kw={"inputmode": "decimal", "autocomplete": "off", "maxlength": 20},
    )


class ImportForm(FlaskForm):
    """A product CSV to dry-run; what the file may hold is the import's to say
    (catalogue/csv_read.py, csv_import.py)."""

    file = FileField(
        "CSV file",
        description=(
            "Columns: sku (required), name, slug, category (its slug), price, stock, published, "
            "featured, description; as the export writes them. Rows are matched by SKU."
        ),
        render_kw={"accept": ".csv,text/csv"},
    )
    submit = SubmitField("Check the file (dry run)")
