"""Background work of the portal: rebuild the open-data files when public data changed.

`keruen scheduler` enqueues it (`KERUEN_SCHEDULE["open-data"]`); `keruen open-data build` runs
the same build at once.
"""

from __future__ import annotations

from typing import Any

from django_tasks import task

from keruen.portal import catalog


@task()
def build_open_data(force: bool = False) -> dict[str, Any]:
    """Build the files unless nothing public changed since the last build."""
    if not force and not catalog.is_stale():
        return {"built": False, "files": len(catalog.files())}
    return {"built": True, "files": len(catalog.build())}
