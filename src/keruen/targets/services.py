"""Writes of targets, their trajectories, observations and the pipeline's stage probabilities.

Observations are converted to the target's currency when they are written (at the rate of their
`value_date`, the period's last day unless given) and keep the rate they used, like every money
figure in Keruen. CSV import of observations (`observations_import_csv`) is all or nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Required, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from keruen.core.history import (
    apply_changes,
    delete_with_history,
    delete_with_parts,
    save_with_history,
)
from keruen.core.models import Source, editable_fields
from keruen.core.money import USD, FxTable, Money, convert
from keruen.core.services import check_fields
from keruen.core.types import Actor
from keruen.projects.models import Portfolio, Stage
from keruen.reference.models import Country, Currency, Region, Sector
from keruen.reference.selectors import Resolver, fx_table
from keruen.targets.models import (
    MONETARY_MEASURES,
    Measure,
    Observation,
    StageProbability,
    Target,
    TrajectoryKind,
    TrajectoryPoint,
    period_end,
)

TARGET_FIELDS = editable_fields(Target, exclude={"code"})[0]


def _resolve_target_refs(values: dict[str, Any], resolver: Resolver) -> dict[str, Any]:
    """Codes (or names) to records: currency, investor country, region, sector, portfolio."""
    out = dict(values)
    if isinstance(out.get("currency"), str):
        out["currency"] = resolver.currency(out["currency"].upper(), field="currency")
    if isinstance(out.get("country"), str):
        out["country"] = resolver.country(out["country"], field="country")
    if isinstance(out.get("region"), str):
        out["region"] = resolver.region(out["region"], field="region")
    if isinstance(out.get("sector"), str):
        out["sector"] = resolver.sector(out["sector"], field="sector")
    if isinstance(out.get("portfolio"), str):
        found = Portfolio.objects.filter(slug=out["portfolio"]).first()
        if found is None:
            raise ValidationError(
                {"portfolio": _("Unknown portfolio %(value)r.") % {"value": out["portfolio"]}}
            )
        out["portfolio"] = found
    for key in ("target_value", "baseline_value"):
        if out.get(key) is not None and not isinstance(out[key], Decimal):
            out[key] = _decimal(out[key], key)
    return out


def _decimal(value: Any, field: str) -> Decimal:
    try:
        d = Decimal(str(value).replace(" ", "").replace("\u00a0", ""))
    except InvalidOperation:
        raise ValidationError(
            {field: _("Expected a number, e.g. 1250000.50; got %(value)r.") % {"value": value}}
        ) from None
    if not d.is_finite():
        raise ValidationError(
            {field: _("Expected a finite number; got %(value)r.") % {"value": value}}
        )
    return d


def validate_target(target: Target) -> None:
    """The checks every write of a target passes (the admin runs them too)."""
    errors: dict[str, list[str]] = {}
    monetary = target.measure in MONETARY_MEASURES
    if target.measure not in Measure.values:
        errors.setdefault("measure", []).append(
            _("Unknown measure %(value)r; expected one of %(known)s.")
            % {"value": target.measure, "known": ", ".join(Measure.values)}
        )
    if monetary and not target.currency_id:
        errors.setdefault("currency", []).append(
            _("A monetary target needs its currency (ISO 4217, e.g. USD).")
        )
    if not monetary and target.currency_id:
        errors.setdefault("currency", []).append(
            _("A target counting %(measure)s has a unit, not a currency.")
            % {"measure": target.measure}
        )
    if not monetary and not target.unit:
        errors.setdefault("unit", []).append(_("Say what the target counts, e.g. 'jobs'."))
    if (
        target.period_start_year
        and target.period_end_year
        and target.period_end_year < target.period_start_year
    ):
        errors.setdefault("period_end_year", []).append(
            _("The last year (%(end)s) is before the first (%(start)s).")
            % {"end": target.period_end_year, "start": target.period_start_year}
        )
    if target.target_value is not None and target.target_value <= 0:
        errors.setdefault("target_value", []).append(
            _("A target value is a positive number; got %(value)s.")
            % {"value": target.target_value}
        )
    if target.trajectory_kind not in TrajectoryKind.values:
        errors.setdefault("trajectory_kind", []).append(
            _("Expected 'linear' or 'entered'; got %(value)r.") % {"value": target.trajectory_kind}
        )
    if errors:
        raise ValidationError(errors)


class TargetFields(TypedDict, total=False):
    """What `target_create` takes besides the code: the target's fields, with codes (or a
    portfolio's slug) for the records they link to."""

    name: Required[str]
    name_ru: str
    name_kk: str
    description: str
    description_ru: str
    description_kk: str
    measure: Required[str]
    target_value: Required[Decimal | int | str]
    period_start_year: Required[int]
    period_end_year: Required[int]
    unit: str
    currency: str | Currency | None
    country: str | Country | None
    region: str | Region | None
    sector: str | Sector | None
    portfolio: str | Portfolio | None
    baseline_value: Decimal | int | str | None
    baseline_label: str
    baseline_source: Source | None
    trajectory_kind: str
    is_illustrative: bool


