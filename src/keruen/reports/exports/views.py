"""The project list's export (`/projects/export.csv`, `.xlsx`): the rows the list selects, all of
them, in Keruen's canonical columns as the import/export engine writes them (fields the reader may
not see are left out)."""

from __future__ import annotations

import io

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from keruen.projects.filters import project_selection
from keruen.reports.exports import writers
from keruen.reports.exports.rows import Audience, columns_for, project_row, with_row_relations


@require_GET
def project_export_view(request: HttpRequest, fmt: str) -> HttpResponse:
    _form, qs = project_selection(request)
    audience = Audience(user=request.user, label=request.user.get_username() or "public")
    columns = columns_for("projects", audience)
    rows = (project_row(p) for p in with_row_relations(qs).iterator(chunk_size=2000))
    if fmt == "xlsx":
        buf = io.BytesIO()
        writers.write_xlsx(rows, columns, buf)
        response = HttpResponse(
            buf.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        text = io.StringIO()
        writers.write_csv(rows, columns, text)
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="projects.{fmt}"'
    return response
