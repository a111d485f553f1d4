"""Saved views through the service, the pages and the API; following a view of projects."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from keruen.core.models import Confidentiality
from keruen.notifications import services as notifications
from keruen.notifications.models import Notification
from keruen.notifications.tasks import notify_changes
from keruen.projects.services import project_update
from keruen.savedviews import services
from keruen.savedviews.models import SavedView
from tests.accounts.factories import bearer, make_user, token_for
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _view(owner: Any, query: str = "stage=operating", **kwargs: Any) -> SavedView:
    kwargs.setdefault("name", "Operating")
    return services.savedview_create(owner=owner, list="projects", query=query, **kwargs)


# --- The service -------------------------------------------------------------------------------


def test_filters_are_read_by_the_lists_own_form_and_bad_ones_are_named() -> None:
    owner = make_user("analyst")
    view = _view(owner, "?stage=operating&page=3&q=")
    assert view.query == "stage=operating"  # the page number and blank filters are not saved
    with pytest.raises(ValidationError, match="Filter stage"):
        _view(owner, "stage=flying", name="Bad stage")
    with pytest.raises(ValidationError, match="Unknown filter colour"):
        _view(owner, "colour=red", name="Bad key")
    with pytest.raises(ValidationError, match="Unknown list"):
        services.savedview_create(owner=owner, name="x", list="planets")
    with pytest.raises(ValidationError, match="already have a view named"):
        _view(owner)
    for list_name, query in [
        ("agreements", "status=signed"),
        ("instructions", "overdue=yes"),
        ("issues", "overdue=on"),
    ]:
        services.savedview_create(owner=owner, name="v", list=list_name, query=query)


def test_a_view_is_seen_by_its_owner_and_those_it_is_shared_with() -> None:
    owner, analyst, editor = make_user("analyst"), make_user("analyst"), make_user("coordinator")
    _view(owner, name="mine")
    _view(owner, name="analysts", shared_with_role="analyst")
    _view(owner, name="all", shared_with_all=True)
    c = _client(analyst)
    page = c.get("/views/").content.decode()
    assert "analysts" in page and "all" in page and ">mine<" not in page
    page = _client(editor).get("/views/").content.decode()
    assert "all" in page and "analysts" not in page


# --- Following a view ----------------------------------------------------------------------------


def test_a_follower_hears_when_a_project_enters_the_view_not_while_it_stays() -> None:
    inside = ProjectFactory(stage="operating")
    outside = ProjectFactory(stage="agreed")
    owner, editor = make_user("analyst"), make_user("coordinator")
    view = _view(owner)
    notifications.subscription_follow(user=owner, kind="view", key=str(view.pk), language="en")

    project_update(actor=editor, reason="opened", project=outside, stage="operating")
    project_update(actor=editor, reason="described", project=inside, description="More")
    notify_changes.call()

    (note,) = Notification.objects.filter(user=owner)
    assert note.key == outside.code
    assert "Entered your view “Operating”." in note.text
    assert "Reason: opened" in note.text


def test_a_regional_editor_following_all_projects_never_hears_of_one_outside_their_scope() -> None:
    secret = ProjectFactory(
        stage="agreed", regions=["KZ-19"], confidentiality=Confidentiality.RESTRICTED
    )
    mine = ProjectFactory(stage="agreed", regions=["KZ-61"])
    owner = make_user("coordinator")
    view = _view(owner, name="All operating projects", shared_with_all=True)
    editor = make_user("regional_editor", regions=["KZ-61"])
    notifications.subscription_follow(user=editor, kind="view", key=str(view.pk), language="en")
    for project in (secret, mine):
        project_update(actor=owner, reason="open", project=project, stage="operating")
    notify_changes.call()
    assert list(Notification.objects.filter(user=editor).values_list("key", flat=True)) == [
        mine.code
    ]


def test_only_views_one_may_open_can_be_followed() -> None:
    view = _view(make_user("analyst"))
    with pytest.raises(ValidationError, match="No view"):
        notifications.subscription_follow(user=make_user("analyst"), kind="view", key=str(view.pk))
    issues = services.savedview_create(owner=view.owner, name="i", list="issues")
    with pytest.raises(ValidationError, match="No view"):
        notifications.subscription_follow(user=view.owner, kind="view", key=str(issues.pk))


# --- Pages ---------------------------------------------------------------------------------------


def test_save_from_a_list_open_export_and_set_as_home() -> None:
    user = make_user("analyst")
    c = _client(user)
    page = c.get("/projects/?stage=operating").content.decode()
    assert 'action="/views/save"' in page and "Save this view" in page
    r = c.post("/views/save", {"name": "Ops", "list": "projects", "query": "stage=operating"})
    assert r.status_code == 302
    view = SavedView.objects.get(owner=user)
    assert c.get(f"/views/{view.pk}/").url == "/projects/?stage=operating"
    assert c.get(f"/views/{view.pk}/export").url == "/projects/export.csv?stage=operating"

    assert c.get("/").status_code == 200  # the role's home by default
    c.post(f"/views/{view.pk}/home")
    assert c.get("/").url == f"/views/{view.pk}/"
    assert c.get("/?view=role").status_code == 200
    c.post("/views/0/home")
    assert c.get("/").status_code == 200


def test_a_view_whose_stored_filters_went_bad_says_so_and_does_not_open() -> None:
    user = make_user("analyst")
    view = _view(user)
    SavedView.objects.filter(pk=view.pk).update(query="stage=flying")
    c = _client(user)
    r = c.get(f"/views/{view.pk}/", follow=True)
    assert r.redirect_chain[-1][0] == "/views/"
    assert "cannot be opened" in r.content.decode() and "Filter stage" in r.content.decode()
    c.post(f"/views/{view.pk}/home")
    assert c.get("/").url == f"/views/{view.pk}/"  # which then says what is wrong
    assert c.post(f"/views/{view.pk}/delete").status_code == 302
    assert not SavedView.objects.exists()


def test_the_view_list_page_in_russian() -> None:
    user = make_user("analyst")
    _view(user)
    c = _client(user)
    c.cookies["django_language"] = "ru"
    page = c.get("/views/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Сохранённые представления" in page


# --- API -----------------------------------------------------------------------------------------


def test_the_api_saves_lists_and_deletes_views() -> None:
    user = make_user("analyst")
    auth = bearer(token_for(user))
    c = Client()
    r = c.post(
        "/api/v1/views/",
        {"name": "Ops", "list": "projects", "query": "stage=operating"},
        content_type="application/json",
        **auth,
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["url"] == "/projects/?stage=operating" and body["problems"] == []
    r = c.post(
        "/api/v1/views/",
        {"name": "Bad", "list": "projects", "query": "stage=flying"},
        content_type="application/json",
        **auth,
    )
    assert r.status_code == 422 and "Filter stage" in r.content.decode()
    assert c.get("/api/v1/views/", **auth).json()["count"] == 1
    other = bearer(token_for(make_user("analyst")))
    assert c.get(f"/api/v1/views/{body['id']}", **other).status_code == 404
    assert c.delete(f"/api/v1/views/{body['id']}", **auth).status_code == 204


def test_follow_a_view_from_its_page_and_the_command_line() -> None:
    from django.core.management import call_command

    from keruen.notifications.models import Subscription

    owner, other = make_user("analyst"), make_user("analyst")
    view = _view(owner, shared_with_all=True)
    c = _client(owner)
    assert "Tell me when a project enters this view" in c.get("/views/").content.decode()
    c.post("/notifications/follow", {"kind": "view", "key": str(view.pk)})
    assert "Operating" in c.get("/notifications/following/").content.decode()
    call_command("follow", other.username, "view", str(view.pk))
    assert Subscription.objects.filter(kind="view", key=str(view.pk)).count() == 2


def test_a_followed_view_whose_filters_went_bad_tells_nothing_and_breaks_nothing() -> None:
    project = ProjectFactory(stage="agreed")
    owner, editor = make_user("analyst"), make_user("coordinator")
    view = _view(owner)
    notifications.subscription_follow(user=owner, kind="view", key=str(view.pk))
    SavedView.objects.filter(pk=view.pk).update(query="stage=flying")
    project_update(actor=editor, reason="opened", project=project, stage="operating")
    notify_changes.call()
    assert not Notification.objects.filter(user=owner).exists()
