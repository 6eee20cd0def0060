from django.urls import path

from kinerja.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.home, name="home"),
    path("kinerja-saya/", views.mine, name="mine"),
    path("tim-saya/", views.team, name="team"),
    path("pegawai/", views.staff, name="staff"),
    path("pegawai/<int:pk>/", views.employee, name="employee"),
]
