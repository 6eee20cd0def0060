"""Forms of the HR pages for source systems and their tokens."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import IdMultipleChoiceField
from kinerja.indicators.models import Indicator, SourceKind
from kinerja.measurements.models import DataSource
from kinerja.organisation.models import Instansi


class SourceForm(forms.Form):
    instansi = forms.ModelChoiceField(queryset=Instansi.objects.none(), label=_("Instansi"))
    name = forms.CharField(label=_("Nama sistem sumber"), max_length=200)
    kind = forms.ChoiceField(label=_("Jenis"))
    description = forms.CharField(
        label=_("Keterangan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    trusted = forms.BooleanField(
        label=_("Terpercaya"),
        required=False,
        help_text=_(
            "Nilai dari sumber terpercaya langsung terverifikasi saat diterima; "
            "yang lain menunggu verifikasi pejabat penilai."
        ),
    )
    active = forms.BooleanField(
        label=_("Aktif"),
        required=False,
        initial=True,
        help_text=_("Token sistem sumber yang tidak aktif ditolak (403)."),
    )

    def __init__(
        self,
        *args: Any,
        instansi: QuerySet[Instansi],
        source: DataSource | None = None,
        **kwargs: Any,
    ) -> None:
        if source is not None:
            kwargs.setdefault(
                "initial",
                {
                    "instansi": source.instansi_id,
                    "name": source.name,
                    "kind": source.kind,
                    "description": source.description,
                    "trusted": source.trusted,
                    "active": source.active,
                },
            )
        super().__init__(*args, **kwargs)
        self.source = source
        kind_field = self.fields["kind"]
        assert isinstance(kind_field, forms.ChoiceField)
        # A source system is never a manual entry: that channel has no source.
        kind_field.choices = [c for c in SourceKind.choices if c[0] != SourceKind.MANUAL]
        kind_field.initial = SourceKind.API
        instansi_field = self.fields["instansi"]
        assert isinstance(instansi_field, forms.ModelChoiceField)
        instansi_field.queryset = instansi
        # One instansi (the usual HR admin), or an existing source: nothing to choose.
        if source is not None:
            # A source never moves to another instansi: its tokens and values belong there.
            instansi_field.required = False
        if source is not None or instansi.count() == 1:
            instansi_field.widget = forms.HiddenInput()
            if source is None:
                instansi_field.initial = instansi.first()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        instansi = self.source.instansi if self.source is not None else data.get("instansi")
        name = (data.get("name") or "").strip()
        if instansi is not None and name:
            taken = DataSource.objects.filter(instansi=instansi, name__iexact=name)
            if self.source is not None:
                taken = taken.exclude(pk=self.source.pk)
            if taken.exists():
                self.add_error("name", _("Nama sistem sumber ini sudah dipakai di instansi ini."))
        return data


def _indicator_label(obj: Indicator) -> str:
    return f"{obj.code} · {obj.name}"


# A token lives at most this long; "until revoked" is the empty date. The cap also
# keeps the end of the chosen day (day + 1) inside what a date can hold.
EXPIRY_MAX_YEARS = 10


def years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Nama token"),
        max_length=100,
        help_text=_("Mis. 'server dapodik produksi', agar mudah dikenali saat dicabut."),
    )
    indicators = IdMultipleChoiceField(
        queryset=Indicator.objects.none(),
        label=_("Indikator yang boleh diisi dan dibaca"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Pilih sedikitnya satu indikator.")},
    )
    expires_on = forms.DateField(
        label=_("Berlaku sampai (opsional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Kosongkan agar token berlaku sampai dicabut."),
    )

    def __init__(self, *args: Any, catalogue: QuerySet[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        # The browser's date picker offers only the allowed range; clean_expires_on enforces it.
        self.fields["expires_on"].widget.attrs.update(
            {
                "min": (today + dt.timedelta(days=1)).isoformat(),
                "max": years_after(today, EXPIRY_MAX_YEARS).isoformat(),
            }
        )
        field = self.fields["indicators"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = catalogue
        field.label_from_instance = _indicator_label  # type: ignore[method-assign]

    def clean_expires_on(self) -> dt.date | None:
        day: dt.date | None = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        today = timezone.localdate()
        if day <= today:
            raise forms.ValidationError(_("Tanggal berlaku harus setelah hari ini."))
        latest = years_after(today, EXPIRY_MAX_YEARS)
        if day > latest:
            raise forms.ValidationError(
                _(
                    "Tanggal berlaku paling lambat %(date)s; kosongkan agar token "
                    "berlaku sampai dicabut."
                )
                % {"date": formats.date_format(latest, "DATE_FORMAT")}
            )
        return day

    def expires_at(self) -> dt.datetime | None:
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        # Valid through the whole chosen day, in the deployment's time zone.
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time())
        return timezone.make_aware(end)
