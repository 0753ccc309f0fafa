"""The API's Blueprint: flask-smorest's, with a request parser that never answers 500.

webargs turns only JSONDecodeError into 400; a number of 5,000 digits (ValueError) or a
body nested 100,000 deep (RecursionError) escaped it. Text with NUL characters, which
PostgreSQL cannot store, is refused as the pages refuse it in forms; a body that is not
JSON where JSON is expected is 415.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Request
from flask_smorest import Blueprint, abort
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

from ..web.problems import problem

BODY_METHODS = ("POST", "PUT", "PATCH")


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


class ApiParser(FlaskParser):
    def _raw_load_json(self, req: Request) -> Any:
        if not is_json_request(req):
            if req.method in BODY_METHODS and req.get_data(cache=True):
                abort(problem(415, "Send the body as JSON (Content-Type: application/json)."))
            return core.missing
        try:
            data = core.parse_json(req.get_data(cache=True))
        except json.JSONDecodeError:
            raise
        except (ValueError, RecursionError):  # a number too long, nesting too deep
            abort(400, messages={"json": ["Invalid JSON body."]})
        if _has_nul(data):
            abort(422, messages={"json": ["Text cannot contain NUL characters."]})
        return data

    def load_form(self, req: Request, schema) -> Any:
        form = super().load_form(req, schema)
        if form is not core.missing and _has_nul(dict(form)):
            abort(422, messages={"form": ["Text cannot contain NUL characters."]})
        return form


class ApiBlueprint(Blueprint):
    ARGUMENTS_PARSER = ApiParser()
