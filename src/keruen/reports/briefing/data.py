"""What a brief holds: typed, language-resolved data, ready to be laid out (no formatting yet).

Names and titles are already in the reader's language (`localized_name`/`localized_title`);
numbers, money and dates stay raw and are formatted for the locale when rendered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

#: A Vega-Lite specification (a JSON object), rendered to SVG offline when the brief is drawn.
ChartSpec = dict[str, Any]


@dataclass(frozen=True)
class SourceRef:
    """An entry of the annex; `number` is how the brief cites it ([1], [2], ...)."""

    number: int
    code: str
    title: str
    publisher: str
    url: str
    published_on: dt.date | None
    kind: str
    is_illustrative: bool


@dataclass(frozen=True)
class StageCount:
    stage: str
    label: str
    projects: int
    investment_usd: Decimal


@dataclass(frozen=True)
class Headline:
    projects: int
    investment_usd: Decimal
    foreign_investment_usd: Decimal
    jobs_planned: int
    jobs_created: int
    agreements: int
    agreements_value_usd: Decimal
    excluded_from_totals: int
    by_stage: list[StageCount]
    sources: list[int]  # numbers of the annex entries the figures come from


@dataclass(frozen=True)
class ProjectRef:
    code: str
    title: str
    stage: str
    stage_label: str
    regions: str  # region names in the reader's language, comma-separated
    investment_usd: Decimal | None
    stage_since: dt.date | None
    is_illustrative: bool


@dataclass(frozen=True)
class ProjectChange:
    project: ProjectRef
    from_label: str  # the stage before ("" when the registry holds no earlier state)
    to_label: str
    on: dt.date | None  # None when the reader may not see when projects changed stage


@dataclass(frozen=True)
class Changes:
    """What moved between `since` and the day of the brief, read from the projects' history."""

    since: dt.date
    since_label: str  # e.g. the meeting's title, or "" for a plain date
    new: list[ProjectRef]
    advanced: list[ProjectChange]
    stalled: list[ProjectChange]
    cancelled: list[ProjectChange]


@dataclass(frozen=True)
class TargetBrief:
    """A target as `keruen.targets.selectors.target_status` computes it (see docs/targets.md)."""

    name: str
    period: str  # e.g. "2025–2029"
    target_value: Decimal
    unit: str  # e.g. "USD", or "jobs"
    is_monetary: bool
    actual: Decimal
    trajectory_to_date: Decimal
    trajectory_to_reported: Decimal
    reported_through: dt.date | None
    forecast_trend: Decimal | None
    forecast_pipeline: Decimal
    required_run_rate: Decimal | None  # per year
    status: str  # on_track, at_risk, off_track
    status_label: str
    status_reason: str
    chart: ChartSpec | None
    sources: list[int]
    is_illustrative: bool


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    projects: int
    investment_usd: Decimal
    agreements: int
    stalled: int
    instructions_overdue: int | None
    lagging: bool
    reasons: list[str]


@dataclass(frozen=True)
class Regions:
    rows: list[RegionRow]
    map: ChartSpec | None
    chart: ChartSpec | None
    rule: str  # how lagging is decided, in the reader's language ("" when not decided)

    @property
    def lagging(self) -> list[RegionRow]:
        return [r for r in self.rows if r.lagging]


@dataclass(frozen=True)
class FunnelStep:
    key: str
    label: str
    count: int
    value_usd: Decimal | None


@dataclass(frozen=True)
class Funnel:
    event_slug: str
    event_title: str
    event_date: dt.date
    agreements: int
    agreements_value_usd: Decimal
    linked_agreements: int
    linked_agreements_value_usd: Decimal
    linked_projects: int
    conversion_rate: float | None
    investment_realised_usd: Decimal
    stale_agreements: int
    stale_months: int
    steps: list[FunnelStep]
    chart: ChartSpec | None
    sources: list[int]


@dataclass(frozen=True)
class InstructionRef:
    number: str
    text: str
    deadline: dt.date
    status_label: str
    days: int  # days overdue (overdue) or days left (due soon)


@dataclass(frozen=True)
class ExecutorInstructions:
    executor: str
    overdue: list[InstructionRef]
    due_soon: list[InstructionRef]
    on_time_rate: float | None = None


@dataclass(frozen=True)
class Instructions:
    overdue: int
    due_soon: int
    due_soon_days: int
    by_executor: list[ExecutorInstructions]
    visible: bool  # False when the reader may see no instruction (the open edition)


@dataclass(frozen=True)
class IssueRef:
    """A blocking issue risen to the Prime Minister's meeting (`keruen.blockers`)."""

    id: int
    project_code: str
    project_title: str
    body: str  # the receiving body, in the reader's language
    category: str
    description: str
    raised_on: dt.date
    days_open: int
    is_illustrative: bool


@dataclass(frozen=True)
class PmIssues:
    """Unresolved issues at the Prime Minister's meeting, by body and category, oldest first."""

    visible: bool  # False when the reader may see no issue (the open edition)
    issues: list[IssueRef]


@dataclass(frozen=True)
class Stalled:
    after_months: int
    projects: list[ProjectRef]
    total: int


@dataclass(frozen=True)
class Briefing:
    """Everything one brief says, for one reader, in one language, as of one moment."""

    language: str
    as_of: dt.datetime
    today: dt.date
    public: bool
    reader: str  # user name, "" for Keruen itself, or the open edition
    portfolio_slug: str | None
    portfolio_name: str
    headline: Headline
    changes: Changes
    targets: list[TargetBrief]
    regions: Regions
    funnel: Funnel | None
    instructions: Instructions
    stalled: Stalled
    sources: list[SourceRef] = field(default_factory=list)
    pm_issues: PmIssues = field(default_factory=lambda: PmIssues(visible=False, issues=[]))
