"""Classify the figures and statements of a document into facts.

The rules read one sentence at a time, and within it the clause that holds each figure:

* a plain number followed (within three modifiers) by a counted noun is a count: projects →
  ``project_count`` (or a ``target`` when the sentence states a goal), agreements / memoranda /
  contracts / documents → ``agreement_count`` (when the sentence says they were signed), jobs and
  workplaces → ``jobs``; "of which 31" inherits the noun of the count before it;
* an amount of money is an ``agreement_value`` next to a count of signed documents, an
  ``investment_amount`` next to a count of projects or with words of aggregate investment (FDI,
  inflow, the economy), a ``target`` under a goal, the value of a single ``agreement`` when the
  sentence signs one, or the value of a single ``project`` when it names an object (a plant, a
  complex, a hub ...). Trade, budgets, prices and the like are skipped, as are conversions in
  parentheses;
* ``agreement`` facts come from a signing predicate on one document, ``event`` facts from cue words
  (forum, business council, visit, meeting, ceremony), once per event, ``project`` facts without a
  value from a company building or studying an object.

Words live in the per-language ``Lexicon``; this module holds only the logic.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, Generic, TypeVar

from .entities import find_companies, find_dates
from .geo import find_countries, find_regions
from .lexicon import Lexicon
from .numbers import Number, find_numbers
from .sentences import split_clauses, split_sentences
from .types import Clause, Fact, Sentence

T = TypeVar("T")
Finder = Callable[[str, int, int], list[tuple[int, str]]]
_SPACES = re.compile(r"\s*")
_PLURAL_PREDICATE = re.compile(r"(?:deals?|agreements?)\s+(?:concern|include|cover)", re.I)
_AND_ARTICLE = re.compile(r",?\s+and\s+(?=(?:a|an|the)\s)")
_AGGREGATE_HINT = re.compile(
    r"(?i)econom|экономик|inflow|приток|FDI|ПИИ|foreign direct|прям\w+ иностранн|ағын|ТШИ|"
    r"тікелей шетелдік"
)
_MEASURE = re.compile(
    r"(?i)^(?:k?w|[kmgt]wh?|mwe|km|kilomet\w*|met(?:re|er)s?|sq|square|cubic|tonnes?|tons?|"
    r"hectares?|ha|teu|litres?|liters?|barrels?|head|units?|seats?|beds?|"
    r"мвт|гвт|квт|км|тонн\w*|гектар\w*|га|кубометр\w*|литр\w*|голов\w*|мест|"
    r"тонна\w*|текше\w*|бас\w*|орын\w*)$"
)
_WORD = re.compile(r"[^\W\d_][\w-]*|\d[\d.,]*")
_STOP_BETWEEN = re.compile(
    r"^(?:of|in|from|to|for|at|by|per|a|an|the|than|and|or|и|в|на|из|с|по|до|от|для|за|или|"
    r"және|мен|пен|бен|немесе|үшін)$",
    re.I,
)
_PUNCT_STOP = re.compile(r"[.;:,()\[\]–—\"«»]")
_DATELINE = re.compile(
    r"^[A-ZА-ЯЁ][\w’'.\- ]{1,40},\s+\d{1,2}\s+[A-Za-zА-Яа-яё]+\s+\d{4}(?:\s+года)?\s*[–—-]\s+"
)


@dataclass
class _SentenceState:
    sentence: Sentence
    text: str  # the sentence's own text
    lower: str
    clauses: list[Clause]
    numbers: list[Number]
    facts: list[Fact] = field(default_factory=list)


@dataclass
class Reading:
    """One document read sentence by sentence: all the state the rules share, handed to each rule
    explicitly (the extractor holds only the language's words, and one serves every thread)."""

    text: str
    numbers: list[Number]
    facts: list[Fact] = field(default_factory=list)
    seen_events: set[str] = field(default_factory=set)
    paragraph: int = 0
    #: The sentence before, in the same paragraph, and whether it is about one object (None: not
    #: yet asked; few sentences need it).
    previous: _SentenceState | None = None
    previous_about_object: bool | None = False
    projects_counted_before: bool = False
    agreements_counted_before: bool = False
    #: Inside a list opened by "The following documents were signed:".
    signing_list: bool = False
    agreements_seen: int = 0
    investment_text: bool | None = None  # None: not yet asked

    def is_investment_text(self) -> bool:
        if self.investment_text is None:
            self.investment_text = bool(_INVESTMENT_TEXT.search(self.text))
        return self.investment_text


class FactExtractor:
    """Runs the rules of one language over a document."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        # Cheap gates: most sentences have no event cue and do not mention a document.
        self._event_any = re.compile(
            "|".join(p.pattern for _, p in lexicon.event_cues) + "|" + lexicon.opening_cue.pattern,
            re.IGNORECASE,
        )

    # -- entry point -------------------------------------------------------------------------

    def classify(self, text: str, sentences: list[Sentence]) -> list[Fact]:
        """The facts of ``text``, sentence by sentence, in order (restatements not yet dropped,
        context not yet added: see the pipeline's later steps)."""
        lex = self.lex
        r = Reading(text=text, numbers=find_numbers(text, language=lex.language))
        starts = [n.number_start for n in r.numbers]
        for sent in sentences:
            lo = bisect.bisect_left(starts, sent.start)
            hi = bisect.bisect_left(starts, sent.end)
            if sent.paragraph != r.paragraph:
                r.previous, r.previous_about_object = None, False
                r.projects_counted_before = False
                r.agreements_counted_before = False
                r.paragraph = sent.paragraph
            state = _SentenceState(
                sentence=sent,
                text=text[sent.start : sent.end],
                lower=text[sent.start : sent.end].lower(),
                clauses=split_clauses(text, sent),
                numbers=r.numbers[lo:hi],
            )
            self._counts(r, state)
            agreement_clauses = self._agreement_statement(r, state)
            self._money(r, state, agreement_clauses)
            self._events(r, state)
            self._valueless_project(text, state)
            r.facts.extend(state.facts)
            r.projects_counted_before = any(f.unit == "projects" for f in state.facts) or (
                r.projects_counted_before and not state.numbers
            )
            r.agreements_counted_before = any(f.kind == "agreement_count" for f in state.facts)
            r.previous, r.previous_about_object = state, None
            # "The following documents were signed:" opens a list of signed documents, which
            # runs while the lines are list items.
            if state.text.endswith(":") and lex.signing_cue.search(state.text):
                r.signing_list = True
            elif not _BULLET.match(state.text):
                r.signing_list = False
        return r.facts

    # -- helpers -----------------------------------------------------------------------------

    def _previous_about_object(self, r: Reading) -> bool:
        """Is the sentence before (same paragraph) about one object, not a portfolio? Computed on
        first use: few sentences need it."""
        if r.previous_about_object is None:
            prev = r.previous
            lex = self.lex
            r.previous_about_object = (
                prev is not None
                and bool(lex.project_object.search(prev.text))
                and not any(f.kind in {"project_count", "investment_amount"} for f in prev.facts)
                and not lex.aggregate_cue.search(prev.text)
            )
        return bool(r.previous_about_object)

    def _clause_of(self, state: _SentenceState, pos: int) -> Clause:
        for c in state.clauses:
            if c.start <= pos < c.end:
                return c
        return state.clauses[-1]

    def _fact(self, text: str, span: Clause | Sentence, kind: str, rule: str, **kw: Any) -> Fact:
        start, end = span.start, span.end
        while end > start + 1 and text[end - 1] in " .;,:":
            end -= 1
        return Fact(
            kind=kind, quote=text[start:end], char_start=start, char_end=end, rule=rule, **kw
        )

    def _noun_after(self, text: str, n: Number, limit: int) -> tuple[str, int, int] | None:
        """The counted noun after number ``n`` (unit, noun start, noun end), if any."""
        pos = n.end
        words = 0
        lex = self.lex
        while pos < limit and words <= 3:
            m = _SPACES.match(text, pos)
            pos = m.end() if m else pos
            if pos >= limit:
                return None
            for pat, unit in lex.count_nouns:
                nm = pat.match(text, pos)
                if nm and nm.end() <= limit:
                    return unit, nm.start(), nm.end()
            pm = lex.people_nouns.match(text, pos)
            if pm and pm.end() <= limit:
                return "people", pm.start(), pm.end()
            wm = _WORD.match(text, pos)
            if wm is None:
                return None
            word = wm.group(0)
            if (
                word[0].isdigit()
                or _STOP_BETWEEN.match(word)
                or (len(word) > 1 and word.isupper())  # "1 GW wind project": a unit, not a count
                or _MEASURE.match(word)
                or not lex.modifier.fullmatch(word)
            ):
                return None
            if _PUNCT_STOP.search(text, pos, wm.start() + 1):
                return None
            pos = wm.end()
            words += 1
        return None

    # -- counts ------------------------------------------------------------------------------

    def _counts(self, r: Reading, st: _SentenceState) -> None:
        text = r.text
        lex = self.lex
        s_text = st.text
        nums = [n for n in st.numbers if not n.currency and not n.is_percent]
        if not nums:
            return
        # Sentence-level answers, asked only when a figure needs them.
        answers: dict[str, bool] = {}

        def goal_sentence() -> bool:
            if "goal" not in answers:
                answers["goal"] = bool(lex.count_target_cue.search(s_text))
            return answers["goal"]

        def plan_sentence() -> bool:
            if "plan" not in answers:
                answers["plan"] = bool(lex.count_plan_cue.search(s_text))
            return answers["plan"]

        def signed_sentence() -> bool:
            # "20 agreements are expected to be signed": not (yet) signed documents.
            if "signed" not in answers:
                answers["signed"] = (
                    bool(lex.signing_cue.search(s_text)) and not lex.future_signing.search(s_text)
                ) or (
                    # "58 documents were signed. Of these, 7 agreements ... concern Almaty region":
                    # a part of the signed documents counted just before.
                    r.agreements_counted_before and bool(lex.elliptic_marker.match(s_text))
                )
            return answers["signed"]

        reach = (
            lex.number_of_projects_reach.search(s_text)
            if "project" in st.lower or "проект" in st.lower
            else None
        )
        project_count_seen = r.projects_counted_before
        for i, n in enumerate(nums):
            if n.value <= 0:
                continue
            clause = self._clause_of(st, n.number_start)
            nxt = nums[i + 1].start if i + 1 < len(nums) else clause.end
            limit = min(clause.end, max(nxt, n.end))
            noun = self._noun_after(text, n, clause.end)
            common = {"value": n.value, "qualifier": n.qualifier}
            if reach and st.sentence.start + reach.end() in (n.start, n.number_start):
                st.facts.append(
                    self._fact(text, clause, "target", "count.reach", unit="projects", **common)
                )
                continue
            if _looks_like_year(text, n):
                continue
            if noun is None and lex.jobs_before.search(
                text, max(clause.start, n.start - 60), n.start
            ):
                # "количество рабочих мест – 350", "the number of new jobs will be 400"
                st.facts.append(
                    self._fact(text, clause, "jobs", "count.jobs_before", unit="jobs", **common)
                )
                continue
            if noun is None:
                before = text[max(clause.start, n.start - 30) : n.start]
                if (
                    project_count_seen
                    and (
                        lex.elliptic_marker.search(before) or lex.elliptic_after.match(text, n.end)
                    )
                    and not (1900 <= n.value <= 2100)
                ):
                    st.facts.append(
                        self._fact(
                            text,
                            clause,
                            "project_count",
                            "count.elliptic",
                            unit="projects",
                            **common,
                        )
                    )
                continue
            unit, _ns, ne = noun
            if unit == "projects":
                project_count_seen = True
                # A goal ("the task is ... 300 projects") is a target; a plan is one only with "at
                # least" ("intends to bring at least 15"); a schedule of projects is a count.
                is_target = (
                    goal_sentence() or (n.qualifier == "at least" and plan_sentence())
                ) and (_is_future_goal(s_text))
                kind = "target" if is_target else "project_count"
                st.facts.append(
                    self._fact(text, clause, kind, "count.projects", unit="projects", **common)
                )
            elif unit in {"agreements", "memoranda", "contracts", "documents"}:
                if signed_sentence():
                    st.facts.append(
                        self._fact(
                            text, clause, "agreement_count", f"count.{unit}", unit=unit, **common
                        )
                    )
            elif unit in {"jobs", "people"}:
                window_start = max(
                    [m.end for m in st.numbers if m.end <= n.start], default=clause.start
                )
                window_start = max(window_start, clause.start)
                # An employment verb anywhere before the figure in its clause counts for people
                # ("будет задействовано до 4 тыс. человек, после запуска – около 600 специалистов").
                hire_window = text[clause.start : limit]
                if unit == "people" and not (
                    lex.employment_cue.search(hire_window)
                    # People at work on roads or in the fields are not jobs of an investment.
                    and (
                        self._previous_about_object(r)
                        or lex.project_object.search(s_text)
                        or lex.construction_cue.search(s_text)
                        or lex.weak_investment_cue.search(s_text)
                    )
                ):
                    continue
                noun_phrase = text[n.end : ne]
                # Construction jobs: the cue must be in the figure's own comma-separated segment
                # ("1 100 рабочих мест, в период строительства ... 2 500 человек"); for people
                # ("workers", "человек") also a figure-free segment before it ("During
                # construction, up to 1,000 people ...").
                seg_lo = max(text.rfind(c, window_start, n.start) for c in ",;:") + 1
                seg_hi = min(
                    (p for p in (text.find(c, ne, limit) for c in ",;:") if p != -1),
                    default=limit,
                )
                segment = text[max(seg_lo, window_start) : seg_hi]
                prior = text[window_start : max(seg_lo - 1, window_start)]
                in_construction = bool(lex.construction_cue.search(segment)) or (
                    unit == "people"
                    and seg_lo - 1 > window_start
                    and not any(ch.isdigit() for ch in prior)
                    and bool(lex.construction_cue.search(prior))
                )
                if lex.permanent_cue.search(noun_phrase) or not in_construction:
                    job_unit = "jobs"
                else:
                    job_unit = "construction jobs"
                st.facts.append(
                    self._fact(text, clause, "jobs", f"count.{unit}", unit=job_unit, **common)
                )

    # -- agreements --------------------------------------------------------------------------

    def _agreement_statement(self, r: Reading, st: _SentenceState) -> list[tuple[int, int]]:
        """Spans (absolute) of the single agreements this sentence signs, if any.

        One predicate: the sentence is the agreement's quote. Several ("... signed: a €500m loan
        agreement with X, and a memorandum with Y"): one agreement per clause. A clause that
        counts documents ("signed 9 documents, including an agreement on ...") is not one.
        """
        lex = self.lex
        s = st.text
        # An item of a list of signed documents ("подписаны:" / "– соглашение о ...").
        if r.signing_list and _BULLET.match(s) and lex.list_agreement.match(s):
            r.agreements_seen += 1
            return [(st.sentence.start, st.sentence.end)]
        if not any(k in st.lower for k in lex.agreement_keywords):
            return []
        count_clauses = {f.char_start for f in st.facts if f.kind == "agreement_count"}
        base = st.sentence.start
        matches = [
            m
            for m in lex.agreement_predicate.finditer(s)
            if self._clause_of(st, base + m.start()).start not in count_clauses
        ]
        if not matches and not count_clauses:
            am = lex.agreed_verb.search(s)
            # "X LLP and Y JSC agreed to ...", "... agreed to build a plant": an agreement; "the
            # sides agreed to hold the next meeting": not.
            if am and (
                find_companies(s, 0, am.start())
                or (
                    lex.project_object.search(s, am.end())
                    and not self._event_any.search(s, am.end())
                    and not _VAGUE_AGREEMENT.match(s, am.end())
                )
            ):
                matches = [am]
        matches = [
            m for m in matches if not lex.future_signing.search(s[max(0, m.start() - 30) : m.end()])
        ]
        if not matches:
            return []
        if r.agreements_seen and lex.restatement.search(s):
            return []
        m = matches[0]
        # "The largest deals concern X (...) and a Y with Z": one agreement per conjunct.
        if _PLURAL_PREDICATE.search(m.group(0)):
            rest_start = m.end()
            parts = _AND_ARTICLE.split(s[rest_start:])
            spans: list[tuple[int, int]] = []
            pos = rest_start
            for part in parts:
                idx = s.find(part, pos)
                pos = idx + len(part)
                # "The deals concern a tile plant ... and a pharmaceutical park": each object is
                # one agreement; "The agreements cover agriculture, IT ...": none.
                if lex.project_object.search(part):
                    spans.append((base + idx, base + idx + len(part)))
            if len(spans) > 1:
                r.agreements_seen += 1
                return spans
            if not spans:
                return []
        r.agreements_seen += 1
        clauses: list[Clause] = []
        for m in matches:
            c = self._clause_of(st, base + m.start())
            if c not in clauses:
                clauses.append(c)
        if len(clauses) == 1 and not count_clauses:
            return [(st.sentence.start, st.sentence.end)]
        return [(c.start, c.end) for c in clauses]

    # -- money -------------------------------------------------------------------------------

    def _money(self, r: Reading, st: _SentenceState, agreements: list[tuple[int, int]]) -> None:
        text = r.text
        lex = self.lex
        s_text = st.text
        pending_agreements = list(agreements)
        sentence_has_agreement_count = any(f.kind == "agreement_count" for f in st.facts)
        memo: dict[tuple[int, int, int], bool] = {}

        def hit(pat: re.Pattern[str], start: int, end: int) -> bool:
            # Several amounts in one sentence ask the same questions of it: answer once.
            key = (id(pat), start, end)
            if key not in memo:
                memo[key] = pat.search(text[start:end]) is not None
            return memo[key]

        ss, se = st.sentence.start, st.sentence.end
        for n in st.numbers:
            # Below 1,000 units an "amount" is a price, a range's first end ("$1-1.5 billion")
            # or a per-unit figure, never an investment.
            if (
                not n.currency
                or n.is_conversion
                or n.is_range_start
                or n.is_percent
                or n.value < 1000
            ):
                continue
            clause = self._clause_of(st, n.number_start)
            c_text = text[clause.start : clause.end]
            local = text[max(clause.start, n.start - 60) : min(clause.end, n.end + 60)]
            if lex.distractor.search(local) or (
                # "The budget is 610 bn tenge, of which 180 bn ...": the part is the budget's too.
                lex.elliptic_marker.match(c_text)
                and clause.start > st.sentence.start
                and lex.distractor.search(text[st.sentence.start : clause.start])
            ):
                continue
            common = {"value": n.value, "currency": n.currency, "qualifier": n.qualifier}
            clause_facts = [f for f in st.facts if f.char_start == clause.start]
            has_agr_count = any(f.kind == "agreement_count" for f in clause_facts)
            has_proj_count = any(f.kind in {"project_count"} for f in clause_facts)
            # "intends to launch at least 60 projects worth $7 billion": the worth is a goal too.
            if any(f.kind == "target" and f.unit == "projects" for f in clause_facts):
                st.facts.append(self._fact(text, clause, "target", "money.target_count", **common))
                continue
            if (
                hit(lex.target_cue, ss, se)
                and hit(lex.target_money_context, ss, se)
                and not has_proj_count
                and _is_future_goal(s_text)
            ):
                st.facts.append(self._fact(text, clause, "target", "money.target", **common))
                continue
            if (
                has_agr_count
                or hit(lex.plural_agreement_value, clause.start, clause.end)
                # "8 agreements were signed. Their total value exceeds $3 billion."
                or (
                    r.agreements_counted_before
                    and not sentence_has_agreement_count
                    and not any(f.kind == "project_count" for f in st.facts)
                    and hit(lex.total_value, clause.start, clause.end)
                )
            ):
                st.facts.append(
                    self._fact(text, clause, "agreement_value", "money.agreements", **common)
                )
                continue
            if has_proj_count:
                st.facts.append(
                    self._fact(text, clause, "investment_amount", "money.projects", **common)
                )
                continue
            # "$40 billion, of which $15 billion for the first phase": a part of the one project's
            # value just stated is no second project.
            if (
                lex.elliptic_marker.match(c_text)
                and any(f.kind == "project" and f.value for f in st.facts)
                and not (has_agr_count or has_proj_count)
            ):
                continue
            if pending_agreements:
                # The agreement whose span holds the amount, else the first one still open.
                at = next((i for i, (a, b) in enumerate(pending_agreements) if a <= n.start < b), 0)
                a_start, a_end = pending_agreements.pop(at)
                span = Clause(start=a_start, end=a_end, sentence=st.sentence.index)
                st.facts.append(self._fact(text, span, "agreement", "agreement.valued", **common))
                continue
            if hit(lex.aggregate_cue, clause.start, clause.end) and not _names_object(
                lex, c_text, n, clause
            ):
                st.facts.append(
                    self._fact(text, clause, "investment_amount", "money.aggregate", **common)
                )
                continue
            # The weakest readings need a text about investment at all ("repairs of the road
            # will cost 2 billion tenge" in a city-budget story is no project).
            if not r.is_investment_text():
                continue
            if hit(lex.project_object, clause.start, clause.end) or hit(lex.project_object, ss, se):
                if hit(lex.aggregate_cue, ss, se) and not hit(
                    lex.project_object, clause.start, clause.end
                ):
                    st.facts.append(
                        self._fact(text, clause, "investment_amount", "money.aggregate", **common)
                    )
                else:
                    st.facts.append(
                        self._fact(text, st.sentence, "project", "project.valued", **common)
                    )
                continue
            if hit(lex.aggregate_cue, ss, se) or hit(lex.weak_investment_cue, ss, se):
                # "The plant will be built near X. Investment will amount to $Y.": the amount is
                # the project's when the sentence before is about one object.
                if self._previous_about_object(r):
                    st.facts.append(
                        self._fact(text, st.sentence, "project", "project.context", **common)
                    )
                else:
                    st.facts.append(
                        self._fact(text, clause, "investment_amount", "money.weak", **common)
                    )
        for a_start, a_end in pending_agreements:
            span = Clause(start=a_start, end=a_end, sentence=st.sentence.index)
            st.facts.append(self._fact(text, span, "agreement", "agreement"))

    # -- events ------------------------------------------------------------------------------

    def _events(self, r: Reading, st: _SentenceState) -> None:
        text, seen = r.text, r.seen_events
        lex = self.lex
        s = st.text
        low = st.lower
        if not any(k in low for k in lex.event_keywords):
            return
        # A meeting on the heating season is no event of this registry: events count in texts
        # that speak of investment, projects, agreements or cooperation at all.
        if not r.is_investment_text():
            return
        hits: list[tuple[int, int, str]] = []
        for etype, pat in lex.event_cues:
            for m in pat.finditer(s):
                hits.append((m.start(), m.end(), etype))
        if not hits:
            om = lex.opening_cue.search(s)
            if om:
                hits.append((om.start(), om.end(), "ceremony"))
        if not hits:
            return
        # "On the sidelines of X": an event when X names no other ("on the sidelines of AIF-2025"),
        # else X is the event.
        if any(h[2] == "sidelines" for h in hits):
            others = [h for h in hits if h[2] != "sidelines"]
            hits = others or [(a, b, "forum") for a, b, _ in hits]
        hits.sort()
        # "the fifth meeting of the X Business Council", "the Council's plenary session": the
        # meeting is the council's.
        merged: list[tuple[int, int, str, bool]] = []
        for start, end, etype in hits:
            if merged and start <= merged[-1][1] + 45 and {merged[-1][2], etype} & {"meeting"}:
                other = etype if merged[-1][2] == "meeting" else merged[-1][2]
                if other in _HOSTS_MEETINGS:
                    prev = merged.pop()
                    merged.append((prev[0], max(end, prev[1]), other, True))
                    continue
            if merged and start < merged[-1][1]:
                continue
            merged.append((start, end, etype, False))
        # Meetings held during a visit are part of the visit; so are the talks reported after it
        # ("During the talks, the parties discussed ...").
        if "visit" in seen and not lex.event_next.search(s):
            merged = [
                h for h in merged if not (h[2] == "meeting" and lex.talks.search(s, h[0], h[1]))
            ]
        if any(h[2] == "visit" for h in merged):
            if any(h[2] == "meeting" for h in merged):
                seen.add("meeting")
            merged = [h for h in merged if h[2] != "meeting"]
        done_here: set[str] = set()
        for start, end, etype, absorbed_meeting in merged:
            is_new = etype not in seen or bool(lex.event_next.search(s, max(0, start - 30), end))
            if etype in done_here or not is_new:
                if absorbed_meeting:
                    seen.add("meeting")
                continue
            seen.add(etype)
            done_here.add(etype)
            if absorbed_meeting:
                seen.add("meeting")
            clause = self._clause_of(st, st.sentence.start + start)
            span: Clause | Sentence = clause if clause.end - clause.start > 30 else st.sentence
            st.facts.append(self._fact(text, span, "event", f"event.{etype}"))

    # -- projects without a value --------------------------------------------------------------

    def _valueless_project(self, text: str, st: _SentenceState) -> None:
        lex = self.lex
        if any(f.kind in {"project", "agreement", "event"} for f in st.facts):
            return
        if any(n.currency for n in st.numbers):
            return
        s = st.text
        # "The project is implemented by X LLP": more about a project already introduced.
        if _DEFINITE_PROJECT.match(s) or not _COMPANY_HINT.search(s):
            return
        if not (lex.project_object.search(s) and lex.project_verb.search(s)):
            return
        if not find_companies(s):
            return
        st.facts.append(self._fact(text, st.sentence, "project", "project.unvalued"))


# Anything find_companies could return contains one of these: a cheap gate before it.
_COMPANY_HINT = re.compile(
    r"LLP|LLC|JSC|Ltd|GmbH|A\.\s?[ŞS]\.|PJSC|AG\b|S\.p\.A|S\.A\.|SA\b|plc|PLC|Inc|Corp|Limited|"
    r"Holding|Group|AB\b|AS\b|ASA|Oy|SpA|KG|SAS|SARL|BV|NV|K\.K\.|Co\.|Pte|Pty|Sdn|"
    r"ТОО|АО|ПАО|ОАО|ЗАО|ООО|ТДО|ИП|НАО|РГП|ГКП|КГП|ЖШС|АҚ|"
    r"(?i:company|corporation|group|firm|holding|developer|investor|operator|компани|корпораци|"
    r"групп|холдинг|инвестор)"
)
_INVESTMENT_TEXT = re.compile(
    r"(?i)invest|инвест|project|проект|agreement|соглашени|memorand|меморандум|contract|контракт|"
    r"cooperation|сотрудничеств|business|бизнес|делов\w+\s+совет|partner|партн[её]р|FDI|ПИИ|"
    r"plant|factory|завод|фабрик|предприяти|производств|foreign|иностран|"
    r"инвестиц|жоба|келісім|ынтымақтаст|серіктес|зауыт|кәсіпор|шетелдік"
)
# Bodies and gatherings whose sessions are meetings of theirs, not events of their own.
_HOSTS_MEETINGS = frozenset({"business_council", "commission", "forum"})
_BULLET = re.compile(r"[–—\-•*·▪●]\s*")
_DEFINITE_PROJECT = re.compile(
    r"(?:(?:The|This|That|Its)\s+(?:\w+\s+){0,2}(?:project|plant|factory|enterprise|complex|"
    r"facility)\b|It\b|(?:Проект|Завод|Предприятие|Комплекс|Он|Оно)\b|"
    r"(?:Жоба|Зауыт|Кешен|Кәсіпор)\w*)"
)
# "The region's portfolio", "в регионе реализуются": a total of the region named before.
_REGION_ANAPHOR = re.compile(
    r"(?i)\b(?:the\s+(?:region|city|oblast)|region's|city's|регион\w*|област[иьюей]\b|"
    r"город[аеу]?\b)"
)
_VAGUE_AGREEMENT = re.compile(
    r"\s*(?:to\s+)?(?:hold|meet|continue|discuss|consider|prepare|study|work\s+out|keep|strengthen|"
    r"expand\s+cooperation|develop\s+cooperation|провести|продолжить|обсудить|рассмотреть|"
    r"подготовить|проработать|укреплять|развивать)",
    re.IGNORECASE,
)
_YEAR_BEFORE = re.compile(
    r"(?i)(?:\b(?:in|by|since|from|until|of|till|before|after)|"
    r"(?<![\w])(?:в|к|с|до|по|за))\s*$"
)


def _looks_like_year(text: str, n: Number) -> bool:
    """ "In 2024 projects worth ...": a bare year before a noun is a date, not a count."""
    if n.is_word or n.qualifier or not (1900 <= n.value <= 2100):
        return False
    if n.number_end - n.number_start != 4:
        return False
    return bool(_YEAR_BEFORE.search(text, max(0, n.number_start - 12), n.number_start)) or bool(
        re.match(r"\s*(?:год|year|жыл)", text[n.number_end : n.number_end + 8], re.IGNORECASE)
    )


def drop_restatements(facts: list[Fact]) -> list[Fact]:
    """A figure restated later in the text ("As noted, the 58 agreements worth $24 billion ...")
    is one fact, at its first mention (a headline's, when the text has one)."""
    seen: set[tuple[str, int, str | None]] = set()
    out: list[Fact] = []
    for f in facts:
        if f.value is not None:
            key = (f.kind, f.value, f.currency or f.unit)
            if key in seen:
                continue
            seen.add(key)
        out.append(f)
    return out


def _sentence_finder(sentences: list[Sentence]) -> Callable[[Fact], int]:
    """The index of the sentence a fact starts in."""
    starts = [s.start for s in sentences]
    return lambda f: bisect.bisect_right(starts, f.char_start) - 1


def merge_project_mentions(facts: list[Fact], sentences: list[Sentence]) -> list[Fact]:
    """One project told over several sentences is one fact: "A corn-processing plant by X will be
    built in Y region. The plant ... is worth $850 million." The introduction (no value) gives way
    to the valued mention that follows within two sentences; the context step then gives that
    fact the investor and place named in the introduction."""
    sentence_of = _sentence_finder(sentences)

    projects = [f for f in facts if f.kind == "project"]
    dropped: set[int] = set()
    for intro, after in pairwise(projects):
        if (
            intro.value is None
            and after.value is not None
            and 0 < sentence_of(after) - sentence_of(intro) <= 2
        ):
            dropped.add(id(intro))
    return [f for f in facts if id(f) not in dropped]


def attach_jobs(facts: list[Fact], sentences: list[Sentence]) -> None:
    """A project or agreement carries the permanent jobs told with it: in its own sentence or in
    the two after it, before the next project or agreement ("The plant ... is worth $850 million.
    It will create 1,200 permanent jobs.")."""
    sentence_of = _sentence_finder(sentences)

    owner: Fact | None = None
    for f in sorted(facts, key=lambda f: f.char_start):
        if f.kind in {"project", "agreement"}:
            owner = f
        elif (
            f.kind == "jobs"
            and f.unit == "jobs"
            and owner is not None
            and owner.jobs is None
            and 0 <= sentence_of(f) - sentence_of(owner) <= 2
        ):
            owner.jobs = f.value


def _names_object(lex: Lexicon, c_text: str, n: Number, clause: Clause) -> bool:
    """Does the clause tie the amount to one object ("... in a plant", "the $1bn smelter")?"""
    return bool(lex.project_object.search(c_text)) and not _AGGREGATE_HINT.search(c_text)


_PAST_ONLY = re.compile(
    r"(?i)\b(?:has|have|had)\s+(?:been\s+)?(?:attracted|invested)\b|"
    r"\bпривлечено\b|(?<![\w])тартылды(?![\w])"
)


def _is_future_goal(s: str) -> bool:
    return not _PAST_ONLY.search(s)


def sentences_of(text: str) -> list[Sentence]:
    """The sentences of ``text``; "Ankara, 18 March 2025 – Kazakh Invest ...": a dateline becomes
    its own sentence."""
    out: list[Sentence] = []
    for s in split_sentences(text):
        m = _DATELINE.match(text, s.start) if s.index == 0 or s.paragraph == 0 else None
        if m and m.end() < s.end:
            out.append(Sentence(s.start, m.end() - 1, s.paragraph, len(out)))
            out.append(Sentence(m.end(), s.end, s.paragraph, len(out)))
        else:
            out.append(Sentence(s.start, s.end, s.paragraph, len(out)))
    return out


# -- enrichment: region, country, company, date --------------------------------------------------


class _PerSentence(Generic[T]):
    """A finder's results per sentence, computed on first use (most sentences hold no fact)."""

    def __init__(
        self, text: str, sentences: list[Sentence], finder: Callable[[str, int, int], list[T]]
    ) -> None:
        self.text, self.sentences, self.finder = text, sentences, finder
        self.cache: dict[int, list[T]] = {}

    def __getitem__(self, i: int) -> list[T]:
        if i not in self.cache:
            s = self.sentences[i]
            self.cache[i] = self.finder(self.text, s.start, s.end)
        return self.cache[i]


def enrich(
    text: str,
    sentences: list[Sentence],
    facts: Iterable[Fact],
    organisations: Finder | None = None,
) -> None:
    facts = list(facts)
    if not facts:
        return
    sent_starts = [s.start for s in sentences]

    def by_sentence(items: list[Any], pos: Callable[[Any], int]) -> list[list[Any]]:
        buckets: list[list[Any]] = [[] for _ in sentences]
        for item in items:
            i = bisect.bisect_right(sent_starts, pos(item)) - 1
            if i >= 0 and pos(item) < sentences[i].end:
                buckets[i].append(item)
        return buckets

    companies_by_sent = _PerSentence(text, sentences, find_companies)

    def regions_of(text: str, start: int, end: int) -> list[Any]:
        # "Ulytau Copper LLP", "ТОО «Kentau Glass»": a place inside a company name is no region.
        spans = [
            (p, p + len(n))
            for p, n in companies_by_sent[bisect.bisect_right(sent_starts, start) - 1]
        ]
        return [
            r for r in find_regions(text, start, end) if not any(a <= r.start < b for a, b in spans)
        ]

    regions_by_sent = _PerSentence(text, sentences, regions_of)
    countries_by_sent = by_sentence(find_countries(text), lambda c: c[0])
    dates_by_sent = _PerSentence(text, sentences, find_dates)
    doc_countries: dict[str, int] = {}
    for cs in countries_by_sent:
        for _, name in cs:
            doc_countries[name] = doc_countries.get(name, 0) + 1
    doc_country = max(doc_countries, key=lambda k: doc_countries[k]) if doc_countries else None
    dateline_date: str | None = None
    if sentences:
        first_dates = dates_by_sent[0]
        if first_dates and sentences[0].start < 5:
            dateline_date = first_dates[0][1]
    for f in facts:
        si = max(0, bisect.bisect_right(sent_starts, f.char_start) - 1)
        sent = sentences[si]
        # Facts about one project (its jobs, agreement, event) take context from the text before;
        # totals and targets only from their own sentence (or paragraph, for the country).
        specific = f.kind in {"project", "agreement", "event", "jobs"}
        # Region: in the quote, else in the sentence, else (specific facts) the nearest before.
        regs = [r for r in regions_by_sent[si] if f.char_start <= r.start < f.char_end]
        if not regs:
            regs = regions_by_sent[si]
        j = si - 1
        while not regs and (specific or _REGION_ANAPHOR.search(sent.text_of(text))) and j >= 0:
            regs = regions_by_sent[j][-1:]
            j -= 1
        if regs:
            names: list[str] = []
            for r in regs:
                if r.text not in names:
                    names.append(r.text)
            f.region = "; ".join(names)
            f.region_code = regs[0].code
        # Country: in the sentence, else the paragraph, else (specific facts) the document's most
        # named partner.
        cs = countries_by_sent[si]
        j = si - 1
        while not cs and j >= 0 and sentences[j].paragraph == sent.paragraph:
            cs = countries_by_sent[j]
            j -= 1
        if cs:
            f.counterparty_country = cs[0][1]
        elif doc_country and specific:
            f.counterparty_country = doc_country
        if f.kind in {"project", "agreement", "event"}:
            comps = companies_by_sent[si]
            if not comps and organisations is not None:
                comps = organisations(text, sent.start, sent.end)
            j = si - 1
            # A project's investor is often named in the sentence before ("X LLP will build a
            # plant. The $800m plant ...").
            while not comps and f.kind == "project" and j >= 0 and j >= si - 2:
                comps = companies_by_sent[j]
                j -= 1
            if comps:
                f.company = "; ".join(dict.fromkeys(name for _, name in comps))
        dates = [
            d for d in dates_by_sent[si] if f.char_start <= d[0] < f.char_end
        ] or dates_by_sent[si]
        if dates:
            f.date = dates[0][1]
        elif f.kind in {"event", "agreement"} and dateline_date:
            f.date = dateline_date
