"""The API's JSON shapes as marshmallow schemas: they serialise answers and document them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask_smorest.fields import Upload
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..catalogue.listing import MAX_PRICE, MAX_SEARCH_LENGTH, SORTS
from ..catalogue.photos import MAX_ALT_TEXT
from ..catalogue.rules import DESCRIPTION_MAX, NAME_LENGTH, PRICE_MAX, SKU_MAX, SLUG_MAX, STOCK_MAX
from ..catalogue.services import BATCH_MAX, batch_refusals
from ..web.args import MAX_PAGE
from ..web.converters import MAX_ID


class CategoryNodeSchema(Schema):
    """A visible category, its published products counted with its subcategories'."""

    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    name = fields.String(required=True)
    parent_id = fields.Integer(allow_none=True, required=True)
    product_count = fields.Integer(
        required=True,
        metadata={"description": "Published products here and in every subcategory."},
    )
    children = fields.List(fields.Nested(lambda: CategoryNodeSchema()), required=True)


class CategoryTreeSchema(Schema):
    data = fields.List(
        fields.Nested(CategoryNodeSchema),
        required=True,
        metadata={"description": "The top-level categories, each with its children."},
    )


class ProblemSchema(Schema):
    """An error (RFC 9457): every error under /api/ has this shape, never HTML."""

    type = fields.String(required=True, metadata={"example": "about:blank"})
    title = fields.String(required=True, metadata={"example": "Not Found"})
    status = fields.Integer(required=True, metadata={"example": 404})
    detail = fields.String(required=True)
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "422 only: the messages of each field that is not valid."},
    )
    reference = fields.String(
        metadata={"description": "500 and 503: quote it to the shop; it is in the logs."}
    )
    current = fields.Raw(
        metadata={
            "description": "412 only: the product or category as it is now.",
            "oneOf": [
                {"$ref": "#/components/schemas/Product"},
                {"$ref": "#/components/schemas/Category"},
            ],
        }
    )


# What the document promises of a price (a JSON Schema `pattern`: the bounds of a number do
# not apply to a string). The fields below check the same, and also take JSON numbers.
PRICE_BOUND_PATTERN = r"^([0-9]{1,6}(\.[0-9]{1,2})?|1000000(\.0{1,2})?)$"  # 0 to 1,000,000
PRICE_PATTERN = r"^(0\.(0[1-9]|[1-9][0-9]?)|[1-9][0-9]{0,6}(\.[0-9]{1,2})?)$"  # 0.01 to 9999999.99


class PriceBound(fields.Decimal):
    """A price filter: a decimal string or number with at most 2 decimals, 0 to 1,000,000."""

    def __init__(self, metadata: dict | None = None, **kwargs) -> None:
        super().__init__(
            places=None,
            allow_nan=False,
            metadata={
                "type": "string",
                "pattern": PRICE_BOUND_PATTERN,
                "example": "12.50",
                **(metadata or {}),
            },
            **kwargs,
        )

    def _deserialize(self, value, attr, data, **kwargs) -> Decimal:
        amount = super()._deserialize(value, attr, data, **kwargs)
        if amount.as_tuple().exponent < -2:
            raise ValidationError("Use at most 2 decimals.")
        if not 0 <= amount <= MAX_PRICE:
            raise ValidationError(f"A price from 0 to {MAX_PRICE}.")
        return amount


class ProductQuerySchema(Schema):
    """The storefront's filters and sorts, with pagination."""

    category = fields.String(
        metadata={"description": "A category slug; its subcategories' products are included."}
    )
    q = fields.String(
        validate=validate.Length(max=MAX_SEARCH_LENGTH),
        metadata={"description": "Search words: names, SKUs and descriptions."},
    )
    min_price = PriceBound(metadata={"description": "Lowest price, e.g. 12.50."})
    max_price = PriceBound(metadata={"description": "Highest price, e.g. 99.99."})
    in_stock = fields.Boolean(
        load_default=False, metadata={"description": "Only products in stock."}
    )
    sort = fields.String(
        validate=validate.OneOf(sorted(SORTS)),
        metadata={"description": "Default: newest first (best match first for a search)."},
    )
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    per_page = fields.Integer(
        load_default=24,
        validate=validate.Range(min=1, max=100),
        metadata={"description": "1 to 100; 24 by default."},
    )
    status = fields.String(
        validate=validate.OneOf(["draft", "published", "all"]),
        metadata={"description": "Staff and admin tokens only; ignored for anonymous callers."},
    )


