from django.urls import path

from keruen.targets import views
from keruen.web.routes import entity_routes

app_name = "targets"

urlpatterns = [
    *entity_routes(views, "target", "targets/<slug:code>/"),
    path("funnel/", views.funnel_view, name="funnel"),
]
