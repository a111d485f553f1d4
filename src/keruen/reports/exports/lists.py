"""The exports of the list pages (`/<plural>/export.csv`, `.xlsx`): what a page selects — its
filters, its sort, the reader's access — all of it, as a table a person can sum.

One table per list (`Table`): columns with labels in the reader's language beside the codes, each
amount as recorded (amount, currency, date) beside its USD value and the rate used, and a totals
row (the count, and the USD total where money applies). The XLSX and the CSV are written from the
same table (`reports.exports.spreadsheet`); what the totals leave out — records the reader may not
see, projects counted elsewhere — is said in numbers on the XLSX's second sheet and in the totals
row's count cell. The totals of every list but the projects' are the list's own
(`<app>.filters.<name>_totals`, by `web.selection`): the list page's footer shows the same figures.

Projects follow the counting rule of `projects.figures`: the USD and jobs cells of a project not
counted in totals are empty, so that a SUM of a column equals the totals row, the list's footer and
the dashboard's card; a phase counted in its parent keeps its recorded amount and says where it is
counted (docs/figures.md). A project's CSV is the canonical import columns instead
(`reports.exports.views`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from keruen.agreements.filters import AGREEMENT_LISTING, EVENT_LISTING
from keruen.instructions.filters import INSTRUCTION_LISTING
from keruen.parties.filters import ORGANIZATION_LISTING
from keruen.projects.figures import Coverage, coverage
from keruen.projects.filters import project_selection, selection_figures
from keruen.projects.models import Project
from keruen.regions.filters import initiative_selection, initiative_totals
from keruen.regions.scorecard import RegionScorecard, region_scorecards_and_national
from keruen.regions.views import sort_cards
from keruen.reports.exports.rows import with_row_relations
from keruen.reports.exports.spreadsheet import Column
from keruen.web.listing import Listing
from keruen.web.selection import SelectionTotals, you_see


@dataclass(frozen=True)
class Table:
    """A list's selection as written: rows, columns, the totals row (column key → value, the
    label first) and notes on what the totals leave out."""

    title: str
    rows: Iterable[Any]
    columns: list[Column]
    totals: dict[str, Any]
    notes: list[str] = field(default_factory=list)


# --- columns every list shares ---------------------------------------------------------------


def _each(value: Any) -> list[Any]:
    if value is None:
        return []
    return [value] if isinstance(value, Model) else list(value)


def _label(x: Any) -> str:
    return x.localized_name() if hasattr(x, "localized_name") else x.localized_title()


def _key(x: Any) -> str:
    return x.code if hasattr(x, "code") else x.slug


def labelled(header: str, code_header: str, get: Callable[[Any], Any], width: int) -> list[Column]:
    """A related record (or records: `get` may give a queryset) as its name (or title) in the
    reader's language beside its code (or slug)."""
    return [
        Column(header, lambda o: "; ".join(_label(x) for x in _each(get(o))), width=width),
        Column(code_header, lambda o: "; ".join(_key(x) for x in _each(get(o))), width=13),
    ]


def headline(code: str, width: int = 16) -> list[Column]:
    """The record's code and its title in the reader's language; the totals row gives the count
    under the title."""
    return [
        Column(_("Code"), lambda o: getattr(o, code), width=width),
        Column(_("Title"), lambda o: o.localized_title(), width=48, key="count"),
    ]


def choice(header: str, code_header: str, name: str, width: int = 14) -> list[Column]:
    """A choice field as its label beside its stored value."""
    return [
        Column(header, lambda o: str(getattr(o, f"get_{name}_display")()), width=width),
        Column(code_header, lambda o: getattr(o, name) or "", width=13),
    ]