class RenditionSchema(Schema):
    url = fields.String(required=True, metadata={"format": "uri"})
    width = fields.Integer(required=True)
    format = fields.String(required=True, validate=validate.OneOf(["webp", "jpeg"]))


class ImageSchema(Schema):
    id = fields.Integer(required=True)
    alt = fields.String(required=True)
    position = fields.Integer(required=True, metadata={"description": "0 is the main photo."})
    renditions = fields.List(fields.Nested(RenditionSchema), required=True)


class AttributeValueSchema(Schema):
    name = fields.String(required=True, metadata={"example": "Width"})
    kind = fields.String(required=True, validate=validate.OneOf(["choice", "number", "boolean"]))
    value = fields.Raw(
        required=True,
        metadata={
            "description": 'A choice\'s text, a number as an exact decimal string ("80.5"), '
            "or true/false.",
            "oneOf": [{"type": "string"}, {"type": "boolean"}],
        },
    )
    unit = fields.String(required=True, metadata={"description": "For numbers; else empty."})


class OptionSchema(Schema):
    name = fields.String(required=True, metadata={"example": "Colour"})
    values = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "In position order.", "example": ["Sage", "Rust"]},
    )


class VariantSchema(Schema):
    id = fields.Integer(required=True)
    sku = fields.String(required=True)
    price = fields.String(required=True, metadata={"example": "12.50"})
    stock = fields.Integer(required=True)
    published = fields.Boolean(required=True)
    options = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        required=True,
        metadata={
            "description": "Its value of each option, by option name.",
            "example": {"Colour": "Sage", "Size": "M"},
        },
    )
    image_id = fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "The product photo shown first for it; null: the gallery."},
    )


class ProductSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    slug = fields.String(required=True)
    sku = fields.String(required=True)
    price = fields.String(required=True, metadata={"example": "12.50"})
    currency = fields.String(required=True, metadata={"example": "EUR"})
    stock = fields.Integer(required=True)
    category_id = fields.Integer(required=True)
    description = fields.String(required=True, metadata={"description": "Markdown."})
    published = fields.Boolean(required=True)
    url = fields.String(required=True, metadata={"description": "Its storefront page."})
    images = fields.List(fields.Nested(ImageSchema), required=True)
    attributes = fields.List(
        fields.Nested(AttributeValueSchema),
        required=True,
        metadata={"description": "Its set values, in the order of its category's attributes."},
    )
    options = fields.List(
        fields.Nested(OptionSchema),
        required=True,
        metadata={"description": "How it varies, in position order; empty without variants."},
    )
    variants = fields.List(
        fields.Nested(VariantSchema),
        required=True,
        metadata={
            "description": "Its variants in position order (shoppers see published ones only); "
            "price and stock are then summaries of them."
        },
    )
    publish_at = fields.String(
        required=True,
        allow_none=True,
        metadata={"format": "date-time", "description": "A draft goes on the shop then."},
    )
    unpublish_at = fields.String(
        required=True,
        allow_none=True,
        metadata={"format": "date-time", "description": "It goes back to draft then."},
    )
    updated_at = fields.String(required=True, metadata={"format": "date-time"})
    version = fields.Integer(required=True)


class PaginationSchema(Schema):
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    pages = fields.Integer(required=True)
    total = fields.Integer(required=True)


class ProductPageSchema(Schema):
    data = fields.List(fields.Nested(ProductSchema), required=True)
    pagination = fields.Nested(PaginationSchema, required=True)


