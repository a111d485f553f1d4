from django.urls import path

from keruen.web import views

urlpatterns = [
    path("maps/kz-regions.geojson", views.region_geojson, name="region-geojson"),
]
