from django.urls import path

from kinerja.evaluations.views import documents, evaluate

app_name = "evaluations"
urlpatterns = [
    path("skp/<int:plan_pk>/periode/<int:period_pk>/", evaluate.evaluate, name="evaluate"),
    path("<int:pk>/", evaluate.detail, name="detail"),
    *documents.urlpatterns,
]
