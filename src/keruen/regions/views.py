"""Region pages: the national table of scorecards (sortable by every column), a region's page
(scorecard, map, initiatives, projects, agreements, instructions), and the initiative pages with
their moves. Reads through the selectors, writes through the services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from keruen.agreements.selectors import AgreementFilters, agreement_list
from keruen.instructions.selectors import InstructionFilters, instruction_list
from keruen.projects.figures import coverage
from keruen.projects.selectors import ProjectFilters, project_list
from keruen.reference.models import Region
from keruen.regions.charts import scorecard_map
from keruen.regions.filters import initiative_filters, initiative_selection, initiative_totals
from keruen.regions.forms import InitiativeForm, TransitionForm
from keruen.regions.models import Initiative, InitiativeStatus
from keruen.regions.scorecard import LaggingRule, RegionScorecard, region_scorecards_and_national
from keruen.regions.selectors import (
    InitiativeFilters,
    initiative_candidates,
    initiative_detail_queryset,
    initiative_list,
)
from keruen.regions.services import (
    TRANSITIONS,
    allowed_actions,
    initiative_create,
    initiative_transition,
    initiative_update,
    may_create,
    may_update,
)
from keruen.web.forms import EditForm, form_page, updating
from keruen.web.pages import first_or_404
from keruen.web.templatetags.keruen_tags import num, usd

LIST_ROWS = 25


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{num(x * 100)} %"


#: The national table: (key, heading, how to show it). Every column sorts.
COLUMNS: list[tuple[str, Any, Callable[[Any], str]]] = [
    ("code", gettext_lazy("Code"), str),
    ("name", gettext_lazy("Region"), str),
    ("projects", gettext_lazy("Projects"), num),
    ("investment_usd", gettext_lazy("Investment"), usd),
    ("stalled", gettext_lazy("Stalled"), num),
    ("stalled_share", gettext_lazy("Stalled, % of active"), _pct),
    ("early_stage_share", gettext_lazy("Early stage, % of active"), _pct),
    ("advanced_since_meeting", gettext_lazy("Advanced since the meeting"), num),
    ("agreements", gettext_lazy("Agreements"), num),
    ("agreement_conversion", gettext_lazy("Agreements → projects"), _pct),
    ("initiatives_submitted", gettext_lazy("Initiatives submitted"), num),
    ("initiatives_matched", gettext_lazy("Initiatives matched"), num),
    ("instructions_overdue", gettext_lazy("Instructions overdue"), num),
    ("jobs_planned", gettext_lazy("Jobs planned"), num),
    ("jobs_created", gettext_lazy("Jobs created"), num),
    ("lagging", gettext_lazy("Lagging"), lambda v: _("yes") if v else _("no")),
]
SORTS = {key for key, _label, _show in COLUMNS}


def sort_cards(cards: list[RegionScorecard], sort: str) -> list[RegionScorecard]:
    """Sort by any column; `-key` descends; empty values last either way."""
    key = sort.lstrip("-")
    if key not in SORTS:
        key, sort = "code", "code"
    present = [c for c in cards if getattr(c, key) is not None]
    missing = [c for c in cards if getattr(c, key) is None]
    present.sort(key=lambda c: (getattr(c, key), c.code), reverse=sort.startswith("-"))
    return present + missing


@require_GET
def region_list_view(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort") or "code"
    sort = sort if sort.lstrip("-") in SORTS else "code"
    cards, national = region_scorecards_and_national(user=request.user)
    rows = [
        {"card": c, "cells": [show(getattr(c, key)) for key, _l, show in COLUMNS]}
        for c in sort_cards(cards, sort)
    ]
    heads = [
        {
            "key": key,
            "label": label,
            "sort": f"-{key}" if sort == key else key,
            "active": "ascending" if sort == key else "descending" if sort == f"-{key}" else "",
        }
        for key, label, _show in COLUMNS
    ]
    return render(
        request,
        "regions/region_list.html",
        {
            "rows": rows,
            "heads": heads,
            "sort": sort,
            "national": national,
            "national_cells": [
                "",
                national.name,
                *[show(getattr(national, key)) for key, _l, show in COLUMNS[2:-1]],
                "",
            ],
            "lagging": sum(c.lagging for c in cards),
            "coverage": coverage(user=request.user),
            "by_region": True,
            "rule": LaggingRule(),
            "map_spec": scorecard_map(cards, geo_url=reverse("web:region-geojson")),
        },
    )


@require_GET
def region_detail_view(request: HttpRequest, code: str) -> HttpResponse:
    region = first_or_404(Region.objects.filter(code=code.upper()))
    if code != region.code:
        return redirect("regions:detail", code=region.code)
    user = request.user
    cards, national = region_scorecards_and_national(user=user)
    card = next(c for c in cards if c.code == region.code)
    projects = project_list(user=user, filters=ProjectFilters(region=region.code))
    agreements = agreement_list(user=user, filters=AgreementFilters(region=region.code))
    instructions = instruction_list(user=user, filters=InstructionFilters(region=region.code))
    compare = [
        (label, show(getattr(card, key)), show(getattr(national, key)))
        for key, label, show in COLUMNS[2:-1]
    ]
    return render(
        request,
        "regions/region_detail.html",
        {
            "region": region,
            "card": card,
            "national": national,
            "compare": compare,
            "rule": LaggingRule(),
            "stages": [
                (label, card.by_stage[value]["projects"], card.by_stage[value]["investment_usd"])
                for value, label in _stage_choices()
            ],
            "initiatives": initiative_list(
                user=user, filters=InitiativeFilters(region=region.code)
            ),
            "projects": projects.order_by("-total_investment_usd", "code")[:LIST_ROWS],
            "projects_count": card.projects,
            "agreements": agreements[:LIST_ROWS],
            "agreements_count": agreements.count(),
            "instructions": instructions[:LIST_ROWS],
            "instructions_count": instructions.count(),
            "may_create": may_create(user, region.code),
            "map_spec": scorecard_map(
                cards, selected=region.code, geo_url=reverse("web:region-geojson")
            ),
        },
    )


def _stage_choices() -> list[tuple[str, Any]]:
    from keruen.projects.models import Stage

    return list(Stage.choices)


# --- initiatives -----------------------------------------------------------------------------


def _initiative(request: HttpRequest, code: str) -> Initiative:
    return first_or_404(initiative_detail_queryset(user=request.user).filter(code=code))


@require_GET
def initiative_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "regions/initiative_list.html",
        {
            "initiatives": initiative_selection(request, request.user),
            "selection": initiative_totals(request),
            "filters": initiative_filters(request),
            "statuses": InitiativeStatus.choices,
            "regions": Region.objects.order_by("code"),
            "may_create": any(may_create(request.user, r) for r in _region_codes()),
        },
    )


def _region_codes() -> list[str]:
    return list(Region.objects.order_by("code").values_list("code", flat=True))


@require_GET
def initiative_detail_view(request: HttpRequest, code: str) -> HttpResponse:
    ini = _initiative(request, code)
    actions = allowed_actions(request.user, ini)
    return render(
        request,
        "regions/initiative_detail.html",
        {
            "initiative": ini,
            "candidates": initiative_candidates(user=request.user, initiative=ini),
            "actions": [(a, TRANSITIONS[a].label) for a in actions],
            "form": (
                TransitionForm(projects=_region_projects(request, ini), instance=ini)
                if actions
                else None
            ),
            "may_update": may_update(request.user, ini),
            "history": ini.history.select_related("history_user").order_by("-history_date")[:20],
        },
    )


def _region_projects(request: HttpRequest, ini: Initiative) -> Any:
    return project_list(user=request.user, filters=ProjectFilters(region=ini.region.code))


def _form_context(heading: str, ini: Initiative | None) -> dict[str, Any]:
    return {
        "heading": heading,
        "obj": ini,
        "obj_label": ini.code if ini else "",
        "list_url": reverse("regions:initiatives"),
        "list_label": _("Initiatives"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def initiative_create_view(request: HttpRequest) -> HttpResponse:
    codes = [c for c in _region_codes() if may_create(request.user, c)]
    if not codes:
        raise PermissionDenied(_("You may not create initiatives."))
    regions = Region.objects.filter(code__in=codes).order_by("code")
    initial = {"region": request.GET.get("region"), "land": "none", "utilities": "none"}
    form = InitiativeForm(request.POST or None, regions=regions, initial=initial)

    def create(form: EditForm) -> tuple[Initiative, bool]:
        assert isinstance(form, InitiativeForm)
        ini = initiative_create(
            actor=request.user,
            reason=form.cleaned_data["reason"],
            region=form.cleaned_data["region"],
            **form.values(),
        )
        return ini, True

    return form_page(request, form, save=create, context=_form_context(_("New initiative"), None))


@login_required
@require_http_methods(["GET", "POST"])
def initiative_edit_view(request: HttpRequest, code: str) -> HttpResponse:
    ini = _initiative(request, code)
    if not may_update(request.user, ini):
        raise PermissionDenied(_("You may not change this initiative."))
    initial = {
        **{f: getattr(ini, f) for f in ("title", "title_ru", "title_kk", "description")},
        **{
            f: getattr(ini, f)
            for f in ("investment_amount", "investment_date", "jobs_planned", "land")
        },
        "utilities": ini.utilities,
        "permits": ini.permits,
        "confidentiality": ini.confidentiality,
        "investment_currency": ini.investment_currency_id,
        "sectors": [s.code for s in ini.sectors.all()],
        "partner_countries": [c.code for c in ini.partner_countries.all()],
    }
    form = InitiativeForm(request.POST or None, initial=initial, instance=ini, editing=True)

    update = updating(initiative_update, request.user, lambda f: f.values(), initiative=ini)
    heading = _("Edit initiative %(code)s") % {"code": ini.code}
    return form_page(request, form, save=update, context=_form_context(heading, ini))


@login_required
@require_POST
def initiative_transition_view(request: HttpRequest, code: str, action: str) -> HttpResponse:
    ini = _initiative(request, code)
    if action not in TRANSITIONS:
        raise Http404
    form = TransitionForm(request.POST, projects=_region_projects(request, ini), instance=ini)
    if not form.is_valid():
        for field, field_errors in form.errors.items():
            said = " ".join(str(e) for e in field_errors)
            named = field in form.fields
            messages.error(request, f"{form.fields[field].label}: {said}" if named else said)
        return redirect(ini)
    data = form.cleaned_data
    try:
        initiative_transition(
            actor=request.user,
            reason=data["reason"],
            initiative=ini,
            action=action,
            event=data.get("event"),
            investor=data.get("investor"),
            project=data.get("project"),
            on=data.get("on"),
        )
    except ValidationError as e:
        for texts in e.message_dict.values():
            messages.error(request, " ".join(str(t) for t in texts))
    else:
        messages.success(
            request,
            _("Initiative %(code)s is now %(status)s.")
            % {"code": ini.code, "status": ini.get_status_display()},
        )
    return redirect(ini)