class TokenRequestSchema(Schema):
    email = fields.String(required=True, validate=validate.Length(min=1, max=254))
    password = fields.String(
        required=True, validate=validate.Length(min=1, max=1024), load_only=True
    )


class RefreshTokenSchema(Schema):
    refresh_token = fields.String(required=True, validate=validate.Length(min=1, max=4096))


class TokenPairSchema(Schema):
    access_token = fields.String(required=True)
    refresh_token = fields.String(required=True)
    token_type = fields.String(required=True, metadata={"example": "Bearer"})
    expires_in = fields.Integer(
        required=True, metadata={"description": "Seconds the access token stays valid."}
    )


class WholeNumber(fields.Integer):
    """A whole JSON number: 3, or 3.0 (JSON Schema's `integer`, as the document says), never
    text ("3"), true or 3.5."""

    def __init__(self, **kwargs) -> None:
        super().__init__(strict=True, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> int:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return super()._deserialize(value, attr, data, **kwargs)


class Money(fields.Decimal):
    """A price: a decimal string ("12.50") or a JSON number with at most 2 decimals."""

    def __init__(self, **kwargs) -> None:
        super().__init__(
            places=None,
            allow_nan=False,
            metadata={
                "type": "string",
                "pattern": PRICE_PATTERN,
                "example": "12.50",
                "description": "A decimal string; a JSON number with at most 2 decimals is "
                "taken too.",
            },
            **kwargs,
        )

    def _deserialize(self, value, attr, data, **kwargs) -> Decimal:
        if isinstance(value, float):  # JSON numbers: take the digits as written
            value = repr(value)
        amount = super()._deserialize(value, attr, data, **kwargs)
        if amount.as_tuple().exponent < -2:
            raise ValidationError("Use at most 2 decimals.")
        if not 0 < amount <= PRICE_MAX:
            raise ValidationError(f"A price is more than 0 and at most {PRICE_MAX}.")
        return amount


class Moment(fields.AwareDateTime):
    """An RFC 3339 date and time with its offset ("Z" for UTC): a moment, never a wall time
    that would depend on the server's zone."""

    default_error_messages = {  # noqa: RUF012 - marshmallow merges these class dicts
        "invalid": "Not a valid datetime: send one such as 2027-03-01T06:00:00Z.",
        "invalid_awareness": "Give a timezone offset, such as 2027-03-01T06:00:00Z.",
    }


class ProductWriteSchema(Schema):
    """The fields a product is written with (PATCH: any of them)."""

    name = fields.String(required=True, validate=validate.Length(*NAME_LENGTH))
    slug = fields.String(
        validate=validate.Length(max=SLUG_MAX),
        allow_none=True,
        metadata={"description": "Made from the name when left out or null."},
    )
    sku = fields.String(required=True, validate=validate.Length(min=1, max=SKU_MAX))
    price = Money(required=True)
    stock = WholeNumber(load_default=0, validate=validate.Range(min=0, max=STOCK_MAX))
    category_id = WholeNumber(required=True, validate=validate.Range(min=1, max=MAX_ID))
    description = fields.String(load_default="", validate=validate.Length(max=DESCRIPTION_MAX))
    published = fields.Boolean(load_default=False)
    publish_at = Moment(
        load_default=None,
        allow_none=True,
        metadata={
            "description": "A draft (published false) goes on the shop at this moment, "
            "e.g. 2027-03-01T06:00:00Z. Setting published without it ends any wait."
        },
    )
    unpublish_at = Moment(
        load_default=None,
        allow_none=True,
        metadata={"description": "A published or scheduled product goes back to draft then."},
    )


class ProductUpsertSchema(ProductWriteSchema):
    """PUT by SKU: the SKU is the one in the address."""

    class Meta:
        exclude = ("sku",)


class ProductPatchSchema(ProductWriteSchema):
    """PATCH: only the fields sent change (loaded with partial=True; no defaults)."""

    stock = WholeNumber(validate=validate.Range(min=0, max=STOCK_MAX))
    description = fields.String(validate=validate.Length(max=DESCRIPTION_MAX))
    published = fields.Boolean()
    publish_at = Moment(allow_none=True)
    unpublish_at = Moment(allow_none=True)


class ImageUploadSchema(Schema):
    """A multipart/form-data body: the photo and, if wanted, its alt text."""

    file = Upload(
        required=True, metadata={"description": "One JPEG, PNG or WebP photo, judged by content."}
    )
    alt = fields.String(
        validate=validate.Length(max=MAX_ALT_TEXT),
        metadata={"description": "Alt text: what the photo shows; empty if left out."},
    )


class ImageChangeSchema(Schema):
    alt = fields.String(validate=validate.Length(max=MAX_ALT_TEXT))
    position = WholeNumber(
        validate=validate.Range(min=0),
        metadata={"description": "0 makes it the main photo; past the end, the last."},
    )


class CategorySchema(Schema):
    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    name = fields.String(required=True)
    parent_id = fields.Integer(allow_none=True, required=True)
    description = fields.String(required=True, metadata={"description": "Markdown."})
    position = fields.Integer(required=True, metadata={"description": "Order among siblings."})
    published = fields.Boolean(required=True)


class CategoryWriteSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(*NAME_LENGTH))
    slug = fields.String(validate=validate.Length(max=SLUG_MAX), allow_none=True)
    parent_id = WholeNumber(
        allow_none=True, load_default=None, validate=validate.Range(min=1, max=MAX_ID)
    )
    description = fields.String(load_default="", validate=validate.Length(max=DESCRIPTION_MAX))
    position = WholeNumber(load_default=0, validate=validate.Range(min=-(10**6), max=10**6))
    published = fields.Boolean(load_default=True)


