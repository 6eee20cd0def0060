"""The pegawai's own actions on a final evaluation: acknowledging it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinerja.core.http import AuthenticatedHttpRequest
from kinerja.core.params import id_param
from kinerja.evaluations.acknowledgement import (
    AcknowledgementError,
    evaluation_acknowledge,
    is_evaluated_pegawai,
)
from kinerja.evaluations.models import Evaluation
from kinerja.organisation.access import employee_list_visible, viewer_for


@login_required
@require_POST
def acknowledge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    if id_param(pk) is None:
        raise Http404
    evaluation = (
        Evaluation.objects.filter(pk=pk, plan__employee__in=employee_list_visible(viewer))
        .select_related("plan__employee")
        .first()
    )
    if evaluation is None:
        raise Http404
    if not is_evaluated_pegawai(evaluation, request.user):
        raise PermissionDenied
    if evaluation.status != Evaluation.Status.FINAL:
        # The pegawai does not see a draft at all (the detail page answers 403 too).
        raise PermissionDenied
    try:
        evaluation_acknowledge(evaluation=evaluation, user=request.user)
    except AcknowledgementError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Evaluasi diterima. Anda tetap dapat mengajukan keberatan dalam batas waktunya."),
        )
    return redirect("evaluations:detail", evaluation.pk)
