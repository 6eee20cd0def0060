from django.urls import path

from kinerja.feedback import views

app_name = "feedback"
urlpatterns = [
    path("skp/<int:pk>/", views.plan_page, name="plan"),
    path("skp/<int:pk>/rhk/<int:result_pk>/", views.result_post, name="result_post"),
    path("skp/<int:pk>/perilaku/<str:value>/", views.value_post, name="value_post"),
    path("skp/<int:pk>/check-in/", views.check_in, name="check_in"),
    path("skp/<int:pk>/tindak-lanjut/", views.follow_up_create, name="follow_up_add"),
    path("tindak-lanjut/<int:pk>/selesai/", views.follow_up_done, name="follow_up_close"),
]
