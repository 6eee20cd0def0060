from django.urls import path

from kinerja.evaluations.views import calibration, evaluate, unit_predikat

app_name = "evaluations"
urlpatterns = [
    path("skp/<int:plan_pk>/periode/<int:period_pk>/", evaluate.evaluate, name="evaluate"),
    path("<int:pk>/", evaluate.detail, name="detail"),
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
