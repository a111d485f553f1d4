"""The API of the headline figures: /api/v1/summary/ — the dashboard's cards and `keruen summary
--json` for the caller, by the counting rule of `keruen.projects.figures` (docs/figures.md)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from keruen.api.auth import current_user
from keruen.api.errors import PROBLEM_RESPONSES
from keruen.projects.figures import summary
from keruen.projects.models import Portfolio, Stage
from keruen.projects.selectors import ProjectFilters
from keruen.reference.models import Region, Sector

router = Router(tags=["summary"])


class SummaryQuery(Schema):
    portfolio: str | None = Field(None, max_length=80, description="portfolio slug")
    region: str | None = Field(None, max_length=6, description="ISO 3166-2 code, e.g. KZ-19")
    sector: str | None = Field(None, max_length=60, description="sector code (and its children)")
    stage: Stage | None = None


class StageFiguresOut(Schema):
    projects: int
    investment_usd: float


class CoverageOut(Schema):
    records: int = Field(description="projects listed for the caller (what the list shows)")
    counted: int = Field(description="of those, projects counted in totals")
    not_counted: int = Field(description="listed but counted elsewhere")
    counted_in_parent: int = Field(description="phases counted in their parent project")
    counted_elsewhere: int = Field(description="counted elsewhere, without a parent")
    registry_counted: int = Field(description="projects counted for the same filters, all readers")
    hidden: int = Field(description="counted projects the caller may not see")
    in_several_regions: int = Field(
        description="counted projects in more than one region (once in totals)"
    )
    public: bool = Field(description="the caller is the public")


class SummaryOut(Schema):
    portfolio: str | None = None
    filters: dict[str, str]
    projects: int
    investment_usd: float
    foreign_investment_usd: float
    jobs_planned: int
    jobs_created: int
    construction_jobs_planned: int
    agreements: int
    agreements_value_usd: float
    by_stage: dict[str, StageFiguresOut]
    excluded_from_totals: int
    coverage: CoverageOut


def _filters(query: SummaryQuery) -> ProjectFilters:
    errors: dict[str, str] = {}
    if query.portfolio and not Portfolio.objects.filter(slug=query.portfolio).exists():
        errors["portfolio"] = _("Unknown portfolio %(value)r.") % {"value": query.portfolio}
    region = query.region.upper() if query.region else None
    if region and not Region.objects.filter(code=region).exists():
        errors["region"] = _("Unknown region %(value)r; expected e.g. KZ-19.") % {
            "value": query.region
        }
    if query.sector and not Sector.objects.filter(code=query.sector).exists():
        errors["sector"] = _("Unknown sector %(value)r.") % {"value": query.sector}
    if errors:
        raise ValidationError(errors)
    return ProjectFilters(
        portfolio=query.portfolio,
        region=region,
        sector=query.sector,
        stage=str(query.stage) if query.stage else None,
    )


@router.get(
    "/summary/",
    response={200: SummaryOut, **PROBLEM_RESPONSES},
    summary="Headline figures",
    description=(
        "Projects, investment and jobs counted by the counting rule (projects counted in "
        "their parent are left out; a project in several regions counts once), agreements, "
        "figures by stage, and `coverage`: how many of the registry's counted projects the "
        "caller sees."
    ),
)
def summary_view(request: HttpRequest, query: Query[SummaryQuery]) -> dict[str, object]:
    return summary(user=current_user(request), filters=_filters(query)).to_json_dict()
