"""The Kazakhstan–China portfolio (kz-cn) as the 25 June 2025 meeting saw it.

Real, cited figures (primeminister.kz, 25 June 2025): 224 industrial projects with Chinese
investors worth USD 66.4 bn and some 50,000 jobs; 58 commercial agreements worth USD 24 bn signed
at the Industrial and Innovation Cooperation Forum Central Asia – China in Astana; Almaty region's
7 documents worth over USD 6 bn. The individual projects, companies and agreements that make up
those totals are invented (illustrative) and flagged so: the release names none of them.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from keruen.agreements.models import Agreement, AgreementParty
from keruen.agreements.services import PartyInput, agreement_create, event_create
from keruen.core.demo_context import DemoContext, demo_records
from keruen.core.models import Confidentiality
from keruen.core.services import source_get_or_create
from keruen.parties.models import Organization
from keruen.parties.services import organization_create
from keruen.projects.models import Milestone, ProjectInvestor, Stage
from keruen.projects.services import (
    InvestorInput,
    MilestoneInput,
    milestone_update,
    portfolio_create,
    project_approve_schedule,
    project_create,
)
from keruen.reference.models import Country, Region
from keruen.reference.selectors import Resolver, fx_table

REASON = "Demo portfolio: Kazakhstan–China projects reviewed on 25 June 2025"
PROJECTS = 224
INVESTMENT_USD = Decimal("66400000000")
JOBS = 50_000
AGREEMENTS = 58
AGREEMENTS_USD = Decimal("24000000000")
ALMATY_DOCUMENTS = 7
ALMATY_DOCUMENTS_USD = Decimal("6200000000")  # "over 6 billion US dollars"

#: The cited sources, the events, the state bodies, the invented companies and project themes,
#: and the projects per region (kz_cn.toml).
DATA = demo_records(__name__)
REGION_PROJECTS: dict[str, int] = DATA["region_projects"]
#: Regions the meeting asked to speed up get more stalled and early-stage projects.
SLOW_REGIONS = {"KZ-10", "KZ-63", "KZ-27"}

#: How often a project is at each stage (invented): in most regions, and in the slow ones.
STAGE_WEIGHTS = {
    Stage.ANNOUNCED: (16, 35),
    Stage.AGREED: (22, 30),
    Stage.PREPARATION: (24, 20),
    Stage.CONSTRUCTION: (24, 5),
    Stage.OPERATING: (8, 0),
    Stage.SUSPENDED: (4, 8),
    Stage.CANCELLED: (2, 2),
}


def _scale_to(values: list[Decimal], total: Decimal, quantum: Decimal) -> list[Decimal]:
    """Scale `values` so that they add up to `total` exactly (the last one takes the rounding)."""
    s = sum(values)
    out = [(v * total / s).quantize(quantum, rounding=ROUND_HALF_UP) for v in values]
    out[-1] += total - sum(out)
    return out


def _sources(ctx: DemoContext) -> None:
    for attribute, record in DATA["sources"].items():
        setattr(ctx, attribute, source_get_or_create(actor=None, reason=REASON, **record))


def _organization(
    ctx: DemoContext,
    key: str,
    country: str,
    aliases: list[list[str]] | None = None,
    identifiers: list[list[str]] | None = None,
    **fields: Any,
) -> Organization:
    """Create one organization from its record (`country` a code, `aliases` and `identifiers`
    pairs) and keep it in `ctx.organizations` under `key`."""
    org = ctx.organizations[key] = organization_create(
        actor=None,
        reason=REASON,
        country=Country.objects.get(code=country),
        aliases=[(alias, script) for alias, script in aliases or []],
        identifiers=[(scheme, value) for scheme, value in identifiers or []],
        **fields,
    )
    return org


def _organizations(ctx: DemoContext) -> None:
    """The state bodies, every region's akimat, then the invented companies."""
    for record in DATA["state_bodies"]:
        _organization(ctx, **record)
    for region in Region.objects.all():
        code = f"akimat-{region.code.lower()}"
        ctx.akimats[region.code] = _organization(
            ctx,
            code,
            "KZ",
            code=code,
            name=f"Akimat of {region.name}",
            name_ru=f"Акимат: {region.name_ru}",
            name_kk=f"{region.name_kk} әкімдігі",
            kind=Organization.Kind.AKIMAT,
            region=region,
        )
    for record in DATA["companies"]:
        _organization(ctx, **record)


def _investors(ctx: DemoContext, prefix: str) -> list[Organization]:
    """The invented companies whose keys start with `prefix` ("cn-", "kz-"), in the data's order."""
    return [ctx.organizations[c["key"]] for c in DATA["companies"] if c["key"].startswith(prefix)]