@transaction.atomic
def target_create(
    *,
    actor: Actor,
    reason: str,
    code: str,
    sources: Sequence[Source] = (),
    trajectory: Sequence[tuple[int, Decimal | int | str]] | None = None,
    resolver: Resolver | None = None,
    **fields: Unpack[TargetFields],
) -> Target:
    """Create a target. `currency`, `country`, `region`, `sector` may be codes, `portfolio` a slug.

    `trajectory` (year, planned value) pairs make the trajectory 'entered'; see
    `target_set_trajectory` for what they must satisfy.
    """
    check_fields(dict(fields), TARGET_FIELDS, "target")
    values = _resolve_target_refs(dict(fields), resolver or Resolver())
    if trajectory is not None:
        values["trajectory_kind"] = TrajectoryKind.ENTERED
    target = Target(code=code, **values)
    validate_target(target)
    save_with_history(target, actor=actor, reason=reason, m2m={"sources": sources})
    if trajectory is not None:
        target_set_trajectory(actor=actor, reason=reason, target=target, points=trajectory)
    return target


@transaction.atomic
def target_update(
    *,
    actor: Actor,
    reason: str,
    target: Target,
    sources: Sequence[Source] | None = None,
    trajectory: Sequence[tuple[int, Decimal | int | str]] | None = None,
    resolver: Resolver | None = None,
    **changes: Any,
) -> tuple[Target, bool]:
    """Change a target; its observations are converted again when its currency changes.

    An entered trajectory must be given again (`trajectory=`, or `[]` for linear) when the
    value or the period changes, since it has to add up to the value over the period.
    """
    check_fields(changes, TARGET_FIELDS, "target")
    changes = _resolve_target_refs(changes, resolver or Resolver())
    if isinstance(changes.get("currency"), Currency):
        # The foreign key points at the code (to_field): compare codes, not primary keys.
        changes["currency"] = changes["currency"].code
    old_currency = target.currency_id
    old_years = (target.period_start_year, target.period_end_year)
    m2m = {"sources": sources} if sources is not None else {}
    changed = apply_changes(target, changes, m2m)
    validate_target(target)
    reshaped = {"target_value", "period_start_year", "period_end_year"} & set(changed)
    if reshaped and target.trajectory_kind == TrajectoryKind.ENTERED and trajectory is None:
        raise ValidationError(
            {
                "trajectory": _(
                    "The entered trajectory must add up to the target over its period: give it "
                    "again with the new %(fields)s (or an empty one for a linear trajectory)."
                )
                % {"fields": ", ".join(sorted(reshaped))}
            }
        )
    if not changed and trajectory is None:
        return target, False
    if changed:
        save_with_history(target, actor=actor, reason=reason, m2m=m2m)
    if trajectory is not None:
        target_set_trajectory(actor=actor, reason=reason, target=target, points=trajectory)
    outside = target.observations.exclude(
        year__gte=target.period_start_year, year__lte=target.period_end_year
    )
    if (target.period_start_year, target.period_end_year) != old_years and outside.exists():
        raise ValidationError(
            {
                "period_end_year": _(
                    "%(n)s observations fall outside %(start)s–%(end)s: delete them first."
                )
                % {
                    "n": outside.count(),
                    "start": target.period_start_year,
                    "end": target.period_end_year,
                }
            }
        )
    if target.currency_id != old_currency:
        fx = fx_table()
        for obs in target.observations.all():
            _convert_observation(obs, target, fx)
            save_with_history(obs, actor=actor, reason=reason)
    return target, True


