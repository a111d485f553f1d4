from django.urls import path

from keruen.regions import views
from keruen.web.routes import entity_routes

app_name = "regions"

urlpatterns = [
    *entity_routes(views, "region", "regions/<str:code>/"),
    *entity_routes(views, "initiative", "initiatives/<slug:code>/", name="initiative"),
    path(
        "initiatives/<slug:code>/<slug:action>",
        views.initiative_transition_view,
        name="initiative-transition",
    ),
]
