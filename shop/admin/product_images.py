"""Deleting a photo from the product edit page, after a confirmation (order, primary photo
and alt text are part of the product form: see products.py)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from ..catalogue import photo_services
from ..catalogue.errors import NotFound
from ..catalogue.models import ProductImage
from ..extensions import db
from ..web.media import media_storage
from . import bp
from .common import actor, get_or_404


def _image(product_id: int, image_id: int) -> ProductImage:
    image = get_or_404(db.session.get(ProductImage, image_id))
    return get_or_404(image if image.product_id == product_id else None)


def _back(product_id: int):
    return redirect(url_for(".product_edit", product_id=product_id) + "#photos")


@bp.route("/products/<int:product_id>/images/<int:image_id>/delete", methods=["GET", "POST"])
def image_delete(product_id: int, image_id: int):
    if request.method == "GET":
        image = _image(product_id, image_id)
        return render_template("admin/products/image_delete.html", image=image)
    try:
        position = photo_services.delete_photo(
            product_id, image_id, storage=media_storage(), actor=actor()
        )
    except NotFound:
        abort(404)
    flash(f"Photo {position} deleted.", "success")
    return _back(product_id)