def _milestones(
    rng: random.Random, stage: str, signed: dt.date, today: dt.date
) -> list[MilestoneInput]:
    plan = [
        (Milestone.Kind.AGREEMENT, 0),
        (Milestone.Kind.LAND, 120),
        (Milestone.Kind.DESIGN, 270),
        (Milestone.Kind.FINANCING, 360),
        (Milestone.Kind.CONSTRUCTION_START, 420),
        (Milestone.Kind.COMMISSIONING, 900),
    ]
    done_upto = {
        Stage.ANNOUNCED: 0,
        Stage.AGREED: 1,
        Stage.PREPARATION: 3,
        Stage.CONSTRUCTION: 5,
        Stage.OPERATING: 6,
        Stage.SUSPENDED: 2,
        Stage.CANCELLED: 1,
    }[Stage(stage)]
    out = []
    for i, (kind, offset) in enumerate(plan):
        planned = signed + dt.timedelta(days=offset)
        actual = None
        if i < done_upto:
            actual = planned + dt.timedelta(days=rng.randint(-20, 150))
            actual = min(actual, today)
        critical = kind in (Milestone.Kind.FINANCING, Milestone.Kind.COMMISSIONING)
        out.append(
            MilestoneInput(kind=kind, planned_on=planned, actual_on=actual, is_critical=critical)
        )
    return out


#: Why the demo's schedules were approved and its milestones slipped: invented, like the projects.
SCHEDULE_REASON = "Illustrative: schedule approved at the investment headquarters (demo data)"
SLIP_REASON = "Illustrative: the investor reports a delay (demo data)"


def _schedules(ctx: DemoContext, projects: list) -> int:
    """Approve the schedule of every fourth project in preparation or under construction, then
    slip some of its open milestones (by 0 to 180 days, never into the past): baselines frozen,
    forecasts later, the critical slip moving the forecast completion. Returns how many."""
    chosen = [p for p in projects if p.stage in (Stage.PREPARATION, Stage.CONSTRUCTION)][::4]
    for n, project in enumerate(chosen):
        project_approve_schedule(
            actor=None,
            reason=SCHEDULE_REASON,
            project=project,
            on=min(ctx.today, project.start_on + dt.timedelta(days=60)),
        )
        slip = dt.timedelta(days=45 * (n % 5))
        for m in project.milestones.filter(actual_on__isnull=True, baseline_on__isnull=False):
            forecast = max(m.baseline_on + slip, ctx.today + dt.timedelta(days=30))
            if forecast != m.forecast_on:
                milestone_update(actor=None, reason=SLIP_REASON, milestone=m, forecast_on=forecast)
    return len(chosen)


#: Added to a restricted project's titles (en, ru, kk).
RESTRICTED_TITLE = (
    " (talks with the investor under way)",
    " (переговоры с инвестором продолжаются)",
    " (инвестормен келіссөздер жүріп жатыр)",
)


