from django.urls import path

from keruen.imports import views

urlpatterns = [
    path("imports/", views.import_upload_view, name="import-upload"),
    path("imports/<str:token>/", views.import_preview_view, name="import-preview"),
]
