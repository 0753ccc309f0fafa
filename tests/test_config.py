"""Settings: production refuses unsafe configuration; environment variables are honoured."""

import pytest

from shop import create_app
from shop.config import ConfigError

GOOD_KEY = "k" * 40
HOSTS = ["shop.example.com"]


def test_production_refuses_to_answer_any_host():
    with pytest.raises(ConfigError, match="SHOP_TRUSTED_HOSTS"):
        create_app({"SHOP_CONFIG": "production", "SECRET_KEY": GOOD_KEY, "TRUSTED_HOSTS": None})


def test_production_refuses_a_missing_secret_key():
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"SHOP_CONFIG": "production", "SECRET_KEY": None, "TRUSTED_HOSTS": HOSTS})


def test_production_refuses_a_short_secret_key():
    with pytest.raises(ConfigError, match="at least 32"):
        create_app({"SHOP_CONFIG": "production", "SECRET_KEY": "short", "TRUSTED_HOSTS": HOSTS})


def test_production_refuses_debug():
    with pytest.raises(ConfigError, match="debug"):
        create_app(
            {
                "SHOP_CONFIG": "production",
                "SECRET_KEY": GOOD_KEY,
                "DEBUG": True,
                "TRUSTED_HOSTS": HOSTS,
            }
        )


def test_production_settings():
    app = create_app(
        {
            "SHOP_CONFIG": "production",
            "SECRET_KEY": GOOD_KEY,
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://u@h/db",
            "TRUSTED_HOSTS": HOSTS,
        }
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SHOP_QUERY_COUNT_HEADER"] is False
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    assert app.config["SHOP_DB_PING_AFTER_IDLE"] == 1  # idle pooled connections get checked
    assert "statement_timeout" in options["connect_args"]["options"]


def test_unknown_config_name_is_refused():
    with pytest.raises(ConfigError, match="Unknown SHOP_CONFIG"):
        create_app({"SHOP_CONFIG": "staging"})


def test_upload_limit_follows_the_setting():
    app = create_app({"SHOP_CONFIG": "testing", "SHOP_MAX_UPLOAD_MB": 3})
    assert app.config["MAX_CONTENT_LENGTH"] == 3 * 1024 * 1024


def test_database_url_from_environment(monkeypatch):
    from shop import config

    monkeypatch.setenv("DATABASE_URL", "postgresql://me@db.example/shop")
    assert config._database_url("sqlite://") == "postgresql+psycopg://me@db.example/shop"
    monkeypatch.delenv("DATABASE_URL")
    assert config._database_url("sqlite://") == "sqlite://"


# ---- Email ----

PRODUCTION = {"SHOP_CONFIG": "production", "SECRET_KEY": GOOD_KEY, "TRUSTED_HOSTS": HOSTS}


def test_without_a_mail_server_the_console_gets_it_and_production_sends_nothing():
    # Outside production (development and testing alike) each message is printed.
    assert create_app({"SHOP_CONFIG": "testing"}).config["MAIL_BACKEND"] == "console"
    assert create_app(PRODUCTION).config["MAIL_BACKEND"] == "disabled"


def test_a_mail_server_means_smtp_with_the_settings_given():
    app = create_app(
        {
            **PRODUCTION,
            "MAIL_SERVER": "smtp.example.com",
            "MAIL_PORT": 587,
            "MAIL_USE_TLS": True,
            "MAIL_DEFAULT_SENDER": "Shop <shop@example.com>",
            "SHOP_BASE_URL": "https://shop.example.com/",
        }
    )
    assert app.config["MAIL_BACKEND"] == "smtp"
    assert app.config["SHOP_BASE_URL"] == "https://shop.example.com"
    state = app.extensions["mailman"]
    assert (state.server, state.port, state.use_tls, state.backend) == (
        "smtp.example.com",
        587,
        True,
        "smtp",
    )
    assert state.default_sender == "Shop <shop@example.com>"


def test_production_with_a_mail_server_needs_a_base_url_and_a_sender():
    mail = {**PRODUCTION, "MAIL_SERVER": "smtp.example.com"}
    with pytest.raises(ConfigError, match="SHOP_BASE_URL"):
        create_app({**mail, "MAIL_DEFAULT_SENDER": "shop@example.com"})
    with pytest.raises(ConfigError, match="MAIL_DEFAULT_SENDER"):
        create_app({**mail, "SHOP_BASE_URL": "https://shop.example.com"})


def test_bad_mail_settings_are_refused():
    for base in ("shop.example.com", "ftp://shop.example.com", "https://shop.example.com/x"):
        with pytest.raises(ConfigError, match="SHOP_BASE_URL"):
            create_app({"SHOP_CONFIG": "testing", "SHOP_BASE_URL": base})
    with pytest.raises(ConfigError, match="not both"):
        create_app({"SHOP_CONFIG": "testing", "MAIL_USE_TLS": True, "MAIL_USE_SSL": True})
    with pytest.raises(ConfigError, match="MAIL_BACKEND"):
        create_app({"SHOP_CONFIG": "testing", "MAIL_BACKEND": "carrier-pigeon"})