def _projects(ctx: DemoContext, rng: random.Random) -> list:
    resolver = Resolver()
    fx = fx_table()
    regions = {r.code: r for r in Region.objects.all()}
    cn_investors, kz_partners = _investors(ctx, "cn-"), _investors(ctx, "kz-")
    rows = []
    for region_code, n in REGION_PROJECTS.items():
        for _ in range(n):
            theme = rng.choice(DATA["sector_themes"])
            column = 1 if region_code in SLOW_REGIONS else 0
            stage = rng.choices(list(STAGE_WEIGHTS), [w[column] for w in STAGE_WEIGHTS.values()])[0]
            size = Decimal(str(round(theme["size"] * rng.lognormvariate(0, 0.7), 4)))
            job_weight = Decimal(str(round(float(size) ** 0.6 * rng.uniform(0.6, 1.4), 4)))
            rows.append((region_code, theme, stage, size, job_weight))
    assert len(rows) == PROJECTS
    usd = _scale_to([r[3] for r in rows], INVESTMENT_USD, Decimal("1"))
    job_counts = [int(j) for j in _scale_to([r[4] for r in rows], Decimal(JOBS), Decimal("1"))]
    projects = []
    # A region with two plants of one kind numbers them, so that no two projects share a title.
    same_kind: dict[tuple[str, str], int] = {}
    for i, ((region_code, theme, stage, _s, _j), amount_usd, job_count) in enumerate(
        zip(rows, usd, job_counts, strict=True), start=1
    ):
        region = regions[region_code]
        signed = dt.date(2023, 1, 10) + dt.timedelta(days=rng.randint(0, 880))
        currency = rng.choices(["USD", "CNY", "KZT"], [75, 15, 10])[0]
        amount = amount_usd
        if currency != "USD":
            amount = (amount_usd * fx.rate(currency, signed).units_per_usd).quantize(
                Decimal("0.01")
            )
        lead = rng.choice(cn_investors)
        lead_share = Decimal(rng.choice([51, 60, 70, 80, 100]))
        investors = [InvestorInput(lead, ProjectInvestor.Role.LEAD, lead_share)]
        if lead_share < 100:
            investors.append(
                InvestorInput(
                    rng.choice(kz_partners), ProjectInvestor.Role.CO_INVESTOR, 100 - lead_share
                )
            )
        days_in_stage = (
            rng.randint(20, 500) if region_code not in SLOW_REGIONS else rng.randint(200, 700)
        )
        stage_since = max(signed, ctx.today - dt.timedelta(days=days_in_stage))
        conf = rng.choices(
            [Confidentiality.PUBLIC, Confidentiality.INTERNAL, Confidentiality.RESTRICTED],
            [80, 14, 6],
        )[0]
        foreign_share = lead_share if lead_share < 100 else Decimal(100)
        place = region.capital if region.kind == Region.Kind.REGION else region.name
        kind = (region_code, theme["title"])
        n = same_kind[kind] = same_kind.get(kind, 0) + 1
        number = f" No. {n}" if n > 1 else ""
        number_cyr = f" № {n}" if n > 1 else ""
        # A restricted project's title is itself confidential, so it never reads like a public
        # one's (the open-data portal's sweep looks for it in every public page and file).
        say = RESTRICTED_TITLE if conf == Confidentiality.RESTRICTED else ("", "", "")
        project = project_create(
            actor=None,
            reason=REASON,
            resolver=resolver,
            fx=fx,
            code=f"KZCN-{i:03d}",
            title=theme["title"].format(place=place) + number + say[0],
            title_ru=theme["title_ru"]
            .format(place_ru=region.name_ru)
            .replace(",", number_cyr + ",", 1)
            + say[1],
            title_kk=theme["title_kk"].format(place_kk=region.name_kk) + number_cyr + say[2],
            description="Illustrative project: invented to make up the published portfolio "
            "totals (224 projects, USD 66.4 bn, some 50,000 jobs).",
            stage=stage,
            stage_since=stage_since,
            confidentiality=conf,
            is_illustrative=True,
            regions=[region],
            sectors=theme["sectors"],
            portfolios=[ctx.portfolio],
            sources=[ctx.press_release, ctx.demo_source],
            total_investment_amount=amount,
            total_investment_currency=currency,
            total_investment_date=signed,
            foreign_investment_amount=(amount * foreign_share / 100).quantize(Decimal("0.01")),
            foreign_investment_currency=currency,
            foreign_investment_date=signed,
            jobs_planned=job_count,
            jobs_created=job_count
            if stage == Stage.OPERATING
            else (int(job_count * rng.uniform(0.1, 0.4)) if stage == Stage.CONSTRUCTION else 0),
            construction_jobs_planned=int(job_count * rng.uniform(1.2, 2.5)),
            responsible_body=ctx.akimats[region_code],
            curator=ctx.organizations[rng.choice(["mic", "moa", "moe", "mot", "kazakh-invest"])],
            start_on=signed,
            end_on=signed + dt.timedelta(days=rng.randint(700, 1500)),
            negotiation_notes="Illustrative: investor asks for a land plot with utilities and a "
            "preferential electricity tariff."
            if conf != "public"
            else "",
            investors=investors,
            milestones=_milestones(rng, stage, signed, ctx.today),
        )
        projects.append(project)
    # Phases announced again on their own: linked to their umbrella project, never counted twice.
    for n, parent in enumerate([projects[2], projects[40], projects[100]], start=1):
        project_create(
            actor=None,
            reason=REASON,
            resolver=resolver,
            fx=fx,
            code=f"KZCN-{parent.code[5:]}-P2",
            title=f"{parent.title}, phase 2 (announced separately)",
            title_ru=f"{parent.title_ru}, вторая очередь",
            title_kk=f"{parent.title_kk}, екінші кезек",
            description="Illustrative: a phase reported again in the news; already counted in "
            "its umbrella project.",
            stage=Stage.ANNOUNCED,
            is_illustrative=True,
            parent=parent,
            counts_in_totals=False,
            regions=list(parent.regions.all()),
            sectors=list(parent.sectors.all()),
            portfolios=[ctx.portfolio],
            sources=[ctx.demo_source],
            total_investment_amount=Decimal(150_000_000 * n),
            total_investment_currency="USD",
            total_investment_date=dt.date(2025, 3, 1),
            jobs_planned=200 * n,
        )
    return projects


