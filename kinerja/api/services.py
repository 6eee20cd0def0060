"""Writes of the API app: source systems, their tokens, and realisasi pushed by them.

Every realisasi goes through measurements.services.measurement_submit, the one
write path shared with the form and the import, with the token's DataSource as
its origin.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.indicators.models import Indicator, SourceKind
from kinerja.measurements.models import DataSource
from kinerja.measurements.services import (
    MeasurementError,
    Origin,
    Submission,
    Submitted,
    measurement_submit,
    measurements_submit,
    standing_recompute_plans,
)
from kinerja.organisation.models import Instansi

from .models import ApiToken, token_digest
from .selectors import Target, TargetError, target_resolve

# 32 random bytes: a SHA-256 digest of such a secret cannot be reversed or guessed.
SECRET_BYTES = 32
SECRET_PREFIX = "knj_"
SHOWN_PREFIX_LENGTH = 12
# last_used_at is written at most this often, so a busy source does not write per request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def source_create(
    *,
    actor: User,
    instansi: Instansi,
    name: str,
    kind: str,
    description: str = "",
    trusted: bool = False,
    active: bool = True,
) -> DataSource:
    """Register a source system of an instansi (the HR page's form)."""
    return DataSource.objects.create(
        instansi=instansi,
        name=name.strip(),
        kind=kind,
        description=description.strip(),
        trusted=trusted,
        active=active,
        created_by=actor,
    )


def source_update(
    *,
    source: DataSource,
    name: str,
    kind: str,
    description: str = "",
    trusted: bool = False,
    active: bool = True,
) -> DataSource:
    """Change a source system; a deactivated source's tokens are refused (403) at once."""
    source.name = name.strip()
    source.kind = kind
    source.description = description.strip()
    source.trusted = trusted
    source.active = active
    source.save(update_fields=["name", "kind", "description", "trusted", "active"])
    return source


@dataclass(frozen=True)
class IssuedToken:
    """A new token and its secret: the secret exists only here, never in the database."""

    token: ApiToken
    secret: str


def token_create(
    *,
    actor: User,
    source: DataSource,
    name: str,
    indicators: Iterable[Indicator],
    expires_at: dt.datetime | None = None,
) -> IssuedToken:
    """Issue a token of `source` limited to `indicators` (of the source's instansi)."""
    chosen = list(indicators)
    if not chosen:
        raise ValueError(_("Pilih sedikitnya satu indikator."))
    if any(i.instansi_id != source.instansi_id for i in chosen):
        raise ValueError(_("Indikator harus dari katalog instansi sistem sumber ini."))
    secret = SECRET_PREFIX + secrets.token_urlsafe(SECRET_BYTES)
    with transaction.atomic():
        token = ApiToken.objects.create(
            data_source=source,
            name=name.strip(),
            prefix=secret[:SHOWN_PREFIX_LENGTH],
            key_hash=token_digest(secret),
            created_by=actor,
            expires_at=expires_at,
        )
        token.indicators.set(chosen)
    return IssuedToken(token, secret)


def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke a token for good; revoking twice keeps the first date and revoker."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = actor
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def token_touch(token: ApiToken) -> None:
    """Remember when the token was last used, at most once per LAST_USED_RESOLUTION."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


@dataclass(frozen=True)
class PushItem:
    """One realisasi as a source system sends it."""

    nip: str
    indicator_code: str
    year: int
    month: int
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    note: str = ""
    correction_reason: str = ""


@dataclass(frozen=True)
class ItemError:
    """Why one item of a push was refused: its index in the batch, the field, a message."""

    index: int
    field: str
    message: str


@dataclass
class PushRefused(Exception):
    """A push that wrote nothing. `status` says why: 403 scope, 404 unknown NIP, 422 invalid."""

    status: int
    errors: list[ItemError] = field(default_factory=list)


@dataclass(frozen=True)
class Pushed:
    target: Target
    submitted: Submitted


def realisasi_push(*, token: ApiToken, items: list[PushItem]) -> list[Pushed]:
    """Write the items all or nothing; any refused item leaves the database untouched.

    Every item is resolved first (scope, NIP, SKP, IKI, month); only when all
    resolve are they written, in one transaction. A MeasurementError of any item
    during the writes rolls all of them back. One item refreshes its standings
    in the same write; a batch refreshes its SKPs once at the end.
    """
    targets: list[Target] = []
    errors: list[ItemError] = []
    memo: dict[tuple[Any, ...], Any] = {}
    status = 422
    for index, item in enumerate(items):
        try:
            targets.append(
                target_resolve(
                    token=token,
                    nip=item.nip,
                    indicator_code=item.indicator_code,
                    year=item.year,
                    month=item.month,
                    memo=memo,
                )
            )
        except TargetError as error:
            errors.append(ItemError(index, error.field, error.message))
            # A scope breach outranks the rest: the source asked for what it may not touch.
            if error.status == 403 or (error.status == 404 and status != 403):
                status = error.status
    if errors:
        # A batch lists its items; a 404 on a batch stays 422 so every item's error shows.
        raise PushRefused(status if len(items) == 1 or status == 403 else 422, errors)
    single = len(items) == 1
    origin = Origin(kind=SourceKind.API, data_source=token.data_source)
    pushed: list[Pushed] = []
    with transaction.atomic():
        if single:
            outcomes: list[Submitted | MeasurementError] = []
            try:
                outcomes.append(
                    measurement_submit(
                        plan_indicator=targets[0].plan_indicator,
                        period=targets[0].period,
                        origin=origin,
                        value=items[0].value,
                        numerator=items[0].numerator,
                        denominator=items[0].denominator,
                        note=items[0].note,
                        correction_reason=items[0].correction_reason,
                    )
                )
            except MeasurementError as error:
                outcomes.append(error)
        else:
            outcomes = measurements_submit(
                [
                    Submission(
                        plan_indicator=target.plan_indicator,
                        period=target.period,
                        value=item.value,
                        numerator=item.numerator,
                        denominator=item.denominator,
                        note=item.note,
                        correction_reason=item.correction_reason,
                    )
                    for item, target in zip(items, targets, strict=True)
                ],
                origin=origin,
            )
        for index, (item, target, outcome) in enumerate(zip(items, targets, outcomes, strict=True)):
            if isinstance(outcome, MeasurementError):
                errors.append(ItemError(index, _measurement_field(item), str(outcome)))
            else:
                pushed.append(Pushed(target, outcome))
        if errors:
            # Raised inside the transaction, so the items already written roll back too.
            raise PushRefused(422, errors)
        if not single:
            plan_ids = sorted({p.target.plan_indicator.result.plan_id for p in pushed})
            standing_recompute_plans(plan_ids)
    return pushed


def _measurement_field(item: PushItem) -> str:
    if item.value is None and (item.numerator is not None or item.denominator is not None):
        return "pembilang"
    return "nilai"
