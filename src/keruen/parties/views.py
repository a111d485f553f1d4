"""Organization pages: the list (search in every script and alias), the detail page, the
create/edit form (through the services) and the type-ahead search every organization picker
calls."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from keruen.accounts.selectors import user_scope
from keruen.parties.filters import ORGANIZATION_LISTING
from keruen.parties.forms import FIELDS, OrganizationForm
from keruen.parties.models import Organization
from keruen.parties.sections import organization_sections
from keruen.parties.selectors import OrganizationFilters, organization_list
from keruen.parties.services import (
    organization_create,
    organization_names_set,
    organization_update,
)
from keruen.web.changes import changes
from keruen.web.forms import (
    EditForm,
    lookup_response,
    record_form_page,
    refuse_out_of_scope,
)
from keruen.web.pages import first_or_404


@require_GET
def organization_list_view(request: HttpRequest) -> HttpResponse:
    return ORGANIZATION_LISTING.render(
        request,
        "parties/organization_list.html",
        "parties/_organization_results.html",
        columns=[
            ("code", _("Code")),
            ("name", _("Name")),
            ("kind", _("Kind")),
            ("", _("Country")),
        ],
    )


@require_GET
def organization_detail_view(request: HttpRequest, code: str) -> HttpResponse:
    org = first_or_404(
        Organization.objects.select_related("country", "region", "parent")
        .prefetch_related("aliases", "identifiers", "children")
        .filter(code=code),
        _("No organization %(code)s.") % {"code": code},
    )
    return render(
        request,
        "parties/organization_detail.html",
        {
            "org": org,
            "sections": organization_sections(org, user=request.user),
            "show_identifiers": user_scope(request.user).is_coordinator,
            "history": changes(org),
        },
    )


def _save(request: HttpRequest, org: Organization | None) -> Any:
    def save(form: EditForm) -> tuple[Organization, bool]:
        assert isinstance(form, OrganizationForm)
        values = form.changed(FIELDS)
        reason = form.cleaned_data["reason"]
        if org is None:
            saved = organization_create(actor=request.user, reason=reason, **values)
        else:
            saved = organization_update(
                actor=request.user, reason=reason, organization=org, **values
            )
        names = organization_names_set(
            actor=request.user,
            reason=reason,
            organization=saved,
            aliases=form.alias_list(),
            identifiers=form.identifier_values(),
        )
        refuse_out_of_scope(request.user, saved)
        return saved, org is None or bool(values) or names

    return save


@login_required
@require_http_methods(["GET", "POST"])
def organization_form_view(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """`/organizations/new/` and `/organizations/<code>/edit/`."""
    org = None
    if code is not None:
        org = first_or_404(
            Organization.objects.filter(code=code).prefetch_related("aliases", "identifiers"),
            _("No organization %(code)s.") % {"code": code},
        )
    return record_form_page(
        request,
        OrganizationForm,
        org,
        new={"kind": Organization.Kind.COMPANY},
        save=_save(request, org),
        headings=(_("New organization"), _("Edit organization")),
        label=lambda o: o.localized_name(),
        back=("parties:list", _("Organizations")),
        show_identifiers=user_scope(request.user).is_coordinator,
    )


@require_GET
def organization_lookup_view(request: HttpRequest) -> HttpResponse:
    """Organizations whose name in any language, code or any alias (hanzi, pinyin, Cyrillic,
    Latin, abbreviations) holds `q`, for the type-ahead pickers."""
    q = (request.GET.get("q") or "").strip()
    rows = organization_list(filters=OrganizationFilters(q=q or None)).select_related("country")
    return lookup_response(
        request,
        rows.order_by("name")[:200],
        value=lambda o: o.code,
        text=lambda o: o.localized_name() + (f" · {o.country.code}" if o.country else ""),
    )
