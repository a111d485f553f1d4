"""Matching an initiative with investors and events: the ranking and its reasons."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from keruen.agreements.models import Event
from keruen.parties.models import Organization
from keruen.projects.services import InvestorInput
from keruen.reference.models import Country
from keruen.regions.matching import initiative_candidates
from tests.factories import OrganizationFactory, ProjectFactory
from tests.regions.factories import InitiativeFactory, make_event

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def org(code: str, country: str, kind: str = Organization.Kind.COMPANY) -> Organization:
    return OrganizationFactory(
        code=code, name=code, kind=kind, country=Country.objects.get(code=country)
    )


def invest(o: Organization, region: str, sector: str, stage: str = "preparation") -> None:
    ProjectFactory(
        regions=[region],
        sectors=[sector],
        stage=stage,
        investors=[InvestorInput(o, share=Decimal(100))],
    )


@pytest.fixture
def world() -> dict[str, Organization]:
    cn_a, kz_b, cn_c, kz_d = (
        org("cn-a", "CN"),
        org("kz-b", "KZ"),
        org("cn-c", "CN"),
        org("kz-d", "KZ"),
    )
    ministry = org("ministry", "KZ", Organization.Kind.MINISTRY)
    invest(cn_a, "KZ-10", "automotive", "construction")  # a child of manufacturing
    invest(cn_a, "KZ-10", "manufacturing")
    invest(kz_b, "KZ-63", "manufacturing")  # East Kazakhstan: Abai's macro-region
    invest(cn_c, "KZ-19", "energy")
    invest(kz_d, "KZ-19", "energy")
    invest(ministry, "KZ-10", "manufacturing")
    return {"cn-a": cn_a, "kz-b": kz_b, "cn-c": cn_c, "kz-d": kz_d}


def test_investors_ranked_with_their_reasons(world: dict) -> None:
    ini = InitiativeFactory(region="KZ-10", sectors=["manufacturing"], partner_countries=["CN"])
    got = initiative_candidates(user=None, initiative=ini)
    ranked = [(c.organization.code, c.score) for c in got.investors]
    # cn-a: sector 30+5, country 25, region 20, record 2
    assert ranked == [("cn-a", 82), ("kz-b", 40), ("cn-c", 25)]
    top = got.investors[0]
    assert [(r.code, r.points) for r in top.reasons] == [
        ("sector", 35),
        ("country", 25),
        ("region", 20),
        ("record", 2),
    ]
    assert sum(r.points for r in top.reasons) == top.score
    assert "2 projects" in top.reasons[0].text and "China" in top.reasons[1].text
    kz_b = got.investors[1]
    assert [(r.code, r.points) for r in kz_b.reasons] == [("sector", 30), ("region", 10)]
    js = got.to_json_dict()
    assert js["investors"][0]["organization"] == "cn-a"
    assert js["investors"][0]["reasons"][0]["points"] == 35


def test_without_countries_sought_country_gives_nothing(world: dict) -> None:
    ini = InitiativeFactory(region="KZ-10", sectors=["energy"], partner_countries=[])
    got = initiative_candidates(user=None, initiative=ini)
    # energy investors (sector), then Abai's (region) and its macro-region's
    assert [(c.organization.code, c.score) for c in got.investors] == [
        ("cn-c", 30),
        ("kz-d", 30),
        ("cn-a", 22),
        ("kz-b", 10),
    ]
    assert all(r.code != "country" for c in got.investors for r in c.reasons)


def test_events_ranked_with_their_reasons(world: dict) -> None:
    ini = InitiativeFactory(region="KZ-10", sectors=["manufacturing"], partner_countries=["CN"])
    make_event(
        "china-expo", TODAY + dt.timedelta(days=30), country="CN", participants=[world["cn-a"]]
    )
    make_event(
        "east-council",
        TODAY + dt.timedelta(days=150),
        kind=Event.Kind.BUSINESS_COUNCIL,
        region="KZ-63",
    )
    make_event("past-forum", TODAY - dt.timedelta(days=1), country="CN")
    make_event("a-meeting", TODAY + dt.timedelta(days=5), kind=Event.Kind.MEETING, region="KZ-10")
    make_event("unrelated", TODAY + dt.timedelta(days=5), region="KZ-47")
    got = initiative_candidates(user=None, initiative=ini)
    assert [(c.event.slug, c.score) for c in got.events] == [
        ("china-expo", 60),
        ("east-council", 25),
    ]
    assert [r.code for r in got.events[0].reasons] == ["country", "participants", "kind", "soon"]
    assert "cn-a" in got.events[0].reasons[1].text


def test_limit(world: dict) -> None:
    ini = InitiativeFactory(region="KZ-10", sectors=["manufacturing"], partner_countries=["CN"])
    got = initiative_candidates(user=None, initiative=ini, limit=1)
    assert [c.organization.code for c in got.investors] == ["cn-a"]