def money(
    prefix: str,
    usd_header: str,
    recorded_header: str,
    *,
    usd: Callable[[Any], Any] | None = None,
    key: str = "usd",
) -> list[Column]:
    """A money group of `core.money` (`<prefix>_amount`, `_currency`, `_date`, `_usd`, `_fx`):
    the USD value (`usd` may blank it), the amount as recorded, its currency and date, the rate
    used and the rate's date."""

    def fx(o: Any) -> Any:
        return getattr(o, f"{prefix}_fx")

    return [
        Column(usd_header, usd or (lambda o: getattr(o, f"{prefix}_usd")), "usd", 17, key=key),
        Column(recorded_header, lambda o: getattr(o, f"{prefix}_amount"), "amount", 20),
        Column(_("Currency"), lambda o: getattr(o, f"{prefix}_currency_id") or "", width=10),
        Column(_("Recorded as of"), lambda o: getattr(o, f"{prefix}_date"), "date", 13),
        Column(
            _("Rate used, units per USD"),
            lambda o: fx(o).units_per_usd if fx(o) else None,
            "rate",
            14,
        ),
        Column(_("Rate date"), lambda o: fx(o).date if fx(o) else None, "date", 12),
    ]


def _rows_counted(n: int) -> str:
    return ngettext("%(n)s row", "%(n)s rows", n) % {"n": n}


def _selection_table(
    totals: SelectionTotals,
    rows: QuerySet[Any],
    *,
    title: str,
    columns: list[Column],
) -> Table:
    """`rows` with a totals row of `totals` — the figures the list's footer shows: the count
    (and the USD value and jobs where the records carry them), and how many rows the same
    selection holds that the reader may not see."""
    notes = totals.notes()
    count = _rows_counted(totals.count)
    if notes:
        count += " (" + " ".join(notes) + ")"
    row: dict[str, Any] = {"label": _("Total"), "count": count}
    if totals.usd is not None:
        row["usd"] = totals.usd
    if totals.jobs is not None:
        row["jobs"] = totals.jobs
    return Table(title, rows.iterator(chunk_size=2000), columns, row, notes)


def _listing_table(
    request: HttpRequest,
    listing: Listing,
    *,
    title: str,
    columns: list[Column],
    related: Callable[[QuerySet[Any]], QuerySet[Any]] = lambda qs: qs,
) -> Table:
    """A list page's export: the rows its `listing` selects for the reader (their `related`
    rows fetched along), with the totals its footer shows."""
    form = listing.form(request)
    rows = related(listing.selection(request, request.user, form))
    return _selection_table(listing.totals(request, form), rows, title=title, columns=columns)


# --- projects ----------------------------------------------------------------------------------


def _if_counted(p: Project, value: Any) -> Any:
    return value if p.counts_in_totals else None


def _counted_label(p: Project) -> str:
    if p.counts_in_totals:
        return _("yes")
    if p.parent is not None:
        return _("no: counted in %(parent)s") % {"parent": p.parent.code}
    return _("no: counted elsewhere")


def project_columns() -> list[Column]:
    return [
        *headline("code", 14),
        *choice(_("Stage"), _("Stage code"), "stage"),
        *labelled(_("Regions"), _("Region codes"), lambda p: p.regions.all(), 26),
        *labelled(_("Sectors"), _("Sector codes"), lambda p: p.sectors.all(), 26),
        Column(
            _("Investors"),
            lambda p: "; ".join(i.organization.localized_name() for i in p.investors.all()),
            width=30,
        ),
        *money(
            "total_investment",
            _("Investment, USD"),
            _("Investment as recorded"),
            usd=lambda p: _if_counted(p, p.total_investment_usd),
        ),
        Column(
            _("Foreign investment, USD"),
            lambda p: _if_counted(p, p.foreign_investment_usd),
            "usd",
            17,
            key="foreign_usd",
        ),
        Column(_("Jobs planned"), lambda p: _if_counted(p, p.jobs_planned), "int", 12, "jobs"),
        Column(_("Jobs created"), lambda p: _if_counted(p, p.jobs_created), "int", 12, "created"),
        Column(_("Counted in totals"), _counted_label, width=24),
        Column(_("Confidentiality"), lambda p: str(p.get_confidentiality_display()), width=14),
    ]


def coverage_notes(coverage: Coverage) -> list[str]:
    """What the totals leave out, in words: the same sentences as the pages."""
    notes = []
    if coverage.not_counted:
        notes.append(
            _(
                "%(records)s records, %(counted)s counted in totals; %(n)s counted in their "
                "parent project or elsewhere (their USD and jobs cells are empty)."
            )
            % {
                "records": coverage.records,
                "counted": coverage.counted,
                "n": coverage.not_counted,
            }
        )
    if coverage.hidden:
        notes.append(
            you_see(
                coverage.counted,
                coverage.registry,
                coverage.hidden,
                public=coverage.public,
                noun="projects",
            )
        )
    return notes


