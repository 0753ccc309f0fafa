"""Configuration classes; every operator setting comes from the environment (see SPEC)."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from email.utils import formataddr
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"

MIN_SECRET_KEY_LENGTH = 32


def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _env_list(name: str) -> list[str] | None:
    items = [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]
    return items or None


def _database_url(default: str) -> str:
    url = os.environ.get("DATABASE_URL", "").strip() or default
    # Heroku-style URLs and bare postgresql:// both mean psycopg 3 here.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Config:
    """Settings shared by every environment."""

    SHOP_CONFIG = "base"
    SHOP_NAME = "Hearth & Field"
    SHOP_CURRENCY = "EUR"
    # The zone staff type and read scheduled moments in (an IANA name); stored as UTC.
    SHOP_TIMEZONE = os.environ.get("SHOP_TIMEZONE") or "UTC"
    SECRET_KEY: str | None = os.environ.get("SECRET_KEY") or None

    SQLALCHEMY_DATABASE_URI = _database_url("sqlite:///" + str(INSTANCE_DIR / "shop.sqlite3"))
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict] = {}
    # A pooled connection idle for longer than this is pinged before use
    # (see database/connections.py).
    SHOP_DB_PING_AFTER_IDLE = float(os.environ.get("SHOP_DB_PING_AFTER_IDLE") or 1)
    SQLALCHEMY_RECORD_QUERIES = False

    MEDIA_ROOT = os.environ.get("MEDIA_ROOT") or str(INSTANCE_DIR / "media")
    SHOP_MAX_UPLOAD_MB = _env_int("SHOP_MAX_UPLOAD_MB", 20)
    MAX_CONTENT_LENGTH = SHOP_MAX_UPLOAD_MB * 1024 * 1024
    SHOP_MAX_IMAGE_PIXELS = _env_int("SHOP_MAX_IMAGE_PIXELS", 50_000_000)
    # Pixels (as the files' headers declare them) one request may ask the shop to process: it
    # bounds a save's processing time, which the byte limit does not (a flat 49-megapixel PNG is
    # 60 KB). 100 MP is a few seconds of work, and about what 20 MB of phone JPEGs hold.
    SHOP_MAX_UPLOAD_PIXELS_PER_REQUEST = _env_int("SHOP_MAX_UPLOAD_PIXELS_PER_REQUEST", 100_000_000)
    REDIS_URL = os.environ.get("REDIS_URL") or None

    SHOP_QUERY_COUNT_HEADER = _env_flag("SHOP_QUERY_COUNT_HEADER", False)
    SHOP_SERVE_MEDIA = False  # Nginx serves /media/ in production
    # Host names the app answers to (others get 400); unset means any (development).
    TRUSTED_HOSTS: list[str] | None = _env_list("SHOP_TRUSTED_HOSTS")
    # Number of proxies in front of the app whose X-Forwarded-* headers are believed.
    SHOP_PROXY_COUNT = _env_int("SHOP_PROXY_COUNT", 0)

    # Whole anonymous pages cached in the app, keyed on the catalogue version.
    SHOP_PAGE_CACHE = _env_flag("SHOP_PAGE_CACHE", True)
    # A process re-reads the catalogue version when another signals a change (this file,
    # replaced on every change; through Redis instead when REDIS_URL is set), and at the
    # latest after SHOP_CATALOGUE_VERSION_TTL seconds, for writers that could not signal
    # (another host without Redis). 0: read it on every request.
    SHOP_CATALOGUE_SIGNAL_FILE = os.environ.get("SHOP_CATALOGUE_SIGNAL_FILE") or str(
        INSTANCE_DIR / "catalogue.signal"
    )
    SHOP_CATALOGUE_VERSION_TTL = float(os.environ.get("SHOP_CATALOGUE_VERSION_TTL") or 1)

    PER_PAGE_DEFAULT = 24
    PER_PAGE_MAX = 96

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Staff sessions: signed out after 2 h without a request, and 12 h after signing in anyway.
    PERMANENT_SESSION_LIFETIME = 2 * 3600
    SHOP_SESSION_MAX_AGE = 12 * 3600
    # Failed sign-ins allowed per window (limits' notation); more answer 429 until it passes.
    LOGIN_THROTTLE_PER_EMAIL = "5 per 15 minutes"
    LOGIN_THROTTLE_PER_ADDRESS = "20 per 15 minutes"
    # API tokens: access tokens are checked against their family on every request, so a
    # short life only bounds how long a stolen one could be replayed before it expires.
    SHOP_API_ACCESS_TOKEN_LIFETIME = timedelta(minutes=10)
    SHOP_API_REFRESH_TOKEN_LIFETIME = timedelta(days=14)
    TEMPLATES_AUTO_RELOAD = False

    # Outgoing email (invitations, password resets) through Flask-Mailman. With MAIL_SERVER
    # set it goes out over SMTP; without it, development and testing print each message to
    # the console, and production sends nothing (see `finalise` and README "Email").
    MAIL_SERVER: str | None = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = _env_int("MAIL_PORT", 25)
    MAIL_USERNAME: str | None = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD: str | None = os.environ.get("MAIL_PASSWORD") or None
    MAIL_USE_TLS = _env_flag("MAIL_USE_TLS", False)  # STARTTLS, usually on port 587
    MAIL_USE_SSL = _env_flag("MAIL_USE_SSL", False)  # TLS from the start, usually port 465
    MAIL_DEFAULT_SENDER: str | None = os.environ.get("MAIL_DEFAULT_SENDER") or None
    # Seconds an SMTP exchange may take: a stuck mail server must not pin a worker.
    MAIL_TIMEOUT = _env_int("MAIL_TIMEOUT", 10)
    # The shop's public address (scheme and host, e.g. https://shop.example.com): links in
    # emails start with it. Unset: the address of the request that sends the email.
    SHOP_BASE_URL: str | None = os.environ.get("SHOP_BASE_URL") or None
    # A password-reset link works for an hour, once; an invitation for a week, once.
    SHOP_PASSWORD_RESET_MAX_AGE = timedelta(hours=1)
    SHOP_INVITATION_MAX_AGE = timedelta(days=7)
    # Reset requests allowed per window, counted for any address (known or not).
    RESET_THROTTLE_PER_EMAIL = "3 per hour"
    RESET_THROTTLE_PER_ADDRESS = "20 per hour"


class DevelopmentConfig(Config):
    SHOP_CONFIG = "development"
    DEBUG = True
    SHOP_PAGE_CACHE = _env_flag("SHOP_PAGE_CACHE", False)  # edits to templates show at once
    TEMPLATES_AUTO_RELOAD = True
    SHOP_QUERY_COUNT_HEADER = _env_flag("SHOP_QUERY_COUNT_HEADER", True)
    SHOP_SERVE_MEDIA = True


class TestingConfig(Config):
    SHOP_CONFIG = "testing"
    TESTING = True
    SECRET_KEY = "testing-secret-key-that-is-long-enough-0123456789"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    SHOP_PAGE_CACHE = False  # tests that need it turn it on
    SHOP_QUERY_COUNT_HEADER = _env_flag("SHOP_QUERY_COUNT_HEADER", True)
    SHOP_SERVE_MEDIA = True


class ProductionConfig(Config):
    SHOP_CONFIG = "production"
    DEBUG = False
    # Secure cookies need HTTPS; SHOP_SECURE_COOKIES=0 only for a local stack on plain HTTP.
    SESSION_COOKIE_SECURE = _env_flag("SHOP_SECURE_COOKIES", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    # Production runs behind exactly one Nginx.
    SHOP_PROXY_COUNT = _env_int("SHOP_PROXY_COUNT", 1)
    # Kill runaway statements instead of letting them pin a worker.
    PG_STATEMENT_TIMEOUT_MS = _env_int("SHOP_PG_STATEMENT_TIMEOUT_MS", 10_000)


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


class ConfigError(RuntimeError):
    """The settings are unsafe or incomplete; the app refuses to start."""


MAIL_BACKENDS = ("smtp", "console", "disabled")


def _finalise_mail(config: dict) -> None:
    """Choose how email goes out, and refuse settings that would send broken mail.

    MAIL_BACKEND (a test may set it): "smtp" when MAIL_SERVER is set; otherwise "console"
    (each message printed, links and all) outside production, and "disabled" in production,
    where invitations are refused and the reset page says email is not available: a shop
    never pretends to have sent a message that went nowhere.
    """
    production = config.get("SHOP_CONFIG") == "production"
    if not config.get("MAIL_BACKEND"):
        if config.get("MAIL_SERVER"):
            config["MAIL_BACKEND"] = "smtp"
        else:
            config["MAIL_BACKEND"] = "disabled" if production else "console"
    if config["MAIL_BACKEND"] not in MAIL_BACKENDS:
        raise ConfigError(f"MAIL_BACKEND must be one of: {', '.join(MAIL_BACKENDS)}.")
    if config.get("MAIL_USE_TLS") and config.get("MAIL_USE_SSL"):
        raise ConfigError(
            "Set MAIL_USE_TLS (STARTTLS, port 587) or MAIL_USE_SSL (port 465), not both."
        )
    base = config.get("SHOP_BASE_URL")
    if base:
        parts = urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
            raise ConfigError(
                f"SHOP_BASE_URL must be the shop's scheme and host only, such as "
                f"https://shop.example.com (got {base!r})."
            )
        config["SHOP_BASE_URL"] = f"{parts.scheme}://{parts.netloc}"
    if production and config["MAIL_BACKEND"] == "smtp":
        # Links in a production email must not depend on a request's Host header, and the
        # From address must be one the mail server may send as.
        if not base:
            raise ConfigError(
                "Refusing to start: set SHOP_BASE_URL (e.g. https://shop.example.com) when "
                "MAIL_SERVER is set in production; links in emails start with it."
            )
        if not config.get("MAIL_DEFAULT_SENDER"):
            raise ConfigError(
                "Refusing to start: set MAIL_DEFAULT_SENDER (e.g. 'Shop <shop@example.com>') "
                "when MAIL_SERVER is set in production."
            )
    if not config.get("MAIL_DEFAULT_SENDER"):
        config["MAIL_DEFAULT_SENDER"] = formataddr((config["SHOP_NAME"], "shop@localhost"))


def finalise(config: dict) -> None:
    """Check and complete settings after overrides are applied; production fails fast."""
    _finalise_mail(config)
    if config.get("SHOP_CONFIG") == "production":
        if config.get("DEBUG"):
            raise ConfigError("Refusing to start: debug must be off in production.")
        if not config.get("TRUSTED_HOSTS"):
            # Pages carry absolute links built from the Host header and are cached: a forged
            # Host must be refused, so production needs the list of its own names.
            raise ConfigError(
                "Refusing to start: set SHOP_TRUSTED_HOSTS to the shop's host names "
                "(comma-separated) in production."
            )
        key = config.get("SECRET_KEY") or ""
        if len(key) < MIN_SECRET_KEY_LENGTH:
            raise ConfigError(
                f"Refusing to start: SECRET_KEY must be set to at least "
                f"{MIN_SECRET_KEY_LENGTH} characters in production."
            )
    elif not config.get("SECRET_KEY"):
        # Development only: sessions last as long as the process.
        config["SECRET_KEY"] = secrets.token_urlsafe(48)
    try:
        ZoneInfo(config["SHOP_TIMEZONE"])
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"Refusing to start: SHOP_TIMEZONE {config['SHOP_TIMEZONE']!r} is not a time zone "
            "name such as Europe/London or UTC."
        ) from None
    config["MAX_CONTENT_LENGTH"] = int(config["SHOP_MAX_UPLOAD_MB"]) * 1024 * 1024
    uri = config["SQLALCHEMY_DATABASE_URI"]
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    timeout = config.get("PG_STATEMENT_TIMEOUT_MS")
    if uri.startswith("postgresql"):
        # Short queries only: JIT compilation cost more than it saved (37 ms on a search).
        # Generic plans are for the storefront's reads only: database/connections.py.
        pg_options = ["-c jit=off"]
        if timeout:
            pg_options.append(f"-c statement_timeout={int(timeout)}")
        options.setdefault("connect_args", {})["options"] = " ".join(pg_options)
    config["SQLALCHEMY_ENGINE_OPTIONS"] = options
