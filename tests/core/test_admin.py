"""The shapes every app's admin and models share (issue 14)."""

from django.contrib import admin
from django.test import RequestFactory

from keruen.agreements.models import AgreementParty
from keruen.core.admin import KeruenAdmin, KeruenInline, inline
from keruen.core.models import IllustrativeMixin
from keruen.parties.models import Organization
from keruen.projects.models import Milestone, ProjectInvestor


def test_illustrative_records_show_and_filter_the_flag_in_the_admin() -> None:
    request = RequestFactory().get("/")
    checked = 0
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, KeruenAdmin):
            continue
        illustrative = issubclass(model, IllustrativeMixin)
        display = model_admin.get_list_display(request)
        filters = model_admin.get_list_filter(request)
        assert ("is_illustrative" in display) is illustrative, model
        assert ("is_illustrative" in filters) is illustrative, model
        assert display.count("is_illustrative") <= 1
        checked += illustrative
    assert checked >= 8


def test_inline_edits_its_model_with_the_options_given() -> None:
    made = inline(ProjectInvestor, autocomplete_fields=["organization"])
    assert issubclass(made, KeruenInline)
    assert made.model is ProjectInvestor
    assert made.autocomplete_fields == ["organization"]
    assert made.extra == 0
    assert inline(Milestone).model is Milestone


def test_an_organization_in_a_role_is_named_by_the_organization_and_the_role() -> None:
    org = Organization(code="cnpc", name="CNPC")
    assert str(ProjectInvestor(organization=org, role="lead")) == "CNPC (lead investor)"
    party = AgreementParty(organization=org, role=AgreementParty.Role.FINANCIER)
    assert str(party) == "CNPC (financier)"
    # A value outside the choices is shown as it is, not refused.
    assert str(AgreementParty(organization=org, role="observer")) == "CNPC (observer)"
