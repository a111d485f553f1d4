from django.urls import path

from keruen.regions import views

app_name = "regions"

urlpatterns = [
    path("regions/", views.region_list_view, name="list"),
    path("regions/<str:code>/", views.region_detail_view, name="detail"),
    path("initiatives/", views.initiative_list_view, name="initiatives"),
    path("initiatives/new/", views.initiative_create_view, name="initiative-create"),
    path("initiatives/<slug:code>/", views.initiative_detail_view, name="initiative"),
    path("initiatives/<slug:code>/edit/", views.initiative_edit_view, name="initiative-edit"),
    path(
        "initiatives/<slug:code>/<slug:action>",
        views.initiative_transition_view,
        name="initiative-transition",
    ),
]
