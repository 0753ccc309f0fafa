"""Helpers shared by the admin views: the acting user, category choices, paging, form errors."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from werkzeug.exceptions import BadRequest
from wtforms.fields.choices import SelectChoice

from ..accounts.models import User
from ..catalogue.staff_queries import StaffTree
from ..web.args import parse_page

PER_PAGE = 50


def actor() -> User:
    """The signed-in staff member, passed to services for the audit log."""
    return current_user._get_current_object()


def category_choices(tree: StaffTree, exclude: set[int] | frozenset[int] = frozenset()):
    """Options for a picker, indented by depth; hidden categories say so."""
    choices = []
    for node in tree.flat():
        if node.id in exclude:
            continue
        label = "\u2014 " * node.depth + node.name + ("" if node.is_published else " (hidden)")
        choices.append(SelectChoice(node.id, label))
    return choices


def page_arg(raw: str | None) -> int:
    return parse_page(raw)


def version_arg(raw: str | None) -> int:
    if not raw or not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        raise BadRequest(description="The form is missing its version; reload the page.")
    return int(raw)


def add_error(form, field: str | None, message: str) -> None:
    target = getattr(form, field, None) if field else None
    if target is None:
        form.form_errors.append(message)
    else:
        target.errors = [*target.errors, message]


def plural(count: int, word: str) -> str:
    """ "1 session", "3 sessions"."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def get_or_404(value):
    if value is None:
        abort(404)
    return value
