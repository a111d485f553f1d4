"""Summary cells by `Recorded` (a project's stage against its latest history row), for the
regions' "advanced since the last meeting"; then the tables are filled for the projects already
stored (`keruen.projects.cube.rebuild`)."""

from typing import Any

from django.db import migrations, models


def build(apps: Any, schema_editor: Any) -> None:
    # The current models: the cube is written by its own code, as `keruen rebuild-summary` does.
    from keruen.projects.cube import rebuild
    from keruen.projects.models import Project

    if Project.objects.exists():
        rebuild()


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0004_build_summary'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='summarycell',
            name='summary_cell_unique',
        ),
        migrations.AddField(
            model_name='projectfact',
            name='recorded',
            field=models.CharField(choices=[('none', 'None'), ('behind', 'Behind'), ('level', 'Level')], default='none', max_length=6),
        ),
        migrations.AddField(
            model_name='summarycell',
            name='recorded',
            field=models.CharField(choices=[('none', 'None'), ('behind', 'Behind'), ('level', 'Level')], default='none', max_length=6),
        ),
        migrations.AddConstraint(
            model_name='summarycell',
            constraint=models.UniqueConstraint(fields=('key', 'kind', 'stage', 'month', 'recorded'), name='summary_cell_unique'),
        ),
        migrations.RunPython(build, migrations.RunPython.noop),
    ]
