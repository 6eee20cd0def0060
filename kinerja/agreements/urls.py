"""Perjanjian Kinerja pages, under /perjanjian-kinerja/."""

from django.urls import path

from kinerja.agreements import views

app_name = "agreements"
urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("baru/", views.agreement_create, name="create"),
    path("templat-impor.xlsx", views.import_template, name="import_template"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/ubah/", views.agreement_edit, name="edit"),
    path("<int:pk>/impor/", views.agreement_import, name="import"),
    path("<int:pk>/sasaran/tambah/", views.goal_add, name="goal_add"),
    path("sasaran/<int:pk>/ubah/", views.goal_edit, name="goal_edit"),
    path("sasaran/<int:pk>/hapus/", views.goal_delete, name="goal_delete"),
    path("sasaran/<int:pk>/indikator/tambah/", views.indicator_add, name="indicator_add"),
    path("indikator/<int:pk>/ubah/", views.indicator_edit, name="indicator_edit"),
    path("indikator/<int:pk>/hapus/", views.indicator_delete, name="indicator_delete"),
]
