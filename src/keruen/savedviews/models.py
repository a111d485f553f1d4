"""Saved views: a named query string of a list (projects, agreements, instructions, blocking
issues), owned by a user and shared with a role or everyone; a user's home view; and, for a
followed view of projects, which projects each follower last saw in it (so that a project
*entering* the view is news, and one already in it is not)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from keruen.accounts.models import Role
from keruen.core.fields import choice_field, owner_link, part_of
from keruen.core.models import CreatedAtMixin, PageMixin


class SavedView(PageMixin, CreatedAtMixin):
    class List(models.TextChoices):
        PROJECTS = "projects", _("projects")
        AGREEMENTS = "agreements", _("agreements")
        INSTRUCTIONS = "instructions", _("instructions")
        ISSUES = "issues", _("blocking issues")

    owner = owner_link("saved_views", _("owner"))
    name = models.CharField(_("name"), max_length=200)
    list = choice_field(_("list"), List)
    query = models.TextField(_("filters"), blank=True, help_text=_("the list's query string"))
    shared_with_role = choice_field(_("shared with role"), Role, blank=True)
    shared_with_all = models.BooleanField(_("shared with everyone"), default=False)

    class Meta:
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        ordering = ["list", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "list", "name"], name="savedviews_name_once_per_list"
            )
        ]

    def __str__(self) -> str:
        return self.name

    page_url = "savedviews:open"
    page_key = "pk"


class HomeView(models.Model):
    """The view `/` opens for its user (instead of their role's home)."""

    user = owner_link("home_view", _("user"), only_one=True)
    view = part_of(SavedView, "+", _("saved view"))

    class Meta:
        verbose_name = _("home view")
        verbose_name_plural = _("home views")

    def __str__(self) -> str:
        return f"{self.user} → {self.view}"


class ViewMember(models.Model):
    """A project a follower of a view saw in it when last checked."""

    view = part_of(SavedView, "members", _("saved view"))
    user = owner_link("+", _("user"))
    project = part_of("projects.Project", "+", _("project"))

    class Meta:
        verbose_name = _("project in a followed view")
        verbose_name_plural = _("projects in followed views")
        constraints = [
            models.UniqueConstraint(
                fields=["view", "user", "project"], name="savedviews_member_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.view}: {self.project_id}"
