"""Pages: /targets/ (every target), /targets/<code>/ (one, with its observations), /funnel/."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from keruen.projects.models import Stage
from keruen.targets import charts
from keruen.targets.funnel import (
    funnel_by_event,
    funnel_by_portfolio,
    stale_months_default,
)
from keruen.targets.selectors import (
    DEFAULT_STAGE_PROBABILITIES,
    OFF_TRACK_RATIO,
    ON_TRACK_RATIO,
    stage_probabilities,
    target_list,
    target_status,
    target_status_list,
)
from keruen.web.pages import first_or_404


def _as_of(request: HttpRequest) -> dt.date | None:
    try:
        return dt.date.fromisoformat(request.GET.get("as_of") or "")
    except ValueError:
        return None


def _spec(chart: Any) -> dict[str, Any]:
    return chart.to_dict(validate=False)


def _labelled(d: dict[str, Any]) -> dict[str, Any]:
    """A target's figures with `label`, its name in the reader's language."""
    d["label"] = charts.target_label(d)
    return d


@require_GET
def target_list_view(request: HttpRequest) -> HttpResponse:
    items = [
        _labelled(s.to_json_dict())
        for s in target_status_list(user=request.user, as_of=_as_of(request))
    ]
    specs = {f"spec-{d['code']}": _spec(charts.target_chart(d, height=200)) for d in items}
    return render(request, "targets/target_list.html", {"items": items, "specs": specs})


@require_GET
def target_detail_view(request: HttpRequest, code: str) -> HttpResponse:
    target = first_or_404(target_list(user=request.user).filter(code=code))
    d = _labelled(
        target_status(user=request.user, target=target, as_of=_as_of(request)).to_json_dict()
    )
    probs = stage_probabilities()
    return render(
        request,
        "targets/target_detail.html",
        {
            "t": d,
            "target": target,
            "specs": {"spec-target": _spec(charts.target_chart(d))},
            "on_track_pct": int(ON_TRACK_RATIO * 100),
            "off_track_pct": int(OFF_TRACK_RATIO * 100),
            "probabilities": [
                (
                    Stage(stage).label,
                    probs[stage],
                    probs[stage] != DEFAULT_STAGE_PROBABILITIES[stage],
                )
                for stage in DEFAULT_STAGE_PROBABILITIES
            ],
        },
    )


@require_GET
def funnel_view(request: HttpRequest) -> HttpResponse:
    try:
        months = max(0, min(600, int(request.GET.get("stale") or stale_months_default())))
    except ValueError:
        months = stale_months_default()
    by = "portfolio" if request.GET.get("by") == "portfolio" else "event"
    if by == "portfolio":
        rows = funnel_by_portfolio(user=request.user, stale_months=months)
    else:
        rows = funnel_by_event(user=request.user, stale_months=months)
    items = [r.to_json_dict() for r in rows]
    key = "portfolio" if by == "portfolio" else "event"
    specs = {f"spec-funnel-{d[key]}": _spec(charts.funnel_chart(d)) for d in items}
    return render(
        request,
        "targets/funnel.html",
        {"items": items, "specs": specs, "by": by, "key": key, "months": months},
    )
