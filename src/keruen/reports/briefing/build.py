"""`briefing_build`: everything a brief says, read through the reader's access, in their language.

Each section comes from the selectors of the app that owns it (projects, agreements, targets,
regions, instructions); this module only picks, orders and names things for the reader.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from keruen.agreements.models import Event
from keruen.agreements.selectors import AgreementFilters, agreement_list, event_list
from keruen.core.models import Source
from keruen.projects.models import Portfolio, Project, Stage
from keruen.projects.selectors import ProjectFilters, project_list, summary
from keruen.reference.models import Region
from keruen.reports.briefing import changes as change_rules
from keruen.reports.briefing.data import (
    Briefing,
    Changes,
    ExecutorInstructions,
    Funnel,
    FunnelStep,
    Headline,
    Instructions,
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

#: A project without a stage change for this long counts as stalled.
STALLED_AFTER_DAYS = 365
#: Instructions whose deadline falls within this many days are "due soon".
DUE_SOON_DAYS = 30
#: How many projects a list shows before it says "and N more".
LIST_LIMIT = 12
#: Without a meeting or a date, changes are read over this many days.
DEFAULT_WINDOW_DAYS = 90


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
    projects = list(
        project_list(user=reader, filters=ProjectFilters(portfolio=slug)).prefetch_related(
            Prefetch("regions", queryset=Region.objects.order_by("code"))
        )
    )
    counted = [p for p in projects if p.counts_in_totals]
    headline = _headline(reader, slug, counted, annex)
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
        changes=_changes(projects, since_day, since_label, today, language),
        targets=_targets(reader, slug, today, annex),
        regions=_regions(reader, slug, counted, today, language),
        funnel=_funnel(reader, slug, today, language, annex),
        instructions=_instructions(reader, slug, today, language),
        stalled=_stalled(counted, today, language),
        sources=annex.entries(),
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


def _project_ref(p: Project, language: str) -> ProjectRef:
    return ProjectRef(
        code=p.code,
        title=p.localized_title(language),
        stage=p.stage,
        stage_label=str(Stage(p.stage).label),
        regions=", ".join(r.localized_name(language) for r in p.regions.all()),
        investment_usd=p.total_investment_usd,
        stage_since=p.stage_since,
        is_illustrative=p.is_illustrative,
    )


def _by_investment(projects: Iterable[Project]) -> list[Project]:
    return sorted(projects, key=lambda p: (-(p.total_investment_usd or 0), p.code))


# --- headline ------------------------------------------------------------------------------------


def _headline(reader: Any, slug: str | None, counted: list[Project], annex: _Annex) -> Headline:
    s = summary(user=reader, portfolio=slug)
    agreements = agreement_list(user=reader, filters=AgreementFilters(portfolio=slug))
    cited = (
        Source.objects.filter(projects__in=[p.pk for p in counted])
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
    last = event_list(user=reader, kind=Event.Kind.MEETING).filter(starts_on__lt=today).first()
    if last is not None:
        return last.starts_on, last.localized_title()
    return today - dt.timedelta(days=DEFAULT_WINDOW_DAYS), ""


def _changes(
    projects: list[Project], since: dt.date, label: str, today: dt.date, language: str
) -> Changes:
    found = change_rules.project_changes(
        projects, since=since, today=today, stalled_after_days=STALLED_AFTER_DAYS
    )
    by_id = {p.pk: p for p in projects}

    def moves(items: list[change_rules.Transition]) -> list[ProjectChange]:
        ordered = sorted(
            items, key=lambda t: (-(by_id[t.project_id].total_investment_usd or 0), t.on)
        )
        return [
            ProjectChange(
                project=_project_ref(by_id[t.project_id], language),
                from_label=str(Stage(t.from_stage).label) if t.from_stage else "",
                to_label=str(Stage(t.to_stage).label),
                on=t.on,
            )
            for t in ordered
        ]

    return Changes(
        since=since,
        since_label=label,
        new=[_project_ref(p, language) for p in _by_investment(by_id[i] for i in found.new)],
        advanced=moves(found.advanced),
        stalled=moves(found.stalled),
        cancelled=moves(found.cancelled),
    )


# --- stalled projects ----------------------------------------------------------------------------


def _stalled(counted: list[Project], today: dt.date, language: str) -> Stalled:
    cutoff = today - dt.timedelta(days=STALLED_AFTER_DAYS)
    found = [
        p
        for p in counted
        if p.stage == Stage.SUSPENDED
        or (
            p.stage in change_rules.ORDER
            and p.stage != Stage.OPERATING
            and p.stage_since is not None
            and p.stage_since <= cutoff
        )
    ]
    return Stalled(
        after_days=STALLED_AFTER_DAYS,
        projects=[_project_ref(p, language) for p in _by_investment(found)],
        total=len(found),
    )


# --- targets -------------------------------------------------------------------------------------


def _targets(reader: Any, slug: str | None, today: dt.date, annex: _Annex) -> list[TargetBrief]:
    return []


# --- regions -------------------------------------------------------------------------------------


def _regions(
    reader: Any, slug: str | None, counted: list[Project], today: dt.date, language: str
) -> Regions:
    cutoff = today - dt.timedelta(days=STALLED_AFTER_DAYS)
    count: dict[str, int] = defaultdict(int)
    money: dict[str, Decimal] = defaultdict(Decimal)
    stalled: dict[str, int] = defaultdict(int)
    for p in counted:
        for r in p.regions.all():
            count[r.code] += 1
            money[r.code] += p.total_investment_usd or 0
            if p.stage == Stage.SUSPENDED or (
                p.stage in change_rules.ORDER
                and p.stage != Stage.OPERATING
                and p.stage_since is not None
                and p.stage_since <= cutoff
            ):
                stalled[r.code] += 1
    agreements: dict[str, int] = defaultdict(int)
    for code in agreement_list(user=reader, filters=AgreementFilters(portfolio=slug)).values_list(
        "region__code", flat=True
    ):
        if code:
            agreements[code] += 1
    rows = [
        RegionRow(
            code=r.code,
            name=r.localized_name(language),
            projects=count[r.code],
            investment_usd=money[r.code],
            agreements=agreements[r.code],
            stalled=stalled[r.code],
            instructions_overdue=None,
            lagging=False,
            reasons=[],
        )
        for r in Region.objects.order_by("code")
    ]
    rows.sort(key=lambda r: (-r.investment_usd, r.code))
    return Regions(rows=rows, map=None, chart=None, rule="")


# --- the funnel of the last forum ----------------------------------------------------------------


def _funnel(
    reader: Any, slug: str | None, today: dt.date, language: str, annex: _Annex
) -> Funnel | None:
    forum = (
        event_list(user=reader, kind=Event.Kind.FORUM)
        .filter(starts_on__lte=today)
        .prefetch_related("sources")
        .first()
    )
    if forum is None:
        return None
    agreements = agreement_list(user=reader, filters=AgreementFilters(event=forum.slug))
    value = sum((a.value_usd or Decimal(0) for a in agreements), Decimal(0))
    linked = list(
        project_list(user=reader)
        .filter(agreements__in=agreements.values("pk"))
        .distinct()
        .order_by("code")
    )
    n = len(agreements)
    with_project = agreements.filter(projects__isnull=False).distinct().count()
    moving = [p for p in linked if p.stage in (Stage.PREPARATION, Stage.CONSTRUCTION)]
    operating = [p for p in linked if p.stage == Stage.OPERATING]
    steps = [
        FunnelStep(_("agreements signed"), n, value),
        FunnelStep(_("agreements linked to a project"), with_project, None),
        FunnelStep(_("projects in preparation or construction"), len(moving), None),
        FunnelStep(_("projects operating"), len(operating), None),
    ]
    return Funnel(
        event_slug=forum.slug,
        event_title=forum.localized_title(language),
        event_date=forum.starts_on,
        agreements=n,
        agreements_value_usd=value,
        linked_projects=len(linked),
        conversion_rate=(with_project / n) if n else None,
        steps=steps,
        chart=None,
        sources=annex.cite(forum.sources.all()),
    )


# --- instructions --------------------------------------------------------------------------------


def _instructions(reader: Any, slug: str | None, today: dt.date, language: str) -> Instructions:
    groups: list[ExecutorInstructions] = []
    return Instructions(
        overdue=0,
        due_soon=0,
        due_soon_days=DUE_SOON_DAYS,
        by_executor=groups,
        visible=reader is None or reader.is_authenticated,  # instructions are internal
    )
