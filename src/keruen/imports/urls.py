from django.urls import path

from keruen.imports import views

app_name = "imports"

urlpatterns = [
    path("imports/", views.import_upload_view, name="upload"),
    path("imports/<str:token>/", views.import_preview_view, name="preview"),
]
