"""Staff product pages: create, edit (with conflict handling), publish, delete."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.datastructures import FileStorage
from wtforms.fields.choices import SelectChoice

from ..audit import queries as audit_queries
from ..catalogue import attributes, services, staff_queries
from ..catalogue.errors import ImagesRejected
from ..catalogue.gallery import GalleryEdit
from ..catalogue.models import Product
from ..catalogue.photos import MAX_IMAGES_PER_PRODUCT, PreparedImage, Upload, prepare_uploads
from ..web.forms import ButtonForm
from ..web.media import media_storage
from ..web.next_url import safe_next
from ..web.shop_time import input_value
from . import bp
from . import product_attributes as fields
from .common import (
    actor,
    add_error,
    category_choices,
    get_or_404,
    version_arg,
)
from .forms import ProductForm

# The fields a conflict compares, in the form's order.
COMPARED = (
    "name", "slug", "sku", "price", "stock", "category", "description", "is_published",
    "is_featured", "publish_at", "unpublish_at",
)  # fmt: skip


def _form_data(product: Product, applicable) -> dict:
    data = {
        "name": product.name,
        "slug": product.slug,
        "sku": product.sku,
        "price": f"{product.price:.2f}",
        "stock": str(product.stock),
        "category": product.category_id,
        "description": product.description,
        "is_published": product.is_published,
        "is_featured": product.is_featured,
        "publish_at": input_value(product.publish_at),
        "unpublish_at": input_value(product.unpublish_at),
        "version": str(product.version),
        **fields.form_data(product.id, applicable),
    }
    compared = [*COMPARED, *(attributes.field_name(a.id) for a in applicable)]
    data["original"] = json.dumps({name: _comparable(name, data[name]) for name in compared})
    return data


def _comparable(name: str, value) -> str | bool:
    """A field's value as a person means it: 12.5 is 12.50, and a textarea's CRLF line
    endings (what browsers send) are the stored LF ones."""
    if name in ("is_published", "is_featured"):
        return bool(value)
    text = "" if value is None else str(value).strip()
    if name == "description":
        return text.replace("\r\n", "\n")
    try:
        if name == "price":
            return f"{Decimal(text):.2f}"
        if name == "stock":
            return str(int(text))
    except (InvalidOperation, ValueError):
        pass
    return text


def _changes(form: ProductForm) -> dict:
    return {
        "name": form.name.data,
        "slug": form.slug.data or None,
        "sku": form.sku.data,
        "price": form.price.decimal,
        "stock": form.stock.number,
        "category_id": form.category.data,
        "description": (form.description.data or "").replace("\r\n", "\n"),
        "is_published": form.is_published.data,
        "is_featured": form.is_featured.data,
        "publish_at": form.publish_at.moment,
        "unpublish_at": form.unpublish_at.moment,
        "attributes": fields.submitted_values(form),
    }


def _with_choices(form: ProductForm) -> ProductForm:
    tree = staff_queries.staff_category_tree(with_counts=False)
    form.category.choices = [SelectChoice("", "Choose a category"), *category_choices(tree)]
    form.category_tree = tree  # the page's "On the shop?" panel reads it too (no 2nd query)
    return form


def _uploaded_files(form: ProductForm) -> list[FileStorage]:
    return [f for f in (form.images.data or []) if isinstance(f, FileStorage) and f.filename]


def _prepared_images(
    form: ProductForm, product: Product | None = None
) -> list[PreparedImage] | None:
    """The uploads, checked and processed; None (with errors on the form) if any is bad."""
    files = _uploaded_files(form)
    room = MAX_IMAGES_PER_PRODUCT - (len(product.images) if product else 0)
    if len(files) > room:  # refuse before spending seconds per photo on processing
        form.images.errors = [
            f"A product can have at most {MAX_IMAGES_PER_PRODUCT} photos; "
            f"choose {max(room, 0)} or fewer."
        ]
        return None
    uploads = [Upload(f.filename or "", f.read()) for f in files]
    try:
        return prepare_uploads(
            uploads,
            max_pixels=current_app.config["SHOP_MAX_IMAGE_PIXELS"],
            max_total_pixels=current_app.config["SHOP_MAX_UPLOAD_PIXELS_PER_REQUEST"],
        )
    except ImagesRejected as exc:
        form.images.errors = list(exc.messages)
        return None


def _render_form(form, product=None, status=200, **context):
    return (
        render_template(
            "admin/products/form.html",
            form=form,
            product=product,
            history=audit_queries.entries_for("product", product.id) if product else [],
            hidden_because=(
                staff_queries.why_not_on_the_shop(product, form.category_tree) if product else []
            ),
            button_form=ButtonForm(),
            **context,
        ),
        status,
    )


@bp.route("/products/new", methods=["GET", "POST"])
def product_new():
    form = _with_choices(fields.product_form(fields.submitted_category(None)))
    if not form.validate_on_submit():
        return _render_form(form, status=400 if request.method == "POST" else 200)
    prepared = _prepared_images(form)
    if prepared is None:
        return _render_form(form, status=400)
    try:
        product = services.create_product(
            photos=prepared,
            storage=media_storage(),
            actor=actor(),
            photos_from=_photos_from(form),
            **_changes(form),
        )
    except services.NotFound:
        abort(404)  # its category went while the form was open
    except services.CatalogueError as exc:
        add_error(form, exc.field, str(exc))
        return _render_form(form, status=400)
    more = " Fill in its attributes below." if form.attribute_list and not _form_had_them() else ""
    flash(f"Created \u201c{product.name}\u201d.{more}", "success")
    return redirect(url_for(".product_edit", product_id=product.id))


def _form_had_them() -> bool:
    """Whether the posted page showed attribute fields (a new product's page shows them
    only once its category is known: after a duplicate, or a refused first save)."""
    return any(name.startswith("attribute_") for name in request.form)


def _photos_from(form: ProductForm) -> int | None:
    """The product a duplicate shares its photos with, if the box stayed ticked."""
    source = (form.photos_from.data or "").strip()
    if not (form.copy_photos.data and source.isascii() and source.isdigit()):
        return None
    return int(source)


@bp.get("/products/<int:product_id>/duplicate")
def product_duplicate(product_id: int):
    """The new-product form filled in from this product: a new SKU and slug to choose, a
    draft with no stock until someone says otherwise, its photos shared if the box stays
    ticked."""
    product = get_or_404(staff_queries.product_for_edit(product_id))
    applicable = attributes.attributes_for_category(product.category_id)
    data = _form_data(product, applicable)
    data.update(
        name=f"{product.name} (copy)", slug="", sku="", stock="0", is_published=False,
        publish_at="", unpublish_at="", version="", original="", photos_from=str(product.id),
        copy_photos=True,
    )  # fmt: skip
    form = _with_choices(fields.product_form(product.category_id, applicable, data=data))
    return _render_form(form, duplicate_of=product)


@bp.route("/products/<int:product_id>/edit", methods=["GET", "POST"])
def product_edit(product_id: int):
    product = get_or_404(staff_queries.product_for_edit(product_id))
    if request.method == "GET":
        applicable = attributes.attributes_for_category(product.category_id)
        data = _form_data(product, applicable)
        return _render_form(
            _with_choices(fields.product_form(product.category_id, applicable, data=data)),
            product,
        )
    form = _with_choices(fields.product_form(fields.submitted_category(product.category_id)))
    alts = {
        f"alt_{i.id}": request.form[f"alt_{i.id}"]
        for i in product.images
        if f"alt_{i.id}" in request.form
    }
    if not form.validate_on_submit():
        return _render_form(form, product, status=400, alt_values=alts)
    prepared = _prepared_images(form, product)
    if prepared is None:
        return _render_form(form, product, status=400, alt_values=alts)
    action, image_id = _photo_button()
    edit = GalleryEdit(
        alt_texts={int(name.removeprefix("alt_")): text for name, text in alts.items()},
        action=None if action == "delete" else action,
        image_id=image_id,
    )
    old_category = product.category_id
    before = form.attribute_list
    if form.category.data != old_category:
        before = attributes.attributes_for_category(old_category)
    try:
        services.update_product(
            product.id,
            expected_version=version_arg(form.version.data),
            photos=prepared,
            storage=media_storage(),
            actor=actor(),
            gallery_edit=edit,
            **_changes(form),
        )
    except services.StaleEdit:
        return _conflict(product_id, form)
    except services.NotFound:
        abort(404)  # a photo of the page was deleted meanwhile, or the product
    except services.CatalogueError as exc:
        add_error(form, exc.field, str(exc))
        return _render_form(form, product, status=400, alt_values=alts)
    saved = f"Saved \u201c{product.name}\u201d"
    gone = fields.dropped(before, form) if form.category.data != old_category else []
    if gone:
        which = "that value was" if len(gone) == 1 else "those values were"
        saved += f" (its new category has no {', '.join(gone)}, so {which} removed)"
    if action == "delete" and image_id is not None:
        flash(f"{saved}. Confirm deleting the photo below.", "success")
        return redirect(url_for(".image_delete", product_id=product.id, image_id=image_id))
    flash(f"{saved}{PHOTO_DONE.get(action or '', '.')}", "success")
    anchor = "#photos" if action else ""
    return redirect(url_for(".product_edit", product_id=product.id) + anchor)


PHOTO_DONE = {
    "up": "; the photo moved up.",
    "down": "; the photo moved down.",
    "primary": "; that photo is now shown first.",
}


def _photo_button() -> tuple[str | None, int | None]:
    """The photo button that sent the product form: ("up"|"down"|"primary"|"delete", image
    id), or (None, None) for the form's own Save button."""
    action, _, image = request.form.get("photo_action", "").partition(":")
    if action not in (*PHOTO_DONE, "delete") or not (image.isascii() and image.isdigit()):
        return None, None
    return action, int(image)


