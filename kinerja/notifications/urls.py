from django.urls import path

from kinerja.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/baca/", views.read, name="read"),
    path("baca-semua/", views.read_all, name="read_all"),
    path("pengaturan/", views.preferences, name="preferences"),
]
