"""The one import: a file in, every row validated and written through the services, all or nothing.

The command line, the web upload and the API all call `import_run`. It streams the file row by row
inside one transaction: each row is read into typed values (every bad cell is recorded as a
problem: row, column, value, what was expected), then written through the app's services in a
savepoint. Writing goes on after a problem, so that every problem of the file is reported at once;
if there was any, or if it is a dry run, the transaction is rolled back and nothing is left
written.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from keruen.core.progress import progress_bar
from keruen.core.types import Actor
from keruen.imports.base import ImportReport, Outcome, Problem, RowReader, SkipRow
from keruen.imports.kinds import KINDS, Kind
from keruen.imports.kinds.common import ImportContext
from keruen.imports.mapping import Mapping
from keruen.imports.models import ImportRun
from keruen.imports.readers import FileRejected, Table, open_table
from keruen.projects.cube import refresh_once

#: Rows parsed before they are written together (new ones in bulk). Each batch costs a fixed
#: number of statements (reads of the stored rows, a COPY per table, the staging of changes):
#: at 5,000 rows they weigh little beside the rows, and a batch's parsed rows stay a few MB.
BATCH = 5000


@dataclass(frozen=True)
class ColumnPlan:
    """Which canonical column each position of the file feeds ('' = not imported), and the
    file's header (the names templates read cells by)."""

    targets: list[str]
    header: list[str]


def _plan_columns(
    header: list[str], kind: Kind, mapping: Mapping | None, report: ImportReport
) -> ColumnPlan:
    targets: list[str] = []
    seen: dict[str, str] = {}
    templates = mapping.templates if mapping else {}
    read_by_templates = {name for t in templates.values() for name in t.sources}
    for column, template in templates.items():
        for name in template.sources:
            if name not in header:
                report.problems.append(
                    Problem(
                        1,
                        column,
                        template.text,
                        _("a column named %(name)r in the file, which [templates] %(column)s reads")
                        % {"name": name, "column": column},
                    )
                )
    for source in header:
        if mapping is not None and source in mapping.columns:
            target = mapping.columns[source]
        elif source in kind.columns:
            target = source
        elif mapping is not None or not source:
            target = ""
        else:
            report.problems.append(
                Problem(
                    1,
                    source,
                    source,
                    _("a column of %(kind)s: %(columns)s (or a mapping file)")
                    % {"kind": kind.name, "columns": ", ".join(kind.columns)},
                )
            )
            target = ""
        if target and target in seen:
            report.problems.append(
                Problem(
                    1,
                    source,
                    source,
                    _("one column per field; %(other)r already gives %(target)s")
                    % {"other": seen[target], "target": target},
                )
            )
            target = ""
        targets.append(target)
        if target:
            seen[target] = source
        elif source and source not in read_by_templates:
            report.ignored_columns.append(source)
    present = set(seen) | set(mapping.constants if mapping else ()) | set(templates)
    for column in kind.required_columns:
        if column not in present:
            report.problems.append(
                Problem(1, column, "", _("a column named %(c)s") % {"c": column})
            )
    return ColumnPlan(targets, list(header))


def _cells(
    row: int, values: list[str], plan: ColumnPlan, mapping: Mapping | None, report: ImportReport
) -> dict[str, str] | None:
    cells: dict[str, str] = {}
    for i, value in enumerate(values):
        if i >= len(plan.targets):
            if value.strip():
                report.problems.append(
                    Problem(
                        row,
                        None,
                        value,
                        _("at most %(n)d cells, as many as the header has")
                        % {"n": len(plan.targets)},
                    )
                )
                return None
            continue
        if plan.targets[i]:
            cells[plan.targets[i]] = value
    if mapping is not None:
        if mapping.templates:
            by_name = dict(zip(plan.header, values, strict=False))
            for column, template in mapping.templates.items():
                cells[column] = template.render(by_name)
        for column, constant in mapping.constants.items():
            if not cells.get(column, "").strip():
                cells[column] = constant
    return cells