def _conflict(product_id: int, submitted: ProductForm):
    """409: the form again with the CURRENT values, and what this person typed beside them.
    (The service rolled back, which expired what this session had loaded.)"""
    current = get_or_404(staff_queries.product_for_edit(product_id))
    applicable = attributes.attributes_for_category(current.category_id)
    data = _form_data(current, applicable)
    form = _with_choices(
        fields.product_form(current.category_id, applicable, formdata=None, data=data)
    )
    labels = {str(choice.value): choice.label for choice in submitted.category.choices or []}
    started = _started_from(submitted.original.data)
    typed = []
    # The attribute fields both pages have (the same category, or attributes both inherit).
    shown = {attributes.field_name(a.id): a for a in submitted.attribute_list}
    both = [attributes.field_name(a.id) for a in applicable if attributes.field_name(a.id) in shown]
    for name in [*COMPARED, *both]:
        mine = _comparable(name, submitted[name].data)
        theirs = _comparable(name, form[name].data)
        if name in shown and attributes.same_value(shown[name], mine, theirs):
            mine = theirs
        # Only what this person changed (all of it when the form did not say what it was
        # loaded with), and only where it differs from what is saved now.
        changed = started is None or started.get(name) != mine
        if not changed or mine == theirs:
            continue
        if name == "category":
            mine, theirs = labels.get(mine, mine), labels.get(theirs, theirs)
        elif isinstance(mine, bool):
            mine, theirs = "Yes" if mine else "No", "Yes" if theirs else "No"
        if name in shown:
            mine, theirs = mine or "\u2014", theirs or "\u2014"
        typed.append((form[name].label.text, mine, theirs))
    return _render_form(form, current, status=409, conflict=typed)


