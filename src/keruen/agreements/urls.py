from django.urls import path

from keruen.agreements import views

app_name = "agreements"

urlpatterns = [
    path("agreements/", views.agreement_list_view, name="list"),
    path("agreements/new/", views.agreement_form_view, name="create"),
    path("agreements/lookup/", views.agreement_lookup_view, name="lookup"),
    path("agreements/<slug:code>/", views.agreement_detail_view, name="detail"),
    path("agreements/<slug:code>/edit/", views.agreement_form_view, name="edit"),
    path("events/", views.event_list_view, name="events"),
    path("events/new/", views.event_form_view, name="event-create"),
    path("events/lookup/", views.event_lookup_view, name="event-lookup"),
    path("events/<slug:slug>/", views.event_detail_view, name="event"),
    path("events/<slug:slug>/edit/", views.event_form_view, name="event-edit"),
]
