from django.urls import path

from keruen.api.api import api

urlpatterns = [path("api/v1/", api.urls)]
