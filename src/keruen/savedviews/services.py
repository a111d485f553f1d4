"""Writes: saving, sharing and deleting views, one's home view; and the watch that tells the
followers of a view of projects when a project enters it."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from keruen.accounts.models import Role
from keruen.savedviews import selectors
from keruen.savedviews.lists import LISTS, clean_query
from keruen.savedviews.models import HomeView, SavedView, ViewMember


def savedview_create(
    *,
    owner: Any,
    name: str,
    list: str,
    query: str = "",
    shared_with_role: str = "",
    shared_with_all: bool = False,
) -> SavedView:
    """Save `query` (a list page's query string) of `list` as `name`; the list's own filter form
    must accept it (each problem names the filter)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("A view needs a name.")})
    if list not in LISTS:
        raise ValidationError(
            {
                "list": _("Unknown list %(list)s; one of: %(lists)s.")
                % {"list": list, "lists": ", ".join(LISTS)}
            }
        )
    if shared_with_role and shared_with_role not in Role.values:
        raise ValidationError(
            {
                "shared_with_role": _("Unknown role %(role)s; one of: %(roles)s.")
                % {"role": shared_with_role, "roles": ", ".join(Role.values)}
            }
        )
    query, wrong = clean_query(owner, list, query.lstrip("?"))
    if wrong:
        raise ValidationError({"query": " ".join(wrong)})
    try:
        with transaction.atomic():
            return SavedView.objects.create(
                owner=owner,
                name=name[:200],
                list=list,
                query=query,
                shared_with_role=shared_with_role,
                shared_with_all=shared_with_all,
            )
    except IntegrityError:
        raise ValidationError(
            {"name": _("You already have a view named %(name)s.") % {"name": name}}
        ) from None


def savedview_delete(*, user: Any, view: SavedView) -> None:
    if view.owner_id != user.pk:
        raise ValidationError(_("Only its owner may delete a view."))
    view.delete()


def home_set(*, user: Any, view: SavedView | None) -> None:
    """`/` opens `view` for `user` (None: their role's home again)."""
    if view is None:
        HomeView.objects.filter(user=user).delete()
        return
    if not selectors.savedview_visible(user, view):
        raise ValidationError(_("No such view."))
    HomeView.objects.update_or_create(user=user, defaults={"view": view})


def members_refresh(*, user: Any, view: SavedView) -> None:
    """Remember the projects `user` sees in `view` now: only those entering later are news."""
    ViewMember.objects.filter(view=view, user=user).delete()
    selection = (
        selectors.project_selection(user=user, view=view)
        if view.list == SavedView.List.PROJECTS
        else None
    )
    if selection is None:
        return
    pks = selection.values_list("pk", flat=True)
    ViewMember.objects.bulk_create(
        [ViewMember(view=view, user=user, project_id=pk) for pk in pks], batch_size=2000
    )


def subscription_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """Signal receiver: a view just followed starts from what its follower sees in it."""
    if created and instance.kind == "view" and instance.key.isdigit():
        view = SavedView.objects.filter(pk=int(instance.key)).first()
        if view is not None:
            members_refresh(user=instance.user, view=view)


def projects_entered(change: Any, subscriptions: list[Any]) -> list[tuple[Any, str]]:
    """The watch of followed views on project changes (`notifications.kinds.register_watch`):
    the followers for whom the changed project now is in the view and was not before, each with
    the line that says so. Each follower's own access selects (a project they may not see never
    enters their view), and the notification is checked against it again."""
    by_view: dict[int, list[Any]] = defaultdict(list)
    for sub in subscriptions:
        if sub.key.isdigit():
            by_view[int(sub.key)].append(sub)
    told = []
    views = SavedView.objects.filter(pk__in=by_view, list=SavedView.List.PROJECTS)
    for view in views:
        for sub in by_view[view.pk]:
            user = sub.user
            selection = (
                selectors.project_selection(user=user, view=view)
                if selectors.savedview_visible(user, view)
                else None
            )
            now = selection is not None and selection.filter(pk=change.pk).exists()
            member = ViewMember.objects.filter(view=view, user=user, project_id=change.pk)
            if not now:
                member.delete()
                continue
            if member.exists():
                continue
            ViewMember.objects.create(view=view, user=user, project_id=change.pk)
            with translation.override(sub.language):
                told.append((sub, _("Entered your view “%(view)s”.") % {"view": view.name}))
    return told
