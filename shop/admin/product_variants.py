"""Staff variants page: a product's options and values, and one table of its variants."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from ..catalogue import staff_queries, variant_reads, variant_services, variant_table
from ..catalogue.errors import CatalogueError, NotFound, StaleEdit, VariantRowsRejected
from ..catalogue.models import Product
from ..catalogue.variant_table import VariantRow
from ..web.forms import ButtonForm
from . import bp
from .common import actor, add_error, get_or_404, version_arg
from .variant_forms import (
    OptionForm,
    ValuesForm,
    for_option,
    for_variants,
    rename_data,
    split_values,
    table_data,
)


def _page_url(product_id: int) -> str:
    return url_for(".product_variants", product_id=product_id)


def _render(product: Product, *, status: int = 200, **forms):
    """The page; forms not given are fresh ones with the product's current values."""
    table = variant_reads.variants_for_edit(product.id)
    version = {"version": str(product.version)}
    option_form = forms.get("option_form") or OptionForm(
        formdata=None, data=version, prefix="option"
    )
    value_forms = {
        option.id: ValuesForm(formdata=None, data=version, prefix=f"option{option.id}")
        for option in table.options
    }
    if "value_form" in forms:
        option_id, form = forms["value_form"]
        value_forms[option_id] = form
    rename_forms = {
        option.id: for_option(option, formdata=None, data=rename_data(option, product.version))
        for option in table.options
    }
    if "rename_form" in forms:
        option_id, form = forms["rename_form"]
        rename_forms[option_id] = form
    table_form = forms.get("table_form") or for_variants(
        table.variants,
        table.labels,
        product.images,
        formdata=None,
        data=table_data(table.variants, product.version),
    )
    return (
        render_template(
            "admin/products/variants.html",
            product=product,
            table=table,
            option_form=option_form,
            value_forms=value_forms,
            rename_forms=rename_forms,
            table_form=table_form,
            button_form=ButtonForm(),
            conflict=forms.get("conflict"),
            remove_error=forms.get("remove_error"),
        ),
        status,
    )


def _product(product_id: int) -> Product:
    return get_or_404(staff_queries.product_for_edit(product_id))


def _stale(product_id: int):
    """409: the page again with the current values; nothing of this form was saved."""
    return _render(_product(product_id), status=409, conflict=True)


@bp.get("/products/<int:product_id>/variants")
def product_variants(product_id: int):
    return _render(_product(product_id))


@bp.post("/products/<int:product_id>/variants")
def product_variants_save(product_id: int):
    product = _product(product_id)
    table = variant_reads.variants_for_edit(product.id)
    form = for_variants(table.variants, table.labels, product.images)
    if not form.validate_on_submit():
        return _render(product, status=400, table_form=form)
    rows = {
        v.id: VariantRow(
            sku=form.cells(v.id)[0].data,
            price=form.cells(v.id)[1].decimal,
            stock=form.cells(v.id)[2].number,
            is_published=form.cells(v.id)[3].data,
            image_id=form.cells(v.id)[4].data,
        )
        for v in table.variants
    }
    try:
        variant_table.update_variants(
            product.id, rows, expected_version=version_arg(form.version.data), actor=actor()
        )
    except StaleEdit:
        return _stale(product_id)
    except VariantRowsRejected as exc:
        for variant_id, errors in exc.errors.items():
            for field, message in errors.items():
                add_error(form, f"{field}_{variant_id}", message)
        return _render(product, status=400, table_form=form)
    except CatalogueError as exc:
        form.form_errors.append(str(exc))
        return _render(product, status=400, table_form=form)
    flash("Saved the variants.", "success")
    return redirect(_page_url(product_id))


@bp.post("/products/<int:product_id>/variants/options")
def product_option_add(product_id: int):
    product = _product(product_id)
    form = OptionForm(prefix="option")
    if not form.validate_on_submit():
        return _render(product, status=400, option_form=form)
    try:
        variant_services.add_option(
            product.id,
            name=form.name.data,
            values=split_values(form.values.data),
            expected_version=version_arg(form.version.data),
            actor=actor(),
        )
    except StaleEdit:
        return _stale(product_id)
    except NotFound:
        abort(404)
    except CatalogueError as exc:
        add_error(form, exc.field, str(exc))
        return _render(product, status=400, option_form=form)
    flash(f"Added the option \u201c{form.name.data}\u201d and its variants.", "success")
    return redirect(_page_url(product_id))


@bp.post("/products/<int:product_id>/variants/options/<int:option_id>/values")
def product_option_values_add(product_id: int, option_id: int):
    product = _product(product_id)
    form = ValuesForm(prefix=f"option{option_id}")
    if not form.validate_on_submit():
        return _render(product, status=400, value_form=(option_id, form))
    try:
        variant_services.add_values(
            product.id,
            option_id,
            values=split_values(form.values.data),
            expected_version=version_arg(form.version.data),
            actor=actor(),
        )
    except StaleEdit:
        return _stale(product_id)
    except NotFound:
        abort(404)
    except CatalogueError as exc:
        add_error(form, exc.field, str(exc))
        return _render(product, status=400, value_form=(option_id, form))
    flash("Added the values and their variants.", "success")
    return redirect(_page_url(product_id))


@bp.post("/products/<int:product_id>/variants/options/<int:option_id>/rename")
def product_option_rename(product_id: int, option_id: int):
    product = _product(product_id)
    option = next(
        (o for o in variant_reads.variants_for_edit(product.id).options if o.id == option_id), None
    )
    if option is None:
        abort(404)
    form = for_option(option)
    if not form.validate_on_submit():
        return _render(product, status=400, rename_form=(option_id, form))
    values = {v.id: getattr(form, f"value_{v.id}").data for v in option.values}
    try:
        variant_services.rename_option(
            product.id,
            option_id,
            name=form.name.data,
            values=values,
            expected_version=version_arg(form.version.data),
            actor=actor(),
        )
    except StaleEdit:
        return _stale(product_id)
    except NotFound:
        abort(404)
    except CatalogueError as exc:
        add_error(form, exc.field, str(exc))
        return _render(product, status=400, rename_form=(option_id, form))
    flash("Renamed.", "success")
    return redirect(_page_url(product_id))


@bp.post("/products/<int:product_id>/variants/values/<int:value_id>/remove")
def product_option_value_remove(product_id: int, value_id: int):
    product = _product(product_id)
    try:
        variant_services.remove_value(
            product.id, value_id, expected_version=_posted_version(), actor=actor()
        )
    except StaleEdit:
        return _stale(product_id)
    except NotFound:
        abort(404)
    except CatalogueError as exc:
        return _render(product, status=400, remove_error=str(exc))
    flash("Removed the value.", "success")
    return redirect(_page_url(product_id))


@bp.post("/products/<int:product_id>/variants/<int:variant_id>/delete")
def product_variant_delete(product_id: int, variant_id: int):
    _product(product_id)
    try:
        sku = variant_services.delete_variant(
            product_id, variant_id, expected_version=_posted_version(), actor=actor()
        )
    except StaleEdit:
        return _stale(product_id)
    except NotFound:
        abort(404)
    flash(f"Deleted the variant {sku}.", "success")
    return redirect(_page_url(product_id))


def _posted_version() -> int:
    return version_arg(request.form.get("version"))
