"""SKP pages: position_templates."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
