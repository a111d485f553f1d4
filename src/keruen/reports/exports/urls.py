from django.urls import path

from keruen.reports.exports import views
from keruen.reports.exports.lists import TABLES

# Under each list's path, beside the list they export (`/agreements/export.xlsx`); the list links
# here (`_export_links.html`). Names: `<list>-csv`, `<list>-xlsx` ("project-csv" for projects).
urlpatterns = [
    path(
        f"{name}/export.{fmt}",
        views.list_export_view,
        {"name": name, "fmt": fmt},
        name=f"{name.removesuffix('s')}-{fmt}",
    )
    for name in TABLES
    for fmt in ("csv", "xlsx")
]
