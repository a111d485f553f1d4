from django.urls import path

from keruen.ops import views

app_name = "ops"

urlpatterns = [
    path("healthz", views.healthz_view, name="healthz"),
    path("readyz", views.readyz_view, name="readyz"),
    path("metrics", views.metrics_view, name="metrics"),
]
