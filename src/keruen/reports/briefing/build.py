"""`briefing_build`: everything a brief says, read through the reader's access, in their language.

Each section comes from the selectors of the app that owns it (projects, agreements, targets,
regions, instructions); this module only picks, orders and names things for the reader.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import fields, replace
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from keruen.accounts.policy import hidden_fields
from keruen.agreements.models import Event
from keruen.agreements.selectors import (
    AgreementFilters,
    EventFilters,
    agreement_list,
    event_list,
)
from keruen.blockers.selectors import issue_escalated
from keruen.core.models import Source, localized
from keruen.instructions.models import Instruction
from keruen.instructions.selectors import (
    InstructionFilters,
    instruction_list,
    instruction_overdue,
    instruction_scorecard_by_executor,
)
from keruen.projects.figures import summary
from keruen.projects.models import Portfolio, Project, Stage
from keruen.projects.selectors import ProjectFilters, project_list
from keruen.reference.models import Region
from keruen.regions.scorecard import LaggingRule, last_meeting, region_scorecards
from keruen.reports import dashboard
from keruen.reports.briefing import changes as change_rules
from keruen.reports.briefing import charts as briefing_charts
from keruen.reports.briefing.data import (
    Briefing,
    Changes,
    ExecutorInstructions,
    Funnel,
    FunnelStep,
    Headline,
    InstructionRef,
    Instructions,
    IssueRef,
    PmIssues,
    ProjectChange,
    ProjectRef,
    RegionRow,
    Regions,
    SourceRef,
    StageCount,
    Stalled,
    TargetBrief,
)
from keruen.reports.briefing.formatting import LOCALES
from keruen.targets.funnel import funnel_by_event
from keruen.targets.selectors import TargetStatus, target_status_list

#: A project without a change of stage for this many months is stalled (the dashboard's rule).
STALLED_MONTHS = dashboard.DEFAULT_STALLED_MONTHS
#: Instructions whose deadline falls within this many days are "due soon".
DUE_SOON_DAYS = 30
#: How many rows a list shows before it says "and N more" (the brief is read in ten minutes).
LIST_LIMIT = 8
#: Without a meeting or a date, changes are read over this many days.
DEFAULT_WINDOW_DAYS = 90
STATUS_LABELS = {
    "on_track": gettext_lazy("on track"),
    "at_risk": gettext_lazy("at risk"),
    "off_track": gettext_lazy("off track"),
}


class Listed(NamedTuple):
    """What "what changed" reads of each project the reader sees (`changes.project_changes`,
    `_project_ref`): a row, not a model instance — a brief may read every project."""

    pk: int
    code: str
    title: str
    title_ru: str
    title_kk: str
    stage: str
    stage_since: dt.date | None
    start_on: dt.date | None
    total_investment_usd: Decimal | None
    is_illustrative: bool

    def localized_title(self, language: str | None = None) -> str:
        return localized(self, "title", language)


class _Annex:
    """The sources a brief cites, numbered in the order they are first cited."""

    def __init__(self) -> None:
        self._numbers: dict[int, int] = {}
        self._sources: list[Source] = []

    def cite(self, sources: Iterable[Source]) -> list[int]:
        out = []
        for s in sources:
            if s.pk not in self._numbers:
                self._sources.append(s)
                self._numbers[s.pk] = len(self._sources)
            out.append(self._numbers[s.pk])
        return sorted(set(out))

    def entries(self) -> list[SourceRef]:
        return [
            SourceRef(
                number=i,
                code=s.code,
                title=s.title,
                publisher=s.publisher,
                url=s.url,
                published_on=s.published_on,
                kind=s.get_kind_display(),
                is_illustrative=s.is_illustrative,
            )
            for i, s in enumerate(self._sources, start=1)
        ]


def briefing_build(
    *,
    user: Any,
    portfolio: str | Portfolio | None = None,
    since: dt.date | None = None,
    since_meeting: str | Event | None = None,
    language: str = "en",
    public: bool = False,
) -> Briefing:
    """The brief for `user` (None: Keruen itself; `public=True`: the open edition).

    `since`/`since_meeting` set the start of "what changed"; by default it is the last meeting
    before today that the reader may see.
    """
    if language not in LOCALES:
        raise ValidationError(
            {"language": f"Unknown language {language!r}; expected one of kk, ru, en."}
        )
    if since is not None and since_meeting is not None:
        raise ValidationError({"since": "Give a date or a meeting to compare with, not both."})
    reader = AnonymousUser() if public else user
    with translation.override(language):
        return _build(reader, portfolio, since, since_meeting, language, public)


def _build(
    reader: Any,
    portfolio: str | Portfolio | None,
    since: dt.date | None,
    since_meeting: str | Event | None,
    language: str,
    public: bool,
) -> Briefing:
    as_of = timezone.localtime(timezone.now())
    today = as_of.date()
    folio = _portfolio(portfolio)
    slug = folio.slug if folio else None
    annex = _Annex()
    visible = project_list(user=reader, filters=ProjectFilters(portfolio=slug))
    projects = [Listed._make(row) for row in visible.values_list(*Listed._fields)]
    counted = dashboard.counted_projects(user=reader, portfolio=slug)
    headline = _headline(reader, slug, visible.filter(counts_in_totals=True), annex)
    since_day, since_label = _since(reader, since, since_meeting, today)
    return Briefing(
        language=language,
        as_of=as_of,
        today=today,
        public=public,
        reader=_reader_name(reader, public),
        portfolio_slug=slug,
        portfolio_name=_portfolio_name(folio, language),
        headline=headline,
        changes=_changes(projects, visible, since_day, since_label, today, language, reader),
        targets=_targets(reader, slug, today, language, annex),
        regions=_regions(reader, slug, today),
        funnel=_funnel(reader, slug, today, language, annex),
        instructions=_instructions(reader, slug, today, language),
        stalled=_stalled(counted, language, reader),
        sources=annex.entries(),
        pm_issues=_pm_issues(reader, slug, today, language),
    )


def _portfolio(portfolio: str | Portfolio | None) -> Portfolio | None:
    if portfolio is None or isinstance(portfolio, Portfolio):
        return portfolio
    found = Portfolio.objects.filter(slug=portfolio).first()
    if found is None:
        known = ", ".join(Portfolio.objects.values_list("slug", flat=True)) or "none yet"
        raise ValidationError({"portfolio": f"Unknown portfolio {portfolio!r} (known: {known})."})
    return found


def _portfolio_name(folio: Portfolio | None, language: str) -> str:
    if folio is None:
        return _("All portfolios")
    return {"ru": folio.name_ru, "kk": folio.name_kk}.get(language) or folio.name


def _reader_name(reader: Any, public: bool) -> str:
    if public or (reader is not None and not reader.is_authenticated):
        return _("Open edition")
    if reader is None:
        return ""
    return str(reader.get_username())


def _region_names(project_ids: Any, language: str) -> dict[int, str]:
    """Project id → its regions' names in `language`, by region code, comma-separated.

    `project_ids`: ids, or a queryset of them. Two flat reads, whatever the number of projects
    (a prefetch would build a related manager for each project)."""
    names = {r.pk: r.localized_name(language) for r in Region.objects.order_by("code")}
    out: dict[int, list[str]] = {}
    for project_id, region_id in (
        Project.regions.through.objects.filter(project_id__in=project_ids)
        .order_by("project_id", "region__code")
        .values_list("project_id", "region_id")
    ):
        out.setdefault(project_id, []).append(names[region_id])
    return {pk: ", ".join(found) for pk, found in out.items()}


@lru_cache(maxsize=64)
def _stage_label(stage: str, language: str) -> str:
    """A stage's name in `language` (a brief lists up to every project: once per stage)."""
    with translation.override(language):
        return str(Stage(stage).label)


