"""Objections (keberatan) to a final evaluation: filing, the penilai's explanation, the decision.

Who takes each step:

- the pegawai whose SKP was evaluated files, within ``AppraisalYear.objection_days``
  calendar days of the day (WIB) the evaluation was finalised, once per evaluation;
- the penilai explains: the evaluation's ``evaluator``, the person who made the judgement
  under objection, even if they have since changed post (their successor did not judge);
- the atasan penilai decides: the penilai's own penilai today (``reporting_line`` of the
  evaluator), never the penilai, never the pegawai, never HR. The decision may come once
  the penilai has explained or once ``explain_due`` has passed without an explanation.

A decision "changed" rewrites the final evaluation's ratings and predikat, after
``revision_record`` has kept the earlier state. The decision is final: no second decision,
no second objection. Every refusal raises before anything is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kinerja import scoring
from kinerja.accounts.models import User
from kinerja.core import clock
from kinerja.cycles.models import AppraisalYear
from kinerja.evaluations.models import Evaluation, Objection
from kinerja.evaluations.revisions import revision_record
from kinerja.notifications.models import Kind
from kinerja.notifications.services import notification_create
from kinerja.organisation import tree
from kinerja.organisation.access import Viewer, employee_list_visible
from kinerja.organisation.models import Assignment, Employee
from kinerja.organisation.selectors import reporting_line

# The pegawai hears this many days before their window to object closes.
WINDOW_WARNING_DAYS = 3


class ObjectionError(ValueError):
    """A step that cannot be taken as asked; the message is shown to the person."""


# Reads ----------------------------------------------------------------------------------------


def finalised_on(evaluation: Evaluation) -> dt.date | None:
    """The day (in the deployment's time zone, WIB) the evaluation was finalised."""
    if evaluation.finalised_at is None:
        return None
    return timezone.localdate(evaluation.finalised_at)


def objection_window_closes(evaluation: Evaluation) -> dt.date | None:
    """The last day the pegawai may object: the finalisation day plus ``objection_days``."""
    day = finalised_on(evaluation)
    if day is None or evaluation.status != Evaluation.Status.FINAL:
        return None
    return day + dt.timedelta(days=evaluation.plan.year.objection_days)


def penilai_user(evaluation: Evaluation) -> User | None:
    """The penilai who answers an objection: whoever finalised the evaluation."""
    return evaluation.evaluator


def atasan_penilai(evaluation: Evaluation) -> Employee | None:
    """The penilai's own penilai today: the one who decides an objection."""
    evaluator = evaluation.evaluator
    if evaluator is None:
        return None
    employee = Employee.objects.filter(user=evaluator).first()
    if employee is None:
        return None
    return reporting_line(employee, on=clock.today()).penilai


def _is_pegawai(evaluation: Evaluation, user_id: int | None) -> bool:
    employee = evaluation.plan.employee
    return employee.user_id is not None and employee.user_id == user_id


def _is_penilai(evaluation: Evaluation, user_id: int | None) -> bool:
    return evaluation.evaluator_id is not None and evaluation.evaluator_id == user_id


def _is_atasan(evaluation: Evaluation, user_id: int | None, atasan: Employee | None) -> bool:
    # The penilai and the pegawai never decide their own case, whatever the tree says.
    if _is_penilai(evaluation, user_id) or _is_pegawai(evaluation, user_id):
        return False
    return atasan is not None and atasan.user_id is not None and atasan.user_id == user_id


def step_holder(evaluation: Evaluation, user: User, step: str) -> bool:
    """Whether `user` is the person who takes `step` ("file", "explain", "decide") at all."""
    if step == "file":
        return _is_pegawai(evaluation, user.pk)
    if step == "explain":
        return _is_penilai(evaluation, user.pk)
    return _is_atasan(evaluation, user.pk, atasan_penilai(evaluation))


def awaiting_decision(objection: Objection, *, today: dt.date) -> bool:
    """Explained, or the penilai let ``explain_due`` pass: the atasan penilai may decide."""
    if objection.status == Objection.Status.EXPLAINED:
        return True
    return objection.status == Objection.Status.FILED and today > objection.explain_due


@dataclass(frozen=True)
class ObjectionView:
    """Everything the objection panel shows one viewer about one evaluation."""

    objection: Objection | None
    window_closes: dt.date | None
    window_open: bool
    atasan: Employee | None
    may_file: bool
    may_explain: bool
    may_decide: bool
    explain_overdue: bool
    decide_overdue: bool
    today: dt.date


def objection_view(evaluation: Evaluation, user: User) -> ObjectionView:
    """What `user` (who may see `evaluation`) sees of its objection and may do about it."""
    me = user.pk
    today = clock.today()
    objection = Objection.objects.filter(evaluation=evaluation).first()
    closes = objection_window_closes(evaluation)
    window_open = objection is None and closes is not None and today <= closes
    atasan = atasan_penilai(evaluation) if evaluation.status == Evaluation.Status.FINAL else None
    open_steps = objection is not None and objection.status != Objection.Status.DECIDED
    return ObjectionView(
        objection=objection,
        window_closes=closes,
        window_open=window_open,
        atasan=atasan,
        may_file=window_open and _is_pegawai(evaluation, me),
        may_explain=(
            objection is not None
            and objection.status == Objection.Status.FILED
            and today <= objection.explain_due
            and _is_penilai(evaluation, me)
        ),
        may_decide=(
            objection is not None
            and awaiting_decision(objection, today=today)
            and _is_atasan(evaluation, me, atasan)
        ),
        explain_overdue=(
            objection is not None
            and objection.status == Objection.Status.FILED
            and today > objection.explain_due
        ),
        decide_overdue=open_steps and objection is not None and today > objection.decide_due,
        today=today,
    )


@dataclass(frozen=True)
class ObjectionRow:
    """One line of the Keberatan list: the objection and what it waits for."""

    objection: Objection
    waiting_for: str  # "penilai" | "atasan" | "" (decided)
    overdue: bool


@dataclass(frozen=True)
class ObjectionLists:
    to_explain: list[ObjectionRow]
    to_decide: list[ObjectionRow]
    mine: list[ObjectionRow]
    # HR admins and auditors: every objection of their instansi, read only.
    office: list[ObjectionRow]


def _objections() -> QuerySet[Objection]:
    return Objection.objects.select_related(
        "evaluation__plan__employee",
        "evaluation__plan__year",
        "evaluation__period__year",  # the period's label reads its year
        "evaluation__evaluator",
        "filed_by",
        "explained_by",
        "decided_by",
    ).order_by("decide_due", "pk")


def _row(objection: Objection, today: dt.date) -> ObjectionRow:
    if objection.status == Objection.Status.DECIDED:
        return ObjectionRow(objection, "", False)
    if awaiting_decision(objection, today=today):
        return ObjectionRow(objection, "atasan", today > objection.decide_due)
    return ObjectionRow(objection, "penilai", today > objection.explain_due)


def objection_lists(viewer: Viewer) -> ObjectionLists:
    """The objections waiting for `viewer`, their own, and (for an office) their instansi's."""
    today = clock.today()
    to_explain: list[ObjectionRow] = []
    to_decide: list[ObjectionRow] = []
    mine: list[ObjectionRow] = []
    office: list[ObjectionRow] = []
    open_ones = _objections().exclude(status=Objection.Status.DECIDED)
    for objection in open_ones.filter(
        evaluation__evaluator_id=viewer.user_id, status=Objection.Status.FILED
    ):
        if today <= objection.explain_due:
            to_explain.append(_row(objection, today))
    if viewer.employee is not None:
        # The atasan penilai is the penilai of the evaluation's penilai, so only open objections
        # of people below the viewer judged by someone reporting to the viewer are candidates;
        # each penilai's reporting line is then read once, however many objections they have.
        below = employee_list_visible(viewer).exclude(pk=viewer.employee.pk)
        reports = Assignment.objects.filter(
            Assignment.active_on(today),
            position_id__in=tree.reporting_to(viewer.position_ids, on=today),
        ).values("employee__user_id")
        atasan_of: dict[int | None, Employee | None] = {}
        for objection in open_ones.filter(
            evaluation__plan__employee__in=below, evaluation__evaluator_id__in=reports
        ):
            if not awaiting_decision(objection, today=today):
                continue
            evaluator_id = objection.evaluation.evaluator_id
            if evaluator_id not in atasan_of:
                atasan_of[evaluator_id] = atasan_penilai(objection.evaluation)
            if _is_atasan(objection.evaluation, viewer.user_id, atasan_of[evaluator_id]):
                to_decide.append(_row(objection, today))
        mine = [
            _row(o, today) for o in _objections().filter(evaluation__plan__employee=viewer.employee)
        ]
    if viewer.office_instansi_ids or viewer.is_superuser:
        everyone = _objections()
        if not viewer.is_superuser:
            everyone = everyone.filter(
                evaluation__plan__employee__instansi_id__in=viewer.office_instansi_ids
            )
        office = [_row(o, today) for o in everyone]
    return ObjectionLists(to_explain, to_decide, mine, office)


# Writes ---------------------------------------------------------------------------------------


def _locked(evaluation: Evaluation) -> Evaluation:
    # Only the evaluation: PostgreSQL cannot lock the outer join to the nullable evaluator.
    return (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("plan__employee", "plan__year", "period", "evaluator")
        .get(pk=evaluation.pk)
    )


def _text(value: str) -> str:
    return (value or "").strip()


def _day(value: dt.date) -> str:
    return date_format(value, "j F Y")


def _link(evaluation: Evaluation) -> str:
    return reverse("evaluations:detail", args=[evaluation.pk]) + "#keberatan"


def _notify(recipient: User | None, kind: Kind, text: str, link: str, key: str) -> None:
    if recipient is None or not recipient.is_active:
        return
    # After commit: a refused or rolled-back step must not announce anything.
    transaction.on_commit(
        lambda: notification_create(recipient=recipient, kind=kind, text=text, link=link, key=key)
    )


def objection_file(*, evaluation: Evaluation, user: User, reason: str) -> Objection:
    """File the pegawai's objection to a final evaluation and set the two deadlines."""
    reason = _text(reason)
    with transaction.atomic():
        evaluation = _locked(evaluation)
        if not _is_pegawai(evaluation, user.pk):
            raise PermissionDenied(_("Hanya pegawai yang dinilai yang dapat mengajukan keberatan."))
        if evaluation.status != Evaluation.Status.FINAL:
            raise ObjectionError(
                _("Keberatan hanya dapat diajukan atas evaluasi yang sudah final.")
            )
        if Objection.objects.filter(evaluation=evaluation).exists():
            raise ObjectionError(
                _("Keberatan atas evaluasi ini sudah pernah diajukan; hanya satu keberatan.")
            )
        today = clock.today()
        closes = objection_window_closes(evaluation)
        if closes is None or today > closes:
            raise ObjectionError(
                _(
                    "Batas pengajuan keberatan sudah lewat: keberatan dapat diajukan paling "
                    "lambat %(day)s (%(n)s hari sejak evaluasi difinalkan)."
                )
                % {"day": _day(closes) if closes else "–", "n": evaluation.plan.year.objection_days}
            )
        if not reason:
            raise ObjectionError(_("Tuliskan alasan keberatan."))
        year = evaluation.plan.year
        objection = Objection.objects.create(
            evaluation=evaluation,
            reason=reason,
            filed_by=user,
            filed_at=clock.now(),
            explain_due=today + dt.timedelta(days=year.objection_explain_days),
            decide_due=today + dt.timedelta(days=year.objection_decide_days),
        )
        _notify(
            penilai_user(evaluation),
            Kind.OBJECTION_FILED,
            _(
                "%(name)s mengajukan keberatan atas evaluasi %(period)s. "
                "Berikan penjelasan paling lambat %(day)s."
            )
            % {
                "name": evaluation.plan.employee.name,
                "period": evaluation.period.label,
                "day": _day(objection.explain_due),
            },
            _link(evaluation),
            f"objection:{objection.pk}:filed",
        )
    return objection


def _objection_locked(evaluation: Evaluation) -> tuple[Evaluation, Objection]:
    evaluation = _locked(evaluation)
    objection = Objection.objects.select_for_update().filter(evaluation=evaluation).first()
    if objection is None:
        raise ObjectionError(_("Belum ada keberatan atas evaluasi ini."))
    return evaluation, objection


def objection_explain(*, evaluation: Evaluation, user: User, explanation: str) -> Objection:
    """The penilai's explanation of their judgement, once, by ``explain_due``."""
    explanation = _text(explanation)
    with transaction.atomic():
        evaluation, objection = _objection_locked(evaluation)
        if not _is_penilai(evaluation, user.pk):
            raise PermissionDenied(
                _("Hanya pejabat penilai yang menilai evaluasi ini yang dapat memberi penjelasan.")
            )
        if objection.status == Objection.Status.DECIDED:
            raise ObjectionError(_("Keberatan ini sudah diputuskan; keputusan itu final."))
        if objection.status == Objection.Status.EXPLAINED:
            raise ObjectionError(_("Penjelasan atas keberatan ini sudah diberikan."))
        if clock.today() > objection.explain_due:
            raise ObjectionError(
                _(
                    "Batas penjelasan (%(day)s) sudah lewat: atasan pejabat penilai kini "
                    "memutuskan tanpa penjelasan."
                )
                % {"day": _day(objection.explain_due)}
            )
        if not explanation:
            raise ObjectionError(_("Tuliskan penjelasan atas keberatan."))
        objection.explanation = explanation
        objection.explained_by = user
        objection.explained_at = clock.now()
        objection.status = Objection.Status.EXPLAINED
        objection.save()
        atasan = atasan_penilai(evaluation)
        _notify(
            atasan.user if atasan is not None else None,
            Kind.OBJECTION_EXPLAINED,
            _(
                "Keberatan %(name)s atas evaluasi %(period)s sudah dijelaskan penilai dan "
                "menunggu keputusan Anda paling lambat %(day)s."
            )
            % {
                "name": evaluation.plan.employee.name,
                "period": evaluation.period.label,
                "day": _day(objection.decide_due),
            },
            _link(evaluation),
            f"objection:{objection.pk}:explained",
        )
    return objection


def objection_decide(
    *,
    evaluation: Evaluation,
    user: User,
    decision: str,
    reason: str,
    result_rating: str = "",
    behaviour_rating: str = "",
) -> Objection:
    """The atasan penilai's final decision: the result stands, or it changes.

    "changed" takes a new Rating Hasil Kerja and/or Rating Perilaku Kerja (an empty one
    keeps the current rating), recomputes the predikat with the PermenPANRB 6/2022 matrix
    and keeps the earlier state as a revision of the evaluation.
    """
    reason = _text(reason)
    with transaction.atomic():
        evaluation, objection = _objection_locked(evaluation)
        atasan = atasan_penilai(evaluation)
        if not _is_atasan(evaluation, user.pk, atasan):
            raise PermissionDenied(
                _("Hanya atasan pejabat penilai yang dapat memutuskan keberatan ini.")
            )
        if objection.status == Objection.Status.DECIDED:
            raise ObjectionError(_("Keberatan ini sudah diputuskan; keputusan itu final."))
        if not awaiting_decision(objection, today=clock.today()):
            raise ObjectionError(
                _(
                    "Keberatan belum dapat diputuskan: penilai masih dapat memberi penjelasan "
                    "sampai %(day)s."
                )
                % {"day": _day(objection.explain_due)}
            )
        if decision not in Objection.Decision.values:
            raise ObjectionError(_("Pilih keputusan: hasil evaluasi tetap atau diubah."))
        if not reason:
            raise ObjectionError(_("Tuliskan alasan keputusan."))
        if decision == Objection.Decision.CHANGED:
            _change_result(evaluation, objection, user, reason, result_rating, behaviour_rating)
        objection.decision = decision
        objection.decision_reason = reason
        objection.decided_by = user
        objection.decided_at = clock.now()
        objection.status = Objection.Status.DECIDED
        objection.save()
        text = _("Keberatan atas evaluasi %(period)s %(name)s telah diputuskan: %(decision)s.") % {
            "period": evaluation.period.label,
            "name": evaluation.plan.employee.name,
            "decision": objection.get_decision_display(),
        }
        link = _link(evaluation)
        _notify(
            evaluation.plan.employee.user,
            Kind.OBJECTION_DECIDED,
            text,
            link,
            f"objection:{objection.pk}:decided",
        )
        _notify(
            penilai_user(evaluation),
            Kind.OBJECTION_DECIDED,
            text,
            link,
            f"objection:{objection.pk}:decided",
        )
    return objection


def _change_result(
    evaluation: Evaluation,
    objection: Objection,
    user: User,
    reason: str,
    result_rating: str,
    behaviour_rating: str,
) -> None:
    for value in (result_rating, behaviour_rating):
        if value and value not in {r.value for r in scoring.Rating}:
            raise ObjectionError(_("Rating yang dipilih tidak dikenal."))
    hasil = result_rating or evaluation.result_rating
    perilaku = behaviour_rating or evaluation.behaviour_rating
    if hasil == evaluation.result_rating and perilaku == evaluation.behaviour_rating:
        raise ObjectionError(
            _(
                "Hasil evaluasi diubah, tetapi rating yang dipilih sama dengan yang lama: "
                "pilih rating baru atau putuskan hasil evaluasi tetap."
            )
        )
    if not hasil or not perilaku:
        raise ObjectionError(_("Evaluasi ini belum memiliki kedua rating."))
    result = scoring.predikat(scoring.Rating(hasil), scoring.Rating(perilaku))
    revision_record(
        evaluation=evaluation,
        cause="objection",
        note=_("Keputusan atas keberatan: %(reason)s") % {"reason": reason},
        user=user,
    )
    inputs = dict(evaluation.inputs)
    inputs["predikat"] = result.to_dict()
    # Why the ratings no longer follow from the data and the BerAKHLAK assessments.
    inputs["objection"] = {
        "objection": objection.pk,
        "result_rating": hasil,
        "behaviour_rating": perilaku,
        "reason": reason,
    }
    evaluation.inputs = inputs
    if hasil != evaluation.result_rating:
        # The result now departs from (or returns to) the data's proposal for this reason;
        # the departure report reads it here like the penilai's own.
        departs = bool(evaluation.proposed_rating) and hasil != evaluation.proposed_rating
        evaluation.result_rating_reason = (
            _("Keputusan atas keberatan: %(reason)s") % {"reason": reason} if departs else ""
        )
    evaluation.result_rating = hasil
    evaluation.behaviour_rating = perilaku
    evaluation.predikat = result.value.value
    evaluation.save()


# Deadline reminders ---------------------------------------------------------------------------


def objection_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind everyone an objection deadline concerns; idempotent per person, step and day.

    - the penilai the day before and on ``explain_due``;
    - the atasan penilai the day before and on ``decide_due``, and once when it has passed
      (also once when the penilai let ``explain_due`` pass: the decision is now theirs);
    - the pegawai ``WINDOW_WARNING_DAYS`` days before their window to object closes.
    """
    today = today or clock.today()
    sent = 0
    for objection in _objections().exclude(status=Objection.Status.DECIDED):
        sent += _remind_one(objection, today)
    sent += _remind_windows(today)
    return sent


def _create(recipient: User | None, text: str, link: str, key: str) -> int:
    if recipient is None or not recipient.is_active:
        return 0
    made = notification_create(
        recipient=recipient, kind=Kind.OBJECTION_DEADLINE, text=text, link=link, key=key
    )
    return 1 if made is not None else 0


def _remind_one(objection: Objection, today: dt.date) -> int:
    evaluation = objection.evaluation
    link = _link(evaluation)
    names = {"name": evaluation.plan.employee.name, "period": evaluation.period.label}
    sent = 0
    if objection.status == Objection.Status.FILED and today in (
        objection.explain_due - dt.timedelta(days=1),
        objection.explain_due,
    ):
        sent += _create(
            evaluation.evaluator,
            _(
                "Keberatan %(name)s atas evaluasi %(period)s menunggu penjelasan Anda "
                "paling lambat %(day)s."
            )
            % {**names, "day": _day(objection.explain_due)},
            link,
            f"objection:{objection.pk}:explain-due:{today.isoformat()}",
        )
    if not awaiting_decision(objection, today=today) and not (
        objection.status == Objection.Status.FILED and today > objection.explain_due
    ):
        return sent
    atasan = atasan_penilai(evaluation)
    atasan_user = atasan.user if atasan is not None else None
    if objection.status == Objection.Status.FILED:
        sent += _create(
            atasan_user,
            _(
                "Penilai tidak memberi penjelasan atas keberatan %(name)s (evaluasi "
                "%(period)s) sampai batasnya; keberatan itu kini menunggu keputusan Anda."
            )
            % names,
            link,
            f"objection:{objection.pk}:unexplained",
        )
    if today in (objection.decide_due - dt.timedelta(days=1), objection.decide_due):
        sent += _create(
            atasan_user,
            _(
                "Keberatan %(name)s atas evaluasi %(period)s menunggu keputusan Anda "
                "paling lambat %(day)s."
            )
            % {**names, "day": _day(objection.decide_due)},
            link,
            f"objection:{objection.pk}:decide-due:{today.isoformat()}",
        )
    elif today > objection.decide_due:
        sent += _create(
            atasan_user,
            _(
                "Keberatan %(name)s atas evaluasi %(period)s melewati batas keputusan "
                "(%(day)s) dan masih menunggu keputusan Anda."
            )
            % {**names, "day": _day(objection.decide_due)},
            link,
            f"objection:{objection.pk}:decide-overdue",
        )
    return sent


def _remind_windows(today: dt.date) -> int:
    sent = 0
    for year in AppraisalYear.objects.all():
        finalised = today + dt.timedelta(days=WINDOW_WARNING_DAYS - year.objection_days)
        start = timezone.make_aware(dt.datetime.combine(finalised, dt.time.min))
        end = start + dt.timedelta(days=1)
        evaluations = (
            Evaluation.objects.filter(
                plan__year=year,
                status=Evaluation.Status.FINAL,
                finalised_at__gte=start,
                finalised_at__lt=end,
                objection__isnull=True,
            )
            .select_related("plan__employee__user", "plan__year", "period")
            .order_by("pk")
        )
        for evaluation in evaluations:
            closes = objection_window_closes(evaluation)
            assert closes is not None
            sent += _create(
                evaluation.plan.employee.user,
                _(
                    "Batas pengajuan keberatan atas evaluasi %(period)s berakhir %(day)s. "
                    "Ajukan sebelum itu bila Anda keberatan atas hasilnya."
                )
                % {"period": evaluation.period.label, "day": _day(closes)},
                _link(evaluation),
                f"objection-window:{evaluation.pk}",
            )
    return sent
