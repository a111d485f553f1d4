"""The XLSX of the project list (`/projects/export.xlsx`): what the page shows, as a spreadsheet
that sums to the page's figures.

Each amount appears as recorded (amount, currency, date) beside its USD value and the rate used.
The additive columns — investment and foreign investment in USD, jobs — are filled only for
projects counted in totals, so that a spreadsheet's SUM of a column equals the totals row, the
list's footer and the dashboard's card; a phase counted in its parent keeps its recorded amount
and says where it is counted (docs/figures.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from keruen.projects.figures import Coverage, Totals
from keruen.projects.models import Project
from keruen.reports.exports.spreadsheet import Column, write_sheet


def _names(items: Iterable[Any]) -> str:
    return "; ".join(x.localized_name() for x in items)


def _codes(items: Iterable[Any]) -> str:
    return "; ".join(x.code for x in items)


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
        Column(_("Code"), lambda p: p.code, width=14),
        Column(_("Title"), lambda p: p.localized_title(), width=48),
        Column(_("Stage"), lambda p: str(p.get_stage_display()), width=14),
        Column(_("Stage code"), lambda p: p.stage, width=13),
        Column(_("Regions"), lambda p: _names(p.regions.all()), width=26),
        Column(_("Region codes"), lambda p: _codes(p.regions.all()), width=13),
        Column(_("Sectors"), lambda p: _names(p.sectors.all()), width=26),
        Column(_("Sector codes"), lambda p: _codes(p.sectors.all()), width=16),
        Column(
            _("Investors"),
            lambda p: "; ".join(i.organization.localized_name() for i in p.investors.all()),
            width=30,
        ),
        Column(_("Investment, USD"), lambda p: _if_counted(p, p.total_investment_usd), "usd", 17),
        Column(_("Investment as recorded"), lambda p: p.total_investment_amount, "amount", 20),
        Column(_("Currency"), lambda p: p.total_investment_currency_id or "", width=10),
        Column(_("Recorded as of"), lambda p: p.total_investment_date, "date", 13),
        Column(
            _("Rate used, units per USD"),
            lambda p: p.total_investment_fx.units_per_usd if p.total_investment_fx else None,
            "rate",
            14,
        ),
        Column(
            _("Rate date"),
            lambda p: p.total_investment_fx.date if p.total_investment_fx else None,
            "date",
            12,
        ),
        Column(
            _("Foreign investment, USD"),
            lambda p: _if_counted(p, p.foreign_investment_usd),
            "usd",
            17,
        ),
        Column(_("Jobs planned"), lambda p: _if_counted(p, p.jobs_planned), "int", 12),
        Column(_("Jobs created"), lambda p: _if_counted(p, p.jobs_created), "int", 12),
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
        values = {"seen": coverage.counted, "total": coverage.registry, "hidden": coverage.hidden}
        if coverage.public:
            sentence = ngettext(
                "You see %(seen)s of %(total)s projects; %(hidden)s is not public.",
                "You see %(seen)s of %(total)s projects; %(hidden)s are not public.",
                coverage.hidden,
            )
            notes.append(_("Public edition") + ". " + sentence % values)
        else:
            sentence = ngettext(
                "You see %(seen)s of %(total)s projects; %(hidden)s is restricted.",
                "You see %(seen)s of %(total)s projects; %(hidden)s are restricted.",
                coverage.hidden,
            )
            notes.append(sentence % values)
    return notes


def write_project_sheet(
    projects: Iterable[Project], out: IO[bytes], *, totals: Totals, coverage: Coverage
) -> int:
    columns = project_columns()
    index = {c.header: i for i, c in enumerate(columns)}
    row = {
        0: _("Total"),
        index[_("Title")]: _("%(n)s projects counted in totals") % {"n": totals.projects},
        index[_("Investment, USD")]: totals.investment_usd,
        index[_("Foreign investment, USD")]: totals.foreign_investment_usd,
        index[_("Jobs planned")]: totals.jobs_planned,
        index[_("Jobs created")]: totals.jobs_created,
    }
    return write_sheet(
        projects,
        columns,
        out,
        title=_("Projects"),
        totals=row,
        notes=coverage_notes(coverage),
        notes_title=_("About these figures"),
    )
