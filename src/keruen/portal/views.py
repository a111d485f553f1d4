"""The public portal's pages (`/open/...`), its files, feed, sitemap and robots.txt.

Every page is read as the public (`portal.selectors`), needs no sign-in and sets no cookie, and
answers with an ETag and Last-Modified taken from the latest recorded change, so browsers and
proxies can keep it (docs/portal.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

import keruen
from keruen.accounts.policy import is_coordinator
from keruen.agreements.selectors import AgreementFilters, EventFilters
from keruen.portal import catalog, selectors
from keruen.portal.datasets import BY_SLUG, DATASETS, FORMAT_LABELS, dictionary, region_figures
from keruen.portal.models import PublicReport
from keruen.portal.services import (
    RateLimited,
    ReportInput,
    client_address,
    report_decide,
    report_submit,
)
from keruen.projects.figures import summary, totals
from keruen.projects.models import Stage
from keruen.projects.selectors import ProjectFilters
from keruen.reference.selectors import region_list
from keruen.reports import dashboard
from keruen.web import maps
from keruen.web.charts import spec

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}
MAX_AGE = 300
PER_PAGE = 50


def _language(request: HttpRequest) -> str:
    """`?lang=kk` makes a shareable page in that language; otherwise the browser's choice."""
    lang = request.GET.get("lang")
    if lang in LANGUAGE_CODES:
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
    return translation.get_language()


