from django.urls import path

from keruen.instructions import views
from keruen.web.routes import action_routes, entity_routes

app_name = "instructions"

urlpatterns = [
    *entity_routes(views, "instruction", "instructions/<int:pk>/"),
    path("instructions/scorecard/", views.scorecard, name="scorecard"),
    *action_routes(
        views, "instruction", "instructions/<int:pk>/", "report", "close", "extend", "escalate"
    ),
    *entity_routes(views, "meeting", "meetings/<slug:slug>/", name="meeting"),
    path("notifications/", views.notification_list, name="notifications"),
]
