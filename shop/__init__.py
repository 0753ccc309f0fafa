"""The Shop application factory: config, extensions, blueprints, errors, cli, templates."""

from __future__ import annotations

import logging
import os
from typing import Any

from flask import Flask

from . import config as config_module
from .web.converters import IdConverter


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app; `test_config` overrides settings (tests and tools)."""
    app = Flask(__name__, instance_relative_config=False)
    app.url_map.converters["int"] = IdConverter  # before any route is added
    load_config(app, test_config)
    register_logging(app)
    register_extensions(app)
    register_blueprints(app)
    register_page_cache(app)
    register_host_normaliser(app)
    register_proxy(app)
    register_request_guards(app)
    register_errors(app)
    register_cli(app)
    register_template_helpers(app)
    return app


def load_config(app: Flask, test_config: dict[str, Any] | None) -> None:
    name = (test_config or {}).get("SHOP_CONFIG") or os.environ.get("SHOP_CONFIG", "development")
    try:
        config_class = config_module.CONFIGS[name]
    except KeyError:
        raise config_module.ConfigError(
            f"Unknown SHOP_CONFIG {name!r}; use one of {', '.join(config_module.CONFIGS)}."
        ) from None
    app.config.from_object(config_class)
    if test_config:
        app.config.update(test_config)
    config_module.finalise(app.config)


def register_logging(app: Flask) -> None:
    if not app.debug and not app.testing:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s"
        )
    # Alembic announces each of its built-in plugins at INFO when it is imported: seven lines
    # before every command's own output. Its migration messages stay.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


def register_extensions(app: Flask) -> None:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from . import models  # noqa: F401 - every table must be known to the metadata
    from .accounts.throttle import login_throttle, reset_throttle
    from .accounts.tokens import account_links
    from .caching import init_caching
    from .catalogue.counts import init_count_ddl
    from .catalogue.image_counts import init_image_count_ddl
    from .catalogue.search import init_search_ddl
    from .catalogue.version import init_catalogue_version
    from .database.connections import init_connection_checks
    from .database.querycount import init_query_count
    from .extensions import configure_sqlite, csrf, db, migrate
    from .mail import init_mail
    from .web.sessions import init_login

    if not event.contains(Engine, "connect", configure_sqlite):
        event.listen(Engine, "connect", configure_sqlite)

    db.init_app(app)
    with app.app_context():
        init_connection_checks(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"))
    csrf.init_app(app)
    init_caching(app)
    init_catalogue_version(app)
    init_search_ddl()
    init_count_ddl()
    init_image_count_ddl()
    init_query_count(app)  # first, so the user look-up of signed-in requests is counted
    login_throttle.init_app(app)
    reset_throttle.init_app(app)
    account_links.init_app(app)
    init_mail(app)
    init_login(app)


def register_blueprints(app: Flask) -> None:
    from .admin import bp as admin_bp
    from .api import init_api
    from .auth import bp as auth_bp
    from .storefront.views import bp as storefront_bp
    from .web.health import bp as health_bp
    from .web.media import bp as media_bp

    app.register_blueprint(storefront_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(health_bp)
    init_api(app)
    if app.config["SHOP_SERVE_MEDIA"]:
        app.register_blueprint(media_bp)


def register_page_cache(app: Flask) -> None:
    from .web.page_cache import init_page_cache

    init_page_cache(app, shared=("api",))  # shoppers' API reads (shop/api/products.py)


def register_host_normaliser(app: Flask) -> None:
    from .web.security import HostNormaliser

    app.wsgi_app = HostNormaliser(app.wsgi_app)  # type: ignore[method-assign]


def register_proxy(app: Flask) -> None:
    count = int(app.config["SHOP_PROXY_COUNT"])
    if count:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=count, x_proto=count, x_host=count, x_port=count
        )


def register_request_guards(app: Flask) -> None:
    from .web.security import init_request_guards

    init_request_guards(app)


def register_errors(app: Flask) -> None:
    from .web.errors import init_errors

    init_errors(app)


def register_cli(app: Flask) -> None:
    from .cli import init_cli

    init_cli(app)


def register_template_helpers(app: Flask) -> None:
    from .web.templating import init_templating

    init_templating(app)
