from django.urls import path

from keruen.targets import views

app_name = "targets"

urlpatterns = [
    path("targets/", views.target_list_view, name="list"),
    path("targets/<slug:code>/", views.target_detail_view, name="detail"),
    path("funnel/", views.funnel_view, name="funnel"),
]
