"""The demo's targets and forum funnel: the figures the acceptance check reads."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def test_the_150_bn_target_with_every_figure(demo) -> None:
    out = StringIO()
    call_command("targets", "--json", stdout=out)
    items = json.loads(out.getvalue())["items"]
    big = next(t for t in items if t["target_value"] == 150e9)
    assert big["period_start_year"] == 2025 and big["period_end_year"] == 2029
    assert big["status"] in ("on_track", "at_risk", "off_track")
    total = sum(o["value_usd"] for o in big["observations"])
    assert abs(total - big["actual"]) <= 1e-6 * total
    # Every observation is invented and says so; the target itself cites the press release.
    assert big["observations"] and all(o["is_illustrative"] for o in big["observations"])
    assert all("illustrative" in o["source"] for o in big["observations"])
    assert not big["is_illustrative"]
    assert any(s["code"] == demo.press_release.code for s in big["sources"])
    # China's 26.4 bn (2005–2024) is the China-scoped target's baseline, never a national figure.
    china = next(t for t in items if t["scope"]["country"] == "CN")
    assert china["baseline"]["value"] == 26.4e9 and china["is_illustrative"]
    assert all(o["value"] < 26e9 for o in big["observations"])


def test_the_forum_funnel(demo) -> None:
    out = StringIO()
    call_command("funnel", "--json", stdout=out)
    items = json.loads(out.getvalue())["items"]
    forum = next(e for e in items if e["event"] == demo.forum.slug)
    assert forum["agreements"] == 58
    assert abs(forum["agreements_value_usd"] - 24e9) < 1e6
    assert forum["linked_projects"] > 0 and 0 < forum["conversion_rate"] < 1
