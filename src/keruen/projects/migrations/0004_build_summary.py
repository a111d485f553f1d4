"""Fill the summary tables for the projects already stored (`keruen.projects.cube.rebuild`)."""

from typing import Any

from django.db import migrations


def build(apps: Any, schema_editor: Any) -> None:
    # The current models: the cube is written by its own code, as `keruen rebuild-summary` does.
    from keruen.projects.cube import rebuild
    from keruen.projects.models import Project

    if Project.objects.exists():
        rebuild()


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_summary_tables")]

    operations = [migrations.RunPython(build, migrations.RunPython.noop)]
