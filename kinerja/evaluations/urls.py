from django.urls import path

from kinerja.evaluations.views import (
    calibration,
    departures,
    documents,
    evaluate,
    objections,
    peer,
    pegawai,
    revisions,
    unit_predikat,
)

app_name = "evaluations"
urlpatterns = [
    path("skp/<int:plan_pk>/periode/<int:period_pk>/", evaluate.evaluate, name="evaluate"),
    path("<int:pk>/", evaluate.detail, name="detail"),
    path("<int:pk>/dokumen/", documents.document, name="document"),
    path("<int:pk>/dokumen/pdf/", documents.document_pdf, name="document_pdf"),
    path("rekap/", documents.recap_index, name="recap_index"),
    path("rekap/unit/<int:unit_pk>/periode/<int:period_pk>/", documents.recap, name="recap"),
    path(
        "rekap/unit/<int:unit_pk>/periode/<int:period_pk>/pdf/",
        documents.recap_pdf,
        name="recap_pdf",
    ),
    path(
        "rekap/unit/<int:unit_pk>/periode/<int:period_pk>/xlsx/",
        documents.recap_excel,
        name="recap_xlsx",
    ),
    path("<int:pk>/terima/", pegawai.acknowledge, name="acknowledge"),
    path("masukan-rekan/", peer.peer_list, name="peer_list"),
    path(
        "masukan-rekan/skp/<int:plan_pk>/periode/<int:period_pk>/",
        peer.peer_give,
        name="peer_give",
    ),
    path(
        "tahun/<int:year_pk>/hitung-ulang-evaluasi/",
        revisions.policy_recompute,
        name="policy_recompute",
    ),
    path("penyimpangan-rating/", departures.departures, name="departures"),
    path("<int:pk>/keberatan/", objections.objection, name="objection"),
    path("<int:pk>/keberatan/ajukan/", objections.file, name="objection_file"),
    path("<int:pk>/keberatan/jelaskan/", objections.explain, name="objection_explain"),
    path("<int:pk>/keberatan/putuskan/", objections.decide, name="objection_decide"),
    path("keberatan/", objections.objection_list, name="objections"),
    path("kalibrasi/", calibration.calibration_index, name="calibration_list"),
    path(
        "kalibrasi/unit/<int:unit_pk>/periode/<int:period_pk>/",
        calibration.calibration,
        name="calibration",
    ),
    path(
        "kalibrasi/unit/<int:unit_pk>/periode/<int:period_pk>/finalkan/",
        calibration.calibration_finalise,
        name="calibration_finalise",
    ),
    path("predikat-unit/", unit_predikat.unit_predikat_index, name="unit_predikat_list"),
    path(
        "predikat-unit/<int:unit_pk>/periode/<int:period_pk>/",
        unit_predikat.unit_predikat,
        name="unit_predikat",
    ),
]
