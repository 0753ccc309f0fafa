"""Access and refresh tokens (JWT, flask-jwt-extended): making them and reading a Bearer."""

from __future__ import annotations

import uuid

import jwt
from flask import Flask, abort, current_app, request
from flask_jwt_extended import (
    JWTManager,
    create_access_token,
    create_refresh_token,
    decode_token,
)
from flask_jwt_extended.exceptions import JWTExtendedException

from ..accounts import api_tokens, integration_keys
from ..accounts.api_tokens import Caller
from ..audit import services as audit
from ..web.problems import problem

jwt_manager = JWTManager()
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
CALLER_KEY = "shop.api_caller"
SOURCE_KEY = "shop.audit_source"


def init_tokens(app: Flask) -> None:
    app.config.setdefault("JWT_TOKEN_LOCATION", ["headers"])
    app.config["JWT_ACCESS_TOKEN_EXPIRES"] = app.config["SHOP_API_ACCESS_TOKEN_LIFETIME"]
    app.config["JWT_REFRESH_TOKEN_EXPIRES"] = app.config["SHOP_API_REFRESH_TOKEN_LIFETIME"]
    jwt_manager.init_app(app)


def new_refresh_id() -> str:
    return str(uuid.uuid4())


def token_pair(caller: Caller, refresh_id: str) -> dict:
    """The body of a token answer: both tokens name the family; the refresh token carries
    the id the family expects next."""
    identity = str(caller.user_id)
    lifetime = current_app.config["JWT_ACCESS_TOKEN_EXPIRES"]
    return {
        "access_token": create_access_token(
            identity, additional_claims={"fam": caller.family_id, "role": caller.role}
        ),
        "refresh_token": create_refresh_token(
            identity, additional_claims={"fam": caller.family_id, "jti": refresh_id}
        ),
        "token_type": "Bearer",
        "expires_in": int(lifetime.total_seconds()),
    }


def refused(detail: str, *, token_error: bool = True):
    """401 with the header RFC 6750 asks for, as a problem document."""
    challenge = 'Bearer error="invalid_token"' if token_error else "Bearer"
    abort(problem(401, detail, headers={"WWW-Authenticate": challenge}))


def decode(token: str, kind: str) -> dict:
    """The claims of a valid, unexpired token of this kind ("access" or "refresh")."""
    try:
        claims = decode_token(token)
    except (jwt.PyJWTError, JWTExtendedException):
        refused("The token is not valid or has expired.")
    if claims.get("type") != kind or not isinstance(claims.get("fam"), str):
        refused(f"This is not an {kind} token." if kind == "access" else "Not a refresh token.")
    return claims


def bearer_caller() -> Caller | None:
    """Whom the request's `Authorization: Bearer` access token acts for; None without one.
    The session cookie is never read here. Checked once per request."""
    # On the request, not on `g`: tests and scripts keep one app context over many requests.
    if CALLER_KEY not in request.environ:
        request.environ[CALLER_KEY] = _check_bearer()
    return request.environ[CALLER_KEY]


def check_caller() -> None:
    """before_request of the API's blueprints: a token, if sent, must be valid, and writing
    needs one, before anything else of the request (its body, its arguments) is looked at.
    What the request changes is logged as coming through the API."""
    request.environ[SOURCE_KEY] = audit.set_source("api")
    caller = bearer_caller()
    if caller is None and request.method not in SAFE_METHODS:
        refused("Writing needs a staff or admin access token ('Authorization: Bearer ...').")


def end_of_request(error: BaseException | None = None) -> None:
    """teardown_request of the API's blueprints: the next request starts from "web"."""
    token = request.environ.pop(SOURCE_KEY, None)
    if token is not None:
        audit.reset_source(token)


def _check_bearer() -> Caller | None:
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        refused("Send an access token as 'Authorization: Bearer <token>'.")
    if integration_keys.looks_like_key(token):
        holder = integration_keys.holder_of(token, request.remote_addr or "")
        if holder is None:
            refused("This integration key is not valid, has expired or was revoked.")
        return Caller(None, holder.label, holder.role, None, key_id=holder.key_id)
    claims = decode(token, "access")
    caller = api_tokens.caller_for(claims["fam"])
    if caller is None:
        refused("This token has been revoked, or its account changed; request a new one.")
    return caller
