from django.urls import path

from keruen.agreements import views

app_name = "agreements"

urlpatterns = [
    path("agreements/", views.agreement_list_view, name="list"),
    path("agreements/<slug:code>/", views.agreement_detail_view, name="detail"),
    path("events/", views.event_list_view, name="events"),
    path("events/<slug:slug>/", views.event_detail_view, name="event"),
]
