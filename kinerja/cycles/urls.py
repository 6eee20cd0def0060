from kinerja.cycles import views

app_name = "cycles"
urlpatterns = views.urlpatterns
