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

from keruen.agreements.models import Agreement, AgreementParty, Event
from keruen.agreements.services import PartyInput, agreement_create, event_create
from keruen.core.demo_context import DemoContext
from keruen.core.models import Confidentiality, Source
from keruen.core.services import source_get_or_create
from keruen.parties.models import Organization, OrganizationAlias
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

#: Projects per region (sums to 224): weights chosen to look plausible, not taken from a source.
REGION_PROJECTS = {
    "KZ-19": 26,
    "KZ-75": 14,
    "KZ-71": 16,
    "KZ-61": 15,
    "KZ-43": 13,
    "KZ-79": 12,
    "KZ-31": 12,
    "KZ-55": 13,
    "KZ-35": 12,
    "KZ-15": 11,
    "KZ-23": 9,
    "KZ-47": 9,
    "KZ-39": 7,
    "KZ-11": 8,
    "KZ-33": 8,
    "KZ-59": 7,
    "KZ-62": 6,
    "KZ-10": 9,
    "KZ-63": 9,
    "KZ-27": 8,
}
#: Regions the meeting asked to speed up get more stalled and early-stage projects.
SLOW_REGIONS = {"KZ-10", "KZ-63", "KZ-27"}

SECTOR_THEMES = [
    # (sectors, English title pattern, Russian, Kazakh, relative size)
    (
        ["food-processing", "agro-industrial"],
        "{place} deep grain processing plant",
        "Завод глубокой переработки зерна, {place_ru}",
        "{place_kk} астықты терең өңдеу зауыты",
        1.0,
    ),
    (
        ["agriculture", "agro-industrial"],
        "{place} greenhouse complex",
        "Тепличный комплекс, {place_ru}",
        "{place_kk} жылыжай кешені",
        0.5,
    ),
    (
        ["chemicals", "industrialization"],
        "{place} gas chemical complex",
        "Газохимический комплекс, {place_ru}",
        "{place_kk} газ-химия кешені",
        4.0,
    ),
    (
        ["metallurgy", "industrialization"],
        "{place} copper smelter",
        "Медеплавильный завод, {place_ru}",
        "{place_kk} мыс балқыту зауыты",
        3.0,
    ),
    (
        ["building-materials", "manufacturing"],
        "{place} cement and glass plant",
        "Завод цемента и стекла, {place_ru}",
        "{place_kk} цемент және шыны зауыты",
        0.8,
    ),
    (
        ["automotive", "manufacturing"],
        "{place} vehicle assembly plant",
        "Автосборочный завод, {place_ru}",
        "{place_kk} автокөлік құрастыру зауыты",
        1.2,
    ),
    (
        ["machinery", "manufacturing"],
        "{place} agricultural machinery plant",
        "Завод сельхозтехники, {place_ru}",
        "{place_kk} ауыл шаруашылығы техникасы зауыты",
        0.6,
    ),
    (
        ["renewables", "energy", "green-economy"],
        "{place} wind farm",
        "Ветровая электростанция, {place_ru}",
        "{place_kk} жел электр станциясы",
        2.5,
    ),
    (
        ["renewables", "energy", "green-economy"],
        "{place} solar power plant",
        "Солнечная электростанция, {place_ru}",
        "{place_kk} күн электр станциясы",
        1.5,
    ),
    (
        ["transport", "logistics", "infrastructure"],
        "{place} logistics hub",
        "Логистический хаб, {place_ru}",
        "{place_kk} логистикалық хабы",
        1.4,
    ),
    (
        ["textiles", "manufacturing"],
        "{place} cotton textile park",
        "Текстильный парк, {place_ru}",
        "{place_kk} тоқыма паркі",
        0.7,
    ),
    (
        ["mining"],
        "{place} tungsten mining and processing",
        "Добыча и переработка вольфрама, {place_ru}",
        "{place_kk} вольфрам өндіру және өңдеу",
        2.2,
    ),
    (
        ["ict", "digital"],
        "{place} data centre",
        "Центр обработки данных, {place_ru}",
        "{place_kk} деректерді өңдеу орталығы",
        0.9,
    ),
    (
        ["water", "infrastructure"],
        "{place} water treatment and recycling",
        "Очистка и повторное использование воды, {place_ru}",
        "{place_kk} суды тазарту",
        0.4,
    ),
]

