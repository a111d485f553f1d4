"""Project pages: the list (filters, search, sorting, paging), the detail page with its
history, and the create/edit forms that call the services. Views stay thin: reads through the
selectors, writes through the services, access through `accounts.policy`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from keruen.accounts.policy import can, hidden_fields, may_write, restricted_visible
from keruen.agreements.models import Agreement
from keruen.parties.models import Organization
from keruen.parties.sections import Section
from keruen.projects.filters import project_selection, selection_figures
from keruen.projects.forms import InvestorsForm, MilestoneForm, ProjectForm
from keruen.projects.inference import inferred_status
from keruen.projects.models import Milestone, Project
from keruen.projects.schedule import (
    critical_slip,
    expected_on,
    forecast_completion,
    slip_days,
    template_for,
)
from keruen.projects.selectors import ProjectFilters, project_detail_queryset, project_list
from keruen.projects.services import (
    MILESTONE_FIELDS,
    milestone_create,
    milestone_update,
    project_apply_milestone_template,
    project_approve_schedule,
    project_confirm_inferred_status,
    project_create,
    project_update,
)
from keruen.web.changes import changes
from keruen.web.forms import (
    EditForm,
    form_context,
    form_page,
    lookup_response,
    require_write,
    updating,
)
from keruen.web.listing import is_results_request
from keruen.web.pages import first_or_404


def may_create(user: Any) -> bool:
    return may_write(user)


def hidden(user: Any, project: Project) -> frozenset[str]:
    """The project's fields `user` may not see (accounts.policy decides, as for the API)."""
    in_scope = project.pk in restricted_visible(user, Project, [project.pk])
    return hidden_fields(user, project, in_scope=in_scope)


@require_GET
def project_list_view(request: HttpRequest) -> HttpResponse:
    form, qs = project_selection(request)
    qs = qs.prefetch_related("regions")
    selection_totals, selection_coverage = selection_figures(request, form, qs)
    # The list's rows are the selection's records: counted once, with the figures.
    paginator = Paginator(qs, form.page_size)
    paginator.count = selection_coverage.records
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "totals": selection_totals,
        "coverage": selection_coverage,
        "form": form,
        "page": page,
        "projects": page.object_list,
        "sort": form.sort_key,
        "columns": [
            ("code", _("Code")),
            ("title", _("Title")),
            ("", _("Regions")),
            ("stage", _("Stage")),
            ("investment", _("Investment")),
            ("jobs", _("Jobs planned")),
        ],
    }
    partial = is_results_request(request)
    return render(
        request, "projects/_results.html" if partial else "projects/project_list.html", context
    )


def timeline(project: Project) -> list[dict[str, Any]]:
    """Milestones against their baseline (or, before the schedule is approved, their plan):
    done, and late (met after it, or expected after it, or the date passed unmet)."""
    today = timezone.localdate()
    out = []
    for m in project.milestones.all():
        promised = m.baseline_on or m.planned_on
        expected = expected_on(m)
        if expected and not m.actual_on:
            expected = max(expected, today)
        late_by = (expected - promised).days if promised and expected else None
        out.append(
            {
                "m": m,
                "done": m.actual_on is not None,
                "late_by": late_by if late_by and late_by > 0 else None,
                "slip": slip_days(m),
            }
        )
    return out


def schedule_context(project: Project) -> dict[str, Any]:
    """The schedule part of the project page: template on offer, forecast completion."""
    milestones = list(project.milestones.all())
    sectors = {s.code: s for s in project.sectors.all()}
    found = None if milestones else template_for(sectors)
    return {
        "milestones": timeline(project),
        "template_sector": sectors[found[0]] if found else None,
        "forecast_completion": forecast_completion(project.end_on, milestones),
        "critical_slip": critical_slip(milestones),
    }


def _in_scope_or_refuse(user: Any, project: Project) -> None:
    """After a write, inside its transaction: an editor may not move a project out of scope."""
    if not can(user, "change", project):
        raise ValidationError(
            {
                "regions": _(
                    "The project would be outside your scope (your regions or organization)."
                )
            }
        )


def _get(request: HttpRequest, code: str) -> Project:
    return first_or_404(
        project_detail_queryset(user=request.user).filter(code=code),
        _("No project %(code)s, or you may not see it.") % {"code": code},
    )


