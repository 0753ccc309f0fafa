"""Staff category pages: the tree, create, edit (no cycles), delete (only when empty)."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request, url_for
from wtforms.fields.choices import SelectChoice

from ..audit import queries as audit_queries
from ..catalogue import services, staff_queries
from ..catalogue.models import Category
from . import bp
from .common import actor, add_error, category_choices, get_or_404
from .forms import CategoryForm

TOP_LEVEL = 0


@bp.get("/categories/")
def category_list():
    tree = staff_queries.staff_category_tree()
    return render_template("admin/categories/list.html", nodes=tree.flat())


def _with_parents(form: CategoryForm, category: Category | None) -> CategoryForm:
    tree = staff_queries.staff_category_tree(with_counts=False)
    # A category cannot sit below itself or its own descendants (the service checks too).
    exclude = set(tree.subtree_ids(category.id)) if category is not None else set()
    top = SelectChoice(TOP_LEVEL, "None (top level)")
    form.parent.choices = [top, *category_choices(tree, exclude)]
    return form


def _form_data(category: Category) -> dict:
    return {
        "name": category.name,
        "slug": category.slug,
        "parent": category.parent_id or TOP_LEVEL,
        "description": category.description,
        "is_published": category.is_published,
        "version": services.category_version(category),
    }


def _changes(form: CategoryForm) -> dict:
    return {
        "name": form.name.data,
        "slug": form.slug.data or None,
        "parent_id": form.parent.data or None,
        "description": (form.description.data or "").replace("\r\n", "\n"),
        "is_published": form.is_published.data,
    }


def _render_form(form, category=None, status=200, **context):
    history = audit_queries.entries_for("category", category.id) if category else []
    return (
        render_template(
            "admin/categories/form.html", form=form, category=category, history=history, **context
        ),
        status,
    )


def _save(form: CategoryForm, category: Category | None, save: Callable[[], Category], done: str):
    """Run one service call for the form: on success flash `done` (with the saved name) and
    go back to the list; a refused change shows the form again, a stale one answers 409."""
    try:
        saved = save()
    except services.NotFound:
        abort(404)  # the parent went while the form was open
    except services.StaleEdit as exc:
        # The service rolled back, which expired what this session had loaded.
        current = get_or_404(staff_queries.category_for_edit(category.id if category else 0))
        fresh = _with_parents(CategoryForm(formdata=None, data=_form_data(current)), current)
        return _render_form(fresh, current, status=409, conflict=str(exc))
    except services.CatalogueError as exc:
        add_error(form, exc.field, str(exc))
        return _render_form(form, category, status=400)
    flash(done.format(name=f"\u201c{saved.name}\u201d"), "success")
    return redirect(url_for(".category_list"))


@bp.route("/categories/new", methods=["GET", "POST"])
def category_new():
    form = _with_parents(CategoryForm(), None)
    if not form.validate_on_submit():
        return _render_form(form, status=400 if request.method == "POST" else 200)

    def save() -> Category:
        return services.create_category(actor=actor(), **_changes(form))

    return _save(form, None, save, "Created the category {name}.")


@bp.route("/categories/<int:category_id>/edit", methods=["GET", "POST"])
def category_edit(category_id: int):
    category = get_or_404(staff_queries.category_for_edit(category_id))
    if request.method == "GET":
        return _render_form(
            _with_parents(CategoryForm(data=_form_data(category)), category), category
        )
    form = _with_parents(CategoryForm(), category)
    if not form.validate_on_submit():
        return _render_form(form, category, status=400)

    def save() -> Category:
        version = form.version.data or ""
        return services.update_category(
            category_id, expected_version=version, actor=actor(), **_changes(form)
        )

    return _save(form, category, save, "Saved the category {name}.")


@bp.route("/categories/<int:category_id>/delete", methods=["GET", "POST"])
def category_delete(category_id: int):
    category = get_or_404(staff_queries.category_for_edit(category_id))
    if request.method == "GET":
        return render_template("admin/categories/delete.html", category=category)
    try:
        name = services.delete_category(category.id, actor=actor())
    except services.CatalogueError as exc:
        flash(str(exc), "error")
        return render_template("admin/categories/delete.html", category=category, refused=True), 409
    flash(f"Deleted the category \u201c{name}\u201d.", "success")
    return redirect(url_for(".category_list"))