#: Invented Chinese investors, each with spellings in several scripts.
INVESTORS = [
    (
        "Tianshan Agro Technology Co., Ltd.",
        "天山农业科技有限公司",
        "Tianshan Nongye Keji",
        "Тяньшань Агро Технолоджи",
        "TSAT",
    ),
    (
        "Huaxia Green Energy Group",
        "华夏绿色能源集团",
        "Huaxia Lüse Nengyuan",
        "Хуася Грин Энерджи",
        "HGE",
    ),
    (
        "Silk Road Logistics Holding Co., Ltd.",
        "丝路物流控股有限公司",
        "Silu Wuliu Konggu",
        "Силк Роуд Логистикс",
        "SRLH",
    ),
    (
        "Jinlong Nonferrous Metals Co., Ltd.",
        "金龙有色金属有限公司",
        "Jinlong Youse Jinshu",
        "Цзиньлун Цветные Металлы",
        "JNM",
    ),
    (
        "Zhongke Chemical Engineering Co., Ltd.",
        "中科化工工程有限公司",
        "Zhongke Huagong Gongcheng",
        "Чжункэ Кемикал Инжиниринг",
        "ZKCE",
    ),
    (
        "Xinhe Building Materials Co., Ltd.",
        "新和建材有限公司",
        "Xinhe Jiancai",
        "Синьхэ Строительные Материалы",
        "XBM",
    ),
    (
        "Changcheng Auto Assembly Co., Ltd.",
        "长城汽车装配有限公司",
        "Changcheng Qiche Zhuangpei",
        "Чанчэн Авто Ассембли",
        "CCAA",
    ),
    (
        "Hengtai Agricultural Machinery Co., Ltd.",
        "恒泰农机有限公司",
        "Hengtai Nongji",
        "Хэнтай Сельхозмаш",
        "HTAM",
    ),
    (
        "Baiyun Solar Power Co., Ltd.",
        "白云太阳能有限公司",
        "Baiyun Taiyangneng",
        "Байюнь Солар Пауэр",
        "BYSP",
    ),
    (
        "Kunlun Textile Industry Co., Ltd.",
        "昆仑纺织实业有限公司",
        "Kunlun Fangzhi Shiye",
        "Куньлунь Текстиль",
        "KLTI",
    ),
    (
        "Dongfang Mining Investment Co., Ltd.",
        "东方矿业投资有限公司",
        "Dongfang Kuangye Touzi",
        "Дунфан Майнинг Инвестмент",
        "DFMI",
    ),
    (
        "Yunxin Digital Infrastructure Co., Ltd.",
        "云信数字基础设施有限公司",
        "Yunxin Shuzi Jichu",
        "Юньсинь Диджитал",
        "YXDI",
    ),
    (
        "Qinghe Water Technology Co., Ltd.",
        "清河水务科技有限公司",
        "Qinghe Shuiwu Keji",
        "Цинхэ Уотер Технолоджи",
        "QHWT",
    ),
    (
        "Lianhua Food Processing Co., Ltd.",
        "莲花食品加工有限公司",
        "Lianhua Shipin Jiagong",
        "Ляньхуа Фуд Процессинг",
        "LHFP",
    ),
    (
        "Xibei Wind Power Co., Ltd.",
        "西北风电有限公司",
        "Xibei Fengdian",
        "Сибэй Винд Пауэр",
        "XBWP",
    ),
    (
        "Zhongya Industrial Park Development Co., Ltd.",
        "中亚产业园开发有限公司",
        "Zhongya Chanyeyuan Kaifa",
        "Чжуня Индастриал Парк",
        "ZYIP",
    ),
]
KZ_PARTNERS = [
    ("Dala Agro Holding LLP", "ТОО «Дала Агро Холдинг»", "«Дала Агро Холдинг» ЖШС"),
    ("Steppe Industrial Group JSC", "АО «Степь Индастриал Груп»", "«Степь Индастриал Груп» АҚ"),
    (
        "Kazakh Logistics Partners LLP",
        "ТОО «Казахские логистические партнёры»",
        "«Қазақ логистикалық серіктестері» ЖШС",
    ),
    ("Altyn Energy LLP", "ТОО «Алтын Энерджи»", "«Алтын Энерджи» ЖШС"),
]

