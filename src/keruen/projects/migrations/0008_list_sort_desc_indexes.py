"""Indexes for the project list's sorts that 0006's could not serve at a million projects: by
stage (each stage holds a large share of the projects, so its ties broken by code were sorted
in memory), both ways, and by the stage's date newest first with empty dates last (0006's index
read backwards gives empty dates first, so every project was sorted). SQLite cannot order an
index's empty values, so the last one is PostgreSQL's only, as in 0006."""

from typing import Any

from django.db import migrations, models

NEWEST_FIRST = {"project_stage_since_desc_sort": "stage_since"}


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for name, column in NEWEST_FIRST.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON projects_project "
                f"({column} DESC NULLS LAST, code)"
            )


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for name in NEWEST_FIRST:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("projects", "0007_summary_meetings")]

    operations = [
        migrations.AddIndex(
            model_name="project",
            index=models.Index(fields=["stage", "code"], name="project_stage_sort"),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(fields=["-stage", "code"], name="project_stage_desc_sort"),
        ),
        migrations.RunPython(create, drop),
    ]
