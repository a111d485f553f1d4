from django.urls import path

from keruen.projects import views

urlpatterns = [
    path("projects/", views.project_list_view, name="project-list"),
    path("projects/new/", views.project_create_view, name="project-create"),
    path("projects/export.csv", views.project_export_view, {"fmt": "csv"}, name="project-csv"),
    path("projects/export.xlsx", views.project_export_view, {"fmt": "xlsx"}, name="project-xlsx"),
    path("projects/<slug:code>/", views.project_detail_view, name="project-detail"),
    path("projects/<slug:code>/edit/", views.project_edit_view, name="project-edit"),
]
