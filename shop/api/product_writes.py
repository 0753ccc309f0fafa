"""Writing products through the API (staff and admin tokens): the services the forms call.

Every write names the version it read (`If-Match` with the product's ETag): a stale one
answers 412 with the current product, a missing one 428, so no program overwrites a change
it has not seen, the API's form of the 409 rule. PUT by SKU is the exception: an upsert for
sync jobs, whose data is the truth by definition.
"""

from __future__ import annotations

import re

from flask import request, url_for
from flask_smorest import abort

from ..catalogue import product_reads, services, stock_batch
from ..catalogue.errors import BatchRejected, CatalogueError, StaleEdit
from ..catalogue.models import Product
from ..catalogue.variant_models import ProductVariant
from ..extensions import db
from ..web.media import media_storage
from ..web.problems import problem
from . import represent
from .blueprint import if_match_header
from .products import blp, etag_of
from .schemas import (
    BatchResultSchema,
    BatchSchema,
    ProductPatchSchema,
    ProductSchema,
    ProductUpsertSchema,
    ProductWriteSchema,
)
from .writing import refusal, service_changes, writer

IF_MATCH = re.compile(r'^\s*"product-(\d{1,10})-v(\d{1,10})"\s*$')
IF_MATCH_HEADER = if_match_header("product", '"product-42-v3"')


def _expected_version(product_id: int) -> int:
    """The version If-Match names: 428 when missing, 412 when none of its tags is this
    product's. Strong comparison (RFC 9110): a weak tag never matches; `*` matches the
    product as it is."""
    header = request.headers.get("If-Match")
    if header is None:
        abort(
            problem(428, "Send If-Match with the product's ETag, from the GET you based this on.")
        )
    if header.strip() == "*":
        current = product_reads.product(product_id=product_id, include_unpublished=True)
        if current is None:
            abort(404, message="There is no such product.")
        return current.version
    for tag in header.split(","):
        match = IF_MATCH.match(tag)
        if match is not None and int(match.group(1)) == product_id:
            return int(match.group(2))
    _stale(product_id)


def _stale(product_id: int):
    current = product_reads.product(product_id=product_id, include_unpublished=True)
    if current is None:
        abort(404, message="There is no such product.")
    abort(
        problem(
            412,
            "The product changed since that ETag; here it is now.",
            current=represent.product(current, staff=True),
            headers={"ETag": etag_of(current)},
        )
    )


def _answer(product_id: int, status: int = 200, **headers: str):
    fresh = product_reads.product(product_id=product_id, include_unpublished=True)
    return represent.product(fresh, staff=True), status, {"ETag": etag_of(fresh), **headers}


@blp.route("", methods=["POST"])
@blp.arguments(ProductWriteSchema)
@blp.response(201, ProductSchema)
@blp.problem_response(401, "No valid staff or admin access token.")
@blp.problem_response(422, "A field is not valid (the problem's errors name it).")
def product_create(body: dict):
    """Create a product (a draft unless `published`)."""
    actor = writer()
    try:
        product = services.create_product(**service_changes(body), actor=actor)
    except CatalogueError as error:
        refusal(error)
    location = url_for("api_products.product_detail", product_id=product.id)
    return _answer(product.id, 201, Location=location)


@blp.route("/<int:product_id>", methods=["PATCH"])
@blp.arguments(ProductPatchSchema(partial=True))
@blp.response(200, ProductSchema)
@blp.problem_response(412, "Stale If-Match: the problem's `current` is the product now.")
@blp.problem_response(428, "If-Match is missing.")
@blp.doc(parameters=[IF_MATCH_HEADER])
def product_update(body: dict, product_id: int):
    """Change some fields of a product; publish or unpublish with `published`."""
    actor = writer()
    expected = _expected_version(product_id)
    try:
        services.update_product(
            product_id, expected_version=expected, actor=actor, **service_changes(body)
        )
    except StaleEdit:
        _stale(product_id)
    except CatalogueError as error:
        refusal(error)
    return _answer(product_id)


@blp.route("/<int:product_id>", methods=["DELETE"])
@blp.response(204)
@blp.problem_response(412, "Stale If-Match: the problem's `current` is the product now.")
@blp.problem_response(428, "If-Match is missing.")
@blp.doc(parameters=[IF_MATCH_HEADER])
def product_delete(product_id: int):
    """Delete a product with its photos."""
    actor = writer()
    expected = _expected_version(product_id)
    try:
        services.delete_product(
            product_id, storage=media_storage(), expected_version=expected, actor=actor
        )
    except StaleEdit:
        _stale(product_id)
    except CatalogueError as error:
        refusal(error)


@blp.route("/by-sku/<path:sku>", methods=["PUT"])
@blp.arguments(ProductUpsertSchema)
@blp.response(200, ProductSchema)
@blp.alt_response(201, schema=ProductSchema, description="Created.")
def product_upsert(body: dict, sku: str):
    """Create (201) or replace (200) the product with this SKU: for sync jobs. Sending the
    same body again changes nothing."""
    actor = writer()
    existing = product_reads.product_id_by_sku(sku)
    try:
        if existing is None:
            product = services.create_product(sku=sku, **service_changes(body), actor=actor)
            location = url_for("api_products.product_detail", product_id=product.id)
            return _answer(product.id, 201, Location=location)
        product_id, version = existing
        services.update_product(
            product_id, expected_version=version, actor=actor, **service_changes(body)
        )
    except StaleEdit:  # saved by someone else between our read and write: say so
        abort(problem(409, "The product changed while this request ran; send it again."))
    except CatalogueError as error:
        refusal(error)
    return _answer(product_id)


@blp.route("/batch", methods=["POST"])
@blp.arguments(BatchSchema)
@blp.response(200, BatchResultSchema)
@blp.problem_response(422, "Items refused (errors by items.<index>.<field>); none applied.")
def product_batch(body: dict):
    """Set stock and/or price of up to 500 products by SKU in one all-or-nothing request."""
    actor = writer()
    try:
        products = stock_batch.update_stock_and_prices(body["items"], actor=actor)
    except BatchRejected as error:
        messages = {
            f"items.{index}.{field}": texts
            for index, fields in error.errors.items()
            for field, texts in fields.items()
        }
        abort(422, messages={"json": messages}, message=str(error))
    except StaleEdit:
        abort(problem(409, "A product changed while this batch ran; send it again."))
    return {"data": [_batch_result(found) for found in products]}


def _batch_result(found: Product | ProductVariant) -> dict:
    """A product's new stock and price, or a variant's with its product's id and version
    (the product's ETag moves with its variants)."""
    product = found if isinstance(found, Product) else db.session.get(Product, found.product_id)
    return {
        "id": found.id,
        "product_id": product.id,
        "sku": found.sku,
        "stock": found.stock,
        "price": represent.money(found.price_cents),
        "version": product.version,
    }