def project_table(request: HttpRequest) -> Table:
    form, qs = project_selection(request)
    totals, cover = selection_figures(request, form, qs)
    return Table(
        _("Projects"),
        with_row_relations(qs).select_related("total_investment_fx").iterator(chunk_size=2000),
        project_columns(),
        {
            "label": _("Total"),
            "count": _("%(n)s projects counted in totals") % {"n": totals.projects},
            "usd": totals.investment_usd,
            "foreign_usd": totals.foreign_investment_usd,
            "jobs": totals.jobs_planned,
            "created": totals.jobs_created,
        },
        coverage_notes(cover),
    )


# --- agreements and events ---------------------------------------------------------------------


def agreement_table(request: HttpRequest) -> Table:
    columns = [
        *headline("code"),
        *choice(_("Kind"), _("Kind code"), "kind"),
        *choice(_("Status"), _("Status code"), "status"),
        Column(_("Signed on"), lambda a: a.signed_on, "date", 12),
        *labelled(_("Event"), _("Event code"), lambda a: a.event, 30),
        *labelled(_("Region"), _("Region code"), lambda a: a.region, 22),
        *labelled(_("Sector"), _("Sector code"), lambda a: a.sector, 22),
        *labelled(
            _("Counterparty country"), _("Country code"), lambda a: a.counterparty_country, 18
        ),
        *money("value", _("Value, USD"), _("Value as recorded")),
        Column(_("Confidentiality"), lambda a: str(a.get_confidentiality_display()), width=14),
    ]
    return _listing_table(
        request,
        AGREEMENT_LISTING,
        title=_("Agreements"),
        columns=columns,
        related=lambda qs: qs.select_related("value_fx"),
    )


def event_table(request: HttpRequest) -> Table:
    columns = [
        *headline("slug", 24),
        *choice(_("Kind"), _("Kind code"), "kind"),
        Column(_("Date"), lambda e: e.starts_on, "date", 12),
        Column(_("End date"), lambda e: e.ends_on, "date", 12),
        Column(_("Place"), lambda e: e.place, width=24),
        *labelled(_("Region"), _("Region code"), lambda e: e.region, 22),
        *labelled(_("Country"), _("Country code"), lambda e: e.country, 18),
    ]
    return _listing_table(request, EVENT_LISTING, title=_("Events"), columns=columns)


# --- organizations -----------------------------------------------------------------------------


def organization_table(request: HttpRequest) -> Table:
    columns = [
        Column(_("Code"), lambda o: o.code, width=20),
        Column(_("Name"), lambda o: o.localized_name(), width=48, key="count"),
        *choice(_("Kind"), _("Kind code"), "kind"),
        *labelled(_("Country"), _("Country code"), lambda o: o.country, 18),
        *labelled(_("Region"), _("Region code"), lambda o: o.region, 22),
        *labelled(_("Parent organization"), _("Parent code"), lambda o: o.parent, 30),
    ]
    return _listing_table(request, ORGANIZATION_LISTING, title=_("Organizations"), columns=columns)


# --- instructions ------------------------------------------------------------------------------


def instruction_table(request: HttpRequest) -> Table:
    columns = [
        Column(_("Number"), lambda i: i.number, width=16),
        Column(_("Text"), lambda i: i.localized_text(), width=60, key="count"),
        *choice(_("Status"), _("Status code"), "status"),
        Column(_("Deadline"), lambda i: i.deadline, "date", 12),
        Column(_("Overdue"), lambda i: _("yes") if i.is_overdue else _("no"), width=10),
        *labelled(_("Meeting"), _("Meeting code"), lambda i: i.event, 30),
        *labelled(_("Lead executor"), _("Lead executor code"), lambda i: i.lead_executor, 30),
        *labelled(_("Co-executors"), _("Co-executor codes"), lambda i: i.co_executors.all(), 30),
    ]
    return _listing_table(
        request,
        INSTRUCTION_LISTING,
        title=_("Instructions"),
        columns=columns,
        related=lambda qs: qs.prefetch_related("co_executors"),
    )


