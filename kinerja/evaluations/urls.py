from django.urls import path

from kinerja.evaluations.views import (
    departures,
    documents,
    evaluate,
    objections,
    peer,
    pegawai,
    revisions,
)

app_name = "evaluations"
urlpatterns = [
    path("skp/<int:plan_pk>/periode/<int:period_pk>/", evaluate.evaluate, name="evaluate"),
    path("<int:pk>/", evaluate.detail, name="detail"),
    *documents.urlpatterns,
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
    path("<int:pk>/keberatan/ajukan/", objections.file, name="objection_file"),
    path("<int:pk>/keberatan/jelaskan/", objections.explain, name="objection_explain"),
    path("<int:pk>/keberatan/putuskan/", objections.decide, name="objection_decide"),
    path("keberatan/", objections.objection_list, name="objections"),
]