def _project_ref(
    p: Project | Listed, language: str, hidden: Collection[str], regions: dict[int, str]
) -> ProjectRef:
    """A project as the brief lists it, less the fields the reader may not see (`hidden`:
    `hidden_fields(reader, Project)`, read once per brief); `regions`: `_region_names` of the
    projects listed."""
    return ProjectRef(
        code=p.code,
        title=p.localized_title(language),
        stage=p.stage,
        stage_label=_stage_label(p.stage, language),
        regions=regions.get(p.pk, ""),
        investment_usd=None if "total_investment_usd" in hidden else p.total_investment_usd,
        stage_since=None if "stage_since" in hidden else p.stage_since,
        is_illustrative=p.is_illustrative,
    )


def _by_investment(projects: Iterable[Listed]) -> list[Listed]:
    return sorted(projects, key=lambda p: (-(p.total_investment_usd or 0), p.code))


# --- headline ------------------------------------------------------------------------------------


def _headline(reader: Any, slug: str | None, counted: QuerySet[Project], annex: _Annex) -> Headline:
    s = summary(user=reader, filters=ProjectFilters(portfolio=slug))
    agreements = agreement_list(user=reader, filters=AgreementFilters(portfolio=slug))
    cited = (
        Source.objects.filter(projects__in=counted.order_by().values("pk"))
        .distinct()
        .order_by("is_illustrative", "-published_on", "code")
    )
    sources = annex.cite(
        list(cited)
        + list(
            Source.objects.filter(agreements__in=agreements.values("pk"))
            .distinct()
            .order_by("is_illustrative", "-published_on", "code")
        )
    )
    return Headline(
        projects=s.projects,
        investment_usd=s.investment_usd,
        foreign_investment_usd=s.foreign_investment_usd,
        jobs_planned=s.jobs_planned,
        jobs_created=s.jobs_created,
        agreements=s.agreements,
        agreements_value_usd=s.agreements_value_usd,
        excluded_from_totals=s.excluded_from_totals,
        by_stage=[
            StageCount(
                stage=stage,
                label=str(Stage(stage).label),
                projects=row["projects"],
                investment_usd=Decimal(str(row["investment_usd"])),
            )
            for stage, row in s.by_stage.items()
        ],
        sources=sources,
    )


