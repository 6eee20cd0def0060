from kinerja.measurements.views import entry, recompute, verification

app_name = "measurements"
urlpatterns = [*entry.urlpatterns, *verification.urlpatterns, *recompute.urlpatterns]
