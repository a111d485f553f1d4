"""Indexes for every sort and date filter the project list and the API offer.

Investment and jobs sort empty values first (`PROJECT_SORTS`); SQLite cannot order an index's
empty values, so those two indexes are PostgreSQL's only."""

from typing import Any

from django.db import migrations, models

SORTED_NULLS_FIRST = {
    "project_investment_sort": "total_investment_usd",
    "project_jobs_sort": "jobs_planned",
}


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for name, column in SORTED_NULLS_FIRST.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON projects_project "
                f"({column} ASC NULLS FIRST, code)"
            )


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for name in SORTED_NULLS_FIRST:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("projects", "0005_summary_recorded")]

    operations = [
        migrations.AddIndex(
            model_name="project",
            index=models.Index(fields=["title", "code"], name="project_title_sort"),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(fields=["stage_since", "code"], name="project_stage_since_sort"),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(fields=["updated_at", "code"], name="project_updated_sort"),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(fields=["confidentiality", "code"], name="project_confidentiality"),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(fields=["foreign_investment_usd", "code"], name="project_foreign_sort"),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(fields=["start_on", "code"], name="project_start_sort"),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(fields=["end_on", "code"], name="project_end_sort"),
        ),
        migrations.RunPython(create, drop),
    ]