@require_GET
def project_detail_view(request: HttpRequest, code: str) -> HttpResponse:
    project = _get(request, code)
    hide = hidden(request.user, project)
    agreements = (
        Agreement.objects.restrict(request.user, "view")
        .filter(projects=project)
        .select_related("event", "value_currency")
        .order_by("code")
    )
    events = {a.event.pk: a.event for a in agreements if a.event}
    children = project_list(user=request.user).filter(parent=project)
    context = {
        "project": project,
        "agreements": agreements,
        "events": sorted(events.values(), key=lambda e: e.starts_on),
        "children": children,
        "parent": project.parent
        if project.parent_id
        and project_list(user=request.user).filter(pk=project.parent_id).exists()
        else None,
        **schedule_context(project),
        "inferred": inferred_status(project),
        "history": changes(project, hidden=hide, parts={"investors": _("Investors")}),
        "may_change": can(request.user, "change", project),
        "hidden": hide,
    }
    return render(request, "projects/project_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def project_create_view(request: HttpRequest) -> HttpResponse:
    if not may_create(request.user):
        raise PermissionDenied(_("Your role may not create projects."))
    form = ProjectForm(
        request.POST or None, initial={"stage": "announced", "counts_in_totals": True}
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                project = project_create(
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    **form.values(only_changed=False),
                )
                _in_scope_or_refuse(request.user, project)
        except ValidationError as e:
            form.add_service_errors(e)
        else:
            messages.success(request, _("Created."))
            return redirect(project)
    return render(request, "projects/project_form.html", {"form": form, "project": None})


@login_required
@require_http_methods(["GET", "POST"])
def project_edit_view(request: HttpRequest, code: str) -> HttpResponse:
    project = _get(request, code)
    if not can(request.user, "change", project):
        raise PermissionDenied(_("You may not change this project."))
    form = ProjectForm(
        request.POST or None,
        initial=ProjectForm.initial_for(project),
        instance=project,
        show_restricted="negotiation_notes" not in hidden(request.user, project),
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                _project, changed = project_update(
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    project=project,
                    **form.values(only_changed=True),
                )
                _in_scope_or_refuse(request.user, project)
        except ValidationError as e:
            form.add_service_errors(e)
        else:
            if changed:
                messages.success(request, _("Saved. The change is in the history below."))
            else:
                messages.info(request, _("Nothing changed."))
            return redirect(f"{project.get_absolute_url()}#history")
    return render(request, "projects/project_form.html", {"form": form, "project": project})


def _project_move(
    service: Any,
    done: Promise,
    anchor: str = "history",
    *,
    posted: tuple[str, ...] = (),
    default_reason: Promise | None = None,
) -> Any:
    """The POST view of a project's move by an editor: `service(actor=, reason=, project=, <the
    `posted` fields>)`, with the form's reason (or `default_reason`); the service's refusal or
    `done` as a message, back to the project page at `anchor`."""

    @login_required
    @require_POST
    def view(request: HttpRequest, code: str) -> HttpResponse:
        project = _get(request, code)
        if not can(request.user, "change", project):
            raise PermissionDenied(_("You may not change this project."))
        reason = request.POST.get("reason", "") or str(default_reason or "")
        try:
            service(
                actor=request.user,
                reason=reason,
                project=project,
                **{f: request.POST.get(f, "") for f in posted},
            )
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, str(done))
        return redirect(f"{project.get_absolute_url()}#{anchor}")

    return view


#: An editor turns the inferred status into the declared stage (with their reason).
project_confirm_inferred_view = _project_move(
    project_confirm_inferred_status,
    gettext_lazy("Stage changed. The change is in the history below."),
    posted=("status",),
)
#: An editor records the approval of the schedule: the milestones' baseline freezes.
project_approve_schedule_view = _project_move(
    project_approve_schedule,
    gettext_lazy("Schedule approved: the planned dates are now the baseline."),
    "h-milestones",
)
#: An editor adds the milestones its sector's template proposes.
milestone_template_view = _project_move(
    project_apply_milestone_template,
    gettext_lazy("Milestones added from the template: adjust their dates."),
    "h-milestones",
    default_reason=gettext_lazy("Milestones from the sector template"),
)


def organization_projects_section(org: Organization, user: Any) -> Section:
    """The projects `org` invests in, on its page (the first 50 and how many in all)."""
    projects = project_list(user=user, filters=ProjectFilters(investor=org.code))
    return Section(
        "projects/_organization_projects.html",
        {
            "org": org,
            "projects": projects.prefetch_related("regions")[:50],
            "count": projects.count(),
        },
    )


@require_GET
def project_lookup_view(request: HttpRequest) -> HttpResponse:
    """Projects the reader may see whose title (kk/ru/en), code or investor (any alias) holds
    `q`, for the type-ahead pickers."""
    q = (request.GET.get("q") or "").strip()
    rows = project_list(user=request.user, filters=ProjectFilters(q=q or None))
    return lookup_response(request, rows, value=lambda p: p.code, text=str)


def _part_page(project: Project, heading: str) -> dict[str, Any]:
    return form_context(heading, project, project.code, "projects:list", _("Projects"))


@login_required
@require_http_methods(["GET", "POST"])
def project_investors_view(request: HttpRequest, code: str) -> HttpResponse:
    """`/projects/<code>/investors/`: add an investor by name with role and share, or remove."""
    project = _get(request, code)
    require_write(request.user, project)
    form = InvestorsForm(request.POST or None, project=project)
    investors = updating(
        project_update, request.user, lambda f: {"investors": f.investors()}, project=project
    )
    return form_page(
        request,
        form,
        save=investors,
        context=_part_page(project, _("Investors of %(code)s") % {"code": project.code}),
        after=lambda p: f"{p.get_absolute_url()}#h-investors",
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_form_view(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    """`/projects/<code>/milestones/new/` and `/projects/<code>/milestones/<pk>/edit/`."""
    project = _get(request, code)
    require_write(request.user, project)
    milestone = None
    if pk is not None:
        milestone = first_or_404(
            Milestone.objects.filter(project=project, pk=pk), _("No such milestone.")
        )
    initial = {n: getattr(milestone, n) for n in MILESTONE_FIELDS} if milestone else {}
    form = MilestoneForm(request.POST or None, initial=initial, instance=project)

    def save(f: EditForm) -> tuple[Project, bool]:
        values = {n: f.cleaned_data[n] for n in MILESTONE_FIELDS}
        reason = f.cleaned_data["reason"]
        if milestone is None:
            milestone_create(actor=request.user, reason=reason, project=project, **values)
        else:
            milestone_update(actor=request.user, reason=reason, milestone=milestone, **values)
        return project, True

    heading = _("Edit milestone") if milestone else _("New milestone")
    return form_page(
        request,
        form,
        save=save,
        context=_part_page(project, f"{heading} · {project.code}"),
        after=lambda p: f"{p.get_absolute_url()}#h-milestones",
    )
