from django.urls import path

from keruen.reports import views

urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("maps/kz-regions.geojson", views.region_geojson, name="region-geojson"),
]
