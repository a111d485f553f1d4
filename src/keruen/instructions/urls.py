from django.urls import path

from keruen.instructions import views

app_name = "instructions"

urlpatterns = [
    path("instructions/", views.instruction_list, name="list"),
    path("instructions/scorecard/", views.scorecard, name="scorecard"),
    path("instructions/new/", views.instruction_form_view, name="create"),
    path("instructions/<int:pk>/edit/", views.instruction_form_view, name="edit"),
    path("instructions/<int:pk>/", views.instruction_detail, name="detail"),
    path("instructions/<int:pk>/report", views.instruction_report, name="report"),
    path("instructions/<int:pk>/close", views.instruction_close, name="close"),
    path("instructions/<int:pk>/extend", views.instruction_extend, name="extend"),
    path("instructions/<int:pk>/escalate", views.instruction_escalate, name="escalate"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/<slug:slug>/", views.meeting_detail, name="meeting"),
    path("notifications/", views.notification_list, name="notifications"),
]
