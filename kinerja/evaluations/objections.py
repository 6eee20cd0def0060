"""Objections (keberatan) to a final evaluation: filing, the penilai's explanation, the decision.

Who takes each step (the route is read on the day the step is taken, today in WIB, so
that someone is always able to act, whoever has moved since the evaluation):

- the pegawai whose SKP was evaluated files, within ``AppraisalYear.objection_days``
  calendar days of the day (WIB) the evaluation was finalised, once per evaluation; a
  change of ``objection_days`` reaches the windows still open on the day of the change;
- the penilai explains: the evaluation's ``evaluator``, the person who made the judgement
  under objection, as long as they can still act (an active account and a post today,
  wherever); otherwise the pegawai's penilai today;
- the atasan penilai decides: the atasan penilai in the pegawai's reporting line today
  (``organisation.selectors.reporting_line(pegawai).atasan``), never the one who explains,
  never the pegawai, never HR. The decision may come once the penilai has explained or
  once ``explain_due`` has passed without an explanation; after ``decide_due`` it is still
  taken, recorded as late, and HR admins of the instansi are told (escalation).

One function (``objection_routes``) answers "who explains, who decides" for one evaluation
and for a whole list, so the pages, the lists, the reminders and the services agree.

A decision "changed" rewrites the final evaluation's ratings and predikat, after
``revision_record`` has kept the earlier state. The decision is final: no second decision,
no second objection. Every refusal raises before anything is written. Stored texts
(notifications, revision notes, the rating reason) are in the site language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kinerja import scoring
from kinerja.accounts.models import Role, RoleGrant, User
from kinerja.core import clock
from kinerja.cycles.models import AppraisalYear
from kinerja.cycles.selectors import ObjectionDaysChange, objection_days_changes
from kinerja.evaluations.models import Evaluation, Objection
from kinerja.evaluations.revisions import revision_record
from kinerja.notifications.models import Kind
from kinerja.notifications.services import notification_create
from kinerja.organisation import tree
from kinerja.organisation.access import Viewer
from kinerja.organisation.models import Assignment, Employee
from kinerja.organisation.selectors import reporting_lines

# The pegawai hears this many days before their window to object closes.
WINDOW_WARNING_DAYS = 3
# The HR/auditor list of every objection of the instansi, per page.
OFFICE_PAGE_SIZE = 100


class ObjectionError(ValueError):
    """A step that cannot be taken as asked; the message is shown to the person."""


# Reads ----------------------------------------------------------------------------------------


def finalised_on(evaluation: Evaluation) -> dt.date | None:
    """The day (in the deployment's time zone, WIB) the evaluation was finalised."""
    if evaluation.finalised_at is None:
        return None
    return timezone.localdate(evaluation.finalised_at)


def objection_window_closes(
    evaluation: Evaluation, *, changes: Sequence[ObjectionDaysChange] | None = None
) -> dt.date | None:
    """The last day the pegawai may object: the finalisation day plus ``objection_days``.

    ``objection_days`` is the value in force while the window was open: a change reaches
    the windows still open on the day it is made (lengthened or shortened), and a window
    that had closed before stays closed. `changes` is the year's history, oldest first
    (read here when not given).
    """
    day = finalised_on(evaluation)
    if (
        day is None
        or evaluation.finalised_at is None
        or evaluation.status != Evaluation.Status.FINAL
    ):
        return None
    year = evaluation.plan.year
    if changes is None:
        changes = objection_days_changes(year)
    later = [c for c in changes if c.at > evaluation.finalised_at]
    closes = day + dt.timedelta(days=later[0].before if later else year.objection_days)
    for change in later:
        if timezone.localdate(change.at) <= closes:
            closes = day + dt.timedelta(days=change.after)
    return closes


@dataclass(frozen=True)
class Route:
    """Who takes the steps of one evaluation's objection today."""

    pegawai_user_id: int | None
    explainer: User | None  # the evaluator who can still act, else the penilai today
    atasan: Employee | None  # the atasan penilai today, unless they explain or are the pegawai

    @property
    def explainer_id(self) -> int | None:
        return self.explainer.pk if self.explainer is not None else None

    @property
    def decider_id(self) -> int | None:
        return self.atasan.user_id if self.atasan is not None else None


def objection_routes(evaluations: Iterable[Evaluation], *, today: dt.date) -> dict[int, Route]:
    """The route of each evaluation (pk to Route), in a fixed number of queries for all.

    The evaluations need ``plan__employee`` and ``evaluator`` loaded.
    """
    evaluations = list(evaluations)
    if not evaluations:
        return {}
    lines = reporting_lines({e.plan.employee for e in evaluations}, on=today)
    # An evaluator still acts with an active account and a post today, wherever it is.
    acting = set(
        Assignment.objects.filter(
            Assignment.active_on(today),
            employee__user_id__in={e.evaluator_id for e in evaluations if e.evaluator_id},
            employee__user__is_active=True,
        ).values_list("employee__user_id", flat=True)
    )
    penilai_users = {
        u.pk: u
        for u in User.objects.filter(
            pk__in={
                line.penilai.user_id
                for line in lines.values()
                if line.penilai is not None and line.penilai.user_id is not None
            }
        )
    }
    routes: dict[int, Route] = {}
    for evaluation in evaluations:
        pegawai = evaluation.plan.employee
        line = lines[pegawai.pk]
        explainer: User | None
        if evaluation.evaluator_id is not None and evaluation.evaluator_id in acting:
            explainer = evaluation.evaluator
        elif line.penilai is not None and line.penilai.user_id is not None:
            explainer = penilai_users.get(line.penilai.user_id)
        else:
            explainer = None
        atasan = line.atasan
        if atasan is not None and (
            atasan.user_id is None
            # Nobody decides on their own explanation or their own case.
            or atasan.user_id == (explainer.pk if explainer is not None else None)
            or atasan.user_id == pegawai.user_id
        ):
            atasan = None
        routes[evaluation.pk] = Route(pegawai.user_id, explainer, atasan)
    return routes


def objection_route(evaluation: Evaluation) -> Route:
    """The route of one evaluation's objection today."""
    return objection_routes([evaluation], today=clock.today())[evaluation.pk]


def _is_pegawai(evaluation: Evaluation, user_id: int | None) -> bool:
    employee = evaluation.plan.employee
    return employee.user_id is not None and employee.user_id == user_id


def step_holder(evaluation: Evaluation, user: User, step: str) -> bool:
    """Whether `user` is the person who takes `step` ("file", "explain", "decide") at all."""
    if step == "file":
        return _is_pegawai(evaluation, user.pk)
    route = objection_route(evaluation)
    if step == "explain":
        return user.pk is not None and route.explainer_id == user.pk
    return user.pk is not None and route.decider_id == user.pk


def awaiting_decision(objection: Objection, *, today: dt.date) -> bool:
    """Explained, or the penilai let ``explain_due`` pass: the atasan penilai may decide."""
    if objection.status == Objection.Status.EXPLAINED:
        return True
    return objection.status == Objection.Status.FILED and today > objection.explain_due


def decided_late(objection: Objection) -> bool:
    """A decision taken (in WIB) after ``decide_due``: accepted, and recorded as late."""
    return objection.decided_at is not None and (
        timezone.localdate(objection.decided_at) > objection.decide_due
    )


def _may_explain(objection: Objection, route: Route, user_id: int | None, today: dt.date) -> bool:
    return (
        objection.status == Objection.Status.FILED
        and today <= objection.explain_due
        and user_id is not None
        and route.explainer_id == user_id
    )


def _may_decide(objection: Objection, route: Route, user_id: int | None, today: dt.date) -> bool:
    return (
        awaiting_decision(objection, today=today)
        and user_id is not None
        and route.decider_id == user_id
    )


@dataclass(frozen=True)
class ObjectionView:
    """Everything the objection panel shows one viewer about one evaluation."""

    objection: Objection | None
    window_closes: dt.date | None
    window_open: bool
    atasan: Employee | None
    explainer: User | None
    may_file: bool
    may_explain: bool
    may_decide: bool
    explain_overdue: bool
    decide_overdue: bool
    decided_late: bool
    today: dt.date


def objection_view(evaluation: Evaluation, user: User) -> ObjectionView:
    """What `user` (who may see `evaluation`) sees of its objection and may do about it."""
    me = user.pk
    today = clock.today()
    objection = Objection.objects.filter(evaluation=evaluation).first()
    closes = objection_window_closes(evaluation)
    window_open = objection is None and closes is not None and today <= closes
    route = (
        objection_route(evaluation)
        if evaluation.status == Evaluation.Status.FINAL
        else Route(None, None, None)
    )
    open_steps = objection is not None and objection.status != Objection.Status.DECIDED
    return ObjectionView(
        objection=objection,
        window_closes=closes,
        window_open=window_open,
        atasan=route.atasan,
        explainer=route.explainer,
        may_file=window_open and _is_pegawai(evaluation, me),
        may_explain=objection is not None and _may_explain(objection, route, me, today),
        may_decide=objection is not None and _may_decide(objection, route, me, today),
        explain_overdue=(
            objection is not None
            and objection.status == Objection.Status.FILED
            and today > objection.explain_due
        ),
        decide_overdue=open_steps and objection is not None and today > objection.decide_due,
        decided_late=objection is not None and decided_late(objection),
        today=today,
    )


@dataclass(frozen=True)
class ObjectionRow:
    """One line of the Keberatan list: the objection and what it waits for."""

    objection: Objection
    waiting_for: str  # "penilai" | "atasan" | "" (decided)
    overdue: bool
    late: bool = False  # decided after decide_due


@dataclass(frozen=True)
class ObjectionLists:
    to_explain: list[ObjectionRow]
    to_decide: list[ObjectionRow]
    mine: list[ObjectionRow]
    # HR admins and auditors: every objection of their instansi, read only, a page at a time.
    office: list[ObjectionRow]
    office_page: Page[Objection] | None = None


def _objections() -> QuerySet[Objection]:
    return Objection.objects.select_related(
        "evaluation__plan__employee",
        "evaluation__plan__year",
        "evaluation__period__year",
        "evaluation__evaluator",
        "filed_by",
        "explained_by",
        "decided_by",
    ).order_by("decide_due", "pk")


def _row(objection: Objection, today: dt.date) -> ObjectionRow:
    if objection.status == Objection.Status.DECIDED:
        return ObjectionRow(objection, "", False, decided_late(objection))
    if awaiting_decision(objection, today=today):
        return ObjectionRow(objection, "atasan", today > objection.decide_due)
    return ObjectionRow(objection, "penilai", today > objection.explain_due)


def objection_lists(viewer: Viewer, *, office_page: str | None = None) -> ObjectionLists:
    """The objections waiting for `viewer`, their own, and (for an office) their instansi's.

    "To explain" and "to decide" apply the very rules the services apply (one route per
    objection, read for all candidates at once). The candidates are the open objections
    the viewer judged, and those of the people below the viewer's posts today: an atasan
    penilai today always holds a post above the pegawai.
    """
    today = clock.today()
    me = viewer.user_id
    to_explain: list[ObjectionRow] = []
    to_decide: list[ObjectionRow] = []
    mine: list[ObjectionRow] = []
    office: list[ObjectionRow] = []
    page: Page[Objection] | None = None
    candidates = Q(evaluation__evaluator_id=me)
    if viewer.position_ids:
        below = Assignment.objects.filter(
            Assignment.active_on(today), position_id__in=tree.below(viewer.position_ids)
        ).values("employee_id")
        candidates |= Q(evaluation__plan__employee__in=below)
    open_ones = list(_objections().exclude(status=Objection.Status.DECIDED).filter(candidates))
    routes = objection_routes([o.evaluation for o in open_ones], today=today)
    for objection in open_ones:
        route = routes[objection.evaluation_id]
        if _may_explain(objection, route, me, today):
            to_explain.append(_row(objection, today))
        if _may_decide(objection, route, me, today):
            to_decide.append(_row(objection, today))
    if viewer.employee is not None:
        mine = [
            _row(o, today) for o in _objections().filter(evaluation__plan__employee=viewer.employee)
        ]
    if viewer.office_instansi_ids or viewer.is_superuser:
        everyone = _objections()
        if not viewer.is_superuser:
            everyone = everyone.filter(
                evaluation__plan__employee__instansi_id__in=viewer.office_instansi_ids
            )
        page = Paginator(everyone, OFFICE_PAGE_SIZE).get_page(office_page)
        office = [_row(o, today) for o in page.object_list]
    return ObjectionLists(to_explain, to_decide, mine, office, page)


def evaluation_reachable(evaluation: Evaluation, user: User) -> bool:
    """Whether `user` explains or decides `evaluation`'s objection, seen or not in today's tree.

    The evaluator who explains may have moved out of the pegawai's line; the route still
    leads them to the evaluation. Without an objection nobody is let in this way.
    """
    if not Objection.objects.filter(evaluation=evaluation).exists():
        return False
    route = objection_route(evaluation)
    return user.pk is not None and user.pk in (route.explainer_id, route.decider_id)


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
    # The objection page, which also lets in an evaluator who has moved out of the line.
    return reverse("evaluations:objection", args=[evaluation.pk]) + "#keberatan"


def _site_language() -> translation.override:
    """Stored texts (notifications, revision notes, reasons) are read later by others:
    they are written in the site language, not the language of whoever acts."""
    return translation.override(settings.LANGUAGE_CODE)


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
        with _site_language():
            text = _(
                "%(name)s mengajukan keberatan atas evaluasi %(period)s. "
                "Berikan penjelasan paling lambat %(day)s."
            ) % {
                "name": evaluation.plan.employee.name,
                "period": evaluation.period.label,
                "day": _day(objection.explain_due),
            }
        _notify(
            objection_route(evaluation).explainer,
            Kind.OBJECTION_FILED,
            text,
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
        route = objection_route(evaluation)
        if user.pk is None or route.explainer_id != user.pk:
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
        with _site_language():
            text = _(
                "Keberatan %(name)s atas evaluasi %(period)s sudah dijelaskan penilai dan "
                "menunggu keputusan Anda paling lambat %(day)s."
            ) % {
                "name": evaluation.plan.employee.name,
                "period": evaluation.period.label,
                "day": _day(objection.decide_due),
            }
        _notify(
            route.atasan.user if route.atasan is not None else None,
            Kind.OBJECTION_EXPLAINED,
            text,
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
        route = objection_route(evaluation)
        if user.pk is None or route.decider_id != user.pk:
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
        with _site_language():
            text = _(
                "Keberatan atas evaluasi %(period)s %(name)s telah diputuskan: %(decision)s."
            ) % {
                "period": evaluation.period.label,
                "name": evaluation.plan.employee.name,
                "decision": objection.get_decision_display(),
            }
            if decided_late(objection):
                text += " " + _("Keputusan diambil sesudah batasnya (%(day)s).") % {
                    "day": _day(objection.decide_due)
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
            route.explainer,
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
    with _site_language():
        note = _("Keputusan atas keberatan: %(reason)s") % {"reason": reason}
    revision_record(evaluation=evaluation, cause="objection", note=note, user=user)
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
        evaluation.result_rating_reason = note if departs else ""
    evaluation.result_rating = hasil
    evaluation.behaviour_rating = perilaku
    evaluation.predikat = result.value.value
    evaluation.save()


# Deadline reminders ---------------------------------------------------------------------------


def objection_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind everyone an objection deadline concerns; idempotent per person, step and day.

    - the penilai who explains, the day before and on ``explain_due``;
    - the atasan penilai the day before and on ``decide_due``, and once when it has passed
      (also once when the penilai let ``explain_due`` pass: the decision is now theirs);
    - once ``decide_due`` has passed, the HR admins of the pegawai's instansi, once
      (escalation: they may see the route stuck, e.g. no atasan penilai in the tree);
    - the pegawai ``WINDOW_WARNING_DAYS`` days before their window to object closes.

    The texts are written in the site language.
    """
    today = today or clock.today()
    sent = 0
    with _site_language():
        open_ones = list(_objections().exclude(status=Objection.Status.DECIDED))
        routes = objection_routes([o.evaluation for o in open_ones], today=today)
        hr = _hr_admins({o.evaluation.plan.employee.instansi_id for o in open_ones})
        for objection in open_ones:
            route = routes[objection.evaluation_id]
            sent += _remind_one(objection, route, today)
            if today > objection.decide_due:
                sent += _escalate(
                    objection, hr.get(objection.evaluation.plan.employee.instansi_id, [])
                )
        sent += _remind_windows(today)
    return sent


def _hr_admins(instansi_ids: set[int]) -> dict[int, list[User]]:
    """The active HR admins of each instansi, read once for the day's run."""
    admins: dict[int, list[User]] = {}
    if not instansi_ids:
        return admins
    for grant in RoleGrant.objects.filter(
        role=Role.HR_ADMIN, instansi_id__in=instansi_ids, user__is_active=True
    ).select_related("user"):
        admins.setdefault(grant.instansi_id, []).append(grant.user)
    return admins


def _create(recipient: User | None, text: str, link: str, key: str) -> int:
    if recipient is None or not recipient.is_active:
        return 0
    made = notification_create(
        recipient=recipient, kind=Kind.OBJECTION_DEADLINE, text=text, link=link, key=key
    )
    return 1 if made is not None else 0


def _escalate(objection: Objection, admins: list[User]) -> int:
    evaluation = objection.evaluation
    text = _(
        "Keberatan %(name)s atas evaluasi %(period)s melewati batas keputusan (%(day)s) "
        "dan belum diputuskan. Pastikan atasan pejabat penilai memutuskannya."
    ) % {
        "name": evaluation.plan.employee.name,
        "period": evaluation.period.label,
        "day": _day(objection.decide_due),
    }
    link = _link(evaluation)
    return sum(
        _create(admin, text, link, f"objection:{objection.pk}:escalated") for admin in admins
    )


def _remind_one(objection: Objection, route: Route, today: dt.date) -> int:
    evaluation = objection.evaluation
    link = _link(evaluation)
    names = {"name": evaluation.plan.employee.name, "period": evaluation.period.label}
    sent = 0
    if objection.status == Objection.Status.FILED and today in (
        objection.explain_due - dt.timedelta(days=1),
        objection.explain_due,
    ):
        sent += _create(
            route.explainer,
            _(
                "Keberatan %(name)s atas evaluasi %(period)s menunggu penjelasan Anda "
                "paling lambat %(day)s."
            )
            % {**names, "day": _day(objection.explain_due)},
            link,
            f"objection:{objection.pk}:explain-due:{today.isoformat()}",
        )
    if not awaiting_decision(objection, today=today):
        return sent
    atasan_user = route.atasan.user if route.atasan is not None else None
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
    """The pegawai whose window closes ``WINDOW_WARNING_DAYS`` days from today."""
    sent = 0
    target = today + dt.timedelta(days=WINDOW_WARNING_DAYS)
    for year in AppraisalYear.objects.all():
        changes = objection_days_changes(year)
        # Any window is 1 to 90 days long (cycles.services): only these finalisations can
        # close on `target`; the history of the year's setting decides which do.
        earliest = timezone.make_aware(
            dt.datetime.combine(target - dt.timedelta(days=90), dt.time.min)
        )
        latest = timezone.make_aware(dt.datetime.combine(target, dt.time.min))
        evaluations = (
            Evaluation.objects.filter(
                plan__year=year,
                status=Evaluation.Status.FINAL,
                finalised_at__gte=earliest,
                finalised_at__lt=latest,
                objection__isnull=True,
            )
            .select_related("plan__employee__user", "plan__year", "period")
            .order_by("pk")
        )
        for evaluation in evaluations:
            closes = objection_window_closes(evaluation, changes=changes)
            if closes != target:
                continue
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
