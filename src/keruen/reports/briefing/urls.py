from django.urls import path

from keruen.reports.briefing import views

urlpatterns = [path("brief/", views.brief, name="brief")]
