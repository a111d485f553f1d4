"""The web upload: choose a file → preview what would be created, updated, unchanged, or wrong →
confirm. The preview is a dry run of the same import the command line and the API run."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from keruen.accounts.policy import is_coordinator
from keruen.imports.kinds import KINDS
from keruen.imports.readers import FileRejected
from keruen.imports.services import import_run
from keruen.imports.uploads import upload_discard, upload_get, upload_store


def may_import(user: Any) -> bool:
    """Imports write across regions and organizations: coordinators and administrators only."""
    return is_coordinator(user) and bool(getattr(user, "is_authenticated", False))


#: What each kind of file is called on the page (the kind's own name is the CLI's and the API's).
KIND_LABELS = {
    "projects": gettext_lazy("Projects"),
    "agreements": gettext_lazy("Agreements"),
    "events": gettext_lazy("Events"),
    "organizations": gettext_lazy("Organizations"),
    "fx-rates": gettext_lazy("Exchange rates"),
}


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What the file holds"),
        choices=[(k, KIND_LABELS.get(k, k)) for k in KINDS],
    )
    file = forms.FileField(label=gettext_lazy("CSV or XLSX file"))
    mapping = forms.FileField(
        label=gettext_lazy("Mapping file (TOML), for other column names"), required=False
    )
    sheet = forms.CharField(label=gettext_lazy("Sheet (XLSX)"), required=False, max_length=100)
    no_new_organizations = forms.BooleanField(
        label=gettext_lazy("Refuse organizations Keruen does not know yet"), required=False
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason (kept in the history)"), required=False, max_length=300
    )


def _run(user: Any, token: str, *, dry_run: bool) -> Any:
    path, meta, mapping = upload_get(token)
    return import_run(
        actor=user,
        kind=meta["kind"],
        source=path,
        name=meta["name"],
        reason=meta.get("reason") or None,
        dry_run=dry_run,
        mapping=mapping,
        sheet=meta.get("sheet") or None,
        allow_new_organizations=not meta.get("no_new_organizations"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_upload_view(request: HttpRequest) -> HttpResponse:
    if not may_import(request.user):
        raise PermissionDenied(_("Only coordinators import files."))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            token = upload_store(
                upload,
                name=upload.name,
                options={
                    "kind": data["kind"],
                    "sheet": data["sheet"],
                    "no_new_organizations": data["no_new_organizations"],
                    "reason": data["reason"],
                },
                mapping=data["mapping"],
            )
        except FileRejected as e:
            form.add_error("file", str(e))
        else:
            return redirect("imports:preview", token=token)
    return render(request, "imports/upload.html", {"form": form, "kinds": KINDS})


@login_required
@require_http_methods(["GET", "POST"])
def import_preview_view(request: HttpRequest, token: str) -> HttpResponse:
    if not may_import(request.user):
        raise PermissionDenied(_("Only coordinators import files."))
    try:
        _path, meta, _mapping = upload_get(token)
    except FileRejected as e:
        return render(request, "imports/result.html", {"error": str(e)}, status=404)
    if request.method == "POST":
        if "cancel" in request.POST:
            upload_discard(token)
            return redirect("imports:upload")
        report = _run(request.user, token, dry_run=False)
        if report.written:
            upload_discard(token)
        return render(request, "imports/result.html", {"report": report, "meta": meta})
    report = _run(request.user, token, dry_run=True)
    kind = KIND_LABELS.get(meta["kind"], meta["kind"])
    return render(
        request,
        "imports/preview.html",
        {"report": report, "meta": meta, "kind": kind, "token": token},
    )
