"""Command-line tools, reachable as `python manage.py X` and `flask --app shop X`."""

from __future__ import annotations

import os
import secrets
import time

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from .extensions import db
from .web.media import media_storage


@click.command("seed-demo")
@with_appcontext
@click.option("--products", default=200, show_default=True, type=click.IntRange(0, 10_000_000))
@click.option(
    "--categories",
    default=6,
    show_default=True,
    type=click.IntRange(1, 6),
    help="Top-level categories (each with its subcategories).",
)
@click.option("--images/--no-images", default=True, show_default=True)
@click.option("--seed", default=1, show_default=True, type=int, help="Same seed, same catalogue.")
def seed_demo_command(products: int, categories: int, images: bool, seed: int) -> None:
    """Add a deterministic demo catalogue (bulk inserts)."""
    from .demo.catalogue import seed_demo_catalogue

    started = time.perf_counter()
    with click.progressbar(length=products, label="Products", show_pos=True) as bar:
        result = seed_demo_catalogue(products, categories, seed, progress=bar.update)
    click.echo(
        f"Seeded {result.products} products in {result.categories} categories "
        f"in {time.perf_counter() - started:.1f} s."
    )
    if images and result.pictures:
        from .demo.pictures import seed_demo_images

        started = time.perf_counter()
        with click.progressbar(length=len(result.pictures), label="Images") as bar:
            drawn = seed_demo_images(
                result.pictures,
                storage=media_storage(),
                max_pixels=current_app.config["SHOP_MAX_IMAGE_PIXELS"],
                progress=bar.update,
            )
        click.echo(f"Drew {drawn} product pictures in {time.perf_counter() - started:.1f} s.")


@click.command("catalogue-empty")
@with_appcontext
def catalogue_empty_command() -> None:
    """Exit 0 when the catalogue has no products (used by `make run`), 1 otherwise."""
    from .catalogue.models import Product

    count = db.session.scalar(select(func.count()).select_from(Product))
    raise SystemExit(0 if count == 0 else 1)


@click.command("catalogue-recount")
@with_appcontext
def catalogue_recount_command() -> None:
    """Count the published products of every category afresh (the triggers keep the counts;
    this repairs them after rows changed with triggers off, say a restore)."""
    from .catalogue.counts import repair_counts

    wrong = repair_counts()
    click.echo(f"Recounted the products of every category; {wrong} had wrong counts.")


