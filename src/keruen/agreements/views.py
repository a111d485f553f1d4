"""Agreement and event pages: lists with filters and detail pages with their history."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from keruen.agreements.filters import (
    AGREEMENT_SORTS,
    EVENT_SORTS,
    AgreementFilterForm,
    EventFilterForm,
)
from keruen.agreements.models import AgreementParty
from keruen.agreements.selectors import agreement_list, event_list
from keruen.parties.models import Organization
from keruen.parties.sections import Section
from keruen.projects.selectors import project_list
from keruen.web.changes import changes
from keruen.web.listing import render_list


@require_GET
def agreement_list_view(request: HttpRequest) -> HttpResponse:
    form = AgreementFilterForm(request.GET or None)
    qs = agreement_list(user=request.user, filters=form.filters())
    return render_list(
        request,
        template="agreements/agreement_list.html",
        results_template="agreements/_agreement_results.html",
        qs=qs,
        sorts=AGREEMENT_SORTS,
        default_sort="code",
        context={
            "form": form,
            "columns": [
                ("code", _("Code")),
                ("title", _("Title")),
                ("signed_on", _("Signed on")),
                ("", _("Region")),
                ("status", _("Status")),
                ("value", _("Value")),
            ],
        },
    )


@require_GET
def agreement_detail_view(request: HttpRequest, code: str) -> HttpResponse:
    agreement = (
        agreement_list(user=request.user)
        .filter(code=code)
        .select_related("value_fx", "value_fx__currency")
        .prefetch_related("portfolios", "sources")
        .first()
    )
    if agreement is None:
        raise Http404(_("No agreement %(code)s, or you may not see it.") % {"code": code})
    parties = AgreementParty.objects.filter(agreement=agreement).select_related(
        "organization", "organization__country"
    )
    projects = (
        project_list(user=request.user).filter(agreements=agreement).prefetch_related("regions")
    )
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "agreement": agreement,
            "parties": parties,
            "projects": projects,
            "history": changes(agreement),
        },
    )


@require_GET
def event_list_view(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    qs = form.narrow(event_list(user=request.user, filters=form.filters()))
    return render_list(
        request,
        template="agreements/event_list.html",
        results_template="agreements/_event_results.html",
        qs=qs,
        sorts=EVENT_SORTS,
        default_sort="-starts_on",
        context={
            "form": form,
            "columns": [
                ("starts_on", _("Date")),
                ("title", _("Title")),
                ("kind", _("Kind")),
                ("", _("Place")),
            ],
        },
    )


@require_GET
def event_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    event = (
        event_list(user=request.user)
        .filter(slug=slug)
        .prefetch_related("participants", "sources")
        .first()
    )
    if event is None:
        raise Http404(_("No event %(code)s, or you may not see it.") % {"code": slug})
    agreements = agreement_list(user=request.user).filter(event=event)
    return render(
        request,
        "agreements/event_detail.html",
        {"event": event, "agreements": agreements, "history": changes(event)},
    )


def organization_agreements_section(org: Organization, user: Any) -> Section:
    """The agreements `org` is a party to, on its page (the first 50)."""
    agreements = agreement_list(user=user).filter(parties__organization=org).distinct()
    return Section("agreements/_organization_agreements.html", {"agreements": agreements[:50]})
