from django.urls import path

from kinerja.evaluations import views

app_name = "evaluations"
urlpatterns = [
    path("skp/<int:plan_pk>/periode/<int:period_pk>/", views.evaluate, name="evaluate"),
    path("<int:pk>/", views.detail, name="detail"),
]
