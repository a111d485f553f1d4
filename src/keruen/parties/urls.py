from django.urls import path

from keruen.parties import views

urlpatterns = [
    path("organizations/", views.organization_list_view, name="organization-list"),
    path("organizations/<slug:code>/", views.organization_detail_view, name="organization-detail"),
]