# --- what changed --------------------------------------------------------------------------------


def _since(
    reader: Any, since: dt.date | None, meeting: str | Event | None, today: dt.date
) -> tuple[dt.date, str]:
    if since is not None:
        return since, ""
    if meeting is not None:
        event = meeting if isinstance(meeting, Event) else None
        if event is None:
            event = event_list(user=reader).filter(slug=meeting).first()
        if event is None:
            raise ValidationError({"since_meeting": f"Unknown event {meeting!r}."})
        return event.starts_on, event.localized_title()
    last = last_meeting(user=reader, today=today)
    if last is not None:
        return last.starts_on, last.localized_title()
    return today - dt.timedelta(days=DEFAULT_WINDOW_DAYS), ""


def _changes(
    projects: list[Listed],
    visible: QuerySet[Project],
    since: dt.date,
    label: str,
    today: dt.date,
    language: str,
    reader: Any,
) -> Changes:
    ids = visible.order_by().values("pk")
    found = change_rules.project_changes(
        projects,
        since=since,
        today=today,
        stalled_after_days=STALLED_MONTHS * 365 // 12,
        project_ids=ids,
    )
    by_id = {p.pk: p for p in projects}
    regions = _region_names(ids, language)
    hidden = hidden_fields(reader, Project)
    # The day of a move is the stage's "since" date: hidden from those who may not see that field.
    dated = "stage_since" not in hidden

    def moves(items: list[change_rules.Transition]) -> list[ProjectChange]:
        ordered = sorted(
            items,
            key=lambda t: (-(by_id[t.project_id].total_investment_usd or 0), t.project_id),
        )
        out = []
        for t in ordered:
            ref = _project_ref(by_id[t.project_id], language, hidden, regions)
            out.append(
                ProjectChange(
                    project=ref,
                    from_label=_stage_label(t.from_stage, language) if t.from_stage else "",
                    to_label=_stage_label(t.to_stage, language),
                    on=t.on if dated else None,
                )
            )
        return out

    return Changes(
        since=since,
        since_label=label,
        new=[
            _project_ref(p, language, hidden, regions)
            for p in _by_investment(by_id[i] for i in found.new)
        ],
        advanced=moves(found.advanced),
        stalled=moves(found.stalled),
        cancelled=moves(found.cancelled),
    )


# --- stalled projects (the dashboard's rule) -----------------------------------------------------