def _event(
    ctx: DemoContext,
    context: str,
    region: str,
    country: str,
    sources: list[str],
    participants: list[str] | None = None,
    **fields: Any,
) -> None:
    """Create one event of the release from its record and keep it as `ctx.<context>`."""
    event = event_create(
        actor=None,
        reason=REASON,
        region=Region.objects.get(code=region),
        country=Country.objects.get(code=country),
        participants=[ctx.organizations[code] for code in participants or []],
        sources=[getattr(ctx, key) for key in sources],
        **fields,
    )
    setattr(ctx, context, event)


def _agreements(ctx: DemoContext, rng: random.Random, projects: list) -> None:
    resolver = Resolver()
    fx = fx_table()
    cn = Country.objects.get(code="CN")
    by_region: dict[str, list] = {}
    for p in projects:
        by_region.setdefault(p.regions.all()[0].code, []).append(p)
    others = [c for c in REGION_PROJECTS if c != "KZ-19"]
    plan = ["KZ-19"] * ALMATY_DOCUMENTS + [
        rng.choice(others) for _ in range(AGREEMENTS - ALMATY_DOCUMENTS)
    ]
    almaty_values = _scale_to(
        [Decimal(rng.uniform(0.5, 1.5)) for _ in range(ALMATY_DOCUMENTS)],
        ALMATY_DOCUMENTS_USD,
        Decimal("1"),
    )
    other_values = _scale_to(
        [Decimal(rng.lognormvariate(0, 0.8)) for _ in range(AGREEMENTS - ALMATY_DOCUMENTS)],
        AGREEMENTS_USD - ALMATY_DOCUMENTS_USD,
        Decimal("1"),
    )
    values = almaty_values + other_values
    almaty_sectors = ["green-economy", "logistics", "agro-industrial", "manufacturing"]
    cn_investors = _investors(ctx, "cn-")
    for i, (region_code, value) in enumerate(zip(plan, values, strict=True), start=1):
        sector = (
            almaty_sectors[i % 4]
            if region_code == "KZ-19"
            else rng.choice(
                [
                    "manufacturing",
                    "agro-industrial",
                    "infrastructure",
                    "logistics",
                    "energy",
                    "mining",
                    "chemicals",
                ]
            )
        )
        candidates = by_region.get(region_code, [])
        linked = [rng.choice(candidates)] if candidates and rng.random() < 0.55 else []
        kind = rng.choice([Agreement.Kind.COMMERCIAL, Agreement.Kind.INVESTMENT])
        investor = rng.choice(cn_investors)
        sector_obj = resolver.sector(sector)
        agreement_create(
            actor=None,
            reason=REASON,
            resolver=resolver,
            fx=fx,
            code=f"CAC25-{i:02d}",
            title=f"{investor.name}: {sector_obj.name.lower()} agreement with "
            f"{ctx.akimats[region_code].name}",
            title_ru=f"Соглашение о сотрудничестве ({sector_obj.name_ru.lower()})",
            title_kk=f"Ынтымақтастық туралы келісім ({sector_obj.name_kk.lower()})",
            kind=kind,
            status=Agreement.Status.IN_PROGRESS if linked else Agreement.Status.SIGNED,
            signed_on=dt.date(2025, 6, 17),
            event=ctx.forum,
            region=ctx.akimats[region_code].region,
            sector=sector_obj,
            counterparty_country=cn,
            value_amount=value,
            value_currency="USD",
            value_date=dt.date(2025, 6, 17),
            description="Illustrative agreement: one of the 58 signed at the forum (the release "
            "gives their number and total value, not the documents).",
            is_illustrative=True,
            projects=linked,
            portfolios=[ctx.portfolio],
            sources=[ctx.press_release, ctx.demo_source],
            parties=[
                PartyInput(investor, AgreementParty.Role.INVESTOR),
                PartyInput(ctx.akimats[region_code], AgreementParty.Role.GOVERNMENT),
            ],
        )


def load(ctx: DemoContext) -> None:
    rng = random.Random(20250625)
    _sources(ctx)
    _organizations(ctx)
    ctx.portfolio = portfolio_create(actor=None, reason=REASON, **DATA["portfolio"])
    projects = _projects(ctx, rng)
    approved = _schedules(ctx, projects)
    for record in DATA["events"]:
        _event(ctx, **record)
    _agreements(ctx, rng, projects)
    ctx.say(
        f"Loaded portfolio kz-cn: {PROJECTS} projects, {AGREEMENTS} forum agreements, "
        f"{approved} approved schedules (illustrative records making up the published totals)."
    )
