from django.urls import path

from keruen.reports.exports import views

# Under /projects/ beside the list they export; the list links here.
urlpatterns = [
    path("projects/export.csv", views.project_export_view, {"fmt": "csv"}, name="project-csv"),
    path("projects/export.xlsx", views.project_export_view, {"fmt": "xlsx"}, name="project-xlsx"),
]
