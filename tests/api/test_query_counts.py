"""Every list runs the same number of queries for a page of 1 row and of 100 rows (no N+1)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from keruen.agreements.services import PartyInput, agreement_create, event_create
from keruen.parties.services import organization_create
from keruen.projects.services import InvestorInput, project_update
from tests.accounts.factories import bearer, make_user, token_for
from tests.factories import OrganizationFactory, PortfolioFactory, ProjectFactory

LISTS = [
    "/api/v1/projects/",
    "/api/v1/projects/?region=KZ-19&q=plant",
    "/api/v1/agreements/",
    "/api/v1/events/",
    "/api/v1/organizations/",
    "/api/v1/portfolios/",
    "/api/v1/regions/",
    "/api/v1/sectors/",
    "/api/v1/countries/",
    "/api/v1/currencies/",
    "/api/v1/fx-rates/",
    "/api/v1/history/?model=project",
    "/api/v1/projects/{code}/history",
]
ROLES = ["public", "analyst", "regional_editor", "coordinator"]


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    with django_db_blocker.unblock(), transaction.atomic():
        investor = OrganizationFactory(code="qc-investor", identifiers=[("kz_bin", "111122223333")])
        projects = []
        for i in range(100):
            PortfolioFactory(slug=f"qc-{i}")
            projects.append(
                ProjectFactory(
                    regions=["KZ-19"],
                    portfolios=[f"qc-{i}"],
                    investors=[InvestorInput(investor, share=None)],
                    negotiation_notes="n",
                )
            )
        for i in range(100):
            org = organization_create(
                actor=None,
                reason="t",
                name=f"Party {i} LLP",
                kind="company",
                aliases=[(f"P{i}", "abbreviation")],
            )
            event = event_create(
                actor=None,
                reason="t",
                slug=f"qc-ev-{i}",
                title="Forum",
                kind="forum",
                starts_on=dt.date(2025, 1, 1),
                participants=[org],
            )
            agreement_create(
                actor=None,
                reason="t",
                title=f"MoU {i}",
                kind="mou",
                event=event,
                parties=[PartyInput(org)],
                projects=[projects[i]],
            )
        editor = make_user("regional_editor", regions=["KZ-19"])
        for n in range(100):
            project_update(actor=editor, reason="t", project=projects[0], jobs_planned=n + 1)
        tokens = {
            "public": None,
            "analyst": token_for(make_user("analyst")),
            "regional_editor": token_for(editor),
            "coordinator": token_for(make_user("coordinator")),
        }
        yield {"tokens": tokens, "code": projects[0].code}
        transaction.set_rollback(True)


def _queries(path: str, token: str | None) -> tuple[int, int]:
    client = Client()
    client.get(path, **bearer(token))  # warm up: the token's hourly "last used" write
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, **bearer(token))
    assert response.status_code in (200, 401, 403), response.content[:200]
    return len(ctx.captured_queries), len(response.json().get("items", []))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", LISTS)
def test_a_page_of_100_costs_the_queries_of_a_page_of_1(
    world: dict[str, Any], path: str, role: str
) -> None:
    path = path.format(code=world["code"])
    sep = "&" if "?" in path else "?"
    token = world["tokens"][role]
    one, n1 = _queries(f"{path}{sep}limit=1", token)
    many, n100 = _queries(f"{path}{sep}limit=100", token)
    assert one == many, f"{path} as {role}: {one} queries for 1 row, {many} for {n100}"
    if n1:
        assert n100 > 1  # the page really held more rows


@pytest.mark.django_db
def test_the_project_page_query_gives_the_payloads_of_the_relation_reads() -> None:
    """The list's one page query (relations as JSON arrays, the scope as EXISTS) gives exactly
    what the reads relation by relation give, restricted fields and all, for every role."""
    from keruen.projects.models import Project
    from keruen.projects.payloads import VALUES, project_page_payloads, project_payloads_of

    lead, partner, third = (OrganizationFactory(code=f"qc-org-{i}") for i in range(3))
    for i, confidentiality in enumerate(["public", "restricted", "restricted", "internal"]):
        ProjectFactory(
            regions=[["KZ-19"], ["KZ-19", "KZ-75"], ["KZ-75"], []][i],
            sectors=[["manufacturing"], ["food-processing", "energy"], [], ["energy"]][i],
            investors=[
                InvestorInput(lead, share=Decimal("60.50"), role="lead"),
                InvestorInput(partner, share=Decimal("39.5")),
                InvestorInput(third, share=None),
            ][: 3 - i],
            confidentiality=confidentiality,
            negotiation_notes=f"notes {i}",
        )
    users = [
        None,
        make_user("analyst"),
        make_user("regional_editor", regions=["KZ-19"]),
        make_user("coordinator"),
    ]
    page = Project.objects.order_by("code")[:3]
    for user in users:
        expected = project_payloads_of(list(page.values(*VALUES)), user)
        assert project_page_payloads(page, user) == expected, user


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_project_list_reads_the_caller_the_count_and_the_page(
    world: dict[str, Any], role: str
) -> None:
    """A bearer token's user, profile and regions come in one query, then the count and the
    page: 3 queries (2 for the public), for 1 row as for 100."""
    token = world["tokens"][role]
    expected = 2 if token is None else 3
    for limit in (1, 100):
        queries, _rows = _queries(f"/api/v1/projects/?limit={limit}", token)
        assert queries == expected, f"{role}, limit={limit}: {queries} queries"


@pytest.mark.django_db
def test_the_project_list_answers_what_the_relation_reads_give_page_by_page() -> None:
    """Byte for byte, every page of the API list (several sorts and offsets, every role) is the
    page of `project_payloads_of`, the reads relation by relation, rendered as a page."""
    from django.contrib.auth.models import AnonymousUser

    from keruen.api.ordering import apply_sort
    from keruen.api.pagination import page_response
    from keruen.projects.payloads import VALUES, project_payloads_of
    from keruen.projects.selectors import PROJECT_SORTS, ProjectFilters, project_list

    lead, partner = OrganizationFactory(code="qc-lead"), OrganizationFactory(code="qc-partner")
    for i in range(7):
        ProjectFactory(
            regions=[["KZ-19"], ["KZ-19", "KZ-75"], ["KZ-75"], []][i % 4],
            sectors=[["manufacturing"], ["food-processing", "energy"], []][i % 3],
            investors=[
                InvestorInput(lead, share=Decimal("60.50"), role="lead"),
                InvestorInput(partner, share=Decimal("39.5")),
            ][: i % 3],
            confidentiality=["public", "restricted", "internal"][i % 3],
            negotiation_notes=f"notes {i}",
            jobs_planned=[None, 10, 250][i % 3],
        )
    users = [
        AnonymousUser(),
        make_user("analyst"),
        make_user("regional_editor", regions=["KZ-19"]),
        make_user("regional_editor", regions=["KZ-75"]),  # the page query's other scope
        make_user("coordinator"),
    ]
    client = Client()
    for user in users:
        token = token_for(user) if user.is_authenticated else None
        for sort in (None, "-jobs_planned", "title"):
            for offset in (0, 3, 6):
                qs = apply_sort(
                    project_list(user=user, filters=ProjectFilters.from_values({})),
                    sort,
                    PROJECT_SORTS.api(),
                    ("code",),
                )
                values = list(qs[offset : offset + 3].values(*VALUES))
                expected = page_response(qs.count(), project_payloads_of(values, user)).content
                path = f"/api/v1/projects/?limit=3&offset={offset}" + (
                    f"&sort={sort}" if sort else ""
                )
                answer = client.get(path, **bearer(token))
                assert answer.content == expected, (user, sort, offset)


@pytest.mark.django_db
def test_project_page_counts_and_pages_a_list_with_or_without_joins_at_its_top() -> None:
    """`project_page` compiles a list's choice of rows once for its count and its page; a list
    that joins at its top is counted and paged by Django. Both give Django's count and the page
    of `project_payloads_of`, in every sort."""
    from django.db.models import F

    from keruen.projects.models import Project
    from keruen.projects.payloads import VALUES, project_page, project_payloads_of

    for i in range(5):
        ProjectFactory(regions=[["KZ-19"], ["KZ-75"]][i % 2], jobs_planned=[None, 5, 9][i % 3])
    user = make_user("regional_editor", regions=["KZ-19"])
    joined = Project.objects.filter(regions__code__in=["KZ-19", "KZ-75"])
    plain = Project.objects.filter(pk__in=joined.values("pk"))
    for order in (("code", "pk"), (F("jobs_planned").desc(nulls_last=True), "pk")):
        for qs in (joined.order_by(*order), plain.order_by(*order)):
            for offset in (0, 2, 4, 6):
                values = list(qs[offset : offset + 2].values(*VALUES))
                expected = (qs.count(), project_payloads_of(values, user))
                assert project_page(qs, offset, 2, user) == expected, (order, offset)
