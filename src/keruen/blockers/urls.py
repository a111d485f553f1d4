from django.urls import path

from keruen.blockers import views
from keruen.web.routes import entity_routes

app_name = "blockers"

urlpatterns = [
    *entity_routes(views, "issue", "issues/<int:pk>/"),
    path("issues/<int:pk>/<slug:action>", views.issue_act, name="act"),
    path("issues/raise/<slug:code>/", views.issue_raise, name="raise"),
]