STATE_BODIES = [
    (
        "mfa",
        "Ministry of Foreign Affairs of the Republic of Kazakhstan",
        "Министерство иностранных дел Республики Казахстан",
        "Қазақстан Республикасы Сыртқы істер министрлігі",
        "ministry",
    ),
    (
        "mic",
        "Ministry of Industry and Construction of the Republic of Kazakhstan",
        "Министерство промышленности и строительства Республики Казахстан",
        "Қазақстан Республикасы Өнеркәсіп және құрылыс министрлігі",
        "ministry",
    ),
    (
        "moa",
        "Ministry of Agriculture of the Republic of Kazakhstan",
        "Министерство сельского хозяйства Республики Казахстан",
        "Қазақстан Республикасы Ауыл шаруашылығы министрлігі",
        "ministry",
    ),
    (
        "moe",
        "Ministry of Energy of the Republic of Kazakhstan",
        "Министерство энергетики Республики Казахстан",
        "Қазақстан Республикасы Энергетика министрлігі",
        "ministry",
    ),
    (
        "mot",
        "Ministry of Transport of the Republic of Kazakhstan",
        "Министерство транспорта Республики Казахстан",
        "Қазақстан Республикасы Көлік министрлігі",
        "ministry",
    ),
    (
        "mne",
        "Ministry of National Economy of the Republic of Kazakhstan",
        "Министерство национальной экономики Республики Казахстан",
        "Қазақстан Республикасы Ұлттық экономика министрлігі",
        "ministry",
    ),
    (
        "kazakh-invest",
        "Kazakh Invest National Company JSC",
        "АО «НК «Kazakh Invest»",
        "«Kazakh Invest» ҰК» АҚ",
        "agency",
    ),
]

STAGE_WEIGHTS = [
    (Stage.ANNOUNCED, 16),
    (Stage.AGREED, 22),
    (Stage.PREPARATION, 24),
    (Stage.CONSTRUCTION, 24),
    (Stage.OPERATING, 8),
    (Stage.SUSPENDED, 4),
    (Stage.CANCELLED, 2),
]
SLOW_STAGE_WEIGHTS = [
    (Stage.ANNOUNCED, 35),
    (Stage.AGREED, 30),
    (Stage.PREPARATION, 20),
    (Stage.CONSTRUCTION, 5),
    (Stage.OPERATING, 0),
    (Stage.SUSPENDED, 8),
    (Stage.CANCELLED, 2),
]


def _scale_to(values: list[Decimal], total: Decimal, quantum: Decimal) -> list[Decimal]:
    """Scale `values` so that they add up to `total` exactly (the last one takes the rounding)."""
    s = sum(values)
    out = [(v * total / s).quantize(quantum, rounding=ROUND_HALF_UP) for v in values]
    out[-1] += total - sum(out)
    return out