def _stalled(counted: QuerySet[Project], language: str, reader: Any) -> Stalled:
    total, found = dashboard.stalled(counted, months=STALLED_MONTHS, limit=LIST_LIMIT + 2)
    regions = _region_names([p.pk for p in found], language)
    return Stalled(
        after_months=STALLED_MONTHS,
        projects=[
            _project_ref(p, language, hidden_fields(reader, Project), regions) for p in found
        ],
        total=total,
    )


# --- targets -------------------------------------------------------------------------------------


#: The figures a target's brief carries as `target_status` computes them: the fields of
#: `TargetBrief` that `TargetStatus` has too (actual, trajectories, forecasts, status, ...).
STATUS_FIGURES = tuple(
    f.name for f in fields(TargetBrief) if f.name in {g.name for g in fields(TargetStatus)}
)


def _targets(
    reader: Any, slug: str | None, today: dt.date, language: str, annex: _Annex
) -> list[TargetBrief]:
    out = []
    statuses = []
    for t in target_status_list(user=reader, as_of=today):
        target = t.target
        if target.portfolio_id is not None and target.portfolio.slug != slug:
            continue
        first, last = target.period_start_year, target.period_end_year
        statuses.append(t)
        out.append(
            TargetBrief(
                name=target.localized_name(language),
                period=f"{first}–{last}",
                target_value=target.target_value,
                unit=target.unit_label,
                is_monetary=target.is_monetary,
                **{name: getattr(t, name) for name in STATUS_FIGURES},
                status_label=str(STATUS_LABELS.get(t.status, t.status)),
                chart=None,
                sources=annex.cite(
                    list(target.sources.all())
                    + ([target.baseline_source] if target.baseline_source else [])
                    + [o.source for o in t.observations if o.source is not None]
                ),
                is_illustrative=target.is_illustrative,
            )
        )
    # Real targets before illustrative ones, the largest first; the first one gets the chart.
    order = sorted(range(len(out)), key=lambda i: (out[i].is_illustrative, -out[i].target_value))
    return [
        replace(out[i], chart=briefing_charts.target(statuses[i])) if n == 0 else out[i]
        for n, i in enumerate(order)
    ]


# --- regions -------------------------------------------------------------------------------------


def _regions(reader: Any, slug: str | None, today: dt.date) -> Regions:
    """The regions' scorecards (keruen.regions): figures, lagging or not, and why."""
    cards = region_scorecards(user=reader, today=today, portfolio=slug)
    rows = [
        RegionRow(
            code=c.code,
            name=c.name,
            projects=c.projects_counted,
            investment_usd=c.investment_usd,
            agreements=c.agreements,
            stalled=c.stalled,
            instructions_overdue=c.instructions_overdue,
            lagging=c.lagging,
            reasons=c.reasons,
        )
        for c in cards
    ]
    rows.sort(key=lambda r: (not r.lagging, -r.investment_usd, r.code))
    shown = [
        {
            "code": c.code,
            "name": c.name,
            "projects": c.projects_counted,
            "investment_usd": float(c.investment_usd),
        }
        for c in cards
    ]
    rule = LaggingRule()
    return Regions(
        rows=rows,
        map=briefing_charts.region_map(shown, lagging=[r.code for r in rows if r.lagging]),
        chart=None,
        rule=_(
            "A region lags when %(n)s or more of its measures fall clearly short of the "
            "national figure (the regions' scorecard rule)."
        )
        % {"n": rule.min_shortfalls},
    )


# --- the funnel of the last forum ----------------------------------------------------------------


def _funnel(
    reader: Any, slug: str | None, today: dt.date, language: str, annex: _Annex
) -> Funnel | None:
    forum = (
        event_list(user=reader, filters=EventFilters(kind=Event.Kind.FORUM))
        .filter(starts_on__lte=today, agreements__isnull=False)
        .distinct()
        .order_by("-starts_on", "slug")
        .first()
    )
    if forum is None:
        return None
    row = funnel_by_event(user=reader, event=forum, as_of=today)[0]
    steps = [
        FunnelStep(
            key=key, label=label, count=count, value_usd=Decimal(str(value)) if value else None
        )
        for key, label, count, value in row.steps()
    ]
    return Funnel(
        event_slug=forum.slug,
        event_title=forum.localized_title(language),
        event_date=forum.starts_on,
        agreements=row.agreements,
        agreements_value_usd=row.agreements_value_usd,
        linked_agreements=row.linked_agreements,
        linked_agreements_value_usd=row.linked_agreements_value_usd,
        linked_projects=row.linked_projects,
        conversion_rate=row.conversion_rate if row.agreements else None,
        investment_realised_usd=row.investment_realised_usd,
        stale_agreements=len(row.stale),
        stale_months=row.stale_months,
        steps=steps,
        chart=briefing_charts.funnel(row),
        sources=annex.cite(forum.sources.all()),
    )


