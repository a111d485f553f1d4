"""Pages: the inbox, what one follows (with the e-mail mode of each), follow and unfollow."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keruen.core.commands import validation_message
from keruen.notifications import selectors, services
from keruen.notifications.kinds import KINDS
from keruen.notifications.models import Mode


def _back(request: HttpRequest, default: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = default
    return redirect(target)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.notification_mark_read(user=request.user)
        return redirect("notifications:inbox")
    rows = selectors.inbox(user=request.user)[:200]
    return render(request, "notifications/inbox.html", {"notifications": rows})


@login_required
def following(request: HttpRequest) -> HttpResponse:
    subs = []
    for sub in selectors.subscription_list(user=request.user):
        kind = KINDS.get(sub.kind)
        obj = kind.get(sub.key) if kind else None
        subs.append((sub, obj))
    return render(
        request, "notifications/following.html", {"subscriptions": subs, "modes": Mode.choices}
    )


@login_required
@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    kind, key = request.POST.get("kind", ""), request.POST.get("key", "")
    try:
        services.subscription_follow(
            user=request.user,
            kind=kind,
            key=key,
            mode=request.POST.get("mode") or Mode.DAILY,
            language=get_language(),
        )
    except ValidationError as e:
        messages.error(request, validation_message(e))
    else:
        messages.success(request, _("You follow %(key)s.") % {"key": key})
    return _back(request, "notifications:following")


@login_required
@require_POST
def unfollow(request: HttpRequest) -> HttpResponse:
    key = request.POST.get("key", "")
    if services.subscription_unfollow(
        user=request.user, kind=request.POST.get("kind", ""), key=key
    ):
        messages.success(request, _("You no longer follow %(key)s.") % {"key": key})
    return _back(request, "notifications:following")
