from django.urls import path

from kinerja.evaluations.views import evaluate, objections

app_name = "evaluations"
urlpatterns = [
    path("skp/<int:plan_pk>/periode/<int:period_pk>/", evaluate.evaluate, name="evaluate"),
    path("<int:pk>/", evaluate.detail, name="detail"),
    path("<int:pk>/keberatan/ajukan/", objections.file, name="objection_file"),
    path("<int:pk>/keberatan/jelaskan/", objections.explain, name="objection_explain"),
    path("<int:pk>/keberatan/putuskan/", objections.decide, name="objection_decide"),
    path("keberatan/", objections.objection_list, name="objections"),
]