class CategoryPatchSchema(CategoryWriteSchema):
    """PATCH: only the fields sent change (loaded with partial=True; no defaults)."""

    parent_id = WholeNumber(allow_none=True, validate=validate.Range(min=1, max=MAX_ID))
    description = fields.String(validate=validate.Length(max=DESCRIPTION_MAX))
    position = WholeNumber(validate=validate.Range(min=-(10**6), max=10**6))
    published = fields.Boolean()


class BatchItemSchema(Schema):
    sku = fields.String(required=True, validate=validate.Length(min=1, max=SKU_MAX))
    stock = WholeNumber(validate=validate.Range(min=0, max=STOCK_MAX))
    price = Money()


class BatchSchema(Schema):
    items = fields.List(
        # Stock, price or both: the document says so, the service refuses an item with neither.
        fields.Nested(
            BatchItemSchema, metadata={"anyOf": [{"required": ["stock"]}, {"required": ["price"]}]}
        ),
        required=True,
        validate=validate.Length(min=1, max=BATCH_MAX),
        metadata={
            "description": "1 to 500 products or variants by SKU, each with stock, price or "
            "both (a product with variants: its variants' SKUs)."
        },
    )

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def catalogue_refusals(self, data: dict, original_data: Any, **kwargs) -> None:
        """What the catalogue refuses (unknown or repeated SKUs, items that change nothing),
        reported with the items' malformed fields in one answer, not one after the other."""
        items = original_data.get("items") if isinstance(original_data, dict) else None
        if not isinstance(items, list) or not 1 <= len(items) <= BATCH_MAX:
            return
        refusals = batch_refusals(items)
        if refusals:
            raise ValidationError({"items": refusals})


class BatchResultItemSchema(Schema):
    id = fields.Integer(required=True, metadata={"description": "The product's or variant's."})
    product_id = fields.Integer(required=True, metadata={"description": "The product's id."})
    sku = fields.String(required=True)
    stock = fields.Integer(required=True)
    price = fields.String(required=True)
    version = fields.Integer(
        required=True, metadata={"description": "The product's version, after the change."}
    )


class BatchResultSchema(Schema):
    data = fields.List(fields.Nested(BatchResultItemSchema), required=True)
