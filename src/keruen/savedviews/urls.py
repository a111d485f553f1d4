from django.urls import path

from keruen.savedviews import views
from keruen.web.routes import action_routes

app_name = "savedviews"

urlpatterns = [
    path("views/", views.view_list, name="list"),
    path("views/save", views.view_save, name="save"),
    path("views/<int:pk>/", views.view_open, name="open"),
    *action_routes(views, "view", "views/<int:pk>/", "export", "home", "delete"),
]
