"""The SKP workflow: who may take each step, in which state, and what the record keeps."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kinerja.organisation.access import viewer_for
from kinerja.organisation.selectors import reporting_line
from kinerja.plans.models import PerformancePlan, PlanEvent, PlanIndicator, PlanVersion
from kinerja.plans.services import (
    PlanLocked,
    indicator_add,
    indicator_update,
    plan_create,
    plan_ensure_editable,
    result_add,
)
from kinerja.plans.workflow import (
    ADDED,
    CHANGED,
    REMOVED,
    SAME,
    inbox_rows,
    penilai_by_employee,
    plan_approve,
    plan_reopen,
    plan_return,
    plan_snapshot,
    plan_submit,
    version_compare,
)
from tests.plans.workflow_support import make_draft

Status = PerformancePlan.Status
D = Decimal


@pytest.fixture
def draft(cast):
    return make_draft(cast)


def state(plan):
    """Everything a refused step must leave untouched."""
    row = PerformancePlan.objects.get(pk=plan.pk)
    return (
        row.status,
        row.status_changed_at,
        PlanVersion.objects.filter(plan=plan).count(),
        PlanEvent.objects.filter(plan=plan).count(),
    )


def submitted(cast, draft):
    plan_submit(plan=draft, actor=cast.pegawai.user)
    return draft


# --- submit ------------------------------------------------------------------------------


def test_pegawai_submits_a_complete_draft_and_version_one_is_frozen(cast, draft):
    event = plan_submit(plan=draft, actor=cast.pegawai.user)

    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    assert draft.status_changed_at is not None
    assert event.action == PlanEvent.Action.SUBMITTED
    assert event.actor == cast.pegawai.user
    assert event.on_behalf_of is None
    assert event.version is not None and event.version.number == 1
    content = event.version.content
    assert content["plan"]["employee"] == cast.pegawai.name
    assert content["lampiran"]["supporting_resources"] == "Anggaran program SD dan data Dapodik"
    [result] = content["results"]
    assert result["supports"]["text"] == "Meningkatnya mutu layanan SD"
    assert result["supports"]["owner"] == cast.penilai.name
    weights = {i["name"]: i["weight"] for i in result["indicators"]}
    assert weights == {
        "Jumlah program pendidikan yang dilaksanakan": "60",
        "Angka Partisipasi Sekolah 7-12": "40",
    }
    assert set(content["expectations"]) == {
        "berorientasi_pelayanan",
        "akuntabel",
        "kompeten",
        "harmonis",
        "loyal",
        "adaptif",
        "kolaboratif",
    }


def test_incomplete_skp_is_refused_with_the_reason_and_nothing_saved(cast, draft):
    PlanIndicator.objects.filter(pk=cast.coverage.pk).update(weight=D(30))
    before = state(draft)
    with pytest.raises(ValidationError) as refused:
        plan_submit(plan=draft, actor=cast.pegawai.user)
    assert any("100" in message for message in refused.value.messages)
    assert state(draft) == before


def test_rhk_without_iki_blocks_submission(cast, draft):
    result_add(plan=draft, text="RHK tanpa indikator")
    with pytest.raises(ValidationError, match="belum memiliki IKI"):
        plan_submit(plan=draft, actor=cast.pegawai.user)


@pytest.mark.parametrize("role", ["penilai", "atasan", "outsider", "foreigner", "auditor"])
def test_only_the_owner_or_hr_may_submit(cast, draft, role):
    before = state(draft)
    with pytest.raises(PermissionDenied):
        plan_submit(plan=draft, actor=cast.user(role))
    assert state(draft) == before


def test_hr_submits_for_the_pegawai_and_the_record_says_so(cast, draft):
    event = plan_submit(plan=draft, actor=cast.hr_admin)
    assert event.actor == cast.hr_admin
    assert event.on_behalf_of == cast.pegawai
    assert PerformancePlan.objects.get(pk=draft.pk).status == Status.SUBMITTED


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.APPROVED])
def test_submitted_or_approved_skp_cannot_be_submitted(cast, draft, status):
    PerformancePlan.objects.filter(pk=draft.pk).update(status=status)
    before = state(draft)
    with pytest.raises(ValidationError, match="tidak dapat diajukan"):
        plan_submit(plan=draft, actor=cast.pegawai.user)
    assert state(draft) == before


# --- return and approve ----------------------------------------------------------------


def test_penilai_returns_with_a_note_and_pegawai_may_edit_again(cast, draft):
    submitted(cast, draft)
    with pytest.raises(PlanLocked):
        plan_ensure_editable(PerformancePlan.objects.get(pk=draft.pk))

    event = plan_return(plan=draft, actor=cast.penilai.user, note="Target program terlalu rendah")

    plan = PerformancePlan.objects.get(pk=draft.pk)
    assert plan.status == Status.RETURNED
    assert event.note == "Target program terlalu rendah"
    assert event.on_behalf_of is None
    assert event.version.number == 2
    plan_ensure_editable(plan)


@pytest.mark.parametrize("note", ["", "   \n "])
def test_return_needs_a_note(cast, draft, note):
    submitted(cast, draft)
    before = state(draft)
    with pytest.raises(ValidationError, match="Catatan wajib diisi"):
        plan_return(plan=draft, actor=cast.penilai.user, note=note)
    assert state(draft) == before


@pytest.mark.parametrize("role", ["pegawai", "atasan", "outsider", "foreigner", "auditor"])
@pytest.mark.parametrize("step", ["approve", "return"])
def test_only_the_penilai_or_hr_may_decide(cast, draft, role, step):
    submitted(cast, draft)
    before = state(draft)
    with pytest.raises(PermissionDenied):
        if step == "approve":
            plan_approve(plan=draft, actor=cast.user(role))
        else:
            plan_return(plan=draft, actor=cast.user(role), note="catatan")
    assert state(draft) == before


def test_penilai_approves_a_submitted_skp(cast, draft):
    submitted(cast, draft)
    event = plan_approve(plan=draft, actor=cast.penilai.user, note="Sesuai")
    plan = PerformancePlan.objects.get(pk=draft.pk)
    assert plan.status == Status.APPROVED
    assert event.note == "Sesuai"
    assert event.on_behalf_of is None
    with pytest.raises(PlanLocked):
        plan_ensure_editable(plan)


def test_hr_approving_is_recorded_on_behalf_of_the_penilai(cast, draft):
    submitted(cast, draft)
    event = plan_approve(plan=draft, actor=cast.hr_admin)
    assert event.actor == cast.hr_admin
    assert event.on_behalf_of == cast.penilai
    assert PerformancePlan.objects.get(pk=draft.pk).status == Status.APPROVED


def test_hr_returning_is_recorded_on_behalf_of_the_penilai(cast, draft):
    submitted(cast, draft)
    event = plan_return(plan=draft, actor=cast.hr_admin, note="Lengkapi lampiran")
    assert event.on_behalf_of == cast.penilai


@pytest.mark.parametrize("status", [Status.DRAFT, Status.RETURNED, Status.APPROVED])
def test_only_a_submitted_skp_can_be_approved_or_returned(cast, draft, status):
    PerformancePlan.objects.filter(pk=draft.pk).update(status=status)
    before = state(draft)
    with pytest.raises(ValidationError, match="tidak dapat disetujui"):
        plan_approve(plan=draft, actor=cast.penilai.user)
    with pytest.raises(ValidationError, match="tidak dapat dikembalikan"):
        plan_return(plan=draft, actor=cast.penilai.user, note="catatan")
    assert state(draft) == before


def test_nobody_decides_on_their_own_skp_even_as_hr(cast, draft):
    from kinerja.accounts.models import Role
    from kinerja.organisation.services import role_grant

    role_grant(user=cast.pegawai.user, instansi=cast.instansi, role=Role.HR_ADMIN)
    cast.pegawai.user.__dict__.pop("_kinerja_viewer", None)
    submitted(cast, draft)
    with pytest.raises(PermissionDenied, match="sendiri"):
        plan_approve(plan=draft, actor=cast.pegawai.user)


def test_closed_skp_takes_no_step(cast, draft):
    PerformancePlan.objects.filter(pk=draft.pk).update(closed_reason="transfer")
    draft.refresh_from_db()
    with pytest.raises(ValidationError, match="ditutup"):
        plan_submit(plan=draft, actor=cast.pegawai.user)


# --- reopen ------------------------------------------------------------------------------


def test_penilai_reopens_an_approved_skp_with_a_reason(cast, draft):
    submitted(cast, draft)
    plan_approve(plan=draft, actor=cast.penilai.user)
    with pytest.raises(ValidationError, match="Catatan wajib diisi"):
        plan_reopen(plan=draft, actor=cast.penilai.user, reason=" ")
    event = plan_reopen(plan=draft, actor=cast.penilai.user, reason="Ada tugas baru dari dinas")
    plan = PerformancePlan.objects.get(pk=draft.pk)
    assert plan.status == Status.DRAFT
    assert event.action == PlanEvent.Action.REOPENED
    assert event.note == "Ada tugas baru dari dinas"
    assert event.version.number == 3
    plan_ensure_editable(plan)


def test_reopen_needs_an_approved_skp_and_a_decider(cast, draft):
    with pytest.raises(ValidationError, match="tidak dapat dibuka kembali"):
        plan_reopen(plan=draft, actor=cast.penilai.user, reason="alasan")
    submitted(cast, draft)
    plan_approve(plan=draft, actor=cast.penilai.user)
    with pytest.raises(PermissionDenied):
        plan_reopen(plan=draft, actor=cast.pegawai.user, reason="alasan")
    event = plan_reopen(plan=draft, actor=cast.hr_admin, reason="Koreksi target")
    assert event.on_behalf_of == cast.penilai


# --- versions and compare --------------------------------------------------------------


def test_every_step_keeps_a_numbered_frozen_version(cast, draft):
    plan_submit(plan=draft, actor=cast.pegawai.user)
    plan_return(plan=draft, actor=cast.penilai.user, note="Naikkan target program")
    indicator_update(
        indicator=cast.programmes,
        catalogue=cast.programmes.indicator,
        target_value=D(20),
        weight=D(60),
    )
    plan_submit(plan=draft, actor=cast.pegawai.user)
    plan_approve(plan=draft, actor=cast.penilai.user)

    versions = list(PlanVersion.objects.filter(plan=draft).order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3, 4]
    # Creating the SKP is not a workflow step: its event freezes no version.
    assert [
        (e.action, e.version.number if e.version else None)
        for e in PlanEvent.objects.filter(plan=draft)
    ] == [
        (PlanEvent.Action.CREATED, None),
        (PlanEvent.Action.SUBMITTED, 1),
        (PlanEvent.Action.RETURNED, 2),
        (PlanEvent.Action.SUBMITTED, 3),
        (PlanEvent.Action.APPROVED, 4),
    ]

    def target(version):
        [result] = version.content["results"]
        return {i["id"]: i["target_value"] for i in result["indicators"]}[cast.programmes.pk]

    assert [target(v) for v in versions] == ["12", "12", "20", "20"]
    assert [v.content["plan"]["status"] for v in versions] == [
        "submitted",
        "returned",
        "submitted",
        "approved",
    ]


def test_compare_shows_what_was_added_removed_and_changed(cast, draft):
    before = plan_snapshot(draft)
    PlanIndicator.objects.filter(pk=cast.programmes.pk).update(target_value=D(20))
    PlanIndicator.objects.filter(pk=cast.coverage.pk).delete()
    extra = result_add(plan=draft, text="Tersusunnya kurikulum muatan lokal", kind="tambahan")
    indicator_add(
        result=extra,
        name="Dokumen kurikulum",
        unit_of_measure="dokumen",
        polarity="higher_better",
        aggregation="sum",
        target_value=D(1),
        weight=D(40),
    )
    after = plan_snapshot(draft)

    comparison = version_compare(before, after)

    by_title = {(row.level, row.title): row for row in comparison.rows}
    programmes = by_title[("indicator", "Jumlah program pendidikan yang dilaksanakan")]
    assert programmes.change == CHANGED
    assert programmes.changed_keys == ("target",)
    target = next(f for f in programmes.fields if f.key == "target")
    assert (target.before, target.after) == ("12,00 program", "20,00 program")
    assert by_title[("indicator", "Angka Partisipasi Sekolah 7-12")].change == REMOVED
    assert by_title[("result", "Tersusunnya kurikulum muatan lokal")].change == ADDED
    assert by_title[("indicator", "Dokumen kurikulum")].change == ADDED
    assert by_title[("result", "Terlaksananya program pendidikan SD")].change == SAME
    assert (comparison.added, comparison.removed, comparison.changed) == (2, 1, 1)


def test_compare_matches_by_identity_not_by_text(cast, draft):
    before = plan_snapshot(draft)
    PlanIndicator.objects.filter(pk=cast.coverage.pk).update(name="APS usia 7-12 tahun")
    after = plan_snapshot(draft)
    rows = [r for r in version_compare(before, after).rows if r.level == "indicator"]
    renamed = [r for r in rows if r.change != SAME]
    assert len(renamed) == 1
    assert renamed[0].changed_keys == ("name",)
    assert [(f.before, f.after) for f in renamed[0].fields if f.key == "name"] == [
        ("Angka Partisipasi Sekolah 7-12", "APS usia 7-12 tahun")
    ]


def test_compare_of_plain_snapshots_needs_no_database():
    a = {
        "plan": {"approach": "quantitative"},
        "lampiran": {"consequences": "lama"},
        "results": [
            {
                "id": 1,
                "kind": "utama",
                "text": "RHK A",
                "supports": None,
                "indicators": [
                    {
                        "id": 10,
                        "name": "IKI 1",
                        "polarity": "range",
                        "target_low": "7",
                        "target_high": "8",
                        "unit_of_measure": "bulan",
                        "weight": "100",
                    },
                ],
            }
        ],
        "expectations": {"loyal": ""},
    }
    b = {
        "plan": {"approach": "quantitative"},
        "lampiran": {"consequences": "baru"},
        "results": [
            {
                "id": 2,
                "kind": "utama",
                "text": "RHK B",
                "supports": None,
                "indicators": [
                    {
                        "id": 10,
                        "name": "IKI 1",
                        "polarity": "range",
                        "target_low": "6",
                        "target_high": "8",
                        "unit_of_measure": "bulan",
                        "weight": "100",
                    },
                ],
            }
        ],
        "expectations": {"loyal": "Menjaga rahasia jabatan"},
    }
    rows = version_compare(a, b).rows
    changes = {(r.level, r.title): (r.change, r.changed_keys) for r in rows}
    assert changes[("plan", "Lampiran SKP")] == (CHANGED, ("consequences",))
    assert changes[("result", "RHK B")][0] == ADDED
    assert changes[("result", "RHK A")][0] == REMOVED
    # The IKI moved to the new RHK and its range changed: one row, not an add and a remove.
    assert changes[("indicator", "IKI 1")] == (CHANGED, ("rhk", "target"))
    assert sum(1 for r in rows if r.level == "indicator") == 1
    assert changes[("expectation", "Loyal")] == (CHANGED, ("expectation",))


# --- the inbox ---------------------------------------------------------------------------


def test_penilai_inbox_lists_the_submitted_skps_of_their_staff(cast, draft):
    penilai = viewer_for(cast.penilai.user)
    assert inbox_rows(penilai) == ([], [])
    submitted(cast, draft)
    decide, stuck = inbox_rows(penilai)
    assert [row.plan.pk for row in decide] == [draft.pk]
    assert stuck == []
    assert inbox_rows(viewer_for(cast.atasan.user)) == ([], [])
    assert inbox_rows(viewer_for(cast.pegawai.user)) == ([], [])


def test_hr_inbox_shows_penilai_days_waiting_and_skps_without_a_penilai(cast, draft):
    submitted(cast, draft)
    head_position = cast.atasan.assignments.get().position
    head_plan = plan_create(
        employee=cast.atasan, position=head_position, year=cast.year, status=Status.DRAFT
    )
    decide, stuck = inbox_rows(viewer_for(cast.hr_admin))
    assert [(row.plan.pk, row.penilai, row.days_waiting) for row in decide] == [
        (draft.pk, cast.penilai, 0)
    ]
    assert [row.plan.pk for row in stuck] == [head_plan.pk]


def test_hr_decides_for_an_employee_with_no_penilai(cast):
    head_position = cast.atasan.assignments.get().position
    plan = plan_create(employee=cast.atasan, position=head_position, year=cast.year, status="draft")
    result = result_add(plan=plan, text="Meningkatnya mutu pendidikan")
    indicator_add(
        result=result,
        name="APK SMA",
        unit_of_measure="%",
        polarity="higher_better",
        aggregation="ratio",
        target_value=D(90),
        weight=D(100),
        perspective="service_users",  # every IKI of a JPT carries a perspektif
    )
    plan_submit(plan=plan, actor=cast.atasan.user)
    with pytest.raises(PermissionDenied):
        plan_approve(plan=plan, actor=cast.penilai.user)
    event = plan_approve(plan=plan, actor=cast.hr_admin)
    assert event.on_behalf_of is None
    assert event.actor == cast.hr_admin


def test_bulk_penilai_agrees_with_the_reporting_line(cast):
    from kinerja.organisation.access import today

    people = [cast.atasan, cast.penilai, cast.pegawai, cast.outsider]
    found = penilai_by_employee(people, on=today())
    assert found == {e.pk: reporting_line(e, on=today()).penilai for e in people}
    assert found[cast.outsider.pk] == cast.atasan  # the vacant Kepala Bidang SMP is skipped
    assert found[cast.atasan.pk] is None
