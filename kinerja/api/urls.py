"""The source-system API (/api/v1/) and the HR pages that manage its sources and tokens."""

from django.urls import URLPattern, URLResolver, path

from . import views
from .api import api

app_name = "api"
urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/", api.urls),
    path("sistem-sumber/", views.sources, name="sources"),
    path("sistem-sumber/baru/", views.source_new, name="source_create"),
    path("sistem-sumber/<int:pk>/", views.source_detail, name="source_detail"),
    path("sistem-sumber/<int:pk>/ubah/", views.source_edit, name="source_edit"),
    path("sistem-sumber/<int:pk>/token/baru/", views.token_new, name="token_create"),
    path("sistem-sumber/token/<int:pk>/cabut/", views.token_revoke_view, name="token_revoke"),
]
