"""Illustrative blocking issues on a dozen Kazakhstan–China projects.

Each is raised some weeks ago, addressed to the project's akimat or to a ministry, and the daily
escalation is replayed day by day up to today, so the issues unanswered in time stand at the
levels the ladder gives them (some at the ministry, the Investment Headquarters, the Prime
Minister's meeting). A few were taken up, resolved, confirmed or rejected along the way. All are
invented (`is_illustrative`).
"""

from __future__ import annotations

import datetime as dt

from keruen.blockers.models import Issue
from keruen.blockers.services import (
    issue_confirm,
    issue_reject,
    issue_resolve,
    issue_start,
    issues_escalate,
)
from keruen.blockers.services import issue_raise as raise_issue
from keruen.core.demo_context import DemoContext
from keruen.projects.models import Project

REASON = "Keruen demo: illustrative blocking issue"

#: (category, to the akimat (True) or a ministry code, days ago raised, outcome, text en, text ru)
ISSUES = [
    (
        "land",
        True,
        130,
        "",
        "Land plot for the second phase not yet allotted by the akimat.",
        "Земельный участок под вторую очередь не выделен акиматом.",
    ),
    (
        "utilities",
        True,
        110,
        "",
        "Power connection (110 kV) awaits the grid operator's technical conditions.",
        "Подключение к электросетям (110 кВ) ожидает технических условий сетевой компании.",
    ),
    (
        "visas",
        "mic",
        95,
        "",
        "Work permits for 40 Chinese engineers pending beyond the quota.",
        "Разрешения на работу для 40 китайских инженеров сверх квоты не выданы.",
    ),
    (
        "customs",
        "mot",
        70,
        "",
        "Equipment held at Khorgos: classification of the production line disputed.",
        "Оборудование задержано на Хоргосе: спор о классификации производственной линии.",
    ),
    (
        "permits",
        True,
        60,
        "in_progress",
        "Construction permit delayed by the state expertise of the design.",
        "Разрешение на строительство задерживается государственной экспертизой проекта.",
    ),
    (
        "right-of-way",
        True,
        45,
        "",
        "Access road crosses farmland leased to third parties.",
        "Подъездная дорога проходит по сельхозугодьям, арендованным третьими лицами.",
    ),
    (
        "financing",
        "kazakh-invest",
        40,
        "",
        "Co-financing by the regional development fund not yet approved.",
        "Софинансирование региональным фондом развития не одобрено.",
    ),
    (
        "utilities",
        True,
        35,
        "resolved",
        "Water supply of 2,000 m³/day to be confirmed by the akimat.",
        "Водоснабжение 2 000 м³/сутки должно быть подтверждено акиматом.",
    ),
    (
        "land",
        True,
        25,
        "confirmed",
        "Change of the land plot's designated use to industrial.",
        "Изменение целевого назначения земельного участка на промышленное.",
    ),
    (
        "other",
        "moe",
        20,
        "rejected",
        "Request for a tax holiday beyond the investment contract.",
        "Запрос налоговых льгот сверх инвестиционного контракта.",
    ),
    (
        "customs",
        "mot",
        12,
        "",
        "Rail wagons for raw material imports not allocated.",
        "Вагоны для импорта сырья не выделены.",
    ),
    (
        "permits",
        True,
        5,
        "",
        "Environmental permit application returned twice for corrections.",
        "Заявка на экологическое разрешение дважды возвращалась на доработку.",
    ),
]


def load(ctx: DemoContext) -> None:
    if ctx.portfolio is None:
        return
    today = ctx.today
    projects = list(
        Project.objects.filter(
            portfolios=ctx.portfolio, stage__in=["agreed", "preparation", "construction"]
        )
        .prefetch_related("regions")
        .order_by("code")[: len(ISSUES)]
    )
    investors = {p.pk: p.investors.select_related("organization").first() for p in projects}
    raised = []
    for project, row in zip(projects, ISSUES, strict=False):
        category, to, days_ago, outcome, text, text_ru = row
        region = project.regions.first()
        body = (
            ctx.akimats.get(region.code)
            if to is True and region
            else ctx.organizations.get(str(to))
        ) or ctx.organizations["mic"]
        investor = investors[project.pk]
        raised.append(
            (
                raise_issue(
                    actor=None,
                    reason=REASON,
                    project=project,
                    category=category,
                    receiving_body=body,
                    description=text,
                    description_ru=text_ru,
                    raised_for=investor.organization if investor else None,
                    raised_on=today - dt.timedelta(days=days_ago),
                    is_illustrative=True,
                ),
                outcome,
            )
        )
    for issue, outcome in raised:
        if outcome:
            issue_start(actor=None, reason=REASON, issue=issue)
        if outcome in ("resolved", "confirmed"):
            issue_resolve(
                actor=None, reason=REASON, issue=issue, resolution="Illustrative: done by the body."
            )
        if outcome == "confirmed":
            issue_confirm(actor=None, reason="Illustrative: the investor confirms.", issue=issue)
        if outcome == "rejected":
            issue_reject(actor=None, issue=issue, reason="Illustrative: outside the contract.")
    # Replay the scheduler's daily escalation up to today.
    first = min((i.raised_on for i, _o in raised), default=today)
    for offset in range((today - first).days + 1):
        issues_escalate(today=first + dt.timedelta(days=offset))
    escalated = Issue.objects.filter(pk__in=[i.pk for i, _o in raised]).exclude(level="akimat")
    ctx.say(
        f"Blocking issues: {len(raised)} illustrative, "
        f"{escalated.count()} escalated above the akimat."
    )
