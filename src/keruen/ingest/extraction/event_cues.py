"""The words that say what kind of event a text speaks of, in every language, as one table:
kind → language → alternatives (whole words). Kinds are tried in the table's order; a language
without a kind's entry has no cue for it. `event_cues` compiles one language's cues for its
``Lexicon``."""

from __future__ import annotations

from .lexicon import Pattern, rx

EVENT_CUES: dict[str, dict[str, tuple[str, ...]]] = {
    "business_council": {
        "en": (
            r"business\s+council",
            r"investment\s+council",
            r"(?:foreign\s+)?investors['’]?\s+council",
        ),
        "ru": (
            r"делов\w+\s+совет\w*",
            r"бизнес-совет\w*",
            r"инвестиционн\w+\s+совет\w*",
            r"совет\w*\s+иностранн\w+\s+инвестор\w*",
        ),
        "kk": (
            r"іскерлік\s+кеңес\w*",
            r"бизнес-кеңес\w*",
            r"инвестициялық\s+кеңес\w*",
            r"шетелдік\s+инвесторлар\s+кеңес\w*",
        ),
    },
    "commission": {
        "en": (r"(?:intergovernmental|joint)\s+(?:[\w-]+\s+){0,3}commission",),
        "ru": (r"межправительственн\w+\s+(?:[\w-]+\s+){0,3}комисси\w+",),
        "kk": (r"үкіметаралық\s+(?:[\w-]+\s+){0,3}комиссия\w*",),
    },
    "forum": {
        "en": (
            r"forum",
            r"summit",
            r"expo",
            r"exhibition",
            r"(?<!press\s)conference",
            r"congress",
            r"(?:business|investment)\s+platform",
        ),
        "ru": (
            r"форум\w*",
            r"саммит\w*",
            r"выставк\w+",
            r"(?<!пресс-)конференци\w+",
            r"конгресс\w*",
            r"(?:бизнес-|делов\w+\s+|инвестиционн\w+\s+)платформ\w*",
        ),
        "kk": (
            r"форум\w*",
            r"саммит\w*",
            r"көрме\w*",
            r"конференция\w*",
            r"конгресс\w*",
        ),
    },
    "sidelines": {
        "en": (r"on\s+the\s+sidelines\s+of",),
        "ru": (r"на\s+полях",),
    },
    "visit": {
        "en": (
            r"(?:state|official|working)\s+visit",
            r"visit\s+(?:of|to|by)",
            r"visited",
            r"(?:working\s+)?trip\s+to",
        ),
        "ru": (
            r"визит\w*",
            r"посетил\w*",
            r"рабоч\w+\s+поездк\w+",
        ),
        "kk": (
            r"сапар\w*",
            r"іссапар\w*",
        ),
    },
    "meeting": {
        "en": (
            r"(?:held|holds|hold|chaired|chairs|convened|hosted|had)\s+(?:a|an|the)\s+"
            r"(?:[\w-]+\s+){0,2}meeting",
            r"meetings?\s+(?:of|with|on|between)",
            r"received\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}delegation",
            r"received\s+(?:the\s+)?(?:chairman|ceo|president|head|founder|minister|ambassador|"
            r"representatives?|executives?|management|director|vice|deputy|chief|co-founder|"
            r"general\s+director|managing\s+director)",
            r"talks\s+(?:with|between)",
            r"met\s+with",
            r"meeting\s+(?:was\s+|were\s+)?(?:held|chaired)",
            r"negotiations\s+(?:with|between)",
            r"round\s*table",
            r"(?:session|sitting)\s+of",
            r"(?:government|cabinet|extended|enlarged|expanded|plenary)\s+(?:session|meeting)",
            r"session\s+(?:was\s+)?(?:chaired|held)",
        ),
        "ru": (
            r"совещани\w+",
            r"встреч[аеиуй]\w*",
            r"встретил\w*",
            r"заседани\w+",
            r"переговор\w+",
            r"принял\w*\s+делегаци\w+",
            r"принял\w*\s+(?:\w+\s+){0,2}(?:председател|руководител|генеральн|президент|посл|"
            r"представител|глав|министр)\w*",
            r"кругл\w+\s+стол\w*",
        ),
        "kk": (
            r"кездес\w*",
            r"отырыс\w*",
            r"келіссөз\w*",
            r"жиналыс\w*",
            r"кеңес\w*\s+өткіз\w*",
            r"қабылдады",
            r"дөңгелек\s+үстел\w*",
        ),
    },
    "ceremony": {
        "en": (
            r"ceremony",
            r"groundbreaking",
            r"foundation\s+stone",
            r"time\s+capsule",
            r"capsule",
            r"opening\s+of\s+(?:a|an|the)\s+(?:new\s+)?(?:\S+\s+){0,2}?(?:plant|factory|complex|"
            r"facility|centre|center|park|terminal|enterprise|hub|smelter)",
        ),
        "ru": (
            r"церемони\w+",
            r"капсул\w+",
            r"торжественн\w+\s+(?:открыти|запуск)\w*",
            r"первый\s+камень",
            r"(?:открыти|запуск)\w*\s+(?:\S+\s+){0,3}?(?:завод|комплекс|предприяти|фабрик|"
            r"производств|цех|теплиц|центр|парк|терминал)\w*",
        ),
        "kk": (
            r"рәсім\w*",
            r"капсула\w*",
        ),
    },
}


def event_cues(language: str, **more: tuple[str, ...]) -> tuple[tuple[str, Pattern], ...]:
    """`language`'s (kind, pattern) cues, in the table's order; `more` adds alternatives a kind
    has in this language beyond the table's (built from the language's own word lists)."""
    return tuple(
        (kind, rx(*words[language], *more.get(kind, ())))
        for kind, words in EVENT_CUES.items()
        if language in words
    )
