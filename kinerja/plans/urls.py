"""SKP pages. Each views module owns its own patterns; they all share the `plans` namespace."""

from kinerja.plans.views import cascade, change, documents, editor, position_templates, workflow

app_name = "plans"
urlpatterns = [
    *editor.urlpatterns,
    *workflow.urlpatterns,
    *cascade.urlpatterns,
    *position_templates.urlpatterns,
    *change.urlpatterns,
    *documents.urlpatterns,
]
