"""The agreement → project funnel, per event and per portfolio.

How many of the agreements signed (count, value) became projects, how far those projects got
(preparation, construction, operating), how much investment is realised, and which agreements are
stale. Entry points: `funnel_by_event(*, user, event=None)`, `funnel_by_portfolio(*, user,
portfolio=None)`, `funnel_for(*, user, agreements, ...)`; each row has `to_json_dict()`.

Definitions (docs/targets.md):

- `agreements`, `agreements_value_usd`: the agreements the reader may see, and their value;
- `linked_agreements` (and value): those linked to at least one project;
- `linked_projects`: the distinct projects they became that count in totals (a phase counted in
  its umbrella project is left out, so nothing is counted twice) and that the reader may see —
  links to projects the reader may not see still make an agreement "linked";
- `projects_preparation` / `_construction` / `_operating`: those linked projects by stage;
- `investment_linked_usd`: total investment of the linked projects; `investment_realised_usd`:
  that of the operating ones;
- `conversion_rate` = linked_agreements / agreements; `value_conversion_rate` = linked value /
  value; `construction_rate` = projects in construction or operating / linked projects;
  `operating_rate` = operating / linked projects;
- stale: an agreement signed at least `stale_months` months before `as_of` that is not completed
  or terminated and either has no linked project, or whose linked projects have all stayed in the
  same stage (short of operating) for at least `stale_months` months.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace
from typing import Any, TypedDict, Unpack

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from keruen.agreements.models import Agreement, Event
from keruen.agreements.selectors import AgreementFilters, agreement_list, event_list
from keruen.core.grouping import pk_subquery
from keruen.core.models import localized
from keruen.projects.models import Portfolio, Project, Stage
from keruen.projects.selectors import portfolio_list
from keruen.targets.selectors import db_decimal, decimal_field

#: Months without a linked project or without progress after which an agreement is stale;
#: settings.KERUEN_FUNNEL_STALE_MONTHS overrides it, `stale_months=` overrides both.
DEFAULT_STALE_MONTHS = 6

ZERO = Decimal(0)
#: The columns of a portfolio a funnel row shows.
NAMES = ("name", "name_ru", "name_kk")
FUNNEL_STAGES = (Stage.PREPARATION, Stage.CONSTRUCTION, Stage.OPERATING)
CLOSED = (Agreement.Status.COMPLETED, Agreement.Status.TERMINATED)


#: The agreements' count and value, those linked to a project, and how many are illustrative.
TOTALS_SQL = """
SELECT COUNT(*), SUM(t.value_usd), SUM(CASE WHEN t.linked THEN 1 ELSE 0 END),
       SUM(CASE WHEN t.linked THEN t.value_usd END),
       SUM(CASE WHEN t.is_illustrative THEN 1 ELSE 0 END)
FROM (SELECT a.value_usd, a.is_illustrative,
             EXISTS (SELECT 1 FROM {link} l WHERE l.agreement_id = a.id) AS linked
      FROM {agreement} a WHERE a.id IN ({ids})) t
"""

#: The distinct linked projects that count in totals and that the reader may see, by stage.
BY_STAGE_SQL = """
SELECT p.stage, COUNT(*), SUM(p.total_investment_usd)
FROM {project} p
WHERE p.counts_in_totals
  AND p.id IN (SELECT l.project_id FROM {link} l WHERE l.agreement_id IN ({ids}))
  {visible_p}
GROUP BY p.stage
"""

#: Stale agreements (see the module's doc), one row per visible linked project, by code.
STALE_SQL = """
SELECT a.code, a.title, a.title_ru, a.title_kk, a.signed_on, a.value_usd,
       EXISTS (SELECT 1 FROM {link} l WHERE l.agreement_id = a.id), p.code
FROM {agreement} a
LEFT JOIN {link} v ON v.agreement_id = a.id {visible_v}
LEFT JOIN {project} p ON p.id = v.project_id
WHERE a.id IN ({ids}) AND a.signed_on IS NOT NULL AND a.signed_on <= %s
  AND a.status NOT IN (%s, %s)
  AND (NOT EXISTS (SELECT 1 FROM {link} l WHERE l.agreement_id = a.id)
       OR (EXISTS (SELECT 1 FROM {link} l
                   WHERE l.agreement_id = a.id {visible_l})
           AND NOT EXISTS (SELECT 1 FROM {link} l JOIN {project} m ON m.id = l.project_id
                           WHERE l.agreement_id = a.id {visible_l}
                             AND (m.stage = %s OR m.stage_since > %s))))
ORDER BY a.code, p.code
"""


def stale_months_default() -> int:
    return int(getattr(settings, "KERUEN_FUNNEL_STALE_MONTHS", DEFAULT_STALE_MONTHS))


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` months earlier (the month's last day when it is shorter)."""
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(y, m + 1, min(day.day, calendar.monthrange(y, m + 1)[1]))


