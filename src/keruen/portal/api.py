"""`POST /api/v1/public/reports/`: a reader reports an error on a public page (no sign-in).

201 when taken; 422 when a field is wrong; 429 when the address sent more than
`KERUEN_PUBLIC_REPORTS_PER_MINUTE` reports in the last minute.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from pydantic import Field

from keruen.api.errors import PROBLEM_RESPONSES, Problem, problem
from keruen.portal.services import RateLimited, ReportInput, client_address, report_submit

router = Router(tags=["public"])


class ReportIn(Schema):
    page: str = Field(max_length=500, description="the address of the page the error is on")
    field: str | None = Field(None, max_length=100, description="the field that is wrong")
    message: str = Field(min_length=1, max_length=2000, description="what is wrong")
    correct_value: str | None = Field(None, max_length=500)
    source_url: str | None = Field(None, max_length=500, description="where the right value is")
    email: str | None = Field(None, max_length=254, description="to be told the outcome")


class ReportOut(Schema):
    id: int
    status: str


@router.post(
    "/public/reports/",
    response={201: ReportOut, 429: Problem, **PROBLEM_RESPONSES},
    auth=None,
    summary="Report an error on a public page",
)
def report_create(request: HttpRequest, payload: ReportIn) -> Any:
    try:
        report = report_submit(ReportInput(**payload.dict()), address=client_address(request))
    except RateLimited:
        response: HttpResponse = problem(
            request, 429, "Too many reports from this address; try again in a minute."
        )
        response["Retry-After"] = "60"
        return response
    return 201, {"id": report.pk, "status": report.status}