@transaction.atomic
def target_delete(*, actor: Actor, reason: str, target: Target) -> None:
    delete_with_parts(
        target, target.observations.all(), target.trajectory.all(), actor=actor, reason=reason
    )


@transaction.atomic
def target_set_trajectory(
    *,
    actor: Actor,
    reason: str,
    target: Target,
    points: Sequence[tuple[int, Decimal | int | str]],
) -> Target:
    """Enter the planned amount for each year; an empty list goes back to a linear trajectory.

    Every year of the period needs exactly one point and the points add up to the target value,
    so the trajectory ends where the target does.
    """
    wanted: dict[int, Decimal] = {}
    errors: list[str] = []
    for year, value in points:
        if year in wanted:
            errors.append(_("Year %(year)s is given twice.") % {"year": year})
        if not target.period_start_year <= year <= target.period_end_year:
            errors.append(
                _("Year %(year)s is outside the target's period %(start)s–%(end)s.")
                % {"year": year, "start": target.period_start_year, "end": target.period_end_year}
            )
        d = _decimal(value, "trajectory")
        if d < 0:
            errors.append(_("Year %(year)s: a planned value is not negative.") % {"year": year})
        wanted[year] = d
    if points:
        missing = [y for y in target.years if y not in wanted]
        if missing:
            errors.append(
                _("Every year of the period needs a planned value; missing: %(years)s.")
                % {"years": ", ".join(map(str, missing))}
            )
        total = sum(wanted.values(), Decimal(0))
        if not errors and total != target.target_value:
            errors.append(
                _("The planned values add up to %(total)s; expected the target value %(value)s.")
                % {"total": total, "value": target.target_value}
            )
    if errors:
        raise ValidationError({"trajectory": errors})
    existing = {p.year: p for p in target.trajectory.all()}
    for year, point in existing.items():
        if year not in wanted:
            delete_with_history(point, actor=actor, reason=reason)
    for year, value in wanted.items():
        point = existing.get(year) or TrajectoryPoint(target=target, year=year, value=value)
        if point.pk is None or apply_changes(point, {"value": value}):
            save_with_history(point, actor=actor, reason=reason)
    kind = TrajectoryKind.ENTERED if points else TrajectoryKind.LINEAR
    if target.trajectory_kind != kind:
        target.trajectory_kind = kind
        save_with_history(target, actor=actor, reason=reason)
    return target


# -- observations -------------------------------------------------------------------------------


def _convert_observation(obs: Observation, target: Target, fx: FxTable | None) -> None:
    """Derive the value in the target's currency (and in USD) at the rate of `value_date`."""
    if not target.is_monetary:
        obs.value_in_target = obs.value_amount
        obs.value_usd = None
        obs.value_fx = None
        obs.conversion = ""
        return
    assert obs.value_currency_id is not None and target.currency_id is not None
    money = Money(Decimal(obs.value_amount), obs.value_currency_id, obs.value_date)
    try:
        in_target = convert(money, target.currency_id, fx)
        in_usd = convert(money, USD, fx)
    except ValidationError as e:
        raise ValidationError({"value_currency": e.messages}) from e
    obs.value_in_target = in_target.amount
    obs.value_usd = in_usd.amount
    rates = in_target.rates or in_usd.rates
    obs.value_fx_id = rates[0].rate_id if rates else None
    obs.conversion = in_target.explain()[:300]


