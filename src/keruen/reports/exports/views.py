"""The project list's export (`/projects/export.csv`, `.xlsx`): the rows the list selects, all of
them. CSV in Keruen's canonical columns as the import/export engine writes them (fields the reader
may not see are left out); XLSX as the spreadsheet of the page, with labels, USD values, the rates
used and the selection's totals row (`reports.exports.lists`)."""

from __future__ import annotations

import io

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from keruen.projects.filters import project_selection, selection_figures
from keruen.reports.exports import writers
from keruen.reports.exports.lists import write_project_sheet
from keruen.reports.exports.rows import Audience, columns_for, project_row, with_row_relations


@require_GET
def project_export_view(request: HttpRequest, fmt: str) -> HttpResponse:
    form, qs = project_selection(request)
    if fmt == "xlsx":
        selection_totals, selection_coverage = selection_figures(request, form, qs)
        buf = io.BytesIO()
        write_project_sheet(
            with_row_relations(qs).select_related("total_investment_fx").iterator(chunk_size=2000),
            buf,
            totals=selection_totals,
            coverage=selection_coverage,
        )
        response = HttpResponse(
            buf.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        audience = Audience(user=request.user, label=request.user.get_username() or "public")
        rows = (project_row(p) for p in with_row_relations(qs).iterator(chunk_size=2000))
        text = io.StringIO()
        writers.write_csv(rows, columns_for("projects", audience), text)
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="projects.{fmt}"'
    return response
