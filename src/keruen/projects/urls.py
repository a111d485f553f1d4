from django.urls import path

from keruen.projects import views

urlpatterns = [
    path("projects/", views.project_list_view, name="project-list"),
    path("projects/new/", views.project_create_view, name="project-create"),
    path("projects/<slug:code>/", views.project_detail_view, name="project-detail"),
    path("projects/<slug:code>/edit/", views.project_edit_view, name="project-edit"),
]
