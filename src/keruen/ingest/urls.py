from django.urls import path

from keruen.ingest import views

app_name = "ingest"

urlpatterns = [
    path("ingest/", views.queue, name="queue"),
    path("ingest/documents/<int:pk>/", views.document, name="document"),
    path("ingest/conflicts/", views.conflicts, name="conflicts"),
    path("ingest/facts/<int:pk>/<action>/", views.fact_action, name="fact_action"),
]
