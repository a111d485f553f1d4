from django.urls import include, path

from keruen.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("", include("keruen.reports.briefing.urls")),  # /brief/: the briefing pack
    path("", include("keruen.reports.exports.urls")),  # /projects/export.csv, .xlsx
]
