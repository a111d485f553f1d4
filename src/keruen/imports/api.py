"""Imports through the API: `POST /api/v1/imports/{kind}` with a file (multipart `file`).

`dry_run=true` (the default) answers the preview — what would be created, updated and left
unchanged — and writes nothing; `dry_run=false` imports. A file with problems answers 422 with
every problem (`errors[].field` is "row N, column"; `report.problems` has them as data) and
writes nothing. The same `import_run` as the command line and the web upload.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import File, Router
from ninja.files import UploadedFile

from keruen.api.auth import current_user
from keruen.api.errors import PROBLEM_RESPONSES, problem
from keruen.api.writes import require_writer
from keruen.imports.kinds import KINDS
from keruen.imports.services import import_run
from keruen.imports.views import may_import

router = Router(tags=["imports"])


@router.post("/imports/{kind}", response={200: dict, **PROBLEM_RESPONSES})
def import_file(
    request: HttpRequest,
    kind: str,
    file: UploadedFile = File(...),  # noqa: B008
    mapping: UploadedFile | None = File(None),  # noqa: B008
    dry_run: bool = True,
    sheet: str | None = None,
    no_new_organizations: bool = False,
    reason: str | None = None,
) -> Any:
    user = current_user(request)
    require_writer(user)
    if not may_import(user):
        raise PermissionDenied(_("Only coordinators import files."))
    if kind not in KINDS:
        return problem(
            request,
            404,
            _("Unknown kind %(kind)r: expected one of %(kinds)s")
            % {"kind": kind, "kinds": ", ".join(KINDS)},
        )
    report = import_run(
        actor=user,
        kind=kind,
        source=file.file,  # type: ignore[arg-type]
        name=file.name or "upload",
        reason=request.headers.get("X-Keruen-Reason") or reason,
        dry_run=dry_run,
        mapping=mapping.file if mapping is not None else None,
        sheet=sheet,
        allow_new_organizations=not no_new_organizations,
    )
    body = report.to_json_dict()
    if report.problems:
        response: HttpResponse = problem(
            request,
            422,
            _("%(n)d problem(s); nothing was written.") % {"n": len(report.problems)},
            errors=[
                {
                    "field": ", ".join(
                        x for x in (f"row {p.row}" if p.row else "", p.column or "") if x
                    )
                    or "__all__",
                    "message": str(p),
                }
                for p in report.problems
            ],
        )
        return _with_report(response, body)
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


def _with_report(response: HttpResponse, report: dict[str, Any]) -> HttpResponse:
    import json

    body = json.loads(response.content)
    body["report"] = report
    response.content = json.dumps(body, ensure_ascii=False).encode("utf-8")
    return response
