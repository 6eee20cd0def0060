"""Queue tickets as a queue machine reports them, merged from its events.

A ticket is identified by the machine's own ticket id within its data source;
its three stamps (arrival, call, finish) arrive in any order, possibly again,
possibly late. The merge rules live in kinerja.servicetimes.services.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinerja.scoring.service_time import TicketTimes


class ServiceTicket(models.Model):
    """One queue ticket: who served it, in which unit, and when each step happened."""

    data_source = models.ForeignKey(
        "measurements.DataSource",
        on_delete=models.PROTECT,
        related_name="service_tickets",
        verbose_name=_("sistem sumber"),
    )
    ticket = models.CharField(_("nomor tiket"), max_length=60)
    service = models.CharField(_("layanan"), max_length=200, blank=True)
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="service_tickets",
        verbose_name=_("unit kerja"),
    )
    officer = models.ForeignKey(
        "organisation.Employee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_tickets",
        verbose_name=_("petugas"),
    )
    arrived_at = models.DateTimeField(_("waktu datang"), null=True, blank=True)
    called_at = models.DateTimeField(_("waktu dipanggil"), null=True, blank=True)
    finished_at = models.DateTimeField(_("waktu selesai"), null=True, blank=True)
    # First day of the (local) month the ticket belongs to: its arrival, else
    # its call, else its finish. Kept so a month's tickets are one indexed range.
    month = models.DateField(_("bulan"))
    received_at = models.DateTimeField(_("diterima pada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui pada"), auto_now=True)

    class Meta:
        verbose_name = _("tiket antrean")
        verbose_name_plural = _("tiket antrean")
        ordering = ["arrived_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["data_source", "ticket"], name="unique_source_ticket")
        ]
        indexes = [
            models.Index(fields=["unit", "month"]),
            models.Index(fields=["officer", "month"]),
        ]

    def __str__(self) -> str:
        return self.ticket

    @property
    def times(self) -> TicketTimes:
        return TicketTimes(
            key=self.ticket,
            arrived=self.arrived_at,
            called=self.called_at,
            finished=self.finished_at,
        )

    def month_of(self) -> dt.date:
        """The month this ticket counts in, from its earliest known kind of stamp."""
        stamp = self.arrived_at or self.called_at or self.finished_at
        assert stamp is not None, "a ticket always has at least one stamp"
        return timezone.localtime(stamp).date().replace(day=1)
