from django.urls import path

from kinerja.servicetimes import views

app_name = "servicetimes"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("<str:scope>/<int:pk>/<int:year>/<int:month>/", views.detail, name="detail"),
]
