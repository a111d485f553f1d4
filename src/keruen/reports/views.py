from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from keruen.projects.models import Portfolio
from keruen.projects.selectors import summary


def landing(request: HttpRequest) -> HttpResponse:
    slug = request.GET.get("portfolio") or None
    portfolio = Portfolio.objects.filter(slug=slug).first() if slug else None
    s = summary(user=request.user, portfolio=portfolio.slug if portfolio else None)
    return render(
        request,
        "reports/landing.html",
        {
            "s": s,
            "portfolio": portfolio,
            "investment_bn": f"{s.investment_usd / 10**9:.1f}",
            "agreements_bn": f"{s.agreements_value_usd / 10**9:.1f}",
        },
    )
