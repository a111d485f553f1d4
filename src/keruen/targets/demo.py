"""Demo targets: the President's USD 150 bn foreign-investment task, and a China-scoped target.

Real and cited (primeminister.kz, 25 June 2025): the task "to attract no less than 150 billion US
dollars in foreign investments by 2029", read here as the period 2025–2029; and "26.4 billion US
dollars infused in Kazakhstan between 2005 and 2024" by China — a China-only, cumulative figure,
so it is the baseline of the China-scoped target and never an observation of the national one.

Invented and flagged `is_illustrative` (their source is the demo source, which says so): every
observation below, and the China-scoped target's value. Quarterly observations appear as each
quarter would be published, about three months after it ends, so the demo does not go stale.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from keruen.core.demo_context import DemoContext
from keruen.core.money import Money, convert
from keruen.reference.models import Country
from keruen.reference.selectors import Resolver, fx_table
from keruen.targets.models import Measure, period_end
from keruen.targets.services import observation_create, target_create

REASON = "Demo targets: the USD 150 bn foreign-investment task (primeminister.kz, 25 June 2025)"
PUBLICATION_LAG = dt.timedelta(days=90)

#: Invented yearly inflows (USD bn) and how they spread over the quarters.
YEAR_BN = {2025: "24.0", 2026: "26.6", 2027: "29.0", 2028: "31.5", 2029: "34.0"}
QUARTER_SHARE = ["0.235", "0.255", "0.240", "0.270"]
#: Invented shares by investor country (None: all other countries).
COUNTRY_SHARE: list[tuple[str | None, str]] = [
    ("NL", "0.28"),
    ("US", "0.14"),
    ("CN", "0.10"),
    ("CH", "0.08"),
    ("RU", "0.07"),
    ("KR", "0.05"),
    ("FR", "0.04"),
    (None, "0.24"),
]
BN = Decimal(10**9)


def _published_quarters(today: dt.date) -> list[tuple[int, int]]:
    return [
        (y, q)
        for y in sorted(YEAR_BN)
        for q in (1, 2, 3, 4)
        if period_end(y, q) + PUBLICATION_LAG <= today
    ]


def load(ctx: DemoContext) -> None:
    resolver = Resolver()
    fx = fx_table()
    national = target_create(
        actor=None,
        reason=REASON,
        resolver=resolver,
        code="fdi-150bn-2025-2029",
        name="At least USD 150 bn of foreign investment, 2025–2029",
        name_ru="Не менее 150 млрд долларов США иностранных инвестиций в 2025–2029 годах",
        name_kk="2025–2029 жылдары кемінде 150 млрд АҚШ доллары шетелдік инвестиция",
        description="The President's task to attract no less than USD 150 bn of foreign "
        "investment by 2029 (primeminister.kz, 25 June 2025). The release says 'by 2029'; Keruen "
        "counts the inflows of 2025–2029. The observations shown are illustrative, invented for "
        "the demo; load the National Bank's FDI statistics with "
        "`keruen targets import-observations`.",
        description_ru="Поручение Президента привлечь не менее 150 млрд долларов США иностранных "
        "инвестиций до 2029 года (primeminister.kz, 25 июня 2025 года). В сообщении сказано "
        "«до 2029 года»; Keruen учитывает поступления 2025–2029 годов. Показанные наблюдения "
        "условны и придуманы для демонстрации; статистику ПИИ Национального банка загружает "
        "`keruen targets import-observations`.",
        description_kk="Президенттің 2029 жылға дейін кемінде 150 млрд АҚШ доллары шетелдік "
        "инвестиция тарту жөніндегі тапсырмасы (primeminister.kz, 2025 жылғы 25 маусым). "
        "Хабарламада «2029 жылға дейін» делінген; Keruen 2025–2029 жылдардағы түсімдерді "
        "есептейді. Көрсетілген бақылаулар шартты, демонстрация үшін ойдан шығарылған; Ұлттық "
        "банктің ТШИ статистикасын `keruen targets import-observations` жүктейді.",
        measure=Measure.FDI_INFLOW,
        target_value=Decimal("150000000000"),
        currency="USD",
        period_start_year=2025,
        period_end_year=2029,
        sources=[ctx.press_release],
    )
    china = target_create(
        actor=None,
        reason=REASON,
        resolver=resolver,
        code="cn-fdi-2025-2029",
        name="Chinese direct investment, 2025–2029 (illustrative target)",
        name_ru="Прямые инвестиции из Китая в 2025–2029 годах (условная цель)",
        name_kk="2025–2029 жылдары Қытайдан тікелей инвестиция (шартты мақсат)",
        description="Illustrative: the value of this target is invented for the demo. Its "
        "baseline is real: China invested USD 26.4 bn in Kazakhstan between 2005 and 2024 "
        "(primeminister.kz, 25 June 2025).",
        description_ru="Условная цель: её значение придумано для демонстрации. Базовый уровень "
        "реален: с 2005 по 2024 год Китай вложил в Казахстан 26,4 млрд долларов США "
        "(primeminister.kz, 25 июня 2025 года).",
        description_kk="Шартты мақсат: оның мәні демонстрация үшін ойдан шығарылған. Базалық "
        "деңгей нақты: 2005–2024 жылдары Қытай Қазақстанға 26,4 млрд АҚШ долларын салды "
        "(primeminister.kz, 2025 жылғы 25 маусым).",
        measure=Measure.FDI_INFLOW,
        target_value=Decimal("15000000000"),
        currency="USD",
        period_start_year=2025,
        period_end_year=2029,
        country="CN",
        baseline_value=Decimal("26400000000"),
        baseline_label="2005–2024, cumulative",
        baseline_source=ctx.press_release,
        is_illustrative=True,
        sources=[ctx.press_release, ctx.demo_source],
    )
    countries = {
        c.code: c for c in Country.objects.filter(code__in=[c for c, _s in COUNTRY_SHARE if c])
    }
    quarters = _published_quarters(ctx.today)
    note = "Illustrative: invented for the Keruen demo, not National Bank of Kazakhstan statistics."
    for year, quarter in quarters:
        total = Decimal(YEAR_BN[year]) * BN * Decimal(QUARTER_SHARE[quarter - 1])
        for code, share in COUNTRY_SHARE:
            usd = (total * Decimal(share)).quantize(Decimal("1"))
            amount, currency = usd, "USD"
            if code == "CN":
                # Reported in yuan, to show conversion at the quarter's rate.
                amount = convert(Money(usd, "USD", period_end(year, quarter)), "CNY", fx).amount
                currency = "CNY"
            observation_create(
                actor=None,
                reason=REASON,
                resolver=resolver,
                fx=fx,
                target=national,
                year=year,
                quarter=quarter,
                value=amount,
                currency=currency,
                country=countries[code] if code else None,
                source=ctx.demo_source,
                is_illustrative=True,
                note=note,
            )
            if code == "CN":
                observation_create(
                    actor=None,
                    reason=REASON,
                    resolver=resolver,
                    fx=fx,
                    target=china,
                    year=year,
                    quarter=quarter,
                    value=usd,
                    currency="USD",
                    country=countries["CN"],
                    source=ctx.demo_source,
                    is_illustrative=True,
                    note=note,
                )
    last = f"{quarters[-1][0]} Q{quarters[-1][1]}" if quarters else "none yet"
    ctx.say(
        "Loaded targets: USD 150 bn foreign investment 2025–2029 (cited) with illustrative "
        f"quarterly observations through {last}; an illustrative China-scoped target."
    )
