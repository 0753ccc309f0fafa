"""What every API write shares: the acting user, body fields as service arguments, and a
refused change as its answer."""

from __future__ import annotations

from typing import Any

from flask_smorest import abort

from ..accounts.integration_keys import KeyActor
from ..accounts.models import User
from ..catalogue.errors import CatalogueError, NotFound
from ..extensions import db
from .tokens import bearer_caller, refused

# The services' field names, where the API's differ.
FIELDS = {"category": "category_id", "parent": "parent_id", "images": "file", "alt_text": "alt"}
# Items named in a body (a missing one is a field error); a missing item in the address is 404.
BODY_REFERENCES = ("category", "parent")


def writer() -> User | KeyActor:
    """Who a write acts for, as the audit log names them: the token's account, or an
    integration key (the blueprints' check_caller already refused anonymous writes; this
    holds for a write route added without it)."""
    caller = bearer_caller()
    if caller is None:
        refused("Writing needs a staff or admin access token ('Authorization: Bearer ...').")
    if caller.key_id is not None:
        return KeyActor(caller.key_id, caller.email)
    return db.session.get(User, caller.user_id)


def service_changes(body: dict[str, Any]) -> dict[str, Any]:
    """API fields -> the services' keyword arguments."""
    changes = dict(body)
    if "published" in changes:
        changes["is_published"] = changes.pop("published")
    return changes


def refusal(error: CatalogueError):
    """A refused change as its answer: 422 naming the field, or 404."""
    if isinstance(error, NotFound) and error.field not in BODY_REFERENCES:
        abort(404, message=str(error))
    field = FIELDS.get(error.field or "", error.field) or "_request"
    abort(422, messages={"json": {field: [str(error)]}})
