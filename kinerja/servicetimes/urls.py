from django.urls import URLPattern

app_name = "servicetimes"
urlpatterns: list[URLPattern] = []
