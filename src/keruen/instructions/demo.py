"""The charges of the 25 June 2025 meeting, tracked as instructions.

The press release ends: "Following the meeting the state and local executive bodies were charged to
ensure the development of the agreements signed." That charge is recorded as it was given
(instruction 25.06.2025/1, its text quoted; the lead executor and deadline are Keruen's
assumption). The individual instructions to the akimats of the regions the meeting named and to
the ministries are invented to show how charges are tracked, and are flagged illustrative.
Deadlines are relative to the day the demo is loaded, so some are always done on time, some late,
some overdue today and some still to come.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from keruen.agreements.models import Agreement
from keruen.core.demo_context import DemoContext
from keruen.instructions.models import Instruction
from keruen.instructions.services import (
    instruction_close,
    instruction_create,
    instruction_escalate,
    instruction_extend,
    instruction_report,
    instruction_start,
)

REASON = "Keruen demo: charges of the 25 June 2025 meeting"

REAL_CHARGE = (
    "Following the meeting the state and local executive bodies were charged to ensure the "
    "development of the agreements signed."
)
REAL_CHARGE_RU = (
    "По итогам совещания государственным и местным исполнительным органам поручено обеспечить "
    "реализацию подписанных соглашений."
)
REAL_CHARGE_KK = (
    "Кеңес қорытындысы бойынша мемлекеттік және жергілікті атқарушы органдарға қол қойылған "
    "келісімдердің іске асырылуын қамтамасыз ету тапсырылды."
)


@dataclass(frozen=True)
class Charge:
    """One illustrative instruction and what happened to it, in days relative to today."""

    executor: str  # organization code, or a region code for that region's akimat
    text: str
    text_ru: str
    text_kk: str
    expected: str
    deadline: int  # days from today
    outcome: str  # "on_time", "late", "overdue", "reported", "pending"
    reported: int | None = None  # days from today of the final report
    extended_from: int | None = None  # an earlier deadline, moved by an extension
    escalate: bool = False
    started: bool = True  # False: never taken up, still open
    co_executors: tuple[str, ...] = ()


CHARGES = [
    Charge(
        "KZ-19",
        "Provide land plots and utility connections for the seven investment documents signed by "
        "Almaty region at the forum.",
        "Обеспечить земельные участки и подключение к инженерным сетям по семи инвестиционным "
        "документам, подписанным Алматинской областью на форуме.",
        (
            "Форумда Алматы облысы қол қойған жеті инвестициялық құжат бойынша жер учаскелерін "
            "беруді және инженерлік желілерге қосуды қамтамасыз ету."
        ),
        "Land allocated and connection conditions issued for all seven projects.",
        deadline=-120,
        outcome="on_time",
        reported=-126,
        co_executors=("mic",),
    ),
    Charge(
        "KZ-10",
        "Prepare a road map to accelerate the Chinese-invested projects in Abai region.",
        "Разработать дорожную карту по ускорению проектов с китайскими инвестициями в области "
        "Абай.",
        (
            "Абай облысындағы қытай инвестициялары тартылған жобаларды жеделдету жөнінде жол "
            "картасын әзірлеу."
        ),
        "A road map with dates and responsible bodies approved by the akim.",
        deadline=-20,
        outcome="overdue",
    ),
    Charge(
        "KZ-63",
        "Resolve infrastructure constraints holding back the investment projects of East "
        "Kazakhstan region.",
        "Решить вопросы инфраструктуры, сдерживающие инвестиционные проекты Восточно-"
        "Казахстанской области.",
        (
            "Шығыс Қазақстан облысының инвестициялық жобаларын тежеп отырған инфрақұрылым "
            "мәселелерін шешу."
        ),
        "A list of constraints with a solution and financing for each.",
        deadline=-45,
        outcome="overdue",
        escalate=True,
        started=False,
    ),
    Charge(
        "KZ-27",
        "Accelerate the signing of investment agreements on the West Kazakhstan projects "
        "discussed at the forum.",
        "Ускорить подписание инвестиционных соглашений по проектам Западно-Казахстанской "
        "области, обсуждённым на форуме.",
        (
            "Форумда талқыланған Батыс Қазақстан облысының жобалары бойынша инвестициялық "
            "келісімдерге қол қоюды жеделдету."
        ),
        "Investment agreements signed with the investors.",
        deadline=-100,
        outcome="late",
        reported=-80,
    ),
    Charge(
        "KZ-71",
        "Submit Astana's infrastructure initiatives with Chinese partners for inclusion in the "
        "government's investment plan.",
        "Внести инфраструктурные инициативы города Астаны с китайскими партнёрами для включения в "
        "инвестиционный план Правительства.",
        (
            "Астана қаласының қытайлық серіктестермен бірлескен инфрақұрылымдық бастамаларын "
            "Үкіметтің инвестициялық жоспарына енгізу үшін ұсыну."
        ),
        "Initiatives submitted with cost estimates and partners.",
        deadline=-50,
        outcome="on_time",
        reported=-55,
    ),
    Charge(
        "KZ-43",
        "Prepare the agro-industrial initiatives of Kyzylorda region for presentation to "
        "Chinese investors.",
        "Подготовить агропромышленные инициативы Кызылординской области для презентации "
        "китайским инвесторам.",
        (
            "Қызылорда облысының агроөнеркәсіптік бастамаларын қытайлық инвесторларға таныстыруға "
            "дайындау."
        ),
        "Investment proposals in Chinese and Russian, presented to investors.",
        deadline=10,
        outcome="reported",
        reported=-3,
    ),
    Charge(
        "KZ-61",
        "Work out with investors the manufacturing projects proposed by Turkistan region.",
        "Проработать с инвесторами производственные проекты, предложенные Туркестанской областью.",
        "Түркістан облысы ұсынған өндірістік жобаларды инвесторлармен бірге пысықтау.",
        "Feasibility studies agreed with the investors.",
        deadline=30,
        outcome="pending",
        extended_from=-15,
    ),
    Charge(
        "mfa",
        "Agree with the Chinese side the schedule of the next Kazakhstan–China Business Council.",
        "Согласовать с китайской стороной график следующего заседания Казахстанско-китайского "
        "делового совета.",
        "Қытай тарапымен Қазақстан-Қытай іскерлік кеңесінің кезекті отырысының кестесін келісу.",
        "Date and agenda agreed through diplomatic channels.",
        deadline=-200,
        outcome="on_time",
        reported=-205,
    ),
    Charge(
        "mic",
        "Monitor monthly the implementation of the 224 industrial projects with Chinese "
        "investors and report on those behind schedule.",
        "Ежемесячно проводить мониторинг реализации 224 индустриальных проектов с китайскими "
        "инвесторами и докладывать об отстающих.",
        (
            "Қытай инвесторлары қатысатын 224 индустриялық жобаның іске асырылуына ай сайын "
            "мониторинг жүргізіп, кестеден қалып бара жатқандары туралы баяндау."
        ),
        "A monthly report on projects behind schedule with proposed measures.",
        deadline=-5,
        outcome="overdue",
        co_executors=("kazakh-invest",),
    ),
    Charge(
        "moa",
        "Propose measures to support agro-industrial projects with Chinese investors, "
        "including export of processed products.",
        "Внести предложения по мерам поддержки агропромышленных проектов с китайскими "
        "инвесторами, включая экспорт продукции переработки.",
        (
            "Қытай инвесторлары қатысатын агроөнеркәсіптік жобаларды, оның ішінде қайта өңделген "
            "өнім экспортын қолдау шаралары бойынша ұсыныстар енгізу."
        ),
        "Proposals submitted to the Government.",
        deadline=-150,
        outcome="late",
        reported=-130,
    ),
    Charge(
        "moe",
        "Ensure grid connection conditions for the green-energy projects signed at the forum.",
        "Обеспечить выдачу технических условий на подключение к сетям по проектам зелёной "
        "энергетики, подписанным на форуме.",
        (
            "Форумда қол қойылған жасыл энергетика жобалары бойынша желілерге қосылуға техникалық "
            "шарттардың берілуін қамтамасыз ету."
        ),
        "Connection conditions issued for every green-energy project.",
        deadline=5,
        outcome="pending",
    ),
    Charge(
        "mot",
        "Work out with the Chinese side the increase of freight through the border crossings "
        "for the investment projects' cargo.",
        "Проработать с китайской стороной увеличение пропускной способности пунктов пропуска для "
        "грузов инвестиционных проектов.",
        (
            "Қытай тарапымен инвестициялық жобалардың жүктері үшін шекара өткізу пункттерінің "
            "өткізу қабілетін арттыруды пысықтау."
        ),
        "An agreed plan for border crossing capacity.",
        deadline=-60,
        outcome="overdue",
        extended_from=-90,
        escalate=True,
    ),
    Charge(
        "kazakh-invest",
        "Assign a personal manager from Kazakh Invest to each agreement signed at the forum.",
        "Закрепить за каждым подписанным на форуме соглашением персонального менеджера "
        "Kazakh Invest.",
        (
            "Форумда қол қойылған әрбір келісімге «Kazakh Invest» компаниясынан жеке менеджер "
            "бекіту."
        ),
        "A manager named for each of the 58 agreements.",
        deadline=-30,
        outcome="on_time",
        reported=-35,
    ),
]


def load(ctx: DemoContext) -> None:
    if ctx.meeting is None:
        return
    today = ctx.today

    def day(offset: int) -> dt.date:
        return today + dt.timedelta(days=offset)

    ministries = [ctx.organizations[c] for c in ("mic", "moa", "moe", "mot", "kazakh-invest")]
    regions = ("KZ-19", "KZ-10", "KZ-63", "KZ-27", "KZ-71", "KZ-43", "KZ-61")
    general = instruction_create(
        actor=None,
        reason=REASON,
        number="25.06.2025/1",
        text=REAL_CHARGE,
        text_ru=REAL_CHARGE_RU,
        text_kk=REAL_CHARGE_KK,
        expected_result="The agreements signed at the Central Asia – China forum move into "
        "implementation (lead executor and deadline assumed by Keruen; the release names none).",
        event=ctx.meeting,
        lead_executor=ctx.organizations["mfa"],
        co_executors=ministries + [ctx.akimats[c] for c in regions],
        agreements=list(Agreement.objects.filter(event=ctx.forum)) if ctx.forum else [],
        portfolio=ctx.portfolio,
        deadline=day(90),
    )
    instruction_start(actor=None, reason=REASON, instruction=general)

    overdue = 0
    for n, charge in enumerate(CHARGES, start=2):
        by_region = charge.executor.startswith("KZ-")
        lead = ctx.akimats[charge.executor] if by_region else ctx.organizations[charge.executor]
        links = (
            list(
                Agreement.objects.filter(event=ctx.forum, region__code=charge.executor).order_by(
                    "code"
                )[:7]
            )
            if by_region and ctx.forum
            else []
        )
        first_deadline = (
            charge.extended_from if charge.extended_from is not None else charge.deadline
        )
        instruction = instruction_create(
            actor=None,
            reason=REASON,
            number=f"25.06.2025/{n}",
            text=charge.text,
            text_ru=charge.text_ru,
            text_kk=charge.text_kk,
            expected_result=charge.expected,
            event=ctx.meeting,
            lead_executor=lead,
            co_executors=[ctx.organizations[c] for c in charge.co_executors],
            regions=[charge.executor] if by_region else [],
            agreements=links,
            portfolio=ctx.portfolio,
            deadline=day(first_deadline),
            is_illustrative=True,
        )
        if charge.extended_from is not None:
            instruction_extend(
                actor=None,
                reason="Illustrative: the investor asked for more time to agree the terms.",
                instruction=instruction,
                new_deadline=day(charge.deadline),
            )
        if charge.started:
            instruction_report(
                actor=None,
                instruction=instruction,
                text="Illustrative: work organized, a working group set up with the investors.",
                on=day(min(charge.deadline, charge.reported or charge.deadline) - 20),
                organization=lead,
            )
        if charge.reported is not None:
            instruction_report(
                actor=None,
                instruction=instruction,
                text="Illustrative: done; the expected result is achieved.",
                final=True,
                on=day(charge.reported),
                organization=lead,
            )
        if charge.outcome in ("on_time", "late"):
            instruction_close(
                actor=None,
                reason="Illustrative: executed, removed from control.",
                instruction=instruction,
                on=day((charge.reported or 0) + 3),
            )
        if charge.escalate:
            instruction_escalate(
                actor=None,
                reason="Illustrative: overdue; put on the agenda of the next meeting.",
                instruction=instruction,
            )
        if charge.outcome == "overdue":
            overdue += 1
    total = Instruction.objects.filter(event=ctx.meeting).count()
    ctx.say(
        f"Instructions: {total} from the 25 June 2025 meeting ({overdue} overdue today); "
        "`keruen instructions overdue`"
    )
