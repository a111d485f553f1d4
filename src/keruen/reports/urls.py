from django.urls import path

from keruen.reports import views

urlpatterns = [path("", views.landing, name="dashboard")]
