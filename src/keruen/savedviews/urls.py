from django.urls import path

from keruen.savedviews import views

app_name = "savedviews"

urlpatterns = [
    path("views/", views.view_list, name="list"),
    path("views/save", views.view_save, name="save"),
    path("views/<int:pk>/", views.view_open, name="open"),
    path("views/<int:pk>/export", views.view_export, name="export"),
    path("views/<int:pk>/home", views.view_home, name="home"),
    path("views/<int:pk>/delete", views.view_delete, name="delete"),
]
