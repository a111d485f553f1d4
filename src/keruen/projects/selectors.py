"""Reads of projects and portfolios, always through the reader's access."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keruen.core.filters import Filters, Sort, Sorts, filter_field
from keruen.core.grouping import grouped
from keruen.core.models import TITLE_FIELDS, Confidentiality
from keruen.projects.models import Milestone, Portfolio, Project, ProjectInvestor, Stage
from keruen.projects.schedule import forecast_completion


@dataclass(frozen=True)
class ProjectFilters(Filters):
    """The project list's filters, as named in the page's and the API's query strings."""

    region: str | None = filter_field(
        "regions__code", many=True, max_length=6, description="ISO 3166-2 code, e.g. KZ-19"
    )
    sector: str | None = filter_field(
        many=True, max_length=60, description="sector code (and its children)"
    )
    stage: str | None = filter_field("stage", api=Stage)
    portfolio: str | None = filter_field(
        "portfolios__slug", many=True, max_length=80, description="portfolio slug"
    )
    investor: str | None = filter_field(
        "investors__organization__code",
        many=True,
        max_length=80,
        description="investor organization code",
    )
    country: str | None = filter_field(
        "investors__organization__country__code",
        upper=True,
        many=True,
        max_length=2,
        description="investor country, ISO alpha-2",
    )
    confidentiality: str | None = filter_field("confidentiality", api=Confidentiality)
    q: str | None = filter_field(
        many=True,
        max_length=200,
        description="search titles (kk/ru/en), codes, investors' aliases",
    )
    counted_only: bool = False
    start_from: dt.date | None = filter_field("start_on__gte")  # start on or after
    start_to: dt.date | None = filter_field("start_on__lte")  # start on or before
    changed_since: dt.datetime | None = filter_field("updated_at__gte")  # changed at or after


#: Stages in which a project is not expected to move on: never "stalled".
SETTLED_STAGES = (Stage.OPERATING, Stage.CANCELLED)
#: Forward stages in order; suspended and cancelled projects are not on this ladder.
STAGE_RANK = {
    Stage.ANNOUNCED: 0,
    Stage.AGREED: 1,
    Stage.PREPARATION: 2,
    Stage.CONSTRUCTION: 3,
    Stage.OPERATING: 4,
}
DEFAULT_STALLED_MONTHS = 12


def months_ago(months: int, today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    day = min(today.day, 28)
    return dt.date(year, month + 1, day)


def stalled_q(months: int) -> Q:
    """Stalled: in the same stage for more than `months` months, neither operating nor
    cancelled (the list's `?stalled=N`, the dashboard's panel and its regions)."""
    return Q(stage_since__lt=months_ago(months)) & ~Q(stage__in=SETTLED_STAGES)


def project_stalled(projects: QuerySet[Project], *, months: int) -> QuerySet[Project]:
    return projects.filter(stalled_q(months))


def stages_at(project_ids: Any, day: dt.date) -> dict[int, str]:
    """Each project's stage at the end of `day`, from its history (projects recorded later are
    missing). `project_ids`: ids, or a queryset of them."""
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min)
    end = timezone.make_aware(end) if timezone.is_naive(end) else end
    out: dict[int, str] = {}
    rows = (
        Project.history.filter(id__in=project_ids, history_date__lt=end)
        .order_by("id", "history_date", "history_id")
        .values_list("id", "stage", "history_type")
    )
    for pid, stage, kind in rows:
        if kind == "-":
            out.pop(pid, None)
        else:
            out[pid] = stage
    return out


def advanced(
    stage_now: str, stage_since: dt.date | None, stage_then: str | None, meeting: dt.date
) -> bool:
    """Whether a project moved up the stage ladder since the meeting (of the day `meeting`;
    `stage_then`: its stage at the end of that day, `stages_at`).

    With a history row at the meeting: its stage then is compared with its stage now. Without
    one (recorded in Keruen after the meeting): it advanced when it entered its current stage after
    the meeting and that stage is beyond "announced". Project by project (the brief's list of
    changes); the summary tables apply the same rule in SQL to every project at once
    (`keruen.projects.cube._advanced_pairs`), which tests/projects/test_cube.py checks against
    this one.
    """
    now = STAGE_RANK.get(Stage(stage_now))
    if now is None:
        return False
    if stage_then is not None:
        then = STAGE_RANK.get(Stage(stage_then))
        return then is not None and now > then
    return stage_since is not None and stage_since > meeting and now >= 1