def cacheable(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A public page: in the asked language, with validators from the latest change."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        lang = _language(request)
        changed = selectors.last_changed()
        key = f"{changed}|{lang}|{request.get_full_path()}|{keruen.__version__}"
        etag = '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'
        last_modified = int(changed.timestamp()) if changed else None
        response = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if response is None:
            response = view(request, *args, **kwargs)
        if response.status_code in (200, 304):
            response["ETag"] = etag
            if last_modified is not None:
                response["Last-Modified"] = http_date(last_modified)
            patch_cache_control(response, public=True, max_age=MAX_AGE)
        response["Content-Language"] = lang
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    return require_GET(wrapper)


def _page(request: HttpRequest, qs: QuerySet[Any]) -> Any:
    return Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    lang = translation.get_language()
    context = {
        **context,
        "canonical": request.build_absolute_uri(request.path),
        "lang_param": request.GET.get("lang") if request.GET.get("lang") in LANGUAGE_CODES else "",
        "languages": [code for code, _name in settings.LANGUAGES],
        "retrieved": timezone.localdate(),
        "page_url": request.build_absolute_uri(request.get_full_path()),
        "lang": lang,
    }
    return render(request, template, context)


def _record(
    request: HttpRequest, template: str, record: Any, label: str, code: str, **extra: Any
) -> HttpResponse:
    """A public record's page: its fields (`extra`), sources, public history and citation."""
    return _render(
        request,
        template,
        {
            **extra,
            "record": record,
            "sources": record.sources.all(),
            "history": selectors.public_history(record),
            "record_label": label,
            "record_code": code,
        },
    )


@cacheable
def home_view(request: HttpRequest) -> HttpResponse:
    s = summary(user=selectors.PUBLIC)
    regions = dashboard.by_region(dashboard.counted_projects(user=selectors.PUBLIC))
    map_spec = spec(
        maps.region_map(
            regions,
            geo_url=reverse("web:region-geojson"),
            list_base=reverse("portal:projects"),
        )
    )
    return _render(
        request,
        "portal/home.html",
        {
            "s": s,
            "regions": regions,
            "map_spec": map_spec,
            "boundaries_source": maps.BOUNDARIES_SOURCE,
            "latest": selectors.projects().order_by("-updated_at", "code")[:10],
            "stages": Stage.choices,
        },
    )


@cacheable
def project_list_view(request: HttpRequest) -> HttpResponse:
    stage = request.GET.get("stage") or None
    filters = ProjectFilters(
        q=_q(request),
        region=request.GET.get("region") or None,
        stage=stage if stage in Stage.values else None,
    )
    qs = selectors.projects(filters).prefetch_related("regions")
    return _render(
        request,
        "portal/projects.html",
        {
            "page": _page(request, qs),
            "filters": filters,
            "totals": totals(qs),
            "coverage": summary(user=selectors.PUBLIC, filters=filters).coverage,
            "regions": region_list(),
            "stages": Stage.choices,
        },
    )


@cacheable
def project_detail_view(request: HttpRequest, code: str) -> HttpResponse:
    project = selectors.project(code)
    public = selectors.projects()
    return _record(
        request,
        "portal/project.html",
        project,
        _("project"),
        project.code,
        project=project,
        parent=public.filter(pk=project.parent_id).first() if project.parent_id else None,
        phases=public.filter(parent=project),
        agreements=selectors.agreements().filter(projects=project),
    )


def _q(request: HttpRequest) -> str | None:
    """The search words of a list page (at most 200 characters), or None."""
    return (request.GET.get("q") or "").strip()[:200] or None


def _searched(
    template: str, filters_class: Callable[..., Any], select: Callable[[Any], QuerySet[Any]]
) -> Callable[..., HttpResponse]:
    """A list page searched by its words alone: `select(filters_class(q=...))`, paged."""

    def view(request: HttpRequest) -> HttpResponse:
        filters = filters_class(q=_q(request))
        page = _page(request, select(filters))
        return _render(request, template, {"page": page, "filters": filters})

    return cacheable(view)


agreement_list_view = _searched("portal/agreements.html", AgreementFilters, selectors.agreements)


@cacheable
def agreement_detail_view(request: HttpRequest, code: str) -> HttpResponse:
    agreement = selectors.agreement(code)
    return _record(
        request,
        "portal/agreement.html",
        agreement,
        _("agreement"),
        agreement.code,
        agreement=agreement,
        parties=agreement.parties.all(),
        projects=selectors.projects().filter(agreements=agreement),
    )


event_list_view = _searched("portal/events.html", EventFilters, selectors.events)


@cacheable
def event_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event(slug)
    return _record(
        request,
        "portal/event.html",
        event,
        _("event"),
        event.slug,
        event=event,
        agreements=selectors.agreements().filter(event=event),
    )


@cacheable
def investor_list_view(request: HttpRequest) -> HttpResponse:
    q = _q(request)
    qs = selectors.investors(q).order_by("name")
    return _render(request, "portal/investors.html", {"page": _page(request, qs), "q": q})


@cacheable
def investor_detail_view(request: HttpRequest, code: str) -> HttpResponse:
    org = selectors.investor(code)
    projects = selectors.projects(ProjectFilters(investor=org.code))
    return _render(
        request,
        "portal/investor.html",
        {
            "org": org,
            "projects": projects,
            "totals": totals(projects),
            "record_label": _("investor"),
            "record_code": org.code,
        },
    )


@cacheable
def region_list_view(request: HttpRequest) -> HttpResponse:
    rows = list(zip(region_list(), region_figures(), strict=True))
    return _render(request, "portal/regions.html", {"rows": rows})


@cacheable
def region_detail_view(request: HttpRequest, code: str) -> HttpResponse:
    region = get_object_or_404(region_list(), code=code)
    filters = ProjectFilters(region=region.code)
    projects = selectors.projects(filters)
    return _render(
        request,
        "portal/region.html",
        {
            "region": region,
            "projects": projects,
            "totals": totals(projects),
            "coverage": summary(user=selectors.PUBLIC, filters=filters).coverage,
            "record_label": _("region"),
            "record_code": region.code,
        },
    )


@cacheable
def data_view(request: HttpRequest) -> HttpResponse:
    catalog.ensure_built()
    files = catalog.files()
    return _render(
        request,
        "portal/data.html",
        {
            "datasets": [
                (d, [f for f in files if f.dataset == d.slug], d.filename) for d in DATASETS
            ],
            "labels": FORMAT_LABELS,
            "manifest": catalog.manifest(),
        },
    )


@cacheable
def dictionary_view(request: HttpRequest) -> HttpResponse:
    return _render(
        request,
        "portal/dictionary.html",
        {"datasets": [(d, dictionary(d)) for d in DATASETS]},
    )


MEDIA = {
    ".csv": "text/csv; charset=utf-8",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".json": "application/json",
    ".jsonld": "application/ld+json",
    ".xml": "application/xml",
}


def _serve(request: HttpRequest, name: str) -> HttpResponseBase:
    catalog.ensure_built()
    path = catalog.path_of(name)
    if path is None or not path.exists():
        raise Http404(name)
    stat = path.stat()
    etag = '"' + hashlib.sha256(f"{path.resolve()}|{stat.st_size}".encode()).hexdigest()[:32] + '"'
    response: HttpResponseBase | None = get_conditional_response(
        request, etag=etag, last_modified=int(stat.st_mtime)
    )
    if response is None:
        response = FileResponse(
            path.open("rb"), content_type=MEDIA.get(path.suffix, "application/octet-stream")
        )
        response["Content-Length"] = str(stat.st_size)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(stat.st_mtime)
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


@require_GET
def file_view(request: HttpRequest, name: str) -> HttpResponseBase:
    return _serve(request, name)


@require_GET
def dataset_view(request: HttpRequest, slug: str) -> HttpResponseBase:
    if slug not in BY_SLUG:
        raise Http404(slug)
    return _serve(request, f"{slug}.jsonld")


@require_GET
def catalog_view(request: HttpRequest) -> HttpResponseBase:
    return _serve(request, catalog.CATALOG)


@cacheable
def changes_view(request: HttpRequest) -> HttpResponse:
    entries = selectors.public_changes()
    response = render(
        request,
        "portal/changes.atom",
        {
            "entries": entries,
            "updated": entries[0].date if entries else timezone.now(),
            "feed_url": request.build_absolute_uri(request.path),
            "home_url": request.build_absolute_uri(reverse("portal:home")),
            "base": request.build_absolute_uri("/").rstrip("/"),
        },
        content_type="application/atom+xml; charset=utf-8",
    )
    return response


def _public_urls() -> list[tuple[str, dt.datetime | None]]:
    urls: list[tuple[str, dt.datetime | None]] = [
        (reverse(name), None)
        for name in (
            "portal:home",
            "portal:projects",
            "portal:agreements",
            "portal:events",
            "portal:investors",
            "portal:regions",
            "portal:data",
            "portal:dictionary",
        )
    ]
    urls += [
        (reverse("portal:project", args=[code]), at)
        for code, at in selectors.projects().values_list("code", "updated_at")
    ]
    urls += [
        (reverse("portal:agreement", args=[code]), at)
        for code, at in selectors.agreements().values_list("code", "updated_at")
    ]
    urls += [
        (reverse("portal:event", args=[slug]), at)
        for slug, at in selectors.events().values_list("slug", "updated_at")
    ]
    urls += [
        (reverse("portal:investor", args=[code]), None)
        for code in selectors.investors().values_list("code", flat=True)
    ]
    urls += [(reverse("portal:region", args=[r.code]), None) for r in region_list()]
    return urls


@cacheable
def sitemap_view(request: HttpRequest) -> HttpResponse:
    base = request.build_absolute_uri("/").rstrip("/")
    return render(
        request,
        "portal/sitemap.xml",
        {"urls": [(base + path, at) for path, at in _public_urls()]},
        content_type="application/xml; charset=utf-8",
    )


@require_GET
def robots_view(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("portal:sitemap"))
    body = (
        "User-agent: *\n"
        f"Allow: {reverse('portal:home')}\n"
        f"Allow: {reverse('portal:catalog')}\n"
        "Disallow: /\n"
        f"Sitemap: {sitemap}\n"
    )
    response = HttpResponse(body, content_type="text/plain; charset=utf-8")
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


def _text(request: HttpRequest, name: str) -> str | None:
    return (request.POST.get(name) or "").strip() or None


@csrf_exempt  # a public form that changes no session; abuse is held off by the rate limit
@require_http_methods(["GET", "POST"])
def report_view(request: HttpRequest) -> HttpResponse:
    """The "Report an error" form: it thanks the reader, or says what to fix."""
    _language(request)
    if request.method == "GET":
        return _render(
            request,
            "portal/report.html",
            {"page": request.GET.get("page", ""), "field": request.GET.get("field", "")},
        )
    if request.POST.get("website"):  # the honeypot: people do not see this field
        return _render(
            request,
            "portal/report_done.html",
            {},
        )
    data = ReportInput(
        page=_text(request, "page") or "",
        field=_text(request, "field"),
        message=(request.POST.get("message") or "")[:2000],
        correct_value=(_text(request, "correct_value") or "")[:500] or None,
        source_url=_text(request, "source_url"),
        email=_text(request, "email"),
    )
    try:
        report_submit(data, address=client_address(request))
    except RateLimited:
        response = _render(
            request, "portal/report.html", {"page": data.page, "field": data.field or ""}
        )
        response.status_code = 429
        return response
    except ValidationError as exc:
        response = _render(
            request,
            "portal/report.html",
            {"page": data.page, "field": data.field or "", "errors": exc.messages, "data": data},
        )
        response.status_code = 400
        return response
    return _render(request, "portal/report_done.html", {})


def _coordinator(request: HttpRequest) -> None:
    if not request.user.is_authenticated:
        raise PermissionDenied
    if not is_coordinator(request.user):
        raise PermissionDenied


@require_GET
def report_queue_view(request: HttpRequest) -> HttpResponse:
    """Staff: the reports waiting for a decision, then the decided ones."""
    _coordinator(request)
    status = request.GET.get("status") or PublicReport.Status.NEW
    qs = PublicReport.objects.filter(status=status)
    return render(
        request,
        "portal/queue.html",
        {"page": _page(request, qs), "status": status, "statuses": PublicReport.Status.choices},
    )


@require_POST
def report_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    _coordinator(request)
    report = get_object_or_404(PublicReport, pk=pk)
    try:
        report_decide(
            report,
            actor=request.user,
            status=request.POST.get("status", ""),
            outcome=request.POST.get("outcome", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Decision recorded."))
    return redirect("portal:queue")
