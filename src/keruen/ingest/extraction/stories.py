"""One story, many outlets: which facts of different documents report the same thing.

A Kazakh-language release from the government, an English one from a news agency and a Russian one
from a regional outlet often report the same forum, with values that differ a little ("58
documents worth $24 billion" beside "nearly $25 billion"). Facts are grouped when they agree on:

* a **key**: the kind, and what the fact is about. An event is keyed by its type, place and
  partner country; totals (counts, amounts, jobs, targets) by the document's **story**, its first
  event: the ru text's "58 документов" has no place in its own sentence, but its forum is in
  Astana with China, like the en text's. Facts of a document without an event, and single projects
  and agreements, keep their own place, partner country and company;
* **dates**: documents published within ``SAME_NEWS_DAYS`` of each other;
* **values**: within ``CLOSE_VALUES`` of each other (24 bn and "nearly 25 bn" are one figure; the
  total of 24 bn and its part of 6 bn in one region are two).

Pure functions: the ingest services store the key, the selectors cluster by date and value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from .types import NUMERIC_KINDS

T = TypeVar("T")

#: Reports published further apart than this are taken to be about different occasions.
SAME_NEWS_DAYS = 21
#: The smaller of two values of one figure is at least this share of the larger.
CLOSE_VALUES = Decimal("0.8")


def story_of(facts: Iterable[dict[str, Any]]) -> str:
    """The document's story: its first event's type, region code and partner country ("" if it
    reports no event). ``facts`` are the JSON forms, with the extractor's ``rule``."""
    for f in facts:
        if f.get("kind") == "event":
            kind = str(f.get("rule") or "event").rsplit(".", 1)[-1]
            return ":".join([kind, f.get("region_code", ""), f.get("counterparty_country", "")])
    return ""


def group_key(fact: dict[str, Any], company: str, story: str) -> str:
    """What the fact is about, as a string: facts of several documents with the same key may
    report the same thing (``same_news`` then splits them by date and value)."""
    kind = fact["kind"]
    if kind == "event":
        # An event is its own story (a document may report a forum and a visit).
        return "|".join([kind, "story", story_of([fact])])
    if story and kind in NUMERIC_KINDS:
        return "|".join([kind, "story", story])
    return "|".join(
        [kind, fact.get("region_code", ""), fact.get("counterparty_country", ""), company]
    )


def same_news(
    items: Sequence[T],
    day: Callable[[T], dt.date | None],
    value: Callable[[T], Decimal | None],
) -> list[list[T]]:
    """Split items of one key into groups reporting the same thing: published close together
    (undated ones join every run), then with close values (items without a value join every
    group of their run)."""
    dated = sorted((i for i in items if day(i) is not None), key=lambda i: day(i) or dt.date.min)
    undated = [i for i in items if day(i) is None]
    runs: list[list[T]] = []
    last: dt.date | None = None
    for i in dated:
        d = day(i)
        assert d is not None
        if runs and last is not None and (d - last).days <= SAME_NEWS_DAYS:
            runs[-1].append(i)
        else:
            runs.append([i])
        last = d
    runs = [r + undated for r in runs] if runs else ([undated] if undated else [])
    out: list[list[T]] = []
    for run in runs:
        valued = sorted((i for i in run if value(i) is not None), key=lambda i: value(i) or 0)
        plain = [i for i in run if value(i) is None]
        groups: list[list[T]] = []
        for i in valued:
            v = value(i)
            top = value(groups[-1][-1]) if groups else None
            if groups and top is not None and v is not None and top >= CLOSE_VALUES * v:
                groups[-1].append(i)
            else:
                groups.append([i])
        out.extend([g + plain for g in groups] if groups else [plain])
    return out