def _largest_first(field: str, page: str, label: Any, label_desc: Any) -> Sort:
    """An amount: largest first at first click, empty values first when sorted ascending."""
    return Sort(
        field,
        page=page,
        api=field,
        label=label,
        label_desc=label_desc,
        nulls="first",
        desc_first=True,
    )


#: The project list's sort keys: on the page (with labels) and in the API.
PROJECT_SORTS = Sorts(
    (
        Sort("code", page="code", api="code", label=_("Code"), label_desc=_("Code, descending")),
        Sort(
            "title", page="title", api="title", label=_("Title"), label_desc=_("Title, descending")
        ),
        _largest_first(
            "total_investment_usd",
            "investment",
            _("Investment, smallest first"),
            _("Investment, largest first"),
        ),
        _largest_first("jobs_planned", "jobs", _("Jobs, fewest first"), _("Jobs, most first")),
        Sort(
            "stage", page="stage", api="stage", label=_("Stage"), label_desc=_("Stage, descending")
        ),
        Sort(
            "stage_since",
            page="stage_since",
            label=_("In this stage since, oldest first"),
            label_desc=_("In this stage since, newest first"),
            nulls="last",
        ),
        Sort(
            "updated_at",
            page="updated",
            api="updated_at",
            label=_("Changed longest ago"),
            label_desc=_("Recently changed"),
            desc_first=True,
        ),
        Sort("confidentiality", api="confidentiality"),
        Sort("foreign_investment_usd", api="foreign_investment_usd"),
        Sort("start_on", api="start_on"),
        Sort("end_on", api="end_on"),
    )
)


def text_search(q: str, *fields: str) -> Q:
    """`q` in any of `fields`, ignoring case in every script.

    SQLite folds the case of ASCII letters only, so Cyrillic is also tried as typed, in lower
    case, in upper case and capitalized ("цементный" finds "Цементный завод").
    """
    q = q.strip()
    variants = {q, q.lower(), q.upper(), q.capitalize(), q.title()}
    cond = Q()
    for name in fields:
        for v in variants:
            cond |= Q(**{f"{name}__icontains": v})
    return cond


def project_list(*, user: Any, filters: ProjectFilters | None = None) -> QuerySet[Project]:
    f = filters or ProjectFilters()
    qs = f.apply(Project.objects.restrict(user, "view"))
    if f.sector:
        qs = qs.filter(Q(sectors__code=f.sector) | Q(sectors__parent__code=f.sector))
    if f.q:
        qs = qs.filter(
            text_search(
                f.q,
                "code",
                *TITLE_FIELDS,
                "description",
                "investors__organization__name",
                "investors__organization__name_ru",
                "investors__organization__aliases__alias",
            )
        )
    if f.counted_only:
        qs = qs.filter(counts_in_totals=True)
    # Joins over many-valued relations can repeat a project: keep each once.
    if f.joins_many():
        qs = Project.objects.filter(pk__in=qs.values("pk"))
    return qs.order_by("code")


def project_detail_queryset(*, user: Any) -> QuerySet[Project]:
    return (
        Project.objects.restrict(user, "view")
        .select_related(
            "total_investment_currency",
            "total_investment_fx",
            "foreign_investment_currency",
            "foreign_investment_fx",
            "responsible_body",
            "curator",
            "parent",
        )
        .prefetch_related(
            "regions",
            "sectors",
            "portfolios",
            "sources",
            "milestones",
            Prefetch(
                "investors",
                queryset=ProjectInvestor.objects.select_related(
                    "organization", "organization__country"
                ),
            ),
        )
    )


def forecast_completions(projects: QuerySet[Project]) -> dict[int, dt.date | None]:
    """Per project id: its planned completion moved by its critical slip (`projects.schedule`).
    Two queries, whatever the number of projects."""
    critical = grouped(
        (m.project_id, m)
        for m in Milestone.objects.filter(
            project__in=projects.values("pk"), is_critical=True, baseline_on__isnull=False
        ).order_by()
    )
    return {
        pk: forecast_completion(end_on, critical.get(pk, []))
        for pk, end_on in projects.values_list("pk", "end_on").order_by()
    }


def portfolio_list(*, user: Any) -> QuerySet[Portfolio]:
    return Portfolio.objects.restrict(user, "view").order_by("slug")
