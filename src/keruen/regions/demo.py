"""The regions' part of the demo: the initiatives regions put forward, and events to present them.

The Prime Minister's press release of 25 June 2025 says that Astana, Kyzylorda and Turkistan
"put forward their initiatives" in infrastructure, the agro-industrial complex and manufacturing,
and that Abai, East Kazakhstan and West Kazakhstan regions were told to speed up, find partners
and submit initiatives. That statement is cited (`ctx.press_release`); the individual initiatives
and the events below are invented and flagged illustrative. Nothing here sets a region's
lagging: the scorecard computes it from the portfolio.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from keruen.agreements.models import Event
from keruen.agreements.services import event_create
from keruen.core.demo_context import DemoContext
from keruen.projects.models import Project
from keruen.reference.models import Country, Region
from keruen.reference.selectors import Resolver
from keruen.regions.matching import initiative_candidates
from keruen.regions.services import initiative_create, initiative_transition

REASON = "Demo: initiatives regions put forward (25 June 2025 meeting)"
PUT_FORWARD = (
    "Astana, Kyzylorda and Turkistan put forward their initiatives in infrastructure, the "
    "agro-industrial complex and manufacturing (primeminister.kz, 25 June 2025). This initiative "
    "is illustrative: the release names none of them."
)
SPEED_UP = (
    "The meeting told Abai, East Kazakhstan and West Kazakhstan regions to speed up, find "
    "partners and submit initiatives (primeminister.kz, 25 June 2025). This initiative is "
    "illustrative."
)
MEETING = dt.date(2025, 6, 25)
COUNCIL = dt.date(2025, 10, 14)

#: (region, sectors, English, Russian, Kazakh, USD m, jobs, land, utilities, permits, path)
#: `path` is the moves made after creation, each with its day.
INITIATIVES: list[tuple[Any, ...]] = [
    (
        "KZ-71",
        ["infrastructure", "logistics"],
        "Astana south-east industrial zone: utilities and access roads",
        "Индустриальная зона «Юго-Восток» Астаны: инженерные сети и подъездные дороги",
        "Астананың «Оңтүстік-Шығыс» индустриялық аймағы: инженерлік желілер мен кірме жолдар",
        180,
        900,
        "ready",
        "in_progress",
        "ready",
        "became_project",
    ),
    (
        "KZ-71",
        ["manufacturing", "machinery"],
        "Astana elevator and escalator assembly plant",
        "Завод по сборке лифтов и эскалаторов в Астане",
        "Астанадағы лифт пен эскалатор құрастыру зауыты",
        60,
        450,
        "ready",
        "ready",
        "in_progress",
        "presented",
    ),
    (
        "KZ-71",
        ["agro-industrial", "food-processing"],
        "Astana agro-food logistics and wholesale centre",
        "Агропродовольственный логистический и оптовый центр Астаны",
        "Астана агроазық-түлік логистикалық және көтерме сауда орталығы",
        45,
        380,
        "in_progress",
        "in_progress",
        "none",
        "submitted",
    ),
    (
        "KZ-43",
        ["agro-industrial", "food-processing"],
        "Kyzylorda rice deep-processing cluster",
        "Кластер глубокой переработки риса, Кызылординская область",
        "Қызылорда облысындағы күрішті терең өңдеу кластері",
        120,
        700,
        "ready",
        "in_progress",
        "in_progress",
        "matched",
    ),
    (
        "KZ-43",
        ["infrastructure", "water"],
        "Syr Darya irrigation canals modernization",
        "Модернизация оросительных каналов на Сырдарье",
        "Сырдария суару каналдарын жаңғырту",
        95,
        300,
        "ready",
        "none",
        "in_progress",
        "presented",
    ),
    (
        "KZ-43",
        ["manufacturing", "building-materials"],
        "Kyzylorda flat glass plant on local quartz sand",
        "Завод листового стекла на местном кварцевом песке, Кызылорда",
        "Жергілікті кварц құмындағы парақ шыны зауыты, Қызылорда",
        150,
        550,
        "in_progress",
        "none",
        "none",
        "submitted",
    ),
    (
        "KZ-61",
        ["agro-industrial", "food-processing"],
        "Turkistan fruit and vegetable storage and processing hub",
        "Хаб хранения и переработки плодоовощной продукции, Туркестанская область",
        "Түркістан облысындағы жеміс-көкөніс сақтау және өңдеу хабы",
        70,
        600,
        "ready",
        "ready",
        "in_progress",
        "matched",
    ),
    (
        "KZ-61",
        ["manufacturing", "textiles"],
        "Turkistan cotton-to-garment textile cluster",
        "Текстильный кластер «от хлопка до одежды», Туркестанская область",
        "Түркістан облысындағы «мақтадан киімге дейін» тоқыма кластері",
        110,
        1500,
        "ready",
        "in_progress",
        "in_progress",
        "presented",
    ),
    (
        "KZ-61",
        ["infrastructure", "transport"],
        "Turkistan airport cargo terminal",
        "Грузовой терминал аэропорта Туркестана",
        "Түркістан әуежайының жүк терминалы",
        40,
        200,
        "in_progress",
        "none",
        "none",
        "withdrawn",
    ),
    (
        "KZ-10",
        ["manufacturing", "food-processing"],
        "Semey meat and leather processing plant",
        "Мясо- и кожеперерабатывающий завод, Семей",
        "Семейдегі ет және тері өңдеу зауыты",
        35,
        320,
        "in_progress",
        "none",
        "none",
        "submitted",
    ),
    (
        "KZ-10",
        ["tourism"],
        "Abai region eco-tourism cluster",
        "Кластер экотуризма, область Абай",
        "Абай облысының экотуризм кластері",
        20,
        250,
        "none",
        "none",
        "none",
        "draft",
    ),
    (
        "KZ-63",
        ["metallurgy", "industrialization"],
        "Oskemen rare-metal alloys plant",
        "Завод редкометалльных сплавов, Усть-Каменогорск",
        "Өскемендегі сирек металл қорытпалары зауыты",
        210,
        650,
        "in_progress",
        "in_progress",
        "none",
        "draft",
    ),
    (
        "KZ-27",
        ["chemicals", "industrialization"],
        "Oral gas-to-chemicals complex",
        "Газохимический комплекс, Уральск",
        "Орал газ-химия кешені",
        400,
        800,
        "none",
        "in_progress",
        "none",
        "submitted",
    ),
]
#: status → moves that reach it from a draft.
PATHS = {
    "draft": [],
    "submitted": ["submit"],
    "withdrawn": ["submit", "withdraw"],
    "presented": ["submit", "present"],
    "matched": ["submit", "present", "match"],
    "became_project": ["submit", "present", "match", "convert"],
}


def _events(ctx: DemoContext) -> dict[str, Event]:
    """A past business council where initiatives were presented, and upcoming events."""
    cn = Country.objects.get(code="CN")
    kz = Country.objects.get(code="KZ")
    investors = [o for code, o in sorted(ctx.organizations.items()) if code.startswith("cn-")]
    today = ctx.today
    rows = [
        (
            "demo-kz-cn-business-council-2025",
            Event.Kind.BUSINESS_COUNCIL,
            "Kazakhstan–China Business Council, regional investment session",
            "Казахстанско-китайский деловой совет, сессия регионов",
            "Қазақстан-Қытай іскерлік кеңесі, өңірлер сессиясы",
            min(COUNCIL, today),
            "Xi'an",
            None,
            cn,
            investors[:8],
        ),
        (
            "demo-china-central-asia-expo",
            Event.Kind.FORUM,
            "China – Central Asia Expo, investment projects fair",
            "Выставка «Китай – Центральная Азия», ярмарка инвестиционных проектов",
            "«Қытай – Орталық Азия» көрмесі, инвестициялық жобалар жәрмеңкесі",
            today + dt.timedelta(days=45),
            "Urumqi",
            None,
            cn,
            investors[::2],
        ),
        (
            "demo-kz-cn-business-council-next",
            Event.Kind.BUSINESS_COUNCIL,
            "Kazakhstan–China Business Council, next session",
            "Казахстанско-китайский деловой совет, очередное заседание",
            "Қазақстан-Қытай іскерлік кеңесі, кезекті отырыс",
            today + dt.timedelta(days=100),
            "Astana",
            Region.objects.get(code="KZ-71"),
            kz,
            investors[1::2],
        ),
        (
            "demo-east-investment-forum",
            Event.Kind.FORUM,
            "East Kazakhstan and Abai regions investment forum",
            "Инвестиционный форум Восточно-Казахстанской области и области Абай",
            "Шығыс Қазақстан және Абай облыстарының инвестициялық форумы",
            today + dt.timedelta(days=160),
            "Oskemen",
            Region.objects.get(code="KZ-63"),
            kz,
            investors[:4],
        ),
    ]
    out = {}
    for slug, kind, title, ru, kk, on, place, region, country, participants in rows:
        out[slug] = event_create(
            actor=None,
            reason=REASON,
            slug=slug,
            kind=kind,
            title=title,
            title_ru=ru,
            title_kk=kk,
            starts_on=on,
            place=place,
            region=region,
            country=country,
            participants=participants,
            description="Illustrative event, invented for the demo.",
            is_illustrative=True,
            sources=[ctx.demo_source],
        )
    return out


def _project_for(region: str, sectors: list[str]) -> Project | None:
    """A demo project of the region in one of the sectors, with a lead investor."""
    return (
        Project.objects.filter(
            regions__code=region, sectors__code__in=sectors, investors__isnull=False
        )
        .order_by("code")
        .first()
    )


def load(ctx: DemoContext) -> None:
    resolver = Resolver()
    events = _events(ctx)
    council = events["demo-kz-cn-business-council-2025"]
    cn = Country.objects.get(code="CN")
    investors = [o for code, o in sorted(ctx.organizations.items()) if code.startswith("cn-")]
    used: set[int] = set()
    counts: dict[str, int] = {}
    for n, row in enumerate(INITIATIVES):
        region, sectors, title, ru, kk, usd_m, jobs, land, utilities, permits, status = row
        ini = initiative_create(
            actor=None,
            reason=REASON,
            resolver=resolver,
            title=title,
            title_ru=ru,
            title_kk=kk,
            region=region,
            sectors=sectors,
            partner_countries=[cn],
            description=PUT_FORWARD if region in ("KZ-71", "KZ-43", "KZ-61") else SPEED_UP,
            investment_amount=Decimal(usd_m) * 1_000_000,
            investment_currency="USD",
            investment_date=MEETING,
            jobs_planned=jobs,
            land=land,
            utilities=utilities,
            permits=permits,
            is_illustrative=True,
            sources=[ctx.press_release, ctx.demo_source],
        )
        project = _project_for(region, sectors) if status == "became_project" else None
        project = project if project is not None and project.pk not in used else None
        if status == "became_project" and project is None:
            status = "matched"  # no suitable demo project: stop one step short
        # The matching picks the investor: its best candidate, as a coordinator would.
        ranked = initiative_candidates(user=None, initiative=ini, today=ctx.today, limit=1)
        investor = (
            ranked.investors[0].organization if ranked.investors else investors[n % len(investors)]
        )
        if project is not None:
            used.add(project.pk)
            investor = project.investors.order_by("-share").first().organization  # type: ignore[union-attr]
        days = {
            "submit": MEETING,
            "present": council.starts_on,
            "match": min(council.starts_on + dt.timedelta(days=90), ctx.today),
            "convert": min(council.starts_on + dt.timedelta(days=200), ctx.today),
            "withdraw": min(council.starts_on + dt.timedelta(days=30), ctx.today),
        }
        for action in PATHS[status]:
            initiative_transition(
                actor=None,
                reason=REASON,
                initiative=ini,
                action=action,
                event=council if action == "present" else None,
                investor=investor if action == "match" else None,
                project=project if action == "convert" else None,
                on=days[action],
            )
        counts[status] = counts.get(status, 0) + 1
    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    ctx.say(
        f"Regions: {len(INITIATIVES)} illustrative initiatives ({summary}); "
        "`keruen regions scorecard` shows which regions lag and why."
    )
