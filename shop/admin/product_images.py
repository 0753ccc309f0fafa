"""Staff photo controls on the product edit page: order, primary photo, alt text, delete."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from ..audit import services as audit
from ..catalogue import photos as image_service
from ..catalogue.models import ProductImage
from ..catalogue.services import CatalogueError
from ..extensions import db
from ..web.media import media_storage
from . import bp
from .common import actor, get_or_404


def _image(product_id: int, image_id: int) -> ProductImage:
    image = get_or_404(db.session.get(ProductImage, image_id))
    return get_or_404(image if image.product_id == product_id else None)


def _back(product_id: int):
    return redirect(url_for(".product_edit", product_id=product_id) + "#photos")


def _record(image: ProductImage, changes: dict) -> None:
    """Adds the audit entry to the session: the service's commit saves it with the change."""
    audit.record(actor(), "update", "product", image.product_id, image.product.name, changes)


@bp.post("/products/<int:product_id>/images/<int:image_id>/move")
def image_move(product_id: int, image_id: int):
    image = _image(product_id, image_id)
    product = image.product
    ids = [i.id for i in product.images]
    index = ids.index(image.id)
    step = -1 if request.form.get("direction") == "up" else 1
    target = index + step
    if 0 <= target < len(ids):
        ids[index], ids[target] = ids[target], ids[index]
        _record(image, {"photo order": [index + 1, target + 1]})
        image_service.reorder_images(product, ids)
    return _back(product_id)


@bp.post("/products/<int:product_id>/images/<int:image_id>/primary")
def image_primary(product_id: int, image_id: int):
    image = _image(product_id, image_id)
    _record(image, {"primary photo": [f"photo {image.position + 1}", "photo 1"]})
    image_service.make_primary(image.product, image.id)
    flash("That photo is now shown first.", "success")
    return _back(product_id)


@bp.post("/products/<int:product_id>/images/<int:image_id>/alt")
def image_alt(product_id: int, image_id: int):
    image = _image(product_id, image_id)
    before, text = image.alt_text, " ".join(request.form.get("alt_text", "").split())
    if text != before:
        _record(image, {f"photo {image.position + 1} alt text": [before, text]})
    try:
        image_service.set_alt_text(image, text)
    except CatalogueError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _back(product_id)
    flash("Alt text saved.", "success")
    return _back(product_id)


@bp.route("/products/<int:product_id>/images/<int:image_id>/delete", methods=["GET", "POST"])
def image_delete(product_id: int, image_id: int):
    image = _image(product_id, image_id)
    if request.method == "GET":
        return render_template("admin/products/image_delete.html", image=image)
    position = image.position + 1
    _record(image, {"photos": [position, None]})
    image_service.delete_image(image, storage=media_storage())
    flash(f"Photo {position} deleted.", "success")
    return _back(product_id)
