"""Pages of blocking issues: the list with filters, an issue with its moves and history, raising
one on a project. Reads through the selectors, writes through the services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from keruen.accounts.policy import VIEW, is_coordinator
from keruen.agreements.models import Event
from keruen.blockers import selectors, services
from keruen.blockers.forms import (
    ConfirmForm,
    InstructionForm,
    IssueFilterForm,
    RaiseForm,
    ReasonForm,
    RequiredReasonForm,
    ResolveForm,
)
from keruen.blockers.models import Issue
from keruen.instructions.services import almaty_today
from keruen.projects.models import Project
from keruen.web.changes import changes
from keruen.web.listing import render_list
from keruen.web.pages import first_or_404


@login_required
def issue_list_view(request: HttpRequest) -> HttpResponse:
    form = IssueFilterForm(request.GET or None)
    filters = selectors.IssueFilters.from_values(form.values() if request.GET else {})
    return render_list(
        request,
        template="blockers/issue_list.html",
        results_template="blockers/_results.html",
        qs=selectors.issue_list(user=request.user, filters=filters),
        sorts=selectors.ISSUE_SORTS.page(),
        default_sort="required_by",
        context={"form": form, "today": almaty_today()},
    )


def _service_errors(form: Any, e: ValidationError) -> None:
    """A service's ValidationError on the fields it names (the rest at the top of the form)."""
    for field, errors in e.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _get(request: HttpRequest, pk: int) -> Issue:
    try:
        return selectors.issue_get(user=request.user, pk=pk)
    except Issue.DoesNotExist as e:
        raise Http404(_("No such issue, or you may not see it.")) from e


FORMS: dict[str, type] = {
    "start": ReasonForm,
    "resolve": ResolveForm,
    "reject": RequiredReasonForm,
    "confirm": ConfirmForm,
    "escalate": RequiredReasonForm,
    "instruction": InstructionForm,
}


@login_required
def issue_detail_view(
    request: HttpRequest, pk: int, bound: dict[str, Any] | None = None
) -> HttpResponse:
    issue = _get(request, pk)
    user = request.user
    unresolved = issue.is_unresolved
    answer = services.may_answer(user, issue)
    coordinator = is_coordinator(user)
    offered = {
        "start": answer and issue.status == Issue.Status.OPEN,
        "resolve": answer and unresolved,
        "reject": answer and unresolved,
        "confirm": services.may_confirm(user, issue) and issue.status == Issue.Status.RESOLVED,
        "escalate": coordinator and unresolved,
        "instruction": coordinator and unresolved and issue.instruction_id is None,
    }
    forms = {name: (bound or {}).get(name) or FORMS[name]() for name, on in offered.items() if on}
    return render(
        request,
        "blockers/issue_detail.html",
        {"issue": issue, "forms": forms, "history": changes(issue), "today": almaty_today()},
    )


def _run(request: HttpRequest, issue: Issue, action: str, data: dict[str, Any]) -> None:
    user = request.user
    reason = data.get("reason") or ""
    moves: dict[str, Callable[[], Any]] = {
        "start": lambda: services.issue_start(actor=user, reason=reason, issue=issue),
        "resolve": lambda: services.issue_resolve(
            actor=user, issue=issue, resolution=data["resolution"]
        ),
        "reject": lambda: services.issue_reject(actor=user, reason=reason, issue=issue),
        "confirm": lambda: services.issue_confirm(
            actor=user, reason=reason, issue=issue, resolved=data["resolved"]
        ),
        "escalate": lambda: services.issue_escalate(actor=user, reason=reason, issue=issue),
        "instruction": lambda: services.issue_to_instruction(
            actor=user, issue=issue, deadline=data["deadline"], event=_meeting(data.get("meeting"))
        ),
    }
    moves[action]()


def _meeting(slug: str | None) -> Event | None:
    if not slug:
        return None
    event = Event.objects.filter(slug=slug, kind=Event.Kind.MEETING).first()
    if event is None:
        raise ValidationError({"meeting": _("No meeting %(slug)s.") % {"slug": slug}})
    return event


@login_required
@require_POST
def issue_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in FORMS:
        raise Http404
    issue = _get(request, pk)
    form = FORMS[action](request.POST)
    if form.is_valid():
        try:
            _run(request, issue, action, form.cleaned_data)
        except ValidationError as e:
            _service_errors(form, e)
        else:
            messages.success(request, _("Saved. The change is in the history below."))
            return redirect(issue)
    return issue_detail_view(request, pk, bound={action: form})


@login_required
@require_http_methods(["GET", "POST"])
def issue_raise(request: HttpRequest, code: str) -> HttpResponse:
    project = first_or_404(
        Project.objects.restrict(request.user, VIEW).filter(code=code),
        _("No project %(code)s, or you may not see it.") % {"code": code},
    )
    if not services.may_raise(request.user, project):
        raise PermissionDenied(_("You may not raise issues on this project."))
    form = RaiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            issue = services.issue_raise(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as e:
            _service_errors(form, e)
        else:
            messages.success(request, _("Issue raised."))
            return redirect(issue)
    return render(request, "blockers/issue_form.html", {"form": form, "project": project})
