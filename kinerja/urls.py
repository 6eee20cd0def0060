"""URL map of Kinerja. Each app owns its own urls module."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from kinerja.core.health import healthz
from kinerja.core.views import favicon, job_status

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("masuk/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "kata-sandi/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "kata-sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("", include("kinerja.dashboards.urls")),
    path("realisasi/", include("kinerja.measurements.urls")),
    path("impor/", include("kinerja.imports.urls")),
    path("waktu-layanan/", include("kinerja.servicetimes.urls")),
    path("tugas/<int:pk>/", job_status, name="job_status"),
    # The source-system API (/api/v1/) and its pages for HR (/sistem-sumber/).
    path("", include("kinerja.api.urls")),
    path("notifikasi/", include("kinerja.notifications.urls")),
    path("evaluasi/", include("kinerja.evaluations.urls")),
    path("umpan-balik/", include("kinerja.feedback.urls")),
    path("skp/", include("kinerja.plans.urls")),
    path("perjanjian-kinerja/", include("kinerja.agreements.urls")),
    path("tahun/", include("kinerja.cycles.urls")),
]
