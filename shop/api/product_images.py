"""A product's photos through the API: upload (the form's image pipeline), alt text and
order, delete. Staff and admin tokens only."""

from __future__ import annotations

from flask import current_app, url_for
from flask_smorest import abort

from ..catalogue import photo_services, product_reads
from ..catalogue.errors import CatalogueError, ImagesRejected
from ..catalogue.photos import Upload, prepare_uploads
from ..web.media import media_storage
from . import represent
from .products import blp, etag_of
from .schemas import ImageChangeSchema, ImageSchema, ImageUploadSchema
from .writing import refusal, writer


def _image_answer(product_id: int, image_id: int, status: int = 200, **headers: str):
    product = product_reads.product(product_id=product_id, include_unpublished=True)
    image = next((i for i in product.images if i.id == image_id), None) if product else None
    if image is None:
        abort(404, message="That photo does not belong to this product.")
    return represent.image(image), status, {"ETag": etag_of(product), **headers}


@blp.route("/<int:product_id>/images", methods=["POST"])
@blp.arguments(ImageUploadSchema, location="multipart")
@blp.response(201, ImageSchema)
@blp.problem_response(422, "Not a usable photo, or past the product's 20 photos.")
def image_create(body: dict, product_id: int):
    """Add a photo after the product's others: checked and resized exactly as one uploaded
    in the staff form (content, not name, decides; size and pixel limits apply)."""
    actor = writer()
    upload = body["file"]
    try:
        prepared = prepare_uploads(
            [Upload(upload.filename or "", upload.read())],
            max_pixels=current_app.config["SHOP_MAX_IMAGE_PIXELS"],
            max_total_pixels=current_app.config["SHOP_MAX_UPLOAD_PIXELS_PER_REQUEST"],
        )
        [image] = photo_services.add_photos(
            product_id, prepared, storage=media_storage(), alt_text=body.get("alt"), actor=actor
        )
    except ImagesRejected as error:
        abort(422, messages={"files": {"file": error.messages}})
    except CatalogueError as error:
        refusal(error)
    location = url_for("api_products.product_detail", product_id=product_id)
    return _image_answer(product_id, image.id, 201, Location=location)


@blp.route("/<int:product_id>/images/<int:image_id>", methods=["PATCH"])
@blp.arguments(ImageChangeSchema)
@blp.response(200, ImageSchema)
def image_update(body: dict, product_id: int, image_id: int):
    """Change a photo's alt text or position (0: the main photo)."""
    actor = writer()
    try:
        if "alt" in body:
            photo_services.set_alt_text(product_id, image_id, body["alt"], actor=actor)
        if "position" in body:
            photo_services.place_photo(product_id, image_id, body["position"], actor=actor)
    except CatalogueError as error:
        refusal(error)
    return _image_answer(product_id, image_id)


@blp.route("/<int:product_id>/images/<int:image_id>", methods=["DELETE"])
@blp.response(204)
def image_delete(product_id: int, image_id: int):
    """Delete a photo; its files go unless another photo shares them."""
    actor = writer()
    try:
        photo_services.delete_photo(product_id, image_id, storage=media_storage(), actor=actor)
    except CatalogueError as error:
        refusal(error)
