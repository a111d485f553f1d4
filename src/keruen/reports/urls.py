from django.urls import include, path

from keruen.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("maps/kz-regions.geojson", views.region_geojson, name="region-geojson"),
    path("", include("keruen.reports.briefing.urls")),  # /brief/: the briefing pack
]
