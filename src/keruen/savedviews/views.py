"""Pages: my views and those shared with me; save the current filters of a list; open, export,
set as home, delete. Following a view is the notifications app's *Follow* (kind `view`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keruen.accounts.models import Role
from keruen.core.commands import validation_message
from keruen.notifications.selectors import subscription_list
from keruen.savedviews import selectors, services
from keruen.savedviews.lists import LISTS
from keruen.savedviews.models import SavedView


def _view(request: HttpRequest, pk: int) -> SavedView:
    view = selectors.savedview_get(user=request.user, pk=pk)
    if view is None:
        raise Http404
    return view


@login_required
def view_list(request: HttpRequest) -> HttpResponse:
    followed = set(
        subscription_list(user=request.user).filter(kind="view").values_list("key", flat=True)
    )
    home = selectors.home_view(user=request.user)
    rows = [
        {
            "view": v,
            "list": LISTS[v.list].label,
            "mine": v.owner_id == request.user.pk,
            "followed": str(v.pk) in followed,
            "home": home is not None and home.pk == v.pk,
            "export": selectors.export_url(v),
            "problems": selectors.problems(user=request.user, view=v),
        }
        for v in selectors.savedview_list(user=request.user)
    ]
    return render(
        request,
        "savedviews/view_list.html",
        {"rows": rows, "home": home, "roles": Role.choices},
    )


@login_required
@require_POST
def view_save(request: HttpRequest) -> HttpResponse:
    p = request.POST
    try:
        view = services.savedview_create(
            owner=request.user,
            name=p.get("name", ""),
            list=p.get("list", ""),
            query=p.get("query", ""),
            shared_with_role=p.get("shared_with_role", ""),
            shared_with_all=p.get("shared_with_all") == "on",
        )
    except ValidationError as e:
        messages.error(request, validation_message(e))
    else:
        messages.success(request, _("Saved the view %(name)s.") % {"name": view.name})
    return redirect("savedviews:list")


@login_required
def view_open(request: HttpRequest, pk: int) -> HttpResponse:
    view = _view(request, pk)
    wrong = selectors.problems(user=request.user, view=view)
    if wrong:
        messages.error(
            request,
            _("The view %(name)s cannot be opened: %(problems)s")
            % {"name": view.name, "problems": " ".join(wrong)},
        )
        return redirect("savedviews:list")
    return redirect(selectors.list_url(view))


@login_required
def view_export(request: HttpRequest, pk: int) -> HttpResponse:
    url = selectors.export_url(_view(request, pk))
    if url is None:
        raise Http404
    return redirect(url)


@login_required
@require_POST
def view_home(request: HttpRequest, pk: int) -> HttpResponse:
    view = _view(request, pk) if pk else None
    services.home_set(user=request.user, view=view)
    if view is None:
        messages.success(request, _("Your home is your role's again."))
    else:
        messages.success(request, _("%(name)s opens as your home.") % {"name": view.name})
    return redirect("savedviews:list")


@login_required
@require_POST
def view_delete(request: HttpRequest, pk: int) -> HttpResponse:
    view = _view(request, pk)
    try:
        services.savedview_delete(user=request.user, view=view)
    except ValidationError as e:
        messages.error(request, validation_message(e))
    else:
        messages.success(request, _("Deleted the view %(name)s.") % {"name": view.name})
    return redirect("savedviews:list")
