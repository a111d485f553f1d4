"""The summary tables were filled here; they are now filled by 0005, once the current models'
columns exist (`keruen.projects.cube.rebuild` writes through the current models)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_summary_tables")]

    operations: list[migrations.operations.base.Operation] = []