# --- initiatives -------------------------------------------------------------------------------


def initiative_table(request: HttpRequest) -> Table:
    columns = [
        *headline("code"),
        *choice(_("Status"), _("Status code"), "status"),
        *labelled(_("Region"), _("Region code"), lambda i: i.region, 22),
        *labelled(_("Sectors"), _("Sector codes"), lambda i: i.sectors.all(), 26),
        *money("investment", _("Estimated investment, USD"), _("Estimated investment as recorded")),
        Column(_("Jobs expected"), lambda i: i.jobs_planned, "int", 12, "jobs"),
        *labelled(
            _("Partner countries"), _("Country codes"), lambda i: i.partner_countries.all(), 20
        ),
        *labelled(_("Investor"), _("Investor code"), lambda i: i.investor, 30),
        Column(_("Project"), lambda i: i.project.code if i.project else "", width=14),
    ]
    return _selection_table(
        initiative_totals(request),
        initiative_selection(request, request.user).select_related("investment_fx"),
        title=_("Initiatives"),
        columns=columns,
    )


# --- regions (the scorecards) ------------------------------------------------------------------


def _measure(key: str, kind: str) -> Callable[[RegionScorecard], Any]:
    """A scorecard's figure as a cell; shares rounded as the JSON gives them."""

    def value(card: RegionScorecard) -> Any:
        v = getattr(card, key)
        return round(v, 4) if kind == "percent" and v is not None else v

    return value


def region_table(request: HttpRequest) -> Table:
    cards, national = region_scorecards_and_national(user=request.user)
    sort = request.GET.get("sort") or "code"
    measures: list[tuple[str, str, str]] = [
        ("projects_counted", _("Projects counted in totals"), "int"),
        ("investment_usd", _("Investment, USD"), "usd"),
        ("foreign_investment_usd", _("Foreign investment, USD"), "usd"),
        ("active", _("Active projects"), "int"),
        ("stalled", _("Stalled"), "int"),
        ("stalled_share", _("Stalled, % of active"), "percent"),
        ("early_stage", _("Early stage"), "int"),
        ("early_stage_share", _("Early stage, % of active"), "percent"),
        ("advanced_since_meeting", _("Advanced since the meeting"), "int"),
        ("agreements", _("Agreements"), "int"),
        ("agreements_value_usd", _("Agreements, USD"), "usd"),
        ("agreement_conversion", _("Agreements → projects"), "percent"),
        ("initiatives_submitted", _("Initiatives submitted"), "int"),
        ("initiatives_matched", _("Initiatives matched"), "int"),
        ("instructions_overdue", _("Instructions overdue"), "int"),
        ("jobs_planned", _("Jobs planned"), "int"),
        ("jobs_created", _("Jobs created"), "int"),
    ]
    by_key = {
        key: Column(label, _measure(key, kind), kind, 14, key=key) for key, label, kind in measures
    }
    columns = [
        Column(_("Region code"), lambda c: c.code, width=10),
        Column(_("Region"), lambda c: c.name, width=26, key="name"),
        *by_key.values(),
        Column(_("Lagging"), lambda c: _("yes") if c.lagging else _("no"), width=10),
        Column(_("Why"), lambda c: "; ".join(c.reasons), width=80),
    ]
    totals: dict[str, Any] = {
        "label": _("Total"),
        "name": _("Kazakhstan: each project once"),
        **{key: column.value(national) for key, column in by_key.items()},
    }
    cover = coverage(user=request.user)
    notes = [
        _(
            "A project in several regions counts in each; the national row counts it once. "
            "Every figure counts only projects counted in totals."
        ),
        *coverage_notes(cover),
    ]
    return Table(_("Regions"), sort_cards(cards, sort), columns, totals, notes)


#: list name (its path under `/`) → its table.
TABLES: dict[str, Callable[[HttpRequest], Table]] = {
    "projects": project_table,
    "agreements": agreement_table,
    "events": event_table,
    "organizations": organization_table,
    "instructions": instruction_table,
    "initiatives": initiative_table,
    "regions": region_table,
}
