from django.urls import path

from keruen.parties import views

app_name = "parties"

urlpatterns = [
    path("organizations/", views.organization_list_view, name="list"),
    path("organizations/new/", views.organization_form_view, name="create"),
    path("organizations/lookup/", views.organization_lookup_view, name="lookup"),
    path("organizations/<slug:code>/", views.organization_detail_view, name="detail"),
    path("organizations/<slug:code>/edit/", views.organization_form_view, name="edit"),
]
