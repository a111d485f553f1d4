"""Kazakh vocabulary of investment press releases.

Kazakh is agglutinative: a noun carries its case and possessive endings ("жоба", "жобаны",
"жобасы", "жобалардың"), so stems are matched with ``\\w*``. The figure comes before its noun and an
amount usually before what it counts ("жалпы сомасы 24 млрд доллар болатын 58 құжатқа қол
қойылды"); hedges after the figure ("астам", "жуық", "дейін") are read in numbers.py.
"""

from __future__ import annotations

import re

from .event_cues import event_cues
from .lexicon import Lexicon, rx

# Singular forms of "project" (a plural, "жобалар", is a portfolio, not one object).
_ONE_PROJECT = r"жоба(?:сы|ның|ны|ға|да|дан|мен)?"
_DOCUMENT = r"(?:келісім\w*|меморандум\w*|келісімшарт\w*|жол\s+картас\w*|хаттама\w*|декларация\w*)"
_OBJECT = (
    r"зауыт\w*",
    r"кешен\w*",
    r"фабрика\w*",
    r"терминал\w*",
    r"\w*станция\w*",
    r"парк\w*",
    r"хаб\w*",
    r"кәсіпор[ын]\w*",
    r"орталы[қғ]\w*",
    r"кеніш\w*",
    r"кен\s+орн\w*",
    r"жылыжай\w*",
    r"порт\w*",
    r"цех\w*",
    r"ферма\w*",
    r"қойма\w*",
    r"өндіріс\w*",
    r"желі\w*",
)

#: "<object> ... opened / launched / put into operation": an opening ceremony's cue.
_OPENED = (
    r"(?:" + "|".join(_OBJECT) + r")\s+(?:\S+\s+){0,2}?(?:ашылды|ашылуы|"
    r"іске\s+қосылды|пайдалануға\s+берілді)"
)

