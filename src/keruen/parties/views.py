"""Organization pages: the list (search in every script and alias) and the detail page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from keruen.accounts.selectors import user_scope
from keruen.parties.filters import ORGANIZATION_SORTS, OrganizationFilterForm
from keruen.parties.models import Organization
from keruen.parties.sections import organization_sections
from keruen.parties.selectors import organization_list
from keruen.web.changes import changes
from keruen.web.listing import render_list


@require_GET
def organization_list_view(request: HttpRequest) -> HttpResponse:
    form = OrganizationFilterForm(request.GET or None)
    qs = organization_list(filters=form.filters())
    return render_list(
        request,
        template="parties/organization_list.html",
        results_template="parties/_organization_results.html",
        qs=qs,
        sorts=ORGANIZATION_SORTS,
        default_sort="name",
        context={
            "form": form,
            "columns": [
                ("code", _("Code")),
                ("name", _("Name")),
                ("kind", _("Kind")),
                ("", _("Country")),
            ],
        },
    )


@require_GET
def organization_detail_view(request: HttpRequest, code: str) -> HttpResponse:
    org = (
        Organization.objects.select_related("country", "region", "parent")
        .prefetch_related("aliases", "identifiers", "children")
        .filter(code=code)
        .first()
    )
    if org is None:
        raise Http404(_("No organization %(code)s.") % {"code": code})
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
