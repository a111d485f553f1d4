"""Agreement and event pages: lists with filters, detail pages with their history, the
create/edit forms (through the services) and the type-ahead searches their pickers call."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from keruen.agreements.filters import AGREEMENT_LISTING, EVENT_LISTING
from keruen.agreements.forms import (
    AGREEMENT_FORM_FIELDS,
    EVENT_FORM_FIELDS,
    AgreementForm,
    EventForm,
)
from keruen.agreements.models import Agreement, AgreementParty, Event
from keruen.agreements.selectors import AgreementFilters, EventFilters, agreement_list, event_list
from keruen.agreements.services import (
    agreement_create,
    agreement_update,
    event_create,
    event_slug_for,
    event_update,
)
from keruen.parties.models import Organization
from keruen.parties.sections import Section
from keruen.projects.selectors import project_list
from keruen.web.changes import changes
from keruen.web.forms import (
    EditForm,
    lookup_response,
    record_form_page,
    refuse_out_of_scope,
)
from keruen.web.pages import first_or_404


@require_GET
def agreement_list_view(request: HttpRequest) -> HttpResponse:
    return AGREEMENT_LISTING.render(
        request,
        "agreements/agreement_list.html",
        "agreements/_agreement_results.html",
        columns=[
            ("code", _("Code")),
            ("title", _("Title")),
            ("signed_on", _("Signed on")),
            ("", _("Region")),
            ("status", _("Status")),
            ("value", _("Value")),
        ],
    )


@require_GET
def agreement_detail_view(request: HttpRequest, code: str) -> HttpResponse:
    agreement = first_or_404(
        agreement_list(user=request.user)
        .filter(code=code)
        .select_related("value_fx", "value_fx__currency")
        .prefetch_related("portfolios", "sources"),
        _("No agreement %(code)s, or you may not see it.") % {"code": code},
    )
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
    return EVENT_LISTING.render(
        request,
        "agreements/event_list.html",
        "agreements/_event_results.html",
        columns=[
            ("starts_on", _("Date")),
            ("title", _("Title")),
            ("kind", _("Kind")),
            ("", _("Place")),
        ],
    )


@require_GET
def event_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    event = first_or_404(
        event_list(user=request.user).filter(slug=slug).prefetch_related("participants", "sources"),
        _("No event %(code)s, or you may not see it.") % {"code": slug},
    )
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


# --- create and edit ---------------------------------------------------------------------------


def _save_event(request: HttpRequest, event: Event | None) -> Any:
    def save(form: EditForm) -> tuple[Event, bool]:
        values = form.changed(EVENT_FORM_FIELDS)
        reason = form.cleaned_data["reason"]
        if event is None:
            values["participants"] = values["participants"] or []
            saved = event_create(
                actor=request.user,
                reason=reason,
                slug=event_slug_for(values["title"], values["starts_on"]),
                **values,
            )
            changed = True
        else:
            saved, changed = event_update(actor=request.user, reason=reason, event=event, **values)
        refuse_out_of_scope(request.user, saved)
        return saved, changed

    return save


@login_required
@require_http_methods(["GET", "POST"])
def event_form_view(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """`/events/new/` and `/events/<slug>/edit/`."""
    event = None
    if slug is not None:
        event = first_or_404(
            event_list(user=request.user).filter(slug=slug),
            _("No event %(code)s, or you may not see it.") % {"code": slug},
        )
    return record_form_page(
        request,
        EventForm,
        event,
        new={"kind": Event.Kind.FORUM},
        save=_save_event(request, event),
        headings=(_("New event"), _("Edit event")),
        label=lambda e: e.localized_title(),
        back=("agreements:events", _("Events")),
    )


def _save_agreement(request: HttpRequest, agreement: Agreement | None) -> Any:
    def save(form: EditForm) -> tuple[Agreement, bool]:
        assert isinstance(form, AgreementForm)
        values = form.changed(AGREEMENT_FORM_FIELDS)
        values.pop("parties", None)
        if "value_currency" in values:
            values["value_currency"] = values["value_currency"] or None
        reason = form.cleaned_data["reason"]
        parties = form.party_inputs()
        if agreement is None:
            saved = agreement_create(
                actor=request.user, reason=reason, parties=parties or [], **values
            )
            changed = True
        else:
            saved, changed = agreement_update(
                actor=request.user, reason=reason, agreement=agreement, parties=parties, **values
            )
        refuse_out_of_scope(request.user, saved)
        return saved, changed

    return save


@login_required
@require_http_methods(["GET", "POST"])
def agreement_form_view(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """`/agreements/new/` and `/agreements/<code>/edit/`."""
    agreement = None
    if code is not None:
        agreement = first_or_404(
            agreement_list(user=request.user).filter(code=code),
            _("No agreement %(code)s, or you may not see it.") % {"code": code},
        )
    return record_form_page(
        request,
        AgreementForm,
        agreement,
        new={"kind": Agreement.Kind.COMMERCIAL, "status": Agreement.Status.SIGNED},
        save=_save_agreement(request, agreement),
        headings=(_("New agreement"), _("Edit agreement")),
        label=lambda a: a.code,
        back=("agreements:list", _("Agreements")),
        events=event_list(user=request.user),
        projects=project_list(user=request.user),
    )


@require_GET
def event_lookup_view(request: HttpRequest) -> HttpResponse:
    """Events the reader may see whose title (kk/ru/en), slug or place holds `q`."""
    rows = event_list(user=request.user, filters=EventFilters(q=request.GET.get("q") or None))
    return lookup_response(
        request,
        rows,
        value=lambda e: e.slug,
        text=lambda e: f"{e.localized_title()} ({e.starts_on:%Y-%m-%d})",
    )


@require_GET
def agreement_lookup_view(request: HttpRequest) -> HttpResponse:
    rows = agreement_list(
        user=request.user, filters=AgreementFilters(q=request.GET.get("q") or None)
    )
    return lookup_response(request, rows, value=lambda a: a.code, text=str)
