from django.urls import path

from keruen.projects import views

app_name = "projects"

urlpatterns = [
    path("projects/", views.project_list_view, name="list"),
    path("projects/new/", views.project_create_view, name="create"),
    path("projects/lookup/", views.project_lookup_view, name="lookup"),
    path("projects/<slug:code>/", views.project_detail_view, name="detail"),
    path("projects/<slug:code>/edit/", views.project_edit_view, name="edit"),
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