@click.command("create-user")
@with_appcontext
@click.argument("email")
@click.option("--role", type=click.Choice(["staff", "admin"]), default="staff", show_default=True)
def create_user_command(email: str, role: str) -> None:
    """Create a staff account; the password comes from SHOP_USER_PASSWORD or a prompt."""
    from .accounts.services import AccountError, create_user

    password = os.environ.get("SHOP_USER_PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    try:
        user = create_user(email, password, role)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created {user.role} account {user.email}.")


@click.command("import-products")
@with_appcontext
@click.argument("file", type=click.File("rb"))
@click.option("--dry-run", is_flag=True, help="Only say what the file would do.")
@click.option("--as", "email", metavar="EMAIL", help="The staff account the audit log names.")
def import_products_command(file, dry_run: bool, email: str | None) -> None:
    """Create and update products from a CSV file (as the staff import page does): all of it,
    or nothing when a row is wrong (exit status 1, each wrong row with its line)."""
    from .accounts.services import find_by_email
    from .catalogue.csv_apply import apply_import
    from .catalogue.csv_import import plan_import
    from .catalogue.csv_import_jobs import summarise
    from .catalogue.errors import CatalogueError

    actor = None
    if email:
        actor = find_by_email(email)
        if actor is None:
            raise click.ClickException(f"There is no account {email}.")
    data = file.read()
    started = time.perf_counter()
    try:
        plan = plan_import(data)
    except CatalogueError as exc:
        raise click.ClickException(str(exc)) from None
    summary = summarise(plan)
    click.echo(
        f"{summary['rows']:,} rows read as {summary['encoding']}, separated by "
        f"{summary['delimiter']}: {summary['creates']:,} to create, {summary['updates']:,} to "
        f"update, {summary['unchanged']:,} unchanged, {summary['errors']:,} wrong."
    )
    for error in plan.errors:
        click.echo(f"line {error.line}: {error.sku!r}: {error.reason}", err=True)
    if plan.errors:
        click.echo("Nothing was imported.", err=True)
        raise SystemExit(1)
    if dry_run:
        for update in plan.updates:
            changes = "; ".join(f"{k}: {v[0]!r} -> {v[1]!r}" for k, v in update.changes.items())
            click.echo(f"line {update.line}: update {update.sku!r}: {changes}")
        for create in plan.creates:
            click.echo(f"line {create.line}: create {create.sku!r}: {create.values['name']!r}")
        click.echo("Dry run: nothing was changed.")
        return
    try:
        outcome = apply_import(data, expected_digest=plan.digest(), actor=actor)
    except CatalogueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(
        f"Imported {outcome.created:,} new and {outcome.updated:,} updated products "
        f"in {time.perf_counter() - started:.1f} s."
    )


@click.command("ensure-demo-admin")
@with_appcontext
def ensure_demo_admin_command() -> None:
    """Development only: create a demo admin when there is no account, printing it once."""
    from .accounts.services import create_user, user_count

    if current_app.config["SHOP_CONFIG"] != "development":
        raise click.ClickException("The demo admin exists in development only.")
    if user_count():
        return
    email, password = "admin@example.com", secrets.token_urlsafe(12)
    create_user(email, password, "admin")
    click.echo(f"Demo admin: {email} password: {password}")


@click.command("nginx-config")
@with_appcontext
@click.option("--listen", required=True, help="HOST:PORT Nginx listens on.")
@click.option("--upstream", "upstreams", multiple=True, required=True, help="gunicorn HOST:PORT.")
@click.option("--server-name", "server_names", multiple=True, help="Host names (default: trusted).")
@click.option("--micro-cache", metavar="DIR", help="Cache anonymous pages for 1 s in DIR.")
@click.option("--tls-cert", metavar="PATH", help="Serve HTTPS: certificate chain (PEM).")
@click.option("--tls-key", metavar="PATH", help="Serve HTTPS: the certificate's key (PEM).")
@click.option(
    "--hsts-seconds",
    type=int,
    metavar="N",
    help="With TLS: Strict-Transport-Security max-age (default 31536000; 0: none).",
)
@click.option("--redirect-http", metavar="HOST:PORT", help="With TLS: redirect plain HTTP here.")
@click.option(
    "--staff-upstream",
    "staff_upstreams",
    multiple=True,
    metavar="HOST:PORT",
    help="gunicorn for /admin/, /api/, /login, /logout (default: the --upstream ones).",
)
def nginx_config_command(
    listen: str,
    upstreams: tuple[str, ...],
    server_names: tuple[str, ...],
    micro_cache: str | None,
    tls_cert: str | None,
    tls_key: str | None,
    hsts_seconds: int | None,
    redirect_http: str | None,
    staff_upstreams: tuple[str, ...],
) -> None:
    """Print the Nginx server block for this app (include it inside `http { }`)."""
    from .nginx_config import render_nginx_config

    try:
        config = render_nginx_config(
            current_app,
            listen=listen,
            upstreams=list(upstreams),
            server_names=list(server_names) or None,
            micro_cache=micro_cache,
            tls_cert=tls_cert,
            tls_key=tls_key,
            hsts_seconds=hsts_seconds,
            redirect_http=redirect_http,
            staff_upstreams=list(staff_upstreams),
        )
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    click.echo(config)


@click.group("media")
def media_group() -> None:
    """Uploaded image files: find orphans, regenerate renditions."""


@media_group.command("orphans")
@click.option("--delete", is_flag=True, help="Remove them (otherwise only list them).")
@click.option(
    "--min-age", default=3600, show_default=True, help="Skip files younger than this (seconds)."
)
@with_appcontext
def media_orphans_command(delete: bool, min_age: int) -> None:
    """List (or delete) stored files no image row refers to."""
    from .catalogue.media_maintenance import find_orphans

    storage = media_storage()
    orphans = find_orphans(storage, min_age=min_age)
    for key in orphans:
        click.echo(key)
        if delete:
            storage.delete(key)
    verb = "Deleted" if delete else "Found"
    click.echo(f"{verb} {len(orphans)} orphaned file(s).", err=True)


@media_group.command("regenerate")
@with_appcontext
def media_regenerate_command() -> None:
    """Re-make every image's renditions at the current sizes (e.g. after they change)."""
    from .catalogue.media_maintenance import regenerate_all

    done, failed = regenerate_all(
        media_storage(), max_pixels=current_app.config["SHOP_MAX_IMAGE_PIXELS"]
    )
    click.echo(f"Regenerated {done} image(s); {failed} could not be read.")


def init_cli(app: Flask) -> None:
    app.cli.add_command(media_group)
    app.cli.add_command(nginx_config_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(catalogue_empty_command)
    app.cli.add_command(catalogue_recount_command)
    app.cli.add_command(create_user_command)
    app.cli.add_command(import_products_command)
    app.cli.add_command(ensure_demo_admin_command)