def import_table(
    *,
    actor: Actor,
    kind: str,
    table: Table,
    reason: str,
    dry_run: bool = False,
    mapping: Mapping | None = None,
    allow_new_organizations: bool = True,
    progress: bool = False,
) -> ImportReport:
    spec = KINDS[kind]
    report = ImportReport(kind=kind, dry_run=dry_run)
    plan = _plan_columns(table.header, spec, mapping, report)
    if report.problems:
        return report
    multipliers: dict[str, Decimal] = dict(mapping.multipliers) if mapping else {}
    ctx = ImportContext(
        actor=actor,
        reason=reason,
        report=report,
        allow_new_organizations=allow_new_organizations,
    )
    keys: dict[str, int] = {}
    deferred: list[Any] = []
    buffer: list[Any] = []
    bar = progress_bar(_("import %(kind)s") % {"kind": kind}, enabled=progress)
    try:
        with transaction.atomic(), refresh_once() as refresh:
            try:
                for row, values in table.rows:
                    report.rows += 1
                    bar.update(1)
                    cells = _cells(row, values, plan, mapping, report)
                    if cells is None:
                        continue
                    r = RowReader(row, cells, report.problems)
                    key = r.text(spec.key)
                    if key:
                        if key in keys:
                            r.problem(
                                spec.key,
                                key,
                                _("each %(key)s once in a file (row %(first)d has it too)")
                                % {"key": spec.key, "first": keys[key]},
                            )
                            continue
                        keys[key] = row
                    item = spec.parse(r, ctx, multipliers)
                    if item is None:
                        continue
                    if spec.pending is not None and spec.pending(item, ctx):
                        deferred.append(item)
                        continue
                    buffer.append(item)
                    if len(buffer) >= BATCH:
                        _flush(spec, buffer, ctx)
                        buffer = []
                _flush(spec, buffer, ctx)
                for item in deferred:
                    _apply(spec, item, item.row, ctx)
            except FileRejected as e:
                report.problems.append(Problem(None, None, "", str(e)))
            if report.problems or dry_run:
                # Nothing stays written: the summary tables need no refresh.
                refresh.cancel()
                transaction.set_rollback(True)
            else:
                _record(report)
    finally:
        bar.close()
    if report.problems and not dry_run:
        _record(report)
    report.problems.sort(key=lambda p: p.row or 0)
    return report


def _record(report: ImportReport) -> None:
    """Count the run's rows for the `import rows` metric: written ones in the import's own
    transaction (a killed import counts nothing), a rejected file's rows after its rollback."""
    if report.problems:
        ImportRun.objects.create(kind=report.kind, rejected=report.rows)
    else:
        ImportRun.objects.create(kind=report.kind, **report.counts)


def _flush(spec: Kind, items: list[Any], ctx: ImportContext) -> None:
    """Write a batch: changed and new rows in bulk where the kind can (validated as one by one;
    a batch with a bad row writes none of it), unchanged rows not at all, the rest one by one
    through the services."""
    if spec.split_batch is None or spec.bulk_apply is None:
        for item in items:
            _apply(spec, item, item.row, ctx)
        return
    batch = spec.split_batch(items, ctx)
    for code in batch.unchanged:
        ctx.report.count("unchanged", code)
    for item in batch.singles:
        _apply(spec, item, item.row, ctx)
    _bulk(spec.bulk_change, batch.changed, spec, ctx, "updated")
    _bulk(spec.bulk_apply, batch.news, spec, ctx, "created")


def _bulk(write: Any, items: list[Any], spec: Kind, ctx: ImportContext, outcome: Outcome) -> None:
    """Write rows together. A batch with a bad row writes none of it: each bad row is reported,
    the others are counted by the `outcome` they would have had (the file is rejected anyway), as
    when every row is written on its own."""
    if not items:
        return
    try:
        with transaction.atomic():
            results, errors = write(items, ctx)
    except DatabaseError as e:
        items[0].row.problem(None, "", _("rows the database accepts (%(error)s)") % {"error": e})
        return
    for i, error in errors.items():
        items[i].row.add_validation_error(error, spec.field_columns)
    if errors:
        results = [
            (outcome, getattr(it, spec.key)) for i, it in enumerate(items) if i not in errors
        ]
    for outcome, code in results:
        ctx.report.count(outcome, code)


def _apply(spec: Kind, item: Any, r: RowReader, ctx: ImportContext) -> None:
    try:
        with transaction.atomic():
            outcome, code = spec.apply(item, ctx)
    except SkipRow:
        return
    except ValidationError as e:
        r.add_validation_error(e, spec.field_columns)
        return
    except DatabaseError as e:
        r.problem(None, "", _("a row the database accepts (%(error)s)") % {"error": e})
        return
    ctx.report.count(outcome, code)


def import_run(
    *,
    actor: Actor,
    kind: str,
    source: str | Path | IO[bytes],
    name: str | None = None,
    reason: str | None = None,
    dry_run: bool = False,
    mapping: Mapping | str | Path | IO[bytes] | None = None,
    sheet: str | None = None,
    allow_new_organizations: bool = True,
    progress: bool = False,
) -> ImportReport:
    """Import a CSV or XLSX file of `kind`; a report of what was (or would be) written, or why not.

    Nothing is written when the report has problems or on a dry run.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}")
    spec = KINDS[kind]
    file_name = name or (Path(source).name if isinstance(source, str | Path) else "upload")
    report = ImportReport(kind=kind, dry_run=dry_run)
    try:
        if mapping is not None and not isinstance(mapping, Mapping):
            mapping = Mapping.load(mapping, allowed=set(spec.columns))
        table = open_table(source, name=name, sheet=sheet)
    except FileRejected as e:
        report.problems.append(Problem(None, None, "", str(e)))
        return report
    return import_table(
        actor=actor,
        kind=kind,
        table=table,
        reason=reason or _("Import of %(file)s (%(kind)s)") % {"file": file_name, "kind": kind},
        dry_run=dry_run,
        mapping=mapping,
        allow_new_organizations=allow_new_organizations,
        progress=progress,
    )