def _validate_observation(obs: Observation, target: Target) -> None:
    errors: dict[str, list[str]] = {}
    if not target.period_start_year <= obs.year <= target.period_end_year:
        errors.setdefault("year", []).append(
            _("Year %(year)s is outside the target's period %(start)s–%(end)s.")
            % {"year": obs.year, "start": target.period_start_year, "end": target.period_end_year}
        )
    if obs.quarter is not None and obs.quarter not in (1, 2, 3, 4):
        errors.setdefault("quarter", []).append(
            _("A quarter is 1, 2, 3 or 4 (empty for a whole year); got %(value)s.")
            % {"value": obs.quarter}
        )
    if target.is_monetary and not obs.value_currency_id:
        errors.setdefault("value_currency", []).append(
            _("A monetary value needs its currency (ISO 4217, e.g. USD).")
        )
    if not target.is_monetary and obs.value_currency_id:
        errors.setdefault("value_currency", []).append(
            _("This target counts %(unit)s: a value has no currency.") % {"unit": target.unit}
        )
    if not obs.source_id and not obs.source_text.strip():
        errors.setdefault("source", []).append(
            _("Say where the figure comes from (a source or its description).")
        )
    if errors:
        raise ValidationError(errors)
    same_year = target.observations.filter(year=obs.year)
    if obs.pk:
        same_year = same_year.exclude(pk=obs.pk)
    # A year is reported either as a whole or by quarters, never both: nothing counted twice.
    if obs.quarter is None and same_year.filter(quarter__isnull=False).exists():
        errors.setdefault("quarter", []).append(
            _("%(year)s is already reported by quarters: give a quarter, or delete those first.")
            % {"year": obs.year}
        )
    if obs.quarter is not None and same_year.filter(quarter__isnull=True).exists():
        errors.setdefault("quarter", []).append(
            _("%(year)s is already reported as a whole year: a quarter would count twice.")
            % {"year": obs.year}
        )
    same_slot = {
        "quarter": obs.quarter,
        "country": obs.country_id,
        "region": obs.region_id,
        "sector": obs.sector_id,
    }
    if same_year.filter(**same_slot).exists():
        errors.setdefault("year", []).append(
            _(
                "%(period)s already has an observation for the same investor country, region "
                "and sector: change that one instead."
            )
            % {"period": obs.period_label}
        )
    if errors:
        raise ValidationError(errors)


def convert_observation(obs: Observation, fx: FxTable | None = None) -> Observation:
    """Validate `obs` against its target and derive its converted values (not saved)."""
    _validate_observation(obs, obs.target)
    _convert_observation(obs, obs.target, fx)
    return obs


class ObservationInput(TypedDict, total=False):
    """One observation as a caller (or a CSV row) gives it; codes for the references."""

    year: Required[int]
    value: Required[Decimal | int | str]
    quarter: int | None
    currency: str | None
    value_date: dt.date | None
    country: str | Country | None
    region: str | Region | None
    sector: str | Sector | None
    source: Source | None
    source_text: str
    is_illustrative: bool
    note: str


def _build_observation(
    target: Target, data: ObservationInput, resolver: Resolver, fx: FxTable | None
) -> Observation:
    year, quarter = data["year"], data.get("quarter")
    country, region, sector = data.get("country"), data.get("region"), data.get("sector")
    if quarter is not None and quarter not in (1, 2, 3, 4):
        raise ValidationError(
            {
                "quarter": _("A quarter is 1, 2, 3 or 4 (empty for a whole year); got %(value)s.")
                % {"value": quarter}
            }
        )
    if not 1 <= year <= 9999:
        raise ValidationError({"year": _("Expected a year such as 2025.")})
    code = data.get("currency")
    currency = resolver.currency(str(code).upper(), field="value_currency") if code else None
    obs = Observation(
        target=target,
        year=year,
        quarter=quarter,
        value_amount=_decimal(data["value"], "value"),
        value_currency=currency,
        value_date=data.get("value_date") or period_end(year, quarter),
        country=country
        if isinstance(country, Country) or country is None
        else resolver.country(country, field="country"),
        region=region
        if isinstance(region, Region) or region is None
        else resolver.region(region, field="region"),
        sector=sector
        if isinstance(sector, Sector) or sector is None
        else resolver.sector(sector, field="sector"),
        source=data.get("source"),
        source_text=data.get("source_text", ""),
        is_illustrative=data.get("is_illustrative", False),
        note=data.get("note", ""),
    )
    _validate_observation(obs, target)
    _convert_observation(obs, target, fx)
    return obs


