"""Every public URL keeps its path: the pages and API routes of today, listed by hand, must be
exactly the URLconf's; each page resolves to its route and reverses back to the same path by its
name, which lives in its app's namespace."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps
from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

import keruen
from keruen.agreements.models import Agreement, Event
from keruen.ingest.models import Document
from keruen.instructions.models import Instruction
from keruen.parties.models import Organization
from keruen.projects.models import Project
from keruen.reference.models import Region
from keruen.regions.models import Initiative
from keruen.targets.models import Target
from tests.accounts.factories import make_user

# route -> an example path of it
PAGES = {
    "": "/",
    "accounts/login/": "/accounts/login/",
    "accounts/logout/": "/accounts/logout/",
    "agreements/": "/agreements/",
    "agreements/export.csv": "/agreements/export.csv",
    "agreements/export.xlsx": "/agreements/export.xlsx",
    "agreements/<slug:code>/": "/agreements/KZ-CN-1/",
    "agreements/new/": "/agreements/new/",
    "agreements/lookup/": "/agreements/lookup/",
    "agreements/<slug:code>/edit/": "/agreements/KZ-CN-1/edit/",
    "events/new/": "/events/new/",
    "events/lookup/": "/events/lookup/",
    "events/<slug:slug>/edit/": "/events/forum-2024/edit/",
    "organizations/new/": "/organizations/new/",
    "organizations/lookup/": "/organizations/lookup/",
    "organizations/<slug:code>/edit/": "/organizations/CNPC/edit/",
    "projects/lookup/": "/projects/lookup/",
    "projects/<slug:code>/investors/": "/projects/P-1/investors/",
    "projects/<slug:code>/milestones/new/": "/projects/P-1/milestones/new/",
    "projects/<slug:code>/milestones/<int:pk>/edit/": "/projects/P-1/milestones/7/edit/",
    "fx/usd/": "/fx/usd/",
    "events/": "/events/",
    "events/export.csv": "/events/export.csv",
    "events/export.xlsx": "/events/export.xlsx",
    "events/<slug:slug>/": "/events/forum-2024/",
    "brief/": "/brief/",
    "maps/kz-regions.geojson": "/maps/kz-regions.geojson",
    "funnel/": "/funnel/",
    "healthz": "/healthz",
    "readyz": "/readyz",
    "metrics": "/metrics",
    "imports/": "/imports/",
    "imports/<str:token>/": "/imports/abc123/",
    "ingest/": "/ingest/",
    "ingest/conflicts/": "/ingest/conflicts/",
    "ingest/documents/<int:pk>/": "/ingest/documents/7/",
    "ingest/facts/<int:pk>/<action>/": "/ingest/facts/7/accept/",
    "initiatives/": "/initiatives/",
    "initiatives/export.csv": "/initiatives/export.csv",
    "initiatives/export.xlsx": "/initiatives/export.xlsx",
    "initiatives/new/": "/initiatives/new/",
    "initiatives/<slug:code>/": "/initiatives/INI-1/",
    "initiatives/<slug:code>/edit/": "/initiatives/INI-1/edit/",
    "initiatives/<slug:code>/<slug:action>": "/initiatives/INI-1/submit",
    "issues/": "/issues/",
    "issues/<int:pk>/": "/issues/7/",
    "issues/<int:pk>/<slug:action>": "/issues/7/resolve",
    "issues/raise/<slug:code>/": "/issues/raise/P-1/",
    "instructions/": "/instructions/",
    "instructions/export.csv": "/instructions/export.csv",
    "instructions/export.xlsx": "/instructions/export.xlsx",
    "instructions/scorecard/": "/instructions/scorecard/",
    "instructions/new/": "/instructions/new/",
    "instructions/<int:pk>/edit/": "/instructions/7/edit/",
    "instructions/<int:pk>/": "/instructions/7/",
    "instructions/<int:pk>/close": "/instructions/7/close",
    "instructions/<int:pk>/escalate": "/instructions/7/escalate",
    "instructions/<int:pk>/extend": "/instructions/7/extend",
    "instructions/<int:pk>/report": "/instructions/7/report",
    "meetings/": "/meetings/",
    "meetings/<slug:slug>/": "/meetings/board-1/",
    "notifications/": "/notifications/",
    "notifications/inbox/": "/notifications/inbox/",
    "notifications/following/": "/notifications/following/",
    "notifications/follow": "/notifications/follow",
    "notifications/unfollow": "/notifications/unfollow",
    "views/": "/views/",
    "views/save": "/views/save",
    "views/<int:pk>/": "/views/7/",
    "views/<int:pk>/export": "/views/7/export",
    "views/<int:pk>/home": "/views/7/home",
    "views/<int:pk>/delete": "/views/7/delete",
    "organizations/": "/organizations/",
    "organizations/export.csv": "/organizations/export.csv",
    "organizations/export.xlsx": "/organizations/export.xlsx",
    "organizations/<slug:code>/": "/organizations/CNPC/",
    "projects/": "/projects/",
    "projects/new/": "/projects/new/",
    "projects/export.csv": "/projects/export.csv",
    "projects/export.xlsx": "/projects/export.xlsx",
    "projects/<slug:code>/": "/projects/P-1/",
    "projects/<slug:code>/edit/": "/projects/P-1/edit/",
    "projects/<slug:code>/confirm-inferred/": "/projects/P-1/confirm-inferred/",
    "projects/<slug:code>/approve-schedule/": "/projects/P-1/approve-schedule/",
    "projects/<slug:code>/milestones/template/": "/projects/P-1/milestones/template/",
    "regions/": "/regions/",
    "regions/export.csv": "/regions/export.csv",
    "regions/export.xlsx": "/regions/export.xlsx",
    "regions/<str:code>/": "/regions/KZ-10/",
    "targets/": "/targets/",
    "targets/<slug:code>/": "/targets/jobs-2030/",
    "open/": "/open/",
    "open/projects/": "/open/projects/",
    "open/projects/<slug:code>/": "/open/projects/P-1/",
    "open/agreements/": "/open/agreements/",
    "open/agreements/<slug:code>/": "/open/agreements/KZ-CN-1/",
    "open/events/": "/open/events/",
    "open/events/<slug:slug>/": "/open/events/forum-2024/",
    "open/investors/": "/open/investors/",
    "open/investors/<slug:code>/": "/open/investors/CNPC/",
    "open/regions/": "/open/regions/",
    "open/regions/<str:code>/": "/open/regions/KZ-10/",
    "open/data/": "/open/data/",
    "open/data/dictionary/": "/open/data/dictionary/",
    "open/data/<slug:slug>.jsonld": "/open/data/projects.jsonld",
    "open/data/<str:name>": "/open/data/projects.csv",
    "open/changes.atom": "/open/changes.atom",
    "open/report/": "/open/report/",
    "catalog.jsonld": "/catalog.jsonld",
    "sitemap.xml": "/sitemap.xml",
    "robots.txt": "/robots.txt",
    "public-reports/": "/public-reports/",
    "public-reports/<int:pk>/": "/public-reports/7/",
}

API = {
    "api/v1/",
    "api/v1/agreements/",
    "api/v1/agreements/<code>",
    "api/v1/agreements/<code>/history",
    "api/v1/countries/",
    "api/v1/currencies/",
    "api/v1/docs",
    "api/v1/documents/",
    "api/v1/documents/<pk>",
    "api/v1/events/",
    "api/v1/events/<slug>",
    "api/v1/facts/",
    "api/v1/facts/<pk>/accept",
    "api/v1/facts/<pk>/correct",
    "api/v1/facts/<pk>/reject",
    "api/v1/facts/conflicts",
    "api/v1/funnel/",
    "api/v1/fx-rates/",
    "api/v1/history/",
    "api/v1/imports/<kind>",
    "api/v1/initiatives/",
    "api/v1/initiatives/<code>",
    "api/v1/initiatives/<code>/candidates",
    "api/v1/initiatives/<code>/convert",
    "api/v1/initiatives/<code>/match",
    "api/v1/initiatives/<code>/present",
    "api/v1/initiatives/<code>/return",
    "api/v1/initiatives/<code>/submit",
    "api/v1/initiatives/<code>/transitions",
    "api/v1/initiatives/<code>/withdraw",
    "api/v1/instruction-scorecards/",
    "api/v1/issues/",
    "api/v1/issues/<int:pk>",
    "api/v1/issues/<int:pk>/confirm",
    "api/v1/issues/<int:pk>/escalate",
    "api/v1/issues/<int:pk>/history",
    "api/v1/issues/<int:pk>/instruction",
    "api/v1/issues/<int:pk>/reject",
    "api/v1/issues/<int:pk>/resolve",
    "api/v1/issues/<int:pk>/start",
    "api/v1/instructions/",
    "api/v1/instructions/<int:pk>",
    "api/v1/instructions/<int:pk>/close",
    "api/v1/instructions/<int:pk>/escalate",
    "api/v1/instructions/<int:pk>/extend",
    "api/v1/instructions/<int:pk>/extensions",
    "api/v1/instructions/<int:pk>/history",
    "api/v1/instructions/<int:pk>/reports",
    "api/v1/instructions/<int:pk>/return",
    "api/v1/instructions/<int:pk>/start",
    "api/v1/meetings/",
    "api/v1/meetings/<slug>",
    "api/v1/notifications/",
    "api/v1/openapi.json",
    "api/v1/organizations/",
    "api/v1/organizations/<code>",
    "api/v1/organizations/<code>/history",
    "api/v1/portfolios/",
    "api/v1/portfolios/<slug>",
    "api/v1/projects/",
    "api/v1/projects/<code>",
    "api/v1/projects/<code>/approve-schedule",
    "api/v1/projects/<code>/history",
    "api/v1/public/reports/",
    "api/v1/regions/",
    "api/v1/regions/<code>",
    "api/v1/regions/<code>/scorecard",
    "api/v1/sectors/",
    "api/v1/summary/",
    "api/v1/subscriptions/",
    "api/v1/subscriptions/<kind>/<key>",
    "api/v1/inbox/",
    "api/v1/inbox/read",
    "api/v1/views/",
    "api/v1/views/<view_id>",
    "api/v1/sectors/<code>",
    "api/v1/targets/",
    "api/v1/targets/<code>",
    "api/v1/targets/<code>/observations",
}

# Django's own, mounted by the root URLconf.
FRAMEWORK = ("admin/", "i18n/")


def _routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        else:
            yield route


def test_the_urlconf_has_exactly_todays_routes() -> None:
    routes = {r for r in _routes(get_resolver().url_patterns) if not r.startswith(FRAMEWORK)}
    assert routes == set(PAGES) | API


@pytest.mark.parametrize(("route", "path"), sorted(PAGES.items()))
def test_a_page_resolves_and_reverses_to_its_path(route: str, path: str) -> None:
    match = resolve(path)
    assert match.route == route
    assert reverse(match.view_name, args=match.args, kwargs=match.kwargs) == path


@pytest.mark.parametrize("path", sorted(PAGES.values()))
def test_every_page_is_named_in_its_apps_namespace(path: str) -> None:
    labels = {c.label for c in apps.get_app_configs() if c.name.startswith("keruen.")}
    match = resolve(path)
    assert match.url_name
    assert match.namespace in labels


def test_no_template_hard_codes_a_path() -> None:
    """Links go through `{% url %}` or `get_absolute_url`, so a path is written only in urls.py."""
    hard_coded = re.compile(r'(?:href|action|hx-get|hx-post)="/')
    templates = Path(keruen.__file__).parent.rglob("*.html")
    offenders = [
        f"{t}:{n}"
        for t in templates
        for n, line in enumerate(t.open(), 1)
        if hard_coded.search(line)
    ]
    assert offenders == []


@pytest.mark.parametrize(
    ("model", "attrs", "path"),
    [
        (Agreement, {"code": "KZ-CN-1"}, "/agreements/KZ-CN-1/"),
        (Event, {"slug": "forum-2024"}, "/events/forum-2024/"),
        (Organization, {"code": "CNPC"}, "/organizations/CNPC/"),
        (Project, {"code": "P-1"}, "/projects/P-1/"),
        (Region, {"code": "KZ-10"}, "/regions/KZ-10/"),
        (Initiative, {"code": "INI-1"}, "/initiatives/INI-1/"),
        (Instruction, {"pk": 7}, "/instructions/7/"),
        (Target, {"code": "jobs-2030"}, "/targets/jobs-2030/"),
        (Document, {"pk": 7}, "/ingest/documents/7/"),
    ],
)
def test_the_models_users_open_know_their_page(
    model: type[Model], attrs: dict[str, object], path: str
) -> None:
    assert model(**attrs).get_absolute_url() == path


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "section"),
    [
        ("/", "/"),
        ("/projects/", "/projects/"),
        ("/agreements/", "/agreements/"),
        ("/events/", None),  # under "More"
        ("/organizations/", None),  # under "More"
        ("/regions/", "/regions/"),
        ("/targets/", "/targets/"),
        ("/funnel/", None),
    ],
)
def test_the_navigation_marks_the_section_of_the_page(
    client: Client, path: str, section: str | None
) -> None:
    html = client.get(path).content.decode()
    current = re.findall(r'class="nav-link active" aria-current="page" href="([^"]+)"', html)
    assert current == ([section] if section else [])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "section"),
    [("/instructions/", "/instructions/"), ("/meetings/", None), ("/ingest/", None)],
)
def test_the_navigation_marks_the_signed_in_sections(
    client: Client, path: str, section: str | None
) -> None:
    client.force_login(make_user("coordinator"))
    html = client.get(path).content.decode()
    current = re.findall(r'class="nav-link active" aria-current="page" href="([^"]+)"', html)
    assert current == ([section] if section else [])
