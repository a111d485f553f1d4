"""The list pages' exports (`/<plural>/export.csv`, `.xlsx`): the rows the page selects, all of
them, with the selection's totals row (`reports.exports.lists`). The project list's CSV is
Keruen's canonical columns as the import/export engine writes them (fields the reader may not see
are left out), so that it can be imported again."""

from __future__ import annotations

import io

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from keruen.projects.filters import project_selection
from keruen.reports.exports import writers
from keruen.reports.exports.lists import TABLES
from keruen.reports.exports.rows import Audience, columns_for, project_row, with_row_relations
from keruen.reports.exports.spreadsheet import write_csv_sheet, write_sheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _project_csv(request: HttpRequest, out: io.StringIO) -> None:
    _form, qs = project_selection(request)
    audience = Audience(user=request.user, label=request.user.get_username() or "public")
    rows = (project_row(p) for p in with_row_relations(qs).iterator(chunk_size=2000))
    writers.write_csv(rows, columns_for("projects", audience), out)


@require_GET
def list_export_view(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    if fmt == "csv" and name == "projects":
        text = io.StringIO()
        _project_csv(request, text)
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        table = TABLES[name](request)
        if fmt == "xlsx":
            buf = io.BytesIO()
            write_sheet(
                table.rows,
                table.columns,
                buf,
                title=table.title,
                totals=table.totals,
                notes=table.notes,
                notes_title=_("About these figures"),
            )
            response = HttpResponse(buf.getvalue(), content_type=XLSX)
        else:
            text = io.StringIO()
            write_csv_sheet(table.rows, table.columns, text, totals=table.totals)
            response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
