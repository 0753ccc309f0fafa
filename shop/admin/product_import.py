"""Products from a CSV file: upload, see the dry run, then apply all of it or nothing."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from ..catalogue import csv_import_jobs
from ..catalogue.csv_read import ACCEPTED, MAX_ROWS
from ..catalogue.errors import CatalogueError
from . import bp
from .common import actor, add_error, get_or_404
from .forms import ImportForm


def _form_page(form: ImportForm, status: int = 200):
    return (
        render_template(
            "admin/products/import.html", form=form, accepted=ACCEPTED, max_rows=MAX_ROWS
        ),
        status,
    )


@bp.get("/products/import")
def product_import():
    return _form_page(ImportForm())


@bp.post("/products/import")
def product_import_check():
    """Dry-run the uploaded file and keep it for review; a file that cannot be read answers
    with the form and the reason next to the field. Nothing in the catalogue changes."""
    form = ImportForm()
    upload = request.files.get("file")
    if not form.validate_on_submit():
        return _form_page(form, 400)
    if upload is None or not upload.filename:
        add_error(form, "file", "Choose a CSV file.")
        return _form_page(form, 400)
    try:
        job = csv_import_jobs.prepare_job(upload.read(), upload.filename, actor=actor())
    except CatalogueError as error:
        add_error(form, "file", str(error))
        return _form_page(form, 400)
    return redirect(url_for("admin.product_import_review", import_id=job.id), code=303)


def _job(import_id: int) -> csv_import_jobs.ImportJob:
    """The signed-in person's own import; another person's is not theirs to see or apply."""
    job = get_or_404(csv_import_jobs.job_for(import_id))
    if job.user_id != actor().id:
        abort(404)
    return job


@bp.get("/products/import/<int:import_id>")
def product_import_review(import_id: int):
    job = _job(import_id)
    return render_template(
        "admin/products/import_review.html",
        job=job,
        summary=job.summary,
        expired=csv_import_jobs.expired(job),
        can_apply=csv_import_jobs.can_apply(job),
        shown=csv_import_jobs.SHOWN,
    )


@bp.post("/products/import/<int:import_id>/apply")
def product_import_apply(import_id: int):
    job = _job(import_id)
    try:
        outcome = csv_import_jobs.run_job(job.id, actor=actor())
    except (csv_import_jobs.JobNotPending, CatalogueError) as error:
        flash(str(error), "error")
    else:
        flash(
            f"Imported: {outcome.created:,} created, {outcome.updated:,} updated, "
            f"{outcome.unchanged:,} unchanged.",
            "success",
        )
    return redirect(url_for("admin.product_import_review", import_id=job.id), code=303)
