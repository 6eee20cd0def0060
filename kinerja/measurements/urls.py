from kinerja.measurements.views import entry, recompute

app_name = "measurements"
urlpatterns = [*entry.urlpatterns, *recompute.urlpatterns]
