from django.urls import path

from keruen.blockers import views

app_name = "blockers"

urlpatterns = [
    path("issues/", views.issue_list, name="list"),
    path("issues/<int:pk>/", views.issue_detail, name="detail"),
    path("issues/<int:pk>/<slug:action>", views.issue_act, name="act"),
    path("issues/raise/<slug:code>/", views.issue_raise, name="raise"),
]
