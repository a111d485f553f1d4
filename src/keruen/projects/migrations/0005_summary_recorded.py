"""Summary cells by `Recorded` (a project's stage against its latest history row), for the
regions' "advanced since the last meeting". The tables were filled here; they are now filled by
0007, once the current models' columns exist (`keruen.projects.cube.rebuild` writes through the
current models)."""

from django.db import migrations, models


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
    ]
