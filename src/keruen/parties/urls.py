from django.urls import path

from keruen.parties import views

app_name = "parties"

urlpatterns = [
    path("organizations/", views.organization_list_view, name="list"),
    path("organizations/<slug:code>/", views.organization_detail_view, name="detail"),
]
