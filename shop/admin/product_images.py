"""Staff photo controls on the product edit page: order, primary photo, alt text, delete."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from ..catalogue import photo_services
from ..catalogue.errors import CatalogueError, NotFound
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


@bp.post("/products/<int:product_id>/images/<int:image_id>/move")
def image_move(product_id: int, image_id: int):
    step = -1 if request.form.get("direction") == "up" else 1
    try:
        photo_services.move_photo(product_id, image_id, step, actor=actor())
    except NotFound:
        abort(404)
    return _back(product_id)


@bp.post("/products/<int:product_id>/images/<int:image_id>/primary")
def image_primary(product_id: int, image_id: int):
    try:
        photo_services.make_primary(product_id, image_id, actor=actor())
    except NotFound:
        abort(404)
    flash("That photo is now shown first.", "success")
    return _back(product_id)


@bp.post("/products/<int:product_id>/images/<int:image_id>/alt")
def image_alt(product_id: int, image_id: int):
    text = request.form.get("alt_text", "")
    try:
        photo_services.set_alt_text(product_id, image_id, text, actor=actor())
    except NotFound:
        abort(404)
    except CatalogueError as exc:
        flash(str(exc), "error")
        return _back(product_id)
    flash("Alt text saved.", "success")
    return _back(product_id)


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
