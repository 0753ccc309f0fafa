"""The API's Blueprint: flask-smorest's, with a request parser that never answers 500.

webargs turns only JSONDecodeError into 400; a number of 5,000 digits (ValueError) or a
body nested 100,000 deep (RecursionError) escaped it. Text with NUL characters, which
PostgreSQL cannot store, is refused as the pages refuse it in forms; a body that is not
JSON where JSON is expected is 415. An upload's form fields and files are one `multipart`
body, parsed and documented (multipart/form-data) as one schema.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from flask import Request
from flask.sansio.blueprints import BlueprintSetupState
from flask_smorest import Blueprint, abort
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request
from werkzeug.datastructures import CombinedMultiDict

from ..web.problems import PROBLEM_TYPE, problem
from ..web.security import refuse_nul_bytes
from .schemas import ProblemSchema

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
    __location_map__: ClassVar = {**FlaskParser.__location_map__, "multipart": "load_multipart"}

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

    def load_multipart(self, req: Request, schema) -> Any:
        """A multipart/form-data body: its text fields and its files, read together."""
        self.load_form(req, schema)  # refuses NUL characters as a form does
        return self._makeproxy(CombinedMultiDict([req.files, req.form]), schema)


def if_match_header(thing: str, example: str) -> dict:
    """The If-Match header a change of `thing` needs (428 without it), as the OpenAPI
    document describes it."""
    return {
        "in": "header",
        "name": "If-Match",
        "required": True,
        "description": f"The {thing}'s ETag from the GET this change is based on; `*`: the "
        f"{thing} as it is now.",
        "schema": {"type": "string", "example": example},
    }


def _refuse_nul_bytes_last(state: BlueprintSetupState) -> None:
    state.app.before_request_funcs.setdefault(state.name, []).append(refuse_nul_bytes)


class ApiBlueprint(Blueprint):
    ARGUMENTS_PARSER = ApiParser()
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING: ClassVar = {
        **Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
        "multipart": "multipart/form-data",
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The shop refuses NUL characters in addresses and forms before any view runs
        # (shop.web.security); here after the blueprint's own before_request functions, its
        # token check among them: a sent token, and whether a write has one, comes first.
        self.record(_refuse_nul_bytes_last)

    def problem_response(self, status: int, description: str):
        """Document an error answer of the operation: a problem document (RFC 9457)."""
        return self.alt_response(
            status, schema=ProblemSchema, content_type=PROBLEM_TYPE, description=description
        )
