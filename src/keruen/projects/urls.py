from django.urls import path

from keruen.projects import views

app_name = "projects"

urlpatterns = [
    path("projects/", views.project_list_view, name="list"),
    path("projects/new/", views.project_create_view, name="create"),
    path("projects/export.csv", views.project_export_view, {"fmt": "csv"}, name="export-csv"),
    path("projects/export.xlsx", views.project_export_view, {"fmt": "xlsx"}, name="export-xlsx"),
    path("projects/<slug:code>/", views.project_detail_view, name="detail"),
    path("projects/<slug:code>/edit/", views.project_edit_view, name="edit"),
]
