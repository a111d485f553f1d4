from django.urls import path

from keruen.agreements import views

urlpatterns = [
    path("agreements/", views.agreement_list_view, name="agreement-list"),
    path("agreements/<slug:code>/", views.agreement_detail_view, name="agreement-detail"),
    path("events/", views.event_list_view, name="event-list"),
    path("events/<slug:slug>/", views.event_detail_view, name="event-detail"),
]