def _started_from(original: str | None) -> dict | None:
    """The values the submitted form was loaded with; None if it did not carry them."""
    try:
        started = json.loads(original or "")
    except ValueError:
        return None
    return started if isinstance(started, dict) else None


def _back_to(product_id: int) -> str:
    return safe_next(request.form.get("next")) or url_for(".product_edit", product_id=product_id)


def _set_published(product_id: int, published: bool):
    try:
        product = services.set_published(product_id, published, actor=actor())
    except services.NotFound:
        abort(404)
    word = "published" if published else "unpublished"
    flash(f"\u201c{product.name}\u201d is {word}.", "success")
    return redirect(_back_to(product_id))


@bp.post("/products/<int:product_id>/publish")
def product_publish(product_id: int):
    return _set_published(product_id, True)


@bp.post("/products/<int:product_id>/unpublish")
def product_unpublish(product_id: int):
    return _set_published(product_id, False)


@bp.route("/products/<int:product_id>/delete", methods=["GET", "POST"])
def product_delete(product_id: int):
    if request.method == "GET":
        product = get_or_404(staff_queries.product_for_edit(product_id))
        return render_template("admin/products/delete.html", product=product)
    try:
        name = services.delete_product(product_id, storage=media_storage(), actor=actor())
    except services.NotFound:
        abort(404)
    flash(f"Deleted \u201c{name}\u201d.", "success")
    return redirect(url_for(".product_list"))
