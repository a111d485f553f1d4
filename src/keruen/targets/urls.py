from django.urls import path

from keruen.targets import views

urlpatterns = [
    path("targets/", views.target_list_view, name="target-list"),
    path("targets/<slug:code>/", views.target_detail_view, name="target-detail"),
    path("funnel/", views.funnel_view, name="funnel"),
]