@dataclass
class StaleAgreement:
    code: str
    title: str
    signed_on: dt.date | None
    value_usd: Decimal | None
    reason: str  # "no_project" or "no_progress"
    projects: list[str] = field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "signed_on": self.signed_on.isoformat() if self.signed_on else None,
            "value_usd": None if self.value_usd is None else float(self.value_usd),
            "reason": self.reason,
            "projects": self.projects,
        }


@dataclass
class FunnelRow:
    kind: str  # "event" or "portfolio"
    key: str  # event or portfolio slug
    title: str
    starts_on: dt.date | None
    as_of: dt.date
    stale_months: int
    agreements: int = 0
    agreements_value_usd: Decimal = ZERO
    linked_agreements: int = 0
    linked_agreements_value_usd: Decimal = ZERO
    linked_projects: int = 0
    projects_by_stage: dict[str, int] = field(default_factory=dict)
    investment_linked_usd: Decimal = ZERO
    investment_realised_usd: Decimal = ZERO
    stale: list[StaleAgreement] = field(default_factory=list)
    is_illustrative: bool = False

    @property
    def projects_preparation(self) -> int:
        return self.projects_by_stage.get(Stage.PREPARATION, 0)

    @property
    def projects_construction(self) -> int:
        return self.projects_by_stage.get(Stage.CONSTRUCTION, 0)

    @property
    def projects_operating(self) -> int:
        return self.projects_by_stage.get(Stage.OPERATING, 0)

    @staticmethod
    def _rate(part: Decimal | int, whole: Decimal | int) -> float:
        return round(float(Decimal(part) / Decimal(whole)), 4) if whole else 0.0

    @property
    def conversion_rate(self) -> float:
        return self._rate(self.linked_agreements, self.agreements)

    @property
    def value_conversion_rate(self) -> float:
        return self._rate(self.linked_agreements_value_usd, self.agreements_value_usd)

    @property
    def construction_rate(self) -> float:
        return self._rate(
            self.projects_construction + self.projects_operating, self.linked_projects
        )

    @property
    def operating_rate(self) -> float:
        return self._rate(self.projects_operating, self.linked_projects)

    def steps(self) -> list[tuple[str, str, int, float]]:
        """The funnel's steps: (key, label, count, value in USD), for charts."""
        return [
            ("signed", _("agreements signed"), self.agreements, float(self.agreements_value_usd)),
            (
                "linked",
                _("linked to projects"),
                self.linked_agreements,
                float(self.linked_agreements_value_usd),
            ),
            ("preparation", _("projects in preparation"), self.projects_preparation, 0.0),
            ("construction", _("projects in construction"), self.projects_construction, 0.0),
            (
                "operating",
                _("projects operating"),
                self.projects_operating,
                float(self.investment_realised_usd),
            ),
        ]

    def to_json_dict(self) -> dict[str, Any]:
        return {
            self.kind: self.key,
            "title": self.title,
            "starts_on": self.starts_on.isoformat() if self.starts_on else None,
            "as_of": self.as_of.isoformat(),
            "agreements": self.agreements,
            "agreements_value_usd": float(self.agreements_value_usd),
            "linked_agreements": self.linked_agreements,
            "linked_agreements_value_usd": float(self.linked_agreements_value_usd),
            "linked_projects": self.linked_projects,
            "projects_by_stage": self.projects_by_stage,
            "projects_preparation": self.projects_preparation,
            "projects_construction": self.projects_construction,
            "projects_operating": self.projects_operating,
            "investment_linked_usd": float(self.investment_linked_usd),
            "investment_realised_usd": float(self.investment_realised_usd),
            "conversion_rate": self.conversion_rate,
            "value_conversion_rate": self.value_conversion_rate,
            "construction_rate": self.construction_rate,
            "operating_rate": self.operating_rate,
            "stale_months": self.stale_months,
            "stale_agreements": len(self.stale),
            "stale": [s.to_json_dict() for s in self.stale],
            "is_illustrative": self.is_illustrative,
        }


