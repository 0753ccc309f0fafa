"""Reading one category and writing categories through the API (staff and admin tokens).

As for products, a change names the state it is based on: `If-Match` with the category's
ETag (from its last change); a stale one answers 412 with the category now, a missing one 428.
"""

from __future__ import annotations

import re

from flask import request, url_for
from flask_smorest import abort

from ..catalogue import services, staff_queries
from ..catalogue.errors import CatalogueError, NotFound, StaleEdit
from ..catalogue.models import Category
from ..catalogue.version import category_tree
from ..web.problems import problem
from . import represent
from .blueprint import if_match_header
from .categories import blp
from .conditional import conditional
from .schemas import CategoryPatchSchema, CategorySchema, CategoryWriteSchema
from .tokens import bearer_caller
from .writing import refusal, service_changes, writer

IF_MATCH = re.compile(r'^\s*"(category-\d{1,10}-\d{1,20})"\s*$')
IF_MATCH_HEADER = if_match_header("category", '"category-20-1767225600000000"')


def _found(category_id: int) -> Category:
    category = staff_queries.category_for_edit(category_id)
    if category is None:
        abort(404, message="There is no such category.")
    return category


def category_tag(category: Category) -> str:
    """The category's entity tag: its id and the moment of its last change, in microseconds
    (categories have no version column; the staff form detects a concurrent save the same
    way, shop.catalogue.services.category_version)."""
    moment = category.updated_at or category.created_at
    return f"category-{category.id}-{int(moment.timestamp() * 1_000_000)}"


def _answer(category: Category, status: int = 200, **headers: str):
    return represent.category(category), status, {"ETag": f'"{category_tag(category)}"', **headers}


@blp.route("/<int:category_id>")
@blp.response(200, CategorySchema)
@blp.alt_response(304, description="Not Modified: If-None-Match names the current ETag.")
def category_detail(category_id: int):
    """A category shoppers can see; with a staff or admin token, any category. With its
    ETag; If-None-Match with it answers 304."""
    staff = bearer_caller() is not None
    if not staff and category_tree().get(category_id) is None:
        abort(404, message="There is no such category.")
    category = _found(category_id)
    return conditional(request, category_tag(category), lambda: represent.category(category))


def _expected_version(category_id: int) -> str:
    """The state If-Match names, as the services compare it: 428 when missing, 412 (with the
    category now) when none of its tags is the category's current one; `*` matches it as it
    is. Strong comparison: a weak tag never matches."""
    header = request.headers.get("If-Match")
    if header is None:
        abort(
            problem(428, "Send If-Match with the category's ETag, from the GET you based this on.")
        )
    category = _found(category_id)
    current = category_tag(category)
    if header.strip() != "*" and current not in {
        m.group(1) for tag in header.split(",") if (m := IF_MATCH.match(tag))
    }:
        _stale(category)
    return services.category_version(category)


def _stale(category: Category):
    abort(
        problem(
            412,
            "The category changed since that ETag; here it is now.",
            current=represent.category(category),
            headers={"ETag": f'"{category_tag(category)}"'},
        )
    )


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
    return _answer(category, 201, Location=location)


@blp.route("/<int:category_id>", methods=["PATCH"])
@blp.arguments(CategoryPatchSchema(partial=True))
@blp.response(200, CategorySchema)
@blp.problem_response(412, "Stale If-Match: the problem's `current` is the category now.")
@blp.problem_response(428, "If-Match is missing.")
@blp.doc(parameters=[IF_MATCH_HEADER])
def category_update(body: dict, category_id: int):
    """Change some fields; a category can never move below itself."""
    actor = writer()
    expected = _expected_version(category_id)
    try:
        category = services.update_category(
            category_id, expected_version=expected, actor=actor, **service_changes(body)
        )
    except StaleEdit:
        _stale(_found(category_id))
    except CatalogueError as error:
        refusal(error)
    return _answer(category)


@blp.route("/<int:category_id>", methods=["DELETE"])
@blp.response(204)
@blp.problem_response(409, "It still holds products or subcategories.")
@blp.problem_response(412, "Stale If-Match: the problem's `current` is the category now.")
@blp.problem_response(428, "If-Match is missing.")
@blp.doc(parameters=[IF_MATCH_HEADER])
def category_delete(category_id: int):
    """Delete an empty category."""
    actor = writer()
    expected = _expected_version(category_id)
    try:
        services.delete_category(category_id, expected_version=expected, actor=actor)
    except StaleEdit:
        _stale(_found(category_id))
    except NotFound as error:
        refusal(error)
    except CatalogueError as error:
        abort(problem(409, str(error)))
