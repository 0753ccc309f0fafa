"""POST /api/v1/auth/token, /refresh and /revoke: tokens for programs (SPEC "JSON API")."""

from __future__ import annotations

import logging

from flask import current_app, request
from flask_smorest import abort

from ..accounts import api_tokens
from ..accounts import services as accounts
from ..accounts.api_tokens import Caller, RefreshRefused
from ..accounts.throttle import login_throttle
from ..web.problems import problem
from . import tokens
from .blueprint import ApiBlueprint
from .schemas import RefreshTokenSchema, TokenPairSchema, TokenRequestSchema

blp = ApiBlueprint(
    "api_auth",
    __name__,
    url_prefix="/api/v1/auth",
    description="Access tokens (minutes) and refresh tokens (days) for staff and admins.",
)
log = logging.getLogger(__name__)


@blp.route("/token", methods=["POST"])
@blp.arguments(TokenRequestSchema)
@blp.response(200, TokenPairSchema)
@blp.problem_response(401, "Wrong email or password, or an inactive account.")
@blp.problem_response(429, "Too many failed attempts; see Retry-After.")
def issue_token(body: dict):
    """A new pair of tokens for a staff or admin account.

    Failures are throttled per account and per address, shared with the sign-in page.
    """
    email, address = body["email"], request.remote_addr or ""
    wait = login_throttle.attempt(email, address)
    if wait is not None:
        log.warning("API token request throttled from %s", address)
        abort(
            problem(
                429,
                f"Too many failed attempts. Try again in {wait} seconds.",
                headers={"Retry-After": str(wait)},
            )
        )
    user = accounts.authenticate(email, body["password"])
    if user is None:
        log.info("API token refused from %s", address)
        tokens.refused("That email and password do not match an active account.", token_error=False)
    login_throttle.succeeded(email, address)
    refresh_id = tokens.new_refresh_id()
    lifetime = current_app.config["JWT_REFRESH_TOKEN_EXPIRES"]
    family = api_tokens.start_family(user.id, refresh_id, lifetime, address)
    log.info("API tokens issued to user id=%s (family %s)", user.id, family[:8])
    return tokens.token_pair(Caller(user.id, user.email, user.role, family), refresh_id)


@blp.route("/refresh", methods=["POST"])
@blp.arguments(RefreshTokenSchema)
@blp.response(200, TokenPairSchema)
@blp.problem_response(401, "Not the family's newest refresh token: all its tokens end.")
def refresh_token(body: dict):
    """A new pair for the family's newest refresh token, which is then spent.

    Presenting a spent refresh token again answers 401 and revokes every token of its family.
    """
    claims = tokens.decode(body["refresh_token"], "refresh")
    refresh_id = tokens.new_refresh_id()
    lifetime = current_app.config["JWT_REFRESH_TOKEN_EXPIRES"]
    try:
        caller = api_tokens.rotate(
            claims["fam"], claims["jti"], refresh_id, request.remote_addr or "", lifetime
        )
    except RefreshRefused as refusal:
        log.warning("API refresh refused for family %s: %s", claims["fam"][:8], refusal)
        tokens.refused(str(refusal))
    return tokens.token_pair(caller, refresh_id)


@blp.route("/revoke", methods=["POST"])
@blp.arguments(RefreshTokenSchema)
@blp.response(204)
def revoke_token(body: dict):
    """End every token of a refresh token's family at once."""
    claims = tokens.decode(body["refresh_token"], "refresh")
    api_tokens.revoke(claims["fam"], claims["jti"])
    log.info("API token family %s revoked by its holder", claims["fam"][:8])