def funnel_for(
    *,
    user: Any,
    agreements: QuerySet[Agreement],
    kind: str,
    key: str,
    title: str,
    starts_on: dt.date | None = None,
    as_of: dt.date | None = None,
    stale_months: int | None = None,
) -> FunnelRow:
    """The funnel of `agreements` (already narrowed to what `user` may see).

    Computed in SQL: three queries (the totals, the linked projects by stage, the stale
    agreements with their projects), whatever the number of agreements and projects. The ORM
    writes the two subqueries that carry the access rules (the agreements; the projects the
    reader may see); the figures are written in SQL around them.
    """
    as_of = as_of or timezone.localdate()
    months = stale_months if stale_months is not None else stale_months_default()
    cutoff = months_before(as_of, months)
    # Links count for every reader (an agreement that became a confidential project did become
    # a project); the projects themselves — stages, investment, codes — only when visible.
    ids, ids_params = pk_subquery(agreements)
    # The reader's projects: a filter only when the access rules narrow them.
    visible_qs = Project.objects.restrict(user, "view")
    visible, visible_params = pk_subquery(visible_qs) if visible_qs.query.where else ("", ())
    tables = {
        "agreement": Agreement._meta.db_table,
        "link": Agreement.projects.through._meta.db_table,
        "project": Project._meta.db_table,
        "ids": ids,
        **{
            f"visible_{alias}": f"AND {alias}.{column} IN ({visible})" if visible else ""
            for alias, column in (("p", "id"), ("v", "project_id"), ("l", "project_id"))
        },
    }
    row = FunnelRow(
        kind=kind, key=key, title=title, starts_on=starts_on, as_of=as_of, stale_months=months
    )
    with connection.cursor() as cursor:
        cursor.execute(TOTALS_SQL.format(**tables), ids_params)
        n, value, linked, linked_value, illustrative = cursor.fetchone()
        cursor.execute(BY_STAGE_SQL.format(**tables), [*ids_params, *visible_params])
        by_stage_rows = cursor.fetchall()
        stale_params = [*visible_params, *ids_params, cutoff, *(c.value for c in CLOSED)]
        stale_params += [*visible_params, *visible_params, Stage.OPERATING.value, cutoff]
        cursor.execute(STALE_SQL.format(**tables), stale_params)
        stale_rows = cursor.fetchall()
    money = decimal_field(Agreement, "value_usd")
    row.agreements = n
    row.agreements_value_usd = db_decimal(value, money)
    row.linked_agreements = linked or 0
    row.linked_agreements_value_usd = db_decimal(linked_value, money)
    row.is_illustrative = bool(n) and illustrative == n
    by_stage = {s.value: 0 for s in Stage}
    investment_field = decimal_field(Project, "total_investment_usd")
    for stage, count, investment in by_stage_rows:
        by_stage[stage] += count
        row.linked_projects += count
        row.investment_linked_usd += db_decimal(investment, investment_field)
        if stage == Stage.OPERATING:
            row.investment_realised_usd += db_decimal(investment, investment_field)
    row.projects_by_stage = by_stage
    stale: dict[str, StaleAgreement] = {}
    for code, title_en, title_ru, title_kk, signed_on, value_usd, has_link, project in stale_rows:
        if code not in stale:
            stale[code] = StaleAgreement(
                code=code,
                title=localized(
                    SimpleNamespace(title=title_en, title_ru=title_ru, title_kk=title_kk), "title"
                ),
                signed_on=signed_on,
                value_usd=None if value_usd is None else db_decimal(value_usd, money),
                reason="no_progress" if has_link else "no_project",
            )
        if project is not None:
            stale[code].projects.append(project)
    row.stale = list(stale.values())
    return row


class FunnelOptions(TypedDict, total=False):
    as_of: dt.date | None  # today by default
    stale_months: int | None  # stale_months_default() by default


def funnel_by_event(
    *, user: Any, event: str | Event | None = None, **options: Unpack[FunnelOptions]
) -> list[FunnelRow]:
    """One funnel row per event that has agreements (or for the one `event`, by slug)."""
    return _funnels(user, event_list(user=user), event, **options)


def funnel_by_portfolio(
    *, user: Any, portfolio: str | Portfolio | None = None, **options: Unpack[FunnelOptions]
) -> list[FunnelRow]:
    """One funnel row per portfolio that has agreements (or for the one `portfolio`, by slug)."""
    return _funnels(user, portfolio_list(user=user), portfolio, **options)


def _funnels(
    user: Any,
    groups: QuerySet[Any],
    one: str | Event | Portfolio | None,
    *,
    as_of: dt.date | None = None,
    stale_months: int | None = None,
) -> list[FunnelRow]:
    """A funnel row for each event or portfolio of `groups` that has agreements (or for the
    `one` named, by slug), of the agreements signed at it or in it."""
    if one is not None:
        groups = groups.filter(slug=one if isinstance(one, str) else one.slug)
    else:
        groups = groups.filter(agreements__isnull=False).distinct()
    names = ("title", "title_ru", "title_kk", "starts_on") if groups.model is Event else NAMES
    groups = groups.select_related(None).only("pk", "slug", *names)
    rows = []
    for g in groups:
        if isinstance(g, Event):
            kind, title, starts_on = "event", g.localized_title(), g.starts_on
            filters = AgreementFilters(event=g.slug)
        else:
            kind, title, starts_on = "portfolio", g.localized_name(), None
            filters = AgreementFilters(portfolio=g.slug)
        rows.append(
            funnel_for(
                user=user,
                agreements=agreement_list(user=user, filters=filters),
                kind=kind,
                key=g.slug,
                title=title,
                starts_on=starts_on,
                as_of=as_of,
                stale_months=stale_months,
            )
        )
    return rows
