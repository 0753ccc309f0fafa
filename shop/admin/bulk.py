"""Bulk actions from the staff product list: review what will change, then apply it in chunks
with a progress display that needs no JavaScript (the page is streamed as chunks finish)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from flask import (
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_template,
    stream_with_context,
    url_for,
)
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest

from ..catalogue import bulk, bulk_jobs, staff_queries
from ..catalogue.errors import CatalogueError
from ..catalogue.models import Category
from ..extensions import db
from ..web.media import media_storage
from . import bp
from .common import actor, add_error, get_or_404
from .forms import BulkForm
from .product_list import ListState, render_list

SCOPES = ("ticked", "all")


def _ids(raw: list[str]) -> list[int]:
    ids = []
    for value in raw:
        if not value.isascii() or not value.isdigit() or len(value) > 12:
            raise BadRequest(description="The ticked products are not a list of products.")
        ids.append(int(value))
    return ids


def _check(form: BulkForm) -> bulk.BulkChange | None:
    """The change the form asks for, or None with each error put next to its field."""
    kind = form.kind.data or ""
    change = None
    raw = form.to_category.data if kind == "move" else form.value.data
    try:
        change = bulk.parse_change(kind, raw)
    except CatalogueError as error:
        field = error.field or "value"
        add_error(form, "to_category" if kind == "move" and field == "value" else field, str(error))
    if form.scope.data not in SCOPES:
        add_error(form, "scope", "Choose the ticked products or all matching the filter.")
    elif form.scope.data == "ticked" and not request.form.getlist("ids"):
        add_error(form, "scope", "Tick at least one product, or choose all matching the filter.")
    return None if form.errors else change


@bp.post("/products/bulk")
def bulk_review():
    """Check the bulk form: a good one is kept as a job to review, a bad one answers with the
    list again and each message next to its field. Nothing changes yet."""
    tree = staff_queries.staff_category_tree(with_counts=False)
    state = ListState.from_args(request.form, tree)
    form = BulkForm(request.form)
    change = _check(form)
    if change is not None:
        chosen = (
            _ids(request.form.getlist("ids"))
            if form.scope.data == "ticked"
            else state.product_filter(tree, actor().id)
        )
        try:
            job = bulk_jobs.prepare_job(change, chosen, actor=actor())
        except CatalogueError as error:
            add_error(form, error.field or "scope", str(error))
        else:
            back = urlencode(state.query())
            return redirect(url_for("admin.bulk_job", job_id=job.id, back=back), code=303)
    return render_list(state, tree, bulk_form=form, status=400)


def _job(job_id: int) -> bulk_jobs.BulkJob:
    """The signed-in person's own job; another person's is not theirs to see or run."""
    job = get_or_404(bulk_jobs.job_for(job_id))
    if job.user_id != actor().id:
        abort(404)
    return job


def _back() -> str:
    """The list the person came from: its filter state, read again as the list reads it."""
    args = MultiDict(parse_qsl(request.args.get("back", "")[:2000]))
    tree = staff_queries.staff_category_tree(with_counts=False)
    query = ListState.from_args(args, tree).query()
    return url_for("admin.product_list", **query)


@bp.get("/products/bulk/<int:job_id>")
def bulk_job(job_id: int):
    job = _job(job_id)
    # An expired review says so on the page itself (once, not in a flash message as well).
    pending = job.status == "pending" and not bulk_jobs.expired(job)
    category_names = {}
    if job.kind == "move" and job.value.isdigit():
        category = db.session.get(Category, int(job.value))
        category_names = {category.id: category.name} if category else {}
    return render_template(
        "admin/products/bulk_review.html",
        job=job,
        pending=pending,
        preview=bulk_jobs.preview(job) if pending else [],
        category_names=category_names,
        chunk_size=bulk.CHUNK_SIZE,
        back_url=_back(),
    )


@bp.post("/products/bulk/<int:job_id>/apply")
def bulk_apply(job_id: int):
    job = _job(job_id)
    try:
        change, versions, so_far = bulk_jobs.claim_job(job.id, actor=actor())
    except bulk_jobs.JobNotPending as error:
        if not (job.status == "pending" and bulk_jobs.expired(job)):  # else the page says it
            flash(str(error), "error")
        back = request.args.get("back", "")
        return redirect(url_for("admin.bulk_job", job_id=job.id, back=back), code=303)
    storage = media_storage() if change.kind == "delete" else None
    # The page is streamed after this request's session is gone: load now what it shows (the
    # claim's commit expired it), so the page reads plain values from detached objects.
    user = actor()
    db.session.refresh(user)
    db.session.refresh(job)
    run = bulk_jobs.JobRun(job.id, change, versions, actor=user, storage=storage, so_far=so_far)
    page = stream_template("admin/products/bulk_run.html", job=job, run=run, back_url=_back())
    response = Response(stream_with_context(page), mimetype="text/html")
    # Nginx passes each chunk on as it comes, so the progress shows while the work goes on.
    response.headers["X-Accel-Buffering"] = "no"
    return response