def _sources(ctx: DemoContext) -> None:
    ctx.press_release = source_get_or_create(
        actor=None,
        reason=REASON,
        code="pm-2025-06-25-kz-cn",
        kind=Source.Kind.PRESS_RELEASE,
        title="Kazakh PM chairs meeting on Kazakhstan-China cooperation",
        publisher="Office of the Prime Minister of the Republic of Kazakhstan (primeminister.kz)",
        url="https://primeminister.kz",
        published_on=dt.date(2025, 6, 25),
        note="224 industrial projects worth USD 66.4 bn with Chinese investors, some 50,000 jobs; "
        "58 commercial agreements worth USD 24 bn at the Central Asia – China forum; "
        "Almaty region's seven documents worth over USD 6 bn; target of no less than "
        "USD 150 bn of foreign investment by 2029.",
    )
    ctx.demo_source = source_get_or_create(
        actor=None,
        reason=REASON,
        code="keruen-demo",
        kind=Source.Kind.DEMO,
        title="Keruen demonstration data (illustrative, invented)",
        publisher="Keruen",
        note="Invented records that make up the published totals.",
        is_illustrative=True,
    )


def _organizations(ctx: DemoContext) -> None:
    kz = Country.objects.get(code="KZ")
    cn = Country.objects.get(code="CN")
    for code, name, ru, kk, kind in STATE_BODIES:
        ctx.organizations[code] = organization_create(
            actor=None,
            reason=REASON,
            code=code,
            name=name,
            name_ru=ru,
            name_kk=kk,
            kind=kind,
            country=kz,
        )
    for region in Region.objects.all():
        code = f"akimat-{region.code.lower()}"
        org = organization_create(
            actor=None,
            reason=REASON,
            code=code,
            name=f"Akimat of {region.name}",
            name_ru=f"Акимат: {region.name_ru}",
            name_kk=f"{region.name_kk} әкімдігі",
            kind=Organization.Kind.AKIMAT,
            country=kz,
            region=region,
        )
        ctx.organizations[code] = org
        ctx.akimats[region.code] = org
    for i, (name, hanzi, pinyin, cyr, abbr) in enumerate(INVESTORS, start=1):
        ctx.organizations[f"cn-{i}"] = organization_create(
            actor=None,
            reason=REASON,
            name=name,
            name_ru=cyr,
            name_kk=cyr,
            kind=Organization.Kind.COMPANY,
            country=cn,
            is_illustrative=True,
            aliases=[
                (hanzi, OrganizationAlias.Script.HANZI),
                (pinyin, OrganizationAlias.Script.PINYIN),
                (cyr, OrganizationAlias.Script.CYRILLIC),
                (abbr, OrganizationAlias.Script.ABBREVIATION),
            ],
            identifiers=[("cn_uscc", f"91{650100 + i:06d}MA{i:03d}X{i % 10}K{i % 7}{i % 9}")],
        )
    for i, (name, ru, kk) in enumerate(KZ_PARTNERS, start=1):
        ctx.organizations[f"kz-{i}"] = organization_create(
            actor=None,
            reason=REASON,
            name=name,
            name_ru=ru,
            name_kk=kk,
            kind=Organization.Kind.COMPANY,
            country=kz,
            is_illustrative=True,
            aliases=[(ru, OrganizationAlias.Script.CYRILLIC)],
            identifiers=[("kz_bin", f"{(180_440_000_000 + i * 1013):012d}")],
        )


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
    cn_investors = [ctx.organizations[f"cn-{i}"] for i in range(1, len(INVESTORS) + 1)]
    kz_partners = [ctx.organizations[f"kz-{i}"] for i in range(1, len(KZ_PARTNERS) + 1)]
    rows = []
    for region_code, n in REGION_PROJECTS.items():
        for _ in range(n):
            theme = rng.choice(SECTOR_THEMES)
            weights = SLOW_STAGE_WEIGHTS if region_code in SLOW_REGIONS else STAGE_WEIGHTS
            stage = rng.choices([s for s, _w in weights], [w for _s, w in weights])[0]
            size = Decimal(str(round(theme[4] * rng.lognormvariate(0, 0.7), 4)))
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
        n = same_kind[(region_code, theme[1])] = same_kind.get((region_code, theme[1]), 0) + 1
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
            title=theme[1].format(place=place) + number + say[0],
            title_ru=theme[2].format(place_ru=region.name_ru).replace(",", number_cyr + ",", 1)
            + say[1],
            title_kk=theme[3].format(place_kk=region.name_kk) + number_cyr + say[2],
            description="Illustrative project: invented to make up the published portfolio "
            "totals (224 projects, USD 66.4 bn, some 50,000 jobs).",
            stage=stage,
            stage_since=stage_since,
            confidentiality=conf,
            is_illustrative=True,
            regions=[region],
            sectors=theme[0],
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


