"""`keruen worker`: run the background task queue (django-tasks' database backend).

Delegates to django_tasks_db's `db_worker` with the same options (`--batch`, `--queue-name`,
`--interval`, `--max-tasks`, ...).
"""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand


class Command(DbWorkerCommand):
    help = "Run the background task worker (reminders and other queued work)."
