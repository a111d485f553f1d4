"""Every chart spec the pages hand to the browser (and the brief to its renderer) is valid
Vega-Lite. Altair's per-object validation is off at run time (`keruen.web.charts`): this is where
the specs are checked against the schema instead."""

from __future__ import annotations

import copy
from typing import Any

import jsonschema
import pytest
from altair.vegalite.v6.schema.core import Root
from django.test import Client

from tests.factories import PortfolioFactory, ProjectFactory
from tests.targets.factories import TargetFactory

pytestmark = pytest.mark.django_db


def _specs(response: Any) -> dict[str, dict[str, Any]]:
    assert response.status_code == 200
    specs = dict(response.context["specs"])
    if response.context.get("map_spec"):
        specs["spec-map"] = response.context["map_spec"]
    assert specs
    return specs


def test_dashboard_specs_are_valid_vega_lite(client: Client) -> None:
    PortfolioFactory(slug="kz-cn", name="KZ-CN")
    ProjectFactory(portfolios=["kz-cn"], total_investment_amount="1000000")
    ProjectFactory(stage="construction")
    for url in ("/", "/?portfolio=kz-cn", "/?map=count"):
        specs = _specs(client.get(url))
        assert {"spec-map", "spec-stage", "spec-sector", "spec-country", "spec-time"} <= set(specs)
        for spec in specs.values():
            Root.validate(spec)


def test_targets_and_funnel_specs_are_valid_vega_lite(client: Client) -> None:
    TargetFactory(code="fdi")
    # The funnel chart is validated where it is built (tests/targets/test_views.py).
    for url in ("/targets/", "/targets/fdi/"):
        for spec in _specs(client.get(url)).values():
            Root.validate(spec)


def test_an_invalid_spec_is_caught(client: Client) -> None:
    ProjectFactory()
    spec = copy.deepcopy(_specs(client.get("/"))["spec-stage"])
    spec["mark"] = {"type": "no-such-mark"}
    with pytest.raises(jsonschema.ValidationError):
        Root.validate(spec)