# --- instructions --------------------------------------------------------------------------------


def _sees_instructions(reader: Any) -> bool:
    """Instructions are internal: the open edition shows none (the policy says so too)."""
    return reader is None or bool(reader.is_authenticated)


def _instructions(reader: Any, slug: str | None, today: dt.date, language: str) -> Instructions:
    if not _sees_instructions(reader):
        return Instructions(
            overdue=0, due_soon=0, due_soon_days=DUE_SOON_DAYS, by_executor=[], visible=False
        )
    in_portfolio = Q(portfolio__isnull=True) | Q(portfolio__slug=slug) if slug else Q()
    overdue = list(instruction_overdue(user=reader, today=today).filter(in_portfolio))
    due_soon = list(
        instruction_list(user=reader, filters=InstructionFilters(overdue=False), today=today)
        .exclude(status=Instruction.Status.CLOSED)
        .filter(in_portfolio, deadline__lte=today + dt.timedelta(days=DUE_SOON_DAYS))
    )
    rates = {
        c.code: c.on_time_rate for c in instruction_scorecard_by_executor(user=reader, today=today)
    }
    groups: dict[str, dict[str, Any]] = {}

    def ref(i: Instruction, days: int) -> InstructionRef:
        return InstructionRef(
            number=i.number,
            text=i.localized_text(language),
            deadline=i.deadline,
            status_label=str(i.get_status_display()),
            days=days,
        )

    for i in overdue:
        g = groups.setdefault(
            i.lead_executor.code, {"org": i.lead_executor, "overdue": [], "soon": []}
        )
        g["overdue"].append(ref(i, (today - i.deadline).days))
    for i in due_soon:
        g = groups.setdefault(
            i.lead_executor.code, {"org": i.lead_executor, "overdue": [], "soon": []}
        )
        g["soon"].append(ref(i, (i.deadline - today).days))
    by_executor = [
        ExecutorInstructions(
            executor=g["org"].localized_name(language),
            overdue=sorted(g["overdue"], key=lambda r: (-r.days, r.number)),
            due_soon=sorted(g["soon"], key=lambda r: (r.days, r.number)),
            on_time_rate=rates.get(code),
        )
        for code, g in groups.items()
    ]
    by_executor.sort(key=lambda e: (-len(e.overdue), -len(e.due_soon), e.executor))
    return Instructions(
        overdue=len(overdue),
        due_soon=len(due_soon),
        due_soon_days=DUE_SOON_DAYS,
        by_executor=by_executor,
        visible=True,
    )


def _pm_issues(reader: Any, slug: str | None, today: dt.date, language: str) -> PmIssues:
    """Issues for the Prime Minister: unresolved blocking issues risen to the top of the ladder,
    by receiving body and category, oldest first; internal, like instructions."""
    if not _sees_instructions(reader):
        return PmIssues(visible=False, issues=[])
    qs = issue_escalated(user=reader)
    if slug:
        qs = qs.filter(project__portfolios__slug=slug)
    refs = [
        IssueRef(
            id=i.pk,
            project_code=i.project.code,
            project_title=i.project.localized_title(language),
            body=i.receiving_body.localized_name(language),
            category=i.category.localized_name(language),
            description=i.localized_description(language),
            raised_on=i.raised_on,
            days_open=(today - i.raised_on).days,
            is_illustrative=i.is_illustrative,
        )
        for i in qs
    ]
    refs.sort(key=lambda r: (r.body, r.category, r.raised_on, r.id))
    return PmIssues(visible=True, issues=refs)