def _events(ctx: DemoContext) -> None:
    astana = Region.objects.get(code="KZ-71")
    kz = Country.objects.get(code="KZ")
    ctx.forum = event_create(
        actor=None,
        reason=REASON,
        slug="ca-china-forum-2025",
        kind=Event.Kind.FORUM,
        title="Industrial and Innovation Cooperation Forum Central Asia – China",
        title_ru="Форум промышленно-инновационного сотрудничества «Центральная Азия – Китай»",
        title_kk="«Орталық Азия – Қытай» өнеркәсіптік-инновациялық ынтымақтастық форумы",
        starts_on=dt.date(2025, 6, 16),
        ends_on=dt.date(2025, 6, 17),
        place="Astana",
        region=astana,
        country=kz,
        description="Held in Astana during the visit of China's President in June 2025; 58 "
        "commercial agreements worth USD 24 bn were signed on its margins "
        "(primeminister.kz, 25 June 2025). Exact dates are the summit's.",
        sources=[ctx.press_release],
    )
    ctx.meeting = event_create(
        actor=None,
        reason=REASON,
        slug="pm-meeting-2025-06-25",
        kind=Event.Kind.MEETING,
        title="Meeting on Kazakhstan–China cooperation chaired by the Prime Minister",
        title_ru="Совещание по казахстанско-китайскому сотрудничеству под председательством "
        "Премьер-Министра",
        title_kk="Премьер-Министрдің төрағалығымен қазақстан-қытай ынтымақтастығы жөніндегі кеңес",
        starts_on=dt.date(2025, 6, 25),
        place="Astana",
        region=astana,
        country=kz,
        chair="Olzhas Bektenov, Prime Minister",
        description="Reviewed 224 industrial projects with Chinese investors and the agreements "
        "of the Central Asia – China forum; charged state and local executive "
        "bodies with delivering them.",
        participants=[
            ctx.organizations[c] for c in ("mfa", "mic", "moa", "moe", "mot", "kazakh-invest")
        ]
        + [ctx.akimats[c] for c in ("KZ-19", "KZ-10", "KZ-63", "KZ-27", "KZ-71", "KZ-43", "KZ-61")],
        sources=[ctx.press_release],
    )


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
    cn_investors = [ctx.organizations[f"cn-{i}"] for i in range(1, len(INVESTORS) + 1)]
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
    ctx.portfolio = portfolio_create(
        actor=None,
        reason=REASON,
        slug="kz-cn",
        name="Kazakhstan–China industrial projects",
        name_ru="Казахстанско-китайские индустриальные проекты",
        name_kk="Қазақстан-Қытай индустриялық жобалары",
        description="224 industrial projects with Chinese investors worth USD 66.4 bn and some "
        "50,000 jobs (primeminister.kz, 25 June 2025). The projects listed are "
        "illustrative: invented to make up the published totals.",
    )
    projects = _projects(ctx, rng)
    approved = _schedules(ctx, projects)
    _events(ctx)
    _agreements(ctx, rng, projects)
    ctx.say(
        f"Loaded portfolio kz-cn: {PROJECTS} projects, {AGREEMENTS} forum agreements, "
        f"{approved} approved schedules (illustrative records making up the published totals)."
    )