LEXICON = Lexicon(
    language="kk",
    count_nouns=(
        (rx(r"(?:инвестициялық\s+)?жоба\w*"), "projects"),
        (rx(r"келісімшарт\w*"), "contracts"),
        (rx(r"келісім(?!шарт)\w*"), "agreements"),
        (rx(r"меморандум\w*"), "memoranda"),
        (rx(r"құжат\w*"), "documents"),
        (rx(r"(?:тұрақты\s+|жаңа\s+)?жұмыс\s+(?:орн|орын)\w*"), "jobs"),
    ),
    people_nouns=rx(
        r"адам\w*",
        r"маман\w*",
        r"жұмысшы\w*",
        r"қызметкер\w*",
        r"құрылысшы\w*",
        r"инженер\w*",
    ),
    employment_cue=rx(
        r"жұмыс\s+істе\w*",
        r"жұмыспен\s+қамт\w*",
        r"еңбек\s+ет\w*",
        r"жұмысқа\s+(?:алын|тарт|орналас)\w*",
        r"тартыл\w*",
        r"қамтыл\w*",
        r"жұмыс\s+орн\w*",
    ),
    construction_cue=rx(r"құрылыс\w*", r"салу\s+кезең\w*", r"салу\s+кезін\w*"),
    permanent_cue=rx(r"тұрақты", r"іске\s+қосыл\w+\s+кейін"),
    # Adjectives and participles: "инвестициялық", "жаңа", "тұрақты", "коммерциялық".
    modifier=re.compile(
        r"[\w-]*(?:лық|лік|дық|дік|тық|тік|ғы|гі|қы|кі|ты|ті|лы|лі|ды|ді|сыз|сіз|атын|етін|йтын|"
        r"йтін)|жаңа|ірі|басқа",
        re.IGNORECASE,
    ),
    signing_cue=rx(r"қол\s+қой\w*", r"жасалды", r"жасалған", r"сомасы", r"жалпы\s+құны"),
    agreement_predicate=rx(
        _DOCUMENT + r"\s+(?:\S+\s+){0,2}?қол\s+қой(?:ды|ылды|ылған|ған|ысты)",
        r"(?:оның|соның|олардың)\s+ішінде\s+(?:\S+\s+){0,6}?" + _DOCUMENT,
        r"(?:келісім|меморандум|келісімшарт)\w*\s+жасалды",
    ),
    agreed_verb=rx(r"уағдаласты\w*", r"келісті\w*", r"келісімге\s+келді\w*"),
    future_signing=rx(r"қол\s+қою\w*", r"қол\s+қойылады", r"қол\s+қоймақ\w*", r"қол\s+қойылмақ"),
    restatement=rx(r"^(?:құжат|келісім|меморандум)\w*\s+(?:\S+\s+){0,2}қол\s+қойылды"),
    total_value=rx(r"жалпы\s+(?:сомасы|құны|көлемі)", r"барлығы", r"олардың\s+(?:сомасы|құны)"),
    plural_agreement_value=rx(
        r"(?:келісімдер|құжаттар|меморандумдар|келісімшарттар)\w*\s+(?:\w+\s+){0,2}"
        r"(?:жалпы\s+)?(?:сомасы|құны)"
    ),
    target_cue=rx(
        r"міндет\w*",
        r"мақсат\w*",
        r"тапсыр\w*",
        r"көздейді",
        r"көзделіп\s+отыр",
        r"межелен\w*",
    ),
    target_money_context=rx(
        r"тарт(?:у|уды|уға|а)\w*", r"ағын\w*", r"жеткізу\w*", r"инвестиция\w*", r"ТШИ"
    ),
    count_target_cue=rx(r"міндет\w*", r"мақсат\w*", r"тапсыр\w*"),
    count_plan_cue=rx(r"жоспарлан\w*", r"көздел\w*"),
    number_of_projects_reach=re.compile(r"(?i)жобалар(?:дың)?\s+саны\s+"),
    aggregate_cue=rx(
        r"тікелей\s+шетелдік\s+инвестиция\w*",
        r"ТШИ",
        r"ағын\w*",
        r"экономика\w*",
        r"тартылды",
        r"тартылған",
        r"портфел\w*",
        r"негізгі\s+капитал\w*",
        r"жалпы\s+көлем\w*",
        r"\d{4}\s+жылдан\s+бері",
    ),
    weak_investment_cue=rx(
        r"инвестиция\w*",
        r"құны",
        r"құн[ыд]\w*",
        r"сомас\w*",
        r"бағалан\w*",
        r"көлем\w*",
        r"қаржыланд\w*",
        r"салады",
        r"салды",
    ),
    project_object=rx(_ONE_PROJECT, *_OBJECT),
    project_verb=rx(
        r"салын\w*",
        r"салу\w*",
        r"салад\w*",
        r"салып",
        r"құрылыс\w*",
        r"жүзеге\s+асыр\w*",
        r"іске\s+асыр\w*",
        r"іске\s+қос\w*",
        r"қарастыр\w*",
        r"ТЭН",
    ),
    distractor=rx(
        r"тауар\s+айналым\w*",
        r"сауда\w*",
        r"экспорт\w*",
        r"импорт\w*",
        r"ЖІӨ",
        r"бюджет\w*",
        r"жалақы\w*",
        r"салық\w*",
        r"бағасы",
        r"тариф\w*",
        r"зейнетақы\w*",
        r"субсиди\w*",
        r"айыппұл\w*",
        r"қарыз\w*",
        r"грант\w*",
        r"дивиденд\w*",
        r"мемлекеттік\s+қолдау\w*",
    ),
    jobs_before=re.compile(
        r"(?:жаңа\s+|тұрақты\s+)?жұмыс\s+орындарының\s+саны\s*(?:[–—:-]\s*)?$", re.IGNORECASE
    ),
    list_agreement=re.compile(r"[–—\-•*·▪●][^;\n]{0,200}?" + _DOCUMENT, re.IGNORECASE),
    elliptic_marker=rx(r"оның\s+ішінде", r"олардың\s+ішінде", r"соның\s+ішінде", r"олардың"),
    elliptic_after=re.compile(r"\s+(?:олардың|оның)\s+ішінде\b", re.I),
    event_cues=event_cues("kk", ceremony=(_OPENED,)),
    talks=rx(r"келіссөз\w*"),
    event_next=rx(r"келесі", r"кезекті", r"алдағы"),
    opening_cue=rx(
        r"(?:" + "|".join(_OBJECT) + r")\s+(?:\S+\s+){0,2}?(?:ашылды|іске\s+қосылды|"
        r"пайдалануға\s+берілді)"
    ),
    event_keywords=(
        "кеңес",
        "комиссия",
        "форум",
        "саммит",
        "көрме",
        "конференция",
        "конгресс",
        "сапар",
        "кездес",
        "отырыс",
        "келіссөз",
        "жиналыс",
        "қабылдады",
        "үстел",
        "рәсім",
        "капсула",
        "ашылды",
        "ашылуы",
        "іске қосылды",
        "пайдалануға",
    ),
    agreement_keywords=(
        "келісім",
        "меморандум",
        "құжат",
        "жол карта",
        "хаттама",
        "декларация",
        "уағдаласты",
        "ішінде",
    ),
)
