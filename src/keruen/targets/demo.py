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
from typing import Any

from keruen.core.demo_context import DemoContext, demo_records
from keruen.core.money import Money, convert
from keruen.reference.models import Country
from keruen.reference.selectors import Resolver, fx_table
from keruen.targets.models import Target, period_end
from keruen.targets.services import observation_create, target_create

REASON = "Demo targets: the USD 150 bn foreign-investment task (primeminister.kz, 25 June 2025)"
PUBLICATION_LAG = dt.timedelta(days=90)

#: The two targets and the invented observations (demo.toml).
DATA = demo_records(__name__)
OBSERVED = DATA["observations"]
#: Invented yearly inflows (USD bn) and how they spread over the quarters.
YEAR_BN = {int(year): bn for year, bn in OBSERVED["year_bn"].items()}
QUARTER_SHARE: list[str] = OBSERVED["quarter_share"]
#: Invented shares by investor country (None: all other countries).
COUNTRY_SHARE = [(code or None, share) for code, share in OBSERVED["country_share"]]
BN = Decimal(10**9)


def _published_quarters(today: dt.date) -> list[tuple[int, int]]:
    return [
        (y, q)
        for y in sorted(YEAR_BN)
        for q in (1, 2, 3, 4)
        if period_end(y, q) + PUBLICATION_LAG <= today
    ]


def _target(
    ctx: DemoContext,
    resolver: Resolver,
    key: str,
    target_value: str,
    sources: list[str],
    baseline_value: str | None = None,
    baseline_source: str | None = None,
    **fields: Any,
) -> Target:
    """Create one target from its record: amounts are decimal strings, sources `ctx` names."""
    if baseline_value is not None:
        fields["baseline_value"] = Decimal(baseline_value)
    if baseline_source is not None:
        fields["baseline_source"] = getattr(ctx, baseline_source)
    return target_create(
        actor=None,
        reason=REASON,
        resolver=resolver,
        target_value=Decimal(target_value),
        sources=[getattr(ctx, name) for name in sources],
        **fields,
    )


def load(ctx: DemoContext) -> None:
    resolver = Resolver()
    fx = fx_table()
    targets = {t["key"]: _target(ctx, resolver, **t) for t in DATA["targets"]}
    national, china = targets["national"], targets["china"]
    countries = {
        c.code: c for c in Country.objects.filter(code__in=[c for c, _s in COUNTRY_SHARE if c])
    }
    quarters = _published_quarters(ctx.today)
    note = "Illustrative: invented for the Keruen demo, not National Bank of Kazakhstan statistics."
    for year, quarter in quarters:
        total = Decimal(YEAR_BN[year]) * BN * Decimal(QUARTER_SHARE[quarter - 1])
        for code, share in COUNTRY_SHARE:
            usd = (total * Decimal(share)).quantize(Decimal("1"))
            # The national target's observation; China's is reported in yuan, to show conversion
            # at the quarter's rate, and is observed in USD on the China-scoped target too.
            observed = [(national, usd, "USD")]
            if code == "CN":
                yuan = convert(Money(usd, "USD", period_end(year, quarter)), "CNY", fx).amount
                observed = [(national, yuan, "CNY"), (china, usd, "USD")]
            for target, amount, currency in observed:
                observation_create(
                    actor=None,
                    reason=REASON,
                    resolver=resolver,
                    fx=fx,
                    target=target,
                    year=year,
                    quarter=quarter,
                    value=amount,
                    currency=currency,
                    country=countries[code] if code else None,
                    source=ctx.demo_source,
                    is_illustrative=True,
                    note=note,
                )
    last = f"{quarters[-1][0]} Q{quarters[-1][1]}" if quarters else "none yet"
    ctx.say(
        "Loaded targets: USD 150 bn foreign investment 2025–2029 (cited) with illustrative "
        f"quarterly observations through {last}; an illustrative China-scoped target."
    )
