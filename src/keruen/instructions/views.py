"""Web pages: the instruction list with filters, a meeting with its instructions, an instruction
with its reports, extensions and history, and the forms executors and coordinators act with."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from keruen.accounts.policy import can, is_coordinator
from keruen.agreements.models import Event
from keruen.instructions import selectors, services
from keruen.instructions.filters import INSTRUCTION_LISTING
from keruen.instructions.forms import (
    INSTRUCTION_FORM_FIELDS,
    CloseForm,
    EscalateForm,
    ExtendForm,
    InstructionForm,
    ReportForm,
)
from keruen.instructions.models import Instruction
from keruen.web.changes import changes
from keruen.web.forms import EditForm, form_context, form_page


def instruction_list_view(request: HttpRequest) -> HttpResponse:
    form = INSTRUCTION_LISTING.form(request)
    qs = INSTRUCTION_LISTING.selection(request, request.user, form)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "instructions/instruction_list.html",
        {
            "form": form,
            "page": page,
            "selection": INSTRUCTION_LISTING.totals(request, form),
            "query": query.urlencode(),
            "today": services.almaty_today(),
            "may_issue": is_coordinator(request.user),
        },
    )


def _get(request: HttpRequest, pk: int) -> Instruction:
    try:
        return selectors.instruction_get(user=request.user, pk=pk)
    except Instruction.DoesNotExist as e:
        raise Http404(_("No such instruction, or you may not see it.")) from e


def instruction_detail_view(
    request: HttpRequest, pk: int, forms: dict[str, Any] | None = None
) -> HttpResponse:
    i = _get(request, pk)
    may_change = can(request.user, "change", i)
    may_report = can(request.user, "report", i) and i.status != Instruction.Status.CLOSED
    context = {
        "i": i,
        "today": services.almaty_today(),
        "reports": i.reports.select_related("organization", "author").prefetch_related(
            "attachments"
        ),
        "extensions": i.extensions.select_related("approved_by"),
        "history": changes(i),
        "may_change": may_change and i.status != Instruction.Status.CLOSED,
        "may_edit": is_coordinator(request.user) and i.status != Instruction.Status.CLOSED,
        "may_report": may_report,
        "report_form": ReportForm(),
        "close_form": CloseForm(),
        "extend_form": ExtendForm(),
        "escalate_form": EscalateForm(initial={"escalated": not i.escalated}),
        **(forms or {}),
    }
    return render(request, "instructions/instruction_detail.html", context)


def _act(request: HttpRequest, pk: int, form_name: str, form: Any, run: Any) -> HttpResponse:
    i = _get(request, pk)
    if form.is_valid():
        try:
            run(i, form)
        except ValidationError as e:
            for field, errors in e.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Saved."))
            return redirect("instructions:detail", pk=pk)
    return instruction_detail_view(request, pk, forms={form_name: form})


@login_required
@require_POST
def instruction_report(request: HttpRequest, pk: int) -> HttpResponse:
    def run(i: Instruction, form: ReportForm) -> None:
        upload = form.cleaned_data.get("attachment")
        services.instruction_report(
            actor=request.user,
            instruction=i,
            text=form.cleaned_data["text"],
            links=form.link_list(),
            final=form.cleaned_data["final"],
            files=[services.Upload(upload.name, upload)] if upload else [],
        )

    return _act(request, pk, "report_form", ReportForm(request.POST, request.FILES), run)


def _coordinator_action(form_class: type[Any], form_name: str, service: Any, *fields: str) -> Any:
    """The POST view of a coordinator's move: `service(actor=, reason=, instruction=, <field>=)`
    with the reason and `fields` of a valid `form_class` (the form shown again otherwise)."""

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        def run(i: Instruction, form: Any) -> None:
            data = form.cleaned_data
            service(
                actor=request.user,
                reason=data["reason"],
                instruction=i,
                **{f: data[f] for f in fields},
            )

        return _act(request, pk, form_name, form_class(request.POST), run)

    return view


instruction_close = _coordinator_action(CloseForm, "close_form", services.instruction_close)
instruction_extend = _coordinator_action(
    ExtendForm, "extend_form", services.instruction_extend, "new_deadline"
)
instruction_escalate = _coordinator_action(
    EscalateForm, "escalate_form", services.instruction_escalate, "escalated"
)


def meeting_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "instructions/meeting_list.html",
        {"meetings": selectors.meeting_list(user=request.user)},
    )


def meeting_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        meeting = selectors.meeting_get(user=request.user, slug=slug)
    except Event.DoesNotExist as e:
        raise Http404(_("No such meeting.")) from e
    rows = selectors.instruction_list(
        user=request.user, filters=selectors.InstructionFilters(meeting=slug)
    )
    return render(
        request,
        "instructions/meeting_detail.html",
        {
            "meeting": meeting,
            "instructions": rows,
            "agenda": selectors.instruction_escalated(user=request.user),
            "today": services.almaty_today(),
        },
    )


def scorecard(request: HttpRequest) -> HttpResponse:
    by = "region" if request.GET.get("by") == "region" else "executor"
    select = (
        selectors.instruction_scorecard_by_region
        if by == "region"
        else selectors.instruction_scorecard_by_executor
    )
    return render(
        request,
        "instructions/scorecard.html",
        {"cards": select(user=request.user), "by": by},
    )


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.notification_list(user=request.user)[:200]
    return render(request, "instructions/notification_list.html", {"notifications": rows})


def _save(request: HttpRequest, instruction: Instruction | None) -> Any:
    def save(form: EditForm) -> tuple[Instruction, bool]:
        values = form.changed(INSTRUCTION_FORM_FIELDS)
        reason = form.cleaned_data["reason"]
        if instruction is None:
            return services.instruction_create(actor=request.user, reason=reason, **values), True
        values.pop("deadline", None)
        return services.instruction_update(
            actor=request.user, reason=reason, instruction=instruction, **values
        )

    return save


@login_required
@require_http_methods(["GET", "POST"])
def instruction_form_view(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """`/instructions/new/` and `/instructions/<pk>/edit/` (coordinators issue and edit)."""
    instruction = _get(request, pk) if pk is not None else None
    if not is_coordinator(request.user) or (
        instruction is not None and not can(request.user, "change", instruction)
    ):
        raise PermissionDenied(_("Only coordinators issue and edit instructions."))
    form = InstructionForm(
        request.POST or None,
        initial=InstructionForm.initial_for(instruction) if instruction else {},
        instance=instruction,
        user=request.user,
    )
    heading = (
        _("Edit instruction %(number)s") % {"number": instruction.number}
        if instruction
        else _("New instruction")
    )
    return form_page(
        request,
        form,
        save=_save(request, instruction),
        context=form_context(
            heading,
            instruction,
            instruction.number if instruction else "",
            "instructions:list",
            _("Instructions"),
        ),
    )
