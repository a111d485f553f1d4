from django.urls import path

from keruen.web import views

app_name = "web"

urlpatterns = [
    path("maps/kz-regions.geojson", views.region_geojson, name="region-geojson"),
    path("fx/usd/", views.usd_preview, name="usd-preview"),
]