@transaction.atomic
def observation_create(
    *,
    actor: Actor,
    reason: str,
    target: Target,
    resolver: Resolver | None = None,
    fx: FxTable | None = None,
    **data: Unpack[ObservationInput],
) -> Observation:
    """Record an actual value of `target` for a year (quarter=None) or a quarter.

    The value is converted to the target's currency at the rate of `value_date` (by default
    the period's last day: the nearest rate on or before it).
    """
    obs = _build_observation(target, data, resolver or Resolver(), fx)
    save_with_history(obs, actor=actor, reason=reason)
    return obs


@transaction.atomic
def observation_delete(*, actor: Actor, reason: str, observation: Observation) -> None:
    delete_with_history(observation, actor=actor, reason=reason)


#: Columns of an observations CSV; `target`, `year`, `value` are required.
CSV_COLUMNS = (
    "target",
    "year",
    "quarter",
    "value",
    "currency",
    "value_date",
    "country",
    "region",
    "sector",
    "source",
    "is_illustrative",
    "note",
)
CSV_REQUIRED = ("target", "year", "value")
TRUE_WORDS = {"1", "true", "yes", "y", "да", "иә"}
FALSE_WORDS = {"", "0", "false", "no", "n", "нет", "жоқ"}


@dataclass(frozen=True)
class ImportResult:
    observations: int
    targets: list[str]


def _parse_row(
    row: dict[str, str], line: int, targets: dict[str, Target], sources: dict[str, Source]
) -> tuple[Target, ObservationInput]:
    errors: list[str] = []

    def err(column: str, message: str) -> None:
        errors.append(
            _("row %(line)s, column %(column)s: %(message)s")
            % {"line": line, "column": column, "message": message}
        )

    cell = {k: (row.get(k) or "").strip() for k in CSV_COLUMNS}
    for col in CSV_REQUIRED:
        if not cell[col]:
            err(col, _("required, empty"))
    target = targets.get(cell["target"])
    if cell["target"] and target is None:
        err("target", _("unknown target code %(value)r") % {"value": cell["target"]})
    year = quarter = None
    if cell["year"]:
        try:
            year = int(cell["year"])
        except ValueError:
            err("year", _("expected a year such as 2025; got %(value)r") % {"value": cell["year"]})
    if cell["quarter"]:
        q = cell["quarter"].upper().removeprefix("Q")
        if q in ("1", "2", "3", "4"):
            quarter = int(q)
        else:
            err(
                "quarter",
                _("expected 1–4 or Q1–Q4 (empty for a whole year); got %(value)r")
                % {"value": cell["quarter"]},
            )
    value_date = None
    if cell["value_date"]:
        try:
            value_date = dt.date.fromisoformat(cell["value_date"])
        except ValueError:
            err(
                "value_date",
                _("expected a date YYYY-MM-DD; got %(value)r") % {"value": cell["value_date"]},
            )
    if cell["value"]:
        try:
            _decimal(cell["value"], "value")
        except ValidationError:
            err(
                "value",
                _("expected a number such as 1250000.50; got %(value)r") % {"value": cell["value"]},
            )
    illustrative = cell["is_illustrative"].casefold()
    if illustrative not in TRUE_WORDS | FALSE_WORDS:
        err("is_illustrative", _("expected yes or no; got %(value)r") % {"value": illustrative})
    source = sources.get(cell["source"])
    if errors:
        raise ValidationError(errors)
    assert target is not None and year is not None
    return target, ObservationInput(
        year=year,
        quarter=quarter,
        value=cell["value"],
        currency=cell["currency"] or None,
        value_date=value_date,
        country=cell["country"] or None,
        region=cell["region"] or None,
        sector=cell["sector"] or None,
        source=source,
        source_text="" if source else cell["source"],
        is_illustrative=illustrative in TRUE_WORDS,
        note=cell["note"],
    )


