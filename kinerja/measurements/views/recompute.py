"""The HR admin's page to recompute a whole year's standings, and to watch it run."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.core.http import AuthenticatedHttpRequest
from kinerja.cycles.models import AppraisalYear
from kinerja.measurements.recompute import (
    RecomputeError,
    recompute_jobs,
    recompute_start,
    recompute_years_allowed,
)
from kinerja.measurements.views import live


class YearField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: AppraisalYear) -> str:
        return f"{obj.year} · {obj.instansi}"


class RecomputeForm(forms.Form):
    year = YearField(
        queryset=AppraisalYear.objects.none(),
        label=gettext_lazy("Tahun penilaian"),
        empty_label=None,
        error_messages={
            "required": gettext_lazy("Pilih tahun penilaian yang akan dihitung ulang."),
            "invalid_choice": gettext_lazy(
                "Tahun penilaian itu tidak ada atau bukan milik instansi Anda."
            ),
        },
    )

    def __init__(self, *args: object, years: QuerySet[AppraisalYear], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["year"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = years


@login_required
def recompute(request: AuthenticatedHttpRequest) -> HttpResponse:
    years = recompute_years_allowed(request.user)
    if not years.exists():
        raise PermissionDenied
    form = RecomputeForm(request.POST or None, years=years)
    if request.method == "POST" and form.is_valid():
        try:
            job = recompute_start(request.user, form.cleaned_data["year"])
        except RecomputeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Hitung ulang dimulai: %(label)s.") % {"label": job.label})
            return redirect("measurements:recompute")
    jobs = recompute_jobs(years)
    return render(
        request,
        "measurements/recompute.html",
        {
            "form": form,
            "jobs": jobs,
            "unfinished": [job for job in jobs if not job.finished],
        },
    )


# The stamp endpoint of the live pages is E's too; it is listed here so that
# measurements/urls.py (which concatenates entry and recompute) needs no change.
urlpatterns: list[URLPattern] = [
    path("hitung-ulang/", recompute, name="recompute"),
    *live.urlpatterns,
]
