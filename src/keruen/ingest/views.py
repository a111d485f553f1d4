"""The review pages: the queue, a document with its proposed facts, conflicts side by side."""

from __future__ import annotations

import itertools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keruen.accounts.policy import may_write
from keruen.ingest import selectors, services
from keruen.ingest.forms import AcceptForm, CorrectForm, PasteForm, RejectForm
from keruen.ingest.models import Document, Fact
from keruen.ingest.sources import IngestItem


def _segments(doc: Document, facts: list[Fact]) -> list[tuple[str, list[Fact]]]:
    """The text cut at fact boundaries: (piece, facts covering it), for highlighting."""
    cuts = sorted({0, len(doc.text), *(f.char_start for f in facts), *(f.char_end for f in facts)})
    out = []
    for a, b in itertools.pairwise(cuts):
        covering = [f for f in facts if f.char_start <= a and b <= f.char_end]
        out.append((doc.text[a:b], covering))
    return out


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    form = PasteForm(request.POST or None)
    if request.method == "POST":
        if not may_write(request.user):
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            result = services.document_ingest(
                actor=request.user,
                item=IngestItem(
                    text=d["text"],
                    title=d["title"],
                    origin=_("pasted in the web interface"),
                    url=d["url"] or "",
                    publisher=d["publisher"] or "",
                    published_on=d["published_on"],
                ),
            )
            return redirect("ingest:document", pk=result.document.pk)
    docs = selectors.document_list(user=request.user, status=request.GET.get("status"))[:200]
    conflicts = selectors.fact_groups(user=request.user, conflicts_only=True)
    return render(
        request,
        "ingest/queue.html",
        {
            "documents": docs,
            "form": form,
            "conflicts": len(conflicts),
            "may_review": may_write(request.user),
        },
    )


@login_required
def document(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.document_list(user=request.user).filter(pk=pk).first()
    if doc is None:
        raise Http404
    facts = list(selectors.fact_list(user=request.user, document=doc))
    may_review = may_write(request.user)
    for f in facts:  # each fact's form, prefilled with what the extractor matched
        if may_review and f.status == Fact.Status.PROPOSED:
            f.accept_form = AcceptForm.for_fact(f, user=request.user)  # type: ignore[attr-defined]
    return render(
        request,
        "ingest/document.html",
        {
            "doc": doc,
            "facts": facts,
            "segments": _segments(doc, facts),
            "reject_form": RejectForm(),
            "correct_form": CorrectForm(),
            "may_review": may_review,
        },
    )


@login_required
def conflicts(request: HttpRequest) -> HttpResponse:
    groups = selectors.fact_groups(user=request.user, conflicts_only=False)
    return render(
        request, "ingest/conflicts.html", {"groups": groups, "may_review": may_write(request.user)}
    )


def _fact(request: HttpRequest, pk: int) -> Fact:
    fact = selectors.fact_list(user=request.user).filter(pk=pk).first()
    if fact is None:
        raise Http404
    return fact


@login_required
@require_POST
def fact_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    fact = _fact(request, pk)
    forms = {"accept": AcceptForm, "reject": RejectForm, "correct": CorrectForm}
    form = forms[action](request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        d = form.cleaned_data
        if action == "accept":
            services.fact_accept(
                actor=request.user,
                fact=fact,
                target=form.target(),  # type: ignore[attr-defined]
                note=d.get("note", ""),
            )
            messages.success(request, _("Fact accepted into the registry."))
        elif action == "reject":
            services.fact_reject(actor=request.user, fact=fact, reason=d["reason"])
            messages.success(request, _("Fact rejected."))
        else:
            services.fact_correct(
                actor=request.user,
                fact=fact,
                reason=d["reason"],
                value=d.get("value"),
                currency=d.get("currency") or None,
                unit=d.get("unit") or None,
            )
            messages.success(request, _("Fact corrected."))
    except ValidationError as e:
        text = "; ".join(
            f"{k}: {v}"
            for k, vs in getattr(e, "message_dict", {"": e.messages}).items()
            for v in (vs if isinstance(vs, list) else [vs])
        )
        messages.error(request, _("Not done: %(errors)s") % {"errors": text})
    return redirect("ingest:document", pk=fact.document_id)