def observations_import_csv(*, actor: Actor, reason: str, text: str) -> ImportResult:
    """Import observations from CSV text: all rows land, or none and every error is reported.

    Columns: target (code), year, quarter (1–4 or Q1–Q4, empty for a year), value, currency
    (ISO 4217, for monetary targets), value_date (YYYY-MM-DD, default the period's last day),
    country (ISO alpha-2), region (ISO 3166-2:KZ), sector (code), source (a recorded source's
    code, or any text saying where the figure comes from), is_illustrative (yes/no), note.
    """
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = [c for c in CSV_REQUIRED if c not in header]
    unknown = [c for c in header if c not in CSV_COLUMNS]
    problems = []
    if missing:
        problems.append(_("header: missing column(s) %(cols)s") % {"cols": ", ".join(missing)})
    if unknown:
        problems.append(
            _("header: unknown column(s) %(cols)s; expected %(known)s")
            % {"cols": ", ".join(unknown), "known": ", ".join(CSV_COLUMNS)}
        )
    if problems:
        raise ValidationError(problems)
    targets = {t.code: t for t in Target.objects.all()}
    sources = {s.code: s for s in Source.objects.all()}
    resolver = Resolver()
    fx = fx_table()
    errors: list[str] = []
    count = 0
    touched: set[str] = set()
    with transaction.atomic():
        for line, row in enumerate(reader, start=2):
            if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
                continue
            try:
                target, data = _parse_row(row, line, targets, sources)
                # Validated against the rows saved before it, so duplicates in the file show.
                obs = _build_observation(target, data, resolver, fx)
                save_with_history(obs, actor=actor, reason=reason)
                count += 1
                touched.add(target.code)
            except ValidationError as e:
                errors.extend(_row_messages(e, line))
        if errors:
            raise ValidationError(errors)
        if count == 0:
            raise ValidationError([_("The file holds no observation rows.")])
    return ImportResult(observations=count, targets=sorted(touched))


def _row_messages(e: ValidationError, line: int) -> list[str]:
    if hasattr(e, "error_dict"):
        return [
            _("row %(line)s, column %(column)s: %(message)s")
            % {"line": line, "column": CSV_FIELD.get(field, field), "message": m}
            for field, errs in e.error_dict.items()
            for err in errs
            for m in err.messages
        ]
    messages = list(e.messages)
    if messages and messages[0].startswith(_("row %(line)s") % {"line": line}):
        return messages
    return [_("row %(line)s: %(message)s") % {"line": line, "message": m} for m in messages]


#: Model field → CSV column, for naming the column in an error.
CSV_FIELD = {"value_currency": "currency", "value_amount": "value", "source_text": "source"}


# -- stage probabilities ------------------------------------------------------------------------


@transaction.atomic
def stage_probability_set(
    *, actor: Actor, reason: str, stage: str, probability: Decimal | float | str, note: str = ""
) -> StageProbability:
    """Set the probability used by the pipeline forecast for projects at `stage`."""
    if stage not in Stage.values:
        raise ValidationError(
            {
                "stage": _("Unknown stage %(value)r; expected one of %(known)s.")
                % {"value": stage, "known": ", ".join(Stage.values)}
            }
        )
    p = _decimal(probability, "probability")
    if not Decimal(0) <= p <= Decimal(1):
        raise ValidationError(
            {"probability": _("A probability is from 0 to 1; got %(value)s.") % {"value": p}}
        )
    row = StageProbability.objects.filter(stage=stage).first() or StageProbability(
        stage=stage, probability=p, note=note
    )
    if row.pk is None or apply_changes(row, {"probability": p, "note": note}):
        save_with_history(row, actor=actor, reason=reason)
    return row
