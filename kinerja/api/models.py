"""Tokens of source systems and the responses remembered for idempotent retries.

A token belongs to one DataSource (so to one instansi) and is scoped to a set
of catalogue indicators. Only a SHA-256 digest of the secret is stored: the
secret is 32 random bytes from `secrets`, so a plain digest cannot be guessed
back and lets a request find its token by an indexed lookup.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def token_digest(secret: str) -> str:
    """What is stored of a secret, and how a request's token is looked up."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """A bearer token of a source system, limited to some indicators of its instansi."""

    data_source = models.ForeignKey(
        "measurements.DataSource",
        on_delete=models.PROTECT,
        related_name="tokens",
        verbose_name=_("sistem sumber"),
    )
    name = models.CharField(_("nama token"), max_length=100)
    # The first characters of the secret, shown to humans to tell tokens apart.
    prefix = models.CharField(_("awalan"), max_length=16)
    key_hash = models.CharField(max_length=64, unique=True)
    indicators = models.ManyToManyField(
        "indicators.Indicator", related_name="api_tokens", verbose_name=_("indikator")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    expires_at = models.DateTimeField(_("berlaku sampai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def instansi_id(self) -> int:
        return self.data_source.instansi_id

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, now: Any = None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())

    @property
    def is_usable(self) -> bool:
        return not self.is_revoked and not self.is_expired()

    def scope_ids(self) -> frozenset[int]:
        """The catalogue indicators this token may read and write, read once per request."""
        cached: frozenset[int] | None = getattr(self, "_scope_ids", None)
        if cached is None:
            cached = frozenset(self.indicators.values_list("pk", flat=True))
            self._scope_ids = cached
        return cached

    def allows(self, indicator_id: int | None) -> bool:
        return indicator_id is not None and indicator_id in self.scope_ids()


class IdempotencyRecord(models.Model):
    """The response of a write sent with an Idempotency-Key, replayed on a retry.

    The fingerprint is a digest of the method, path and body: the same key with
    another body is a client error, not a replay.
    """

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kunci idempotensi")
        verbose_name_plural = _("kunci idempotensi")
        constraints = [
            models.UniqueConstraint(fields=["token", "key"], name="unique_idempotency_key")
        ]

    def __str__(self) -> str:
        return self.key
