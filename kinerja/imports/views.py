"""The import pages of an instansi's HR admin: list, upload, detail, template, revert."""

from __future__ import annotations

import logging
import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinerja.core.http import AuthenticatedHttpRequest
from kinerja.imports.blank import csv_chunks, template_rows, write_xlsx
from kinerja.imports.columns import COLUMNS
from kinerja.imports.forms import TemplateForm, UploadForm
from kinerja.imports.selectors import import_batch_get, import_batch_list
from kinerja.imports.services import (
    ImportRefused,
    import_batch_create,
    import_revert,
)
from kinerja.imports.tasks import import_run_task
from kinerja.measurements.models import ImportBatch
from kinerja.organisation.access import Viewer, viewer_for

logger = logging.getLogger(__name__)


def _start(batch_pk: int) -> None:
    """Queue the batch; without a broker it runs here and now.

    A failure is already recorded on the batch (status FAILED, message), which
    the detail page shows; the upload itself must not answer with an error page.
    """
    try:
        import_run_task.delay(batch_pk)
    except Exception:
        logger.exception("import batch %s could not be run", batch_pk)


def _hr(request: AuthenticatedHttpRequest) -> Viewer:
    viewer = viewer_for(request.user)
    if not viewer.is_hr_admin:
        raise PermissionDenied
    return viewer


@login_required
def batch_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = _hr(request)
    page = Paginator(import_batch_list(viewer), 50).get_page(request.GET.get("halaman"))
    rows = [(batch, batch.get_status_display()) for batch in page]
    return render(request, "imports/list.html", {"page": page, "rows": rows})


@login_required
def upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = _hr(request)
    form = UploadForm(
        request.POST or None, request.FILES or None, instansi_ids=viewer.hr_instansi_ids
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcome = import_batch_create(
                user=request.user, instansi=data["instansi"], upload=data["file"], mode=data["mode"]
            )
        except ImportRefused as error:
            form.add_error("file", str(error))
        else:
            if outcome.earlier is not None:
                messages.info(
                    request,
                    _(
                        "Berkas yang sama persis sudah diimpor (atau sedang diproses) pada "
                        "%(when)s; mengunggahnya lagi tidak mengubah apa pun."
                    )
                    % {"when": outcome.earlier.created_at.strftime("%d-%m-%Y %H:%M")},
                )
                return redirect("imports:detail", outcome.earlier.pk)
            batch = outcome.batch
            assert batch is not None
            # After commit, so a worker always finds the batch it is given.
            transaction.on_commit(lambda: _start(batch.pk))
            return redirect("imports:detail", batch.pk)
    return render(request, "imports/upload.html", {"form": form})


@login_required
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    batch = import_batch_get(viewer, pk)
    busy = batch.status in (
        ImportBatch.Status.QUEUED,
        ImportBatch.Status.CHECKING,
        ImportBatch.Status.IMPORTING,
    )
    return render(
        request,
        "imports/detail.html",
        {
            "batch": batch,
            "status_label": batch.get_status_display(),
            "busy": busy,
            # The job's progress is served to its owner only (core job_status).
            "own_job": batch.job is not None and batch.job.started_by_id == request.user.pk,
            "errors_shown": len(batch.errors),
            "may_revert": batch.status == ImportBatch.Status.DONE and batch.rows_written > 0,
        },
    )


@login_required
@require_POST
def revert(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    batch = import_batch_get(viewer, pk)
    try:
        removed = import_revert(batch=batch, actor=request.user)
    except ImportRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Impor dibatalkan: %(n)s nilai dihapus dan nilai sebelumnya dipulihkan.")
            % {"n": removed},
        )
    return redirect("imports:detail", batch.pk)


@login_required
def template(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    viewer = _hr(request)
    form = TemplateForm(request.GET or None, instansi_ids=viewer.hr_instansi_ids)
    if request.GET and form.is_valid():
        data = form.cleaned_data
        unit = data["unit"]
        rows = template_rows(
            unit=unit,
            year=data["appraisal_year"],
            month=data["month"],
            indicators=data["indicators"],
        )
        name = (
            f"templat-realisasi-{slugify(unit.code) or unit.pk}-{data['year']}-{data['month']:02d}"
        )
        if data["format"] == "csv":
            response = StreamingHttpResponse(
                csv_chunks(rows), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            return response
        # A temporary file, not memory: the workbook of a whole dinas can be large.
        target = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
        write_xlsx(rows, target)
        target.seek(0)
        return FileResponse(
            target,
            as_attachment=True,
            filename=f"{name}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    return render(request, "imports/template.html", {"form": form, "columns": COLUMNS})


urlpatterns = [
    path("", batch_list, name="list"),
    path("unggah/", upload, name="upload"),
    path("templat/", template, name="template"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/batalkan/", revert, name="revert"),
]
