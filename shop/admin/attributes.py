"""Staff attribute pages: a category's attributes (its own and inherited), add, edit, delete."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from ..catalogue import attribute_services, attributes, services, staff_queries
from ..catalogue.models import Attribute, Category
from . import bp
from .common import actor, add_error, get_or_404
from .forms import ATTRIBUTE_KIND_LABELS, AttributeForm


def _category(category_id: int) -> Category:
    return get_or_404(staff_queries.category_for_edit(category_id))


@bp.get("/categories/<int:category_id>/attributes/")
def attribute_list(category_id: int):
    category = _category(category_id)
    tree = staff_queries.staff_category_tree(with_counts=False)
    names = {node.id: node.name for node in tree.flat()}
    return render_template(
        "admin/attributes/list.html",
        category=category,
        rows=attributes.attributes_for_category(category.id),
        category_names=names,
        kind_labels=ATTRIBUTE_KIND_LABELS,
    )


def _changes(form: AttributeForm) -> dict:
    return {
        "name": form.name.data,
        "kind": form.kind.data,
        "unit": form.unit.data or "",
        "position": int(form.position.data),
        "is_filter": form.is_filter.data,
        "choices": form.choice_lines(),
    }


def _render_form(form, category, attribute=None, status=200, used=0):
    page = render_template(
        "admin/attributes/form.html", form=form, category=category, attribute=attribute, used=used
    )
    return page, status


def _back(category_id: int):
    return redirect(url_for(".attribute_list", category_id=category_id))


@bp.route("/categories/<int:category_id>/attributes/new", methods=["GET", "POST"])
def attribute_new(category_id: int):
    category = _category(category_id)
    form = AttributeForm()
    if not form.validate_on_submit():
        return _render_form(form, category, status=400 if request.method == "POST" else 200)
    try:
        attribute = attribute_services.create_attribute(
            category.id, actor=actor(), **_changes(form)
        )
    except services.NotFound:
        abort(404)  # the category went while the form was open
    except services.CatalogueError as exc:
        add_error(form, exc.field, str(exc))
        return _render_form(form, category, status=400)
    flash(f"Added the attribute \u201c{attribute.name}\u201d.", "success")
    return _back(category.id)


def _form_data(attribute: Attribute) -> dict:
    return {
        "name": attribute.name,
        "kind": attribute.kind,
        "unit": attribute.unit,
        "position": str(attribute.position),
        "is_filter": attribute.is_filter,
        "choices": "\n".join(c.value for c in attribute.choices),
    }


@bp.route("/attributes/<int:attribute_id>/edit", methods=["GET", "POST"])
def attribute_edit(attribute_id: int):
    attribute = get_or_404(attributes.attribute_for_edit(attribute_id))
    category = _category(attribute.category_id)
    used = attribute_services.products_with_values(attribute.id)
    if request.method == "GET":
        return _render_form(
            AttributeForm(data=_form_data(attribute)), category, attribute, used=used
        )
    form = AttributeForm()
    if not form.validate_on_submit():
        return _render_form(form, category, attribute, status=400, used=used)
    try:
        saved = attribute_services.update_attribute(attribute.id, actor=actor(), **_changes(form))
    except services.NotFound:
        abort(404)
    except services.CatalogueError as exc:
        add_error(form, exc.field, str(exc))
        return _render_form(form, category, attribute, status=400, used=used)
    flash(f"Saved the attribute \u201c{saved.name}\u201d.", "success")
    return _back(category.id)


@bp.route("/attributes/<int:attribute_id>/delete", methods=["GET", "POST"])
def attribute_delete(attribute_id: int):
    attribute = get_or_404(attributes.attribute_for_edit(attribute_id))
    category_id = attribute.category_id
    if request.method == "GET":
        used = attribute_services.products_with_values(attribute.id)
        return render_template("admin/attributes/delete.html", attribute=attribute, used=used)
    try:
        name, lost = attribute_services.delete_attribute(attribute.id, actor=actor())
    except services.NotFound:
        abort(404)
    products = f"{lost} product{'' if lost == 1 else 's'}"
    flash(f"Deleted the attribute \u201c{name}\u201d; {products} lost a value.", "success")
    return _back(category_id)
