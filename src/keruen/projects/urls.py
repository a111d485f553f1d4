from django.urls import path

from keruen.projects import views
from keruen.web.routes import entity_routes

app_name = "projects"

urlpatterns = [
    *entity_routes(views, "project", "projects/<slug:code>/"),
    path("projects/<slug:code>/investors/", views.project_investors_view, name="investors"),
    path("projects/<slug:code>/milestones/new/", views.milestone_form_view, name="milestone-new"),
    path(
        "projects/<slug:code>/milestones/<int:pk>/edit/",
        views.milestone_form_view,
        name="milestone-edit",
    ),
    path(
        "projects/<slug:code>/milestones/template/",
        views.milestone_template_view,
        name="milestone-template",
    ),
    path(
        "projects/<slug:code>/approve-schedule/",
        views.project_approve_schedule_view,
        name="approve-schedule",
    ),
    path(
        "projects/<slug:code>/confirm-inferred/",
        views.project_confirm_inferred_view,
        name="confirm-inferred",
    ),
]
