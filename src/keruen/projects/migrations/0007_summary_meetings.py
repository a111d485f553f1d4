""""Advanced since a government meeting" frozen in the summary tables: the meetings' days, each
fact's list of the meetings since which its project advanced, and their cells per key, in place
of `Recorded`; then the tables are filled for the projects already stored
(`keruen.projects.cube.rebuild`)."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models


def empty_cells(apps: Any, schema_editor: Any) -> None:
    # Cells apart by `Recorded` would collide under the new constraint; the rebuild refills them.
    apps.get_model("projects", "SummaryCell").objects.all().delete()


def build(apps: Any, schema_editor: Any) -> None:
    # The current models: the cube is written by its own code, as `keruen rebuild-summary` does.
    from keruen.projects.cube import rebuild
    from keruen.projects.models import Project

    if Project.objects.exists():
        rebuild()


class Migration(migrations.Migration):

    dependencies = [
        ('agreements', '0001_initial'),
        ('projects', '0006_list_sort_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='SummaryAdvancedCell',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('meeting', models.IntegerField()),
                ('n', models.BigIntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name='SummaryMeeting',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(unique=True)),
            ],
        ),
        migrations.RemoveConstraint(
            model_name='summarycell',
            name='summary_cell_unique',
        ),
        migrations.RemoveField(
            model_name='projectfact',
            name='recorded',
        ),
        migrations.RemoveField(
            model_name='summarycell',
            name='recorded',
        ),
        migrations.AddField(
            model_name='projectfact',
            name='advanced',
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(empty_cells, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='summarycell',
            constraint=models.UniqueConstraint(fields=('key', 'kind', 'stage', 'month'), name='summary_cell_unique'),
        ),
        migrations.AddField(
            model_name='summaryadvancedcell',
            name='key',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='projects.summarykey'),
        ),
        migrations.AddConstraint(
            model_name='summaryadvancedcell',
            constraint=models.UniqueConstraint(fields=('key', 'meeting'), name='summary_advanced_unique'),
        ),
        migrations.RunPython(build, migrations.RunPython.noop),
    ]
