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
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from keruen.agreements.models import Agreement, Event
from keruen.agreements.selectors import AgreementFilters, agreement_list, event_list
from keruen.core.grouping import grouped
from keruen.projects.models import Portfolio, Project, Stage
from keruen.projects.selectors import portfolio_list

#: Months without a linked project or without progress after which an agreement is stale;
#: settings.KERUEN_FUNNEL_STALE_MONTHS overrides it, `stale_months=` overrides both.
DEFAULT_STALE_MONTHS = 6

ZERO = Decimal(0)
FUNNEL_STAGES = (Stage.PREPARATION, Stage.CONSTRUCTION, Stage.OPERATING)
CLOSED = (Agreement.Status.COMPLETED, Agreement.Status.TERMINATED)


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

    Computed in SQL: three queries (four when some agreement is stale), whatever the number of
    agreements and projects.
    """
    as_of = as_of or timezone.localdate()
    months = stale_months if stale_months is not None else stale_months_default()
    cutoff = months_before(as_of, months)
    # Links count for every reader (an agreement that became a confidential project did become
    # a project); the projects themselves — stages, investment, codes — only when visible.
    ids = agreements.order_by().values("pk")
    links = Agreement.projects.through.objects.filter(agreement=OuterRef("pk"))
    visible = Project.objects.restrict(user, "view").order_by().values("pk")
    visible_links = links.filter(project__in=visible)
    linked = Q(has_link=True)
    totals = (
        Agreement.objects.filter(pk__in=ids)
        .annotate(has_link=Exists(links))
        .aggregate(
            agreements=Count("pk"),
            value=Sum("value_usd"),
            linked=Count("pk", filter=linked),
            linked_value=Sum("value_usd", filter=linked),
            illustrative=Count("pk", filter=Q(is_illustrative=True)),
        )
    )
    row = FunnelRow(
        kind=kind, key=key, title=title, starts_on=starts_on, as_of=as_of, stale_months=months
    )
    row.agreements = totals["agreements"]
    row.agreements_value_usd = totals["value"] or ZERO
    row.linked_agreements = totals["linked"]
    row.linked_agreements_value_usd = totals["linked_value"] or ZERO
    row.is_illustrative = bool(row.agreements) and totals["illustrative"] == row.agreements
    by_stage = {s.value: 0 for s in Stage}
    for stage, n, investment in (
        Project.objects.filter(
            pk__in=Agreement.projects.through.objects.filter(agreement__in=ids).values(
                "project_id"
            ),
            counts_in_totals=True,
        )
        .filter(pk__in=visible)
        .values("stage")
        .annotate(n=Count("pk"), investment=Sum("total_investment_usd"))
        .values_list("stage", "n", "investment")
        .order_by()
    ):
        by_stage[stage] += n
        row.linked_projects += n
        row.investment_linked_usd += investment or ZERO
        if stage == Stage.OPERATING:
            row.investment_realised_usd += investment or ZERO
    row.projects_by_stage = by_stage
    # Stale: signed by the cutoff, still open, and either never linked or linked only to visible
    # projects none of which is operating or has moved stage since the cutoff.
    moving = visible_links.filter(
        Q(project__stage=Stage.OPERATING) | Q(project__stage_since__gt=cutoff)
    )
    stale = list(
        Agreement.objects.filter(pk__in=ids, signed_on__isnull=False, signed_on__lte=cutoff)
        .exclude(status__in=CLOSED)
        .annotate(
            has_link=Exists(links), has_visible=Exists(visible_links), has_moving=Exists(moving)
        )
        .filter(Q(has_link=False) | Q(has_visible=True, has_moving=False))
        .order_by("code")
    )
    codes = grouped(
        Agreement.projects.through.objects.filter(
            agreement__in=[a.pk for a in stale if a.has_link], project__in=visible
        )
        .values_list("agreement_id", "project__code")
        .order_by("project__code")
        if any(a.has_link for a in stale)
        else []
    )
    row.stale = [
        StaleAgreement(
            code=a.code,
            title=a.localized_title(),
            signed_on=a.signed_on,
            value_usd=a.value_usd,
            reason="no_progress" if a.has_link else "no_project",
            projects=codes.get(a.pk, []),
        )
        for a in stale
    ]
    return row


def funnel_by_event(
    *,
    user: Any,
    event: str | Event | None = None,
    as_of: dt.date | None = None,
    stale_months: int | None = None,
) -> list[FunnelRow]:
    """One funnel row per event that has agreements (or for the one `event`, by slug)."""
    events = _with_agreements(event_list(user=user), event)
    return _funnels(user, events, as_of=as_of, stale_months=stale_months)


def funnel_by_portfolio(
    *,
    user: Any,
    portfolio: str | Portfolio | None = None,
    as_of: dt.date | None = None,
    stale_months: int | None = None,
) -> list[FunnelRow]:
    """One funnel row per portfolio that has agreements (or for the one `portfolio`, by slug)."""
    portfolios = _with_agreements(portfolio_list(user=user), portfolio)
    return _funnels(user, portfolios, as_of=as_of, stale_months=stale_months)


def _with_agreements(groups: QuerySet[Any], one: str | Event | Portfolio | None) -> QuerySet[Any]:
    """The events or portfolios that have agreements, or the `one` named (by slug)."""
    if one is not None:
        return groups.filter(slug=one if isinstance(one, str) else one.slug)
    return groups.filter(agreements__isnull=False).distinct()


def _funnels(
    user: Any,
    groups: Iterable[Event | Portfolio],
    *,
    as_of: dt.date | None,
    stale_months: int | None,
) -> list[FunnelRow]:
    """A funnel row for each event or portfolio, of the agreements signed at it or in it."""
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
