"""Reading one category and writing categories through the API (staff and admin tokens)."""

from __future__ import annotations

from flask import url_for
from flask_smorest import abort

from ..catalogue import services, staff_queries
from ..catalogue.errors import CatalogueError, NotFound
from ..catalogue.models import Category
from ..catalogue.version import category_tree
from ..web.problems import problem
from . import represent
from .categories import blp
from .schemas import CategoryPatchSchema, CategorySchema, CategoryWriteSchema
from .tokens import bearer_caller
from .writing import refusal, service_changes, writer


def _found(category_id: int) -> Category:
    category = staff_queries.category_for_edit(category_id)
    if category is None:
        abort(404, message="There is no such category.")
    return category


@blp.route("/<int:category_id>")
@blp.response(200, CategorySchema)
def category_detail(category_id: int):
    """A category shoppers can see; with a staff or admin token, any category."""
    staff = bearer_caller() is not None
    if not staff and category_tree().get(category_id) is None:
        abort(404, message="There is no such category.")
    return represent.category(_found(category_id))


@blp.route("", methods=["POST"])
@blp.arguments(CategoryWriteSchema)
@blp.response(201, CategorySchema)
def category_create(body: dict):
    """Create a category (published unless `published` is false)."""
    actor = writer()
    try:
        category = services.create_category(**service_changes(body), actor=actor)
    except CatalogueError as error:
        refusal(error)
    location = url_for("api_categories.category_detail", category_id=category.id)
    return represent.category(category), 201, {"Location": location}


@blp.route("/<int:category_id>", methods=["PATCH"])
@blp.arguments(CategoryPatchSchema(partial=True))
@blp.response(200, CategorySchema)
def category_update(body: dict, category_id: int):
    """Change some fields; a category can never move below itself."""
    actor = writer()
    try:
        category = services.update_category(category_id, actor=actor, **service_changes(body))
    except CatalogueError as error:
        refusal(error)
    return represent.category(category)


@blp.route("/<int:category_id>", methods=["DELETE"])
@blp.response(204)
@blp.alt_response(409, description="It still holds products or subcategories.")
def category_delete(category_id: int):
    """Delete an empty category."""
    actor = writer()
    try:
        services.delete_category(category_id, actor=actor)
    except NotFound as error:
        refusal(error)
    except CatalogueError as error:
        abort(problem(409, str(error)))
