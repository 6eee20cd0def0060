from django.urls import path

from kinerja.measurements import views

app_name = "measurements"
urlpatterns = [
    path("iki/<int:indicator_pk>/catat/", views.record, name="record"),
    path("bukti/<int:pk>/", views.evidence, name="evidence"),
]
