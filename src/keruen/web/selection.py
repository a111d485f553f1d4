"""What a list's selection adds up to, written once for the list page's footer and its export's
totals row (`reports.exports.lists`), so that the two cannot say different things.

A list gives `selection_totals` its selection as a function of the reader (`select(user)`, the
same query string each time): the reader's rows are counted and, where the records carry money
or jobs, summed; the same selection read by Keruen itself (`select(None)`, every record) says how
many of them the reader may not see — a number, never names. The project list has its own rule
for what adds to a total (`projects.figures`); the other lists count every row they show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from keruen.accounts.selectors import user_scope

#: A list's selection for a reader (None: Keruen itself, which sees every record).
Select = Callable[[Any], QuerySet[Any]]


@dataclass(frozen=True)
class SelectionTotals:
    """The reader's selection in numbers.

    - `count`: the rows the reader sees (every page of them);
    - `usd`, `jobs`: their sums, where the records carry money or jobs (None where they do not);
    - `everything`: the rows the same selection holds for a reader who sees every record;
    - `public`: the reader is the public (the open edition).
    """

    count: int
    everything: int
    public: bool
    usd: Decimal | None = None
    jobs: int | None = None

    @property
    def hidden(self) -> int:
        """Rows of the selection the reader may not see."""
        return max(self.everything - self.count, 0)

    def notes(self) -> list[str]:
        """ "You see 40 of 58 records; 18 are restricted": what the reader's access leaves out,
        in the reader's language (nothing when it leaves nothing out)."""
        if not self.hidden:
            return []
        return [you_see(self.count, self.everything, self.hidden, public=self.public)]


def you_see(seen: int, total: int, hidden: int, *, public: bool, noun: str = "records") -> str:
    """ "You see 40 of 58 records; 18 are restricted" (`noun` "projects": of the projects counted
    in the totals), with "Public edition." before it for the public: the one wording of the list
    pages' footers and their exports' notes."""
    if noun == "projects" and public:
        sentence = ngettext(
            "You see %(seen)s of %(total)s projects; %(hidden)s is not public.",
            "You see %(seen)s of %(total)s projects; %(hidden)s are not public.",
            hidden,
        )
    elif noun == "projects":
        sentence = ngettext(
            "You see %(seen)s of %(total)s projects; %(hidden)s is restricted.",
            "You see %(seen)s of %(total)s projects; %(hidden)s are restricted.",
            hidden,
        )
    elif public:
        sentence = ngettext(
            "You see %(seen)s of %(total)s records; %(hidden)s is not public.",
            "You see %(seen)s of %(total)s records; %(hidden)s are not public.",
            hidden,
        )
    else:
        sentence = ngettext(
            "You see %(seen)s of %(total)s records; %(hidden)s is restricted.",
            "You see %(seen)s of %(total)s records; %(hidden)s are restricted.",
            hidden,
        )
    sentence %= {"seen": seen, "total": total, "hidden": hidden}
    return _("Public edition") + ". " + sentence if public else sentence


def selection_totals(
    select: Select, *, user: Any, usd: str | None = None, jobs: str | None = None
) -> SelectionTotals:
    """The totals of `select(user)`: its count and the sums of the fields `usd` and `jobs` name
    (one aggregate query), and the count of `select(None)` (a second one, unless the reader is
    Keruen itself)."""
    qs = select(user).order_by()
    sums: dict[str, Any] = {"n": Count("pk")}
    if usd:
        sums["usd"] = Sum(usd)
    if jobs:
        sums["jobs"] = Sum(jobs)
    agg = qs.aggregate(**sums)
    scope = user_scope(user)
    n = agg["n"] or 0
    return SelectionTotals(
        count=n,
        everything=n if scope.system else select(None).order_by().count(),
        public=not scope.authenticated,
        usd=(agg["usd"] or Decimal(0)) if usd else None,
        jobs=(agg["jobs"] or 0) if jobs else None,
    )
