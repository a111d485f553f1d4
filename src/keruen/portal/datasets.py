"""The public datasets and their data dictionary.

Each dataset is one export kind written for the public audience by `reports.exports` (the same
rows, columns and redaction as `keruen export --public`), in the formats it is published in; the
regions' figures are `projects.figures.totals` of each region's public projects. The dictionary
names every column of every dataset: its type, its meaning (the model field's own label where the
column is a field) and its code list.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from keruen.imports.formats import format_bool, format_decimal
from keruen.portal import selectors
from keruen.projects.figures import totals
from keruen.projects.selectors import ProjectFilters
from keruen.reference.selectors import region_list
from keruen.reports.exports import writers
from keruen.reports.exports.rows import MODELS, Audience, columns_for
from keruen.reports.exports.services import export_run

MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "oc4ids": "application/json",
    "iati": "application/xml",
}
EXTENSIONS = {
    "csv": "csv",
    "xlsx": "xlsx",
    "json": "json",
    "oc4ids": "oc4ids.json",
    "iati": "iati.xml",
}
FORMAT_LABELS = {
    "csv": "CSV",
    "xlsx": "XLSX",
    "json": "JSON",
    "oc4ids": "OC4IDS",
    "iati": "IATI",
}

#: The formats every table of records is published in.
TABLE_FORMATS = ("csv", "xlsx", "json")
REGION_COLUMNS = [
    "region",
    "name",
    "projects",
    "investment_usd",
    "foreign_investment_usd",
    "jobs_planned",
    "jobs_created",
]


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: Promise
    description: Promise
    formats: tuple[str, ...]

    @property
    def kind(self) -> str | None:
        """The export kind behind it, named as the dataset is; None for the regions' figures."""
        return self.slug if self.slug in MODELS else None

    def filename(self, fmt: str) -> str:
        return f"{self.slug}.{EXTENSIONS[fmt]}"

    def columns(self) -> list[str]:
        if self.kind is None:
            return REGION_COLUMNS
        return columns_for(self.kind, Audience.public())

    def write(self, fmt: str, out: IO[Any]) -> int:
        """Write the dataset as `fmt` (bytes for xlsx, text otherwise); the number of rows."""
        if self.kind is not None:
            return export_run(kind=self.kind, format=fmt, out=out, audience=Audience.public()).rows
        rows = region_figures()
        if fmt == "csv":
            return writers.write_csv(rows, REGION_COLUMNS, out)
        return writers.write_json(rows, "regions", out)


DATASETS = (
    Dataset(
        "projects",
        _("Investment projects"),
        _(
            "Public investment projects: titles in three languages, stage, regions, sectors, "
            "investors, investment, jobs and dates."
        ),
        (*TABLE_FORMATS, "oc4ids", "iati"),
    ),
    Dataset(
        "agreements",
        _("Agreements"),
        _("Public agreements: kind, status, parties, value, signing date and event."),
        TABLE_FORMATS,
    ),
    Dataset(
        "events",
        _("Events"),
        _("Forums, state visits and meetings at which agreements were signed."),
        TABLE_FORMATS,
    ),
    Dataset(
        "organizations",
        _("Organizations"),
        _("Investors, state bodies and other organizations, with their names and aliases."),
        TABLE_FORMATS,
    ),
    Dataset(
        "regions",
        _("Regions' figures"),
        _(
            "Per region: the public projects counted in totals, their investment and jobs, "
            "by the counting rule of every Keruen figure."
        ),
        ("csv", "json"),
    ),
)
BY_SLUG = {d.slug: d for d in DATASETS}


def region_figures() -> Iterator[dict[str, str]]:
    for region in region_list():
        t = totals(selectors.projects(ProjectFilters(region=region.code)))
        yield {
            "region": region.code,
            "name": region.name,
            "projects": str(t.projects),
            "investment_usd": format_decimal(t.investment_usd),
            "foreign_investment_usd": format_decimal(t.foreign_investment_usd),
            "jobs_planned": str(t.jobs_planned),
            "jobs_created": str(t.jobs_created),
        }


# --- the data dictionary --------------------------------------------------------------------

#: Columns that are not one model field: their type and meaning.
DERIVED: dict[str, tuple[str, Promise]] = {
    "regions": ("list", _("regions, ISO 3166-2:KZ codes")),
    "sectors": ("list", _("sector codes")),
    "investors": ("list", _("investors' names, the largest share first")),
    "investor_roles": ("list", _("each investor's role, in the order of investors")),
    "investor_shares": ("list", _("each investor's share in per cent, in the order of investors")),
    "investor_countries": ("list", _("each investor's country, ISO 3166-1 alpha-2")),
    "portfolios": ("list", _("portfolio codes")),
    "parent": ("code", _("the code of the umbrella project this one is a phase of")),
    "participants": ("list", _("participating organizations' names")),
    "parties": ("list", _("parties' names")),
    "party_roles": ("list", _("each party's role, in the order of parties")),
    "projects": ("list", _("codes of the public projects the agreement became")),
    "aliases": ("list", _("other spellings of the name, as script:alias")),
    "identifiers": ("list", _("identifiers, as scheme:value")),
    "event": ("code", _("the code of the event at which it was signed")),
    "region": ("code", _("region, ISO 3166-2:KZ code")),
    "name": ("text", _("name")),
    "investment_usd": ("decimal", _("total investment of the counted projects, USD")),
    "foreign_investment_usd": ("decimal", _("foreign investment of the counted projects, USD")),
}
#: Field types → the dictionary's type names.
TYPES: tuple[tuple[type[models.Field], str], ...] = (
    (models.BooleanField, "boolean"),
    (models.DateField, "date"),
    (models.DecimalField, "decimal"),
    (models.IntegerField, "integer"),
    (models.ForeignKey, "code"),
    (models.URLField, "url"),
)
TYPE_LABELS = {
    "text": _("text"),
    "code": _("code"),
    "list": _("list, separated by “; ”"),
    "date": _("date, YYYY-MM-DD"),
    "decimal": _("decimal number"),
    "integer": _("whole number"),
    "boolean": _("yes or no"),
    "url": _("web address"),
}
REGION_COUNTS: dict[str, tuple[str, Promise]] = {
    "projects": ("integer", _("number of public projects counted in totals")),
    "jobs_planned": ("integer", _("permanent jobs planned by the counted projects")),
    "jobs_created": ("integer", _("permanent jobs created by the counted projects")),
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    meaning: Any
    codes: list[tuple[str, Any]]

    @property
    def type_label(self) -> Any:
        return TYPE_LABELS[self.type]


def _field(model: type[models.Model], column: str) -> models.Field | None:
    for name in (column, column.removesuffix("_amount"), column.removesuffix("_currency")):
        try:
            f = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if isinstance(f, models.Field) and not f.many_to_many:
            return f
    return None


def column(dataset: Dataset, name: str) -> Column:
    """The dictionary entry of one column of `dataset`."""
    if dataset.kind is None and name in REGION_COUNTS:
        return Column(name, *REGION_COUNTS[name], [])
    if name in DERIVED:
        return Column(name, *DERIVED[name], [])
    model = apps.get_model(MODELS[dataset.kind or "projects"])
    f = _field(model, name)
    if f is None:
        raise LookupError(f"the data dictionary has no entry for {dataset.slug}.{name}")
    kind = next((label for cls, label in TYPES if isinstance(f, cls)), "text")
    codes = [(str(value), label) for value, label in f.flatchoices] if f.choices else []
    if kind == "boolean":
        codes = [(format_bool(True), _("yes")), (format_bool(False), _("no"))]
    meaning: Any = f.verbose_name
    if name.endswith("_currency"):
        kind, meaning = "code", _("%(field)s: currency, ISO 4217") % {"field": f.verbose_name}
    return Column(name, kind, meaning, codes)


def dictionary(dataset: Dataset) -> list[Column]:
    return [column(dataset, name) for name in dataset.columns()]
