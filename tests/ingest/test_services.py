"""Documents in, facts proposed, reviewed, applied to the registry through the services."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from tests.factories import OrganizationFactory, ProjectFactory, UserFactory

from keruen.accounts.models import Profile
from keruen.ingest.models import Document, Fact, FactApplication
from keruen.ingest.selectors import fact_groups, provenance
from keruen.ingest.services import (
    AcceptTarget,
    document_ingest,
    fact_accept,
    fact_correct,
    fact_reject,
)
from keruen.ingest.sources import IngestItem
from keruen.projects.models import Project

pytestmark = pytest.mark.django_db

RELEASE_A = (
    "Shymkent, 3 March 2031 – The akimat of Shymkent and the Turkish company Ege Cam Sanayi A.Ş. "
    "signed an agreement on a glass container plant. Investment in the plant amounts to "
    "$140 million. Some 600 permanent jobs will be created.\n"
    "In all, 12 agreements worth 900 million US dollars were signed at the Shymkent – Türkiye "
    "business forum."
)
RELEASE_B = (
    "A Kazakhstan–Türkiye business forum in Shymkent ended with 11 documents worth nearly "
    "$1 billion, the city's akimat said."
)


def item(text: str, day: dt.date, title: str = "Release") -> IngestItem:
    return IngestItem(text=text, title=title, origin="test", published_on=day)


def coordinator():
    user = UserFactory()
    Profile.objects.create(user=user, role="coordinator")
    return user


def test_ingest_stores_document_source_and_proposed_facts() -> None:
    result = document_ingest(actor=None, item=item(RELEASE_A, dt.date(2031, 3, 3)))
    doc = result.document
    assert result.created and doc.language == "en" and doc.source.title == "Release"
    kinds = {f.kind for f in doc.facts.all()}
    assert {"agreement", "jobs", "agreement_count", "agreement_value"} <= kinds
    for f in doc.facts.all():
        assert doc.text[f.char_start : f.char_end] == f.quote
        assert f.status == Fact.Status.PROPOSED


def test_the_same_text_is_not_stored_twice() -> None:
    document_ingest(actor=None, item=item(RELEASE_A, dt.date(2031, 3, 3)))
    again = document_ingest(actor=None, item=item(RELEASE_A + "\n", dt.date(2031, 3, 3)))
    assert not again.created and Document.objects.count() == 1


def test_kazakh_text_is_read_into_facts() -> None:
    text = "Түркістан облысында жаңа зауыт салынады. Жобаның құны 100 миллион доллар."
    doc = document_ingest(actor=None, item=item(text, dt.date(2031, 1, 1))).document
    assert doc.language == "kk" and doc.supported
    project = doc.facts.get(kind="project")
    assert (project.value, project.currency, project.quote) == (
        100_000_000,
        "USD",
        "Жобаның құны 100 миллион доллар",
    )


def test_company_is_resolved_to_an_organization_through_aliases() -> None:
    org = OrganizationFactory(name="Ege Cam Sanayi A.Ş.")
    doc = document_ingest(actor=None, item=item(RELEASE_A, dt.date(2031, 3, 3))).document
    assert doc.facts.filter(organization=org).exists()


def test_accepting_a_project_figure_updates_the_project_with_its_source() -> None:
    user = coordinator()
    project = ProjectFactory(
        total_investment_amount=None, total_investment_currency=None, total_investment_date=None
    )
    doc = document_ingest(actor=None, item=item(RELEASE_A, dt.date(2031, 3, 3))).document
    fact = (
        doc.facts.get(kind="project")
        if doc.facts.filter(kind="project").exists()
        else doc.facts.filter(kind="agreement", value__isnull=False).first()
    )
    assert fact is not None and fact.value == Decimal("140000000")
    fact_accept(
        actor=user,
        fact=fact,
        target=AcceptTarget(project=project)
        if fact.kind == "project"
        else AcceptTarget(new_agreement={"title": "Glass plant", "kind": "investment"}),
    )
    fact.refresh_from_db()
    assert fact.status == Fact.Status.ACCEPTED and fact.reviewed_by == user
    app = FactApplication.objects.get(fact=fact)
    assert app.target.sources.filter(pk=doc.source.pk).exists()
    last = app.target.history.latest("history_date")
    assert last.history_user == user and f"fact {fact.pk}" in last.history_change_reason


def test_accepting_jobs_sets_planned_jobs_and_links_back_to_the_span() -> None:
    user = coordinator()
    project = ProjectFactory(jobs_planned=None)
    doc = document_ingest(actor=None, item=item(RELEASE_A, dt.date(2031, 3, 3))).document
    jobs = doc.facts.get(kind="jobs")
    fact_accept(actor=user, fact=jobs, target=AcceptTarget(project=project))
    project.refresh_from_db()
    assert project.jobs_planned == 600
    prov = provenance(project)
    assert prov["jobs_planned"][0].fact == jobs
    assert prov["jobs_planned"][0].fact.quote in doc.text


def test_accept_can_create_the_project_it_concerns() -> None:
    doc = document_ingest(actor=None, item=item(RELEASE_A, dt.date(2031, 3, 3))).document
    jobs = doc.facts.get(kind="jobs")
    fact_accept(
        actor=coordinator(),
        fact=jobs,
        target=AcceptTarget(new_project={"title": "Glass container plant", "regions": ["KZ-79"]}),
    )
    project = Project.objects.get(title="Glass container plant")
    assert project.jobs_planned == 600 and project.sources.filter(pk=doc.source.pk).exists()


def test_accept_without_a_target_is_refused_and_changes_nothing() -> None:
    doc = document_ingest(actor=None, item=item(RELEASE_A, dt.date(2031, 3, 3))).document
    jobs = doc.facts.get(kind="jobs")
    with pytest.raises(ValidationError) as e:
        fact_accept(actor=coordinator(), fact=jobs, target=AcceptTarget())
    assert "project" in e.value.message_dict
    jobs.refresh_from_db()
    assert jobs.status == Fact.Status.PROPOSED and not FactApplication.objects.exists()


def test_analysts_and_the_public_cannot_review() -> None:
    analyst = UserFactory()
    Profile.objects.create(user=analyst, role="analyst")
    doc = document_ingest(actor=None, item=item(RELEASE_A, dt.date(2031, 3, 3))).document
    fact = doc.facts.first()
    with pytest.raises(PermissionDenied):
        fact_reject(actor=analyst, fact=fact, reason="no")


def test_reject_needs_a_reason_and_correct_keeps_the_quote() -> None:
    user = coordinator()
    doc = document_ingest(actor=None, item=item(RELEASE_A, dt.date(2031, 3, 3))).document
    jobs = doc.facts.get(kind="jobs")
    with pytest.raises(ValidationError):
        fact_reject(actor=user, fact=jobs, reason=" ")
    quote = jobs.quote
    fact_correct(actor=user, fact=jobs, reason="the akimat said 650", value=Decimal(650))
    jobs.refresh_from_db()
    assert jobs.value == 650 and jobs.quote == quote
    assert jobs.history.latest("history_date").history_change_reason == "the akimat said 650"


def test_conflicting_figures_from_two_outlets_are_grouped_and_the_chosen_one_kept() -> None:
    user = coordinator()
    a = document_ingest(actor=None, item=item(RELEASE_A, dt.date(2031, 3, 3), "Akimat")).document
    b = document_ingest(actor=None, item=item(RELEASE_B, dt.date(2031, 3, 4), "News")).document
    groups = {g.kind: g for g in fact_groups(user=user, conflicts_only=True)}
    assert "agreement_count" in groups
    counts = groups["agreement_count"]
    assert sorted(f.value for f in counts.facts) == [11, 12]
    assert {f.document_id for f in counts.facts} == {a.pk, b.pk}
    chosen = next(f for f in counts.facts if f.document_id == a.pk)
    fact_accept(actor=user, fact=chosen, target=AcceptTarget())
    other = next(f for f in counts.facts if f.document_id == b.pk)
    other.refresh_from_db()
    assert other.status == Fact.Status.SUPERSEDED and str(chosen.pk) in other.review_note


def test_reports_months_apart_are_not_grouped() -> None:
    document_ingest(actor=None, item=item(RELEASE_A, dt.date(2031, 3, 3)))
    document_ingest(actor=None, item=item(RELEASE_B, dt.date(2031, 9, 4)))
    assert fact_groups(user=None) == []


FORUM_EN = (
    "Astana, 2 September 2031 – Kazakh and Chinese companies signed 58 documents worth "
    "$24 billion at the Kazakhstan–China Business Forum in Astana.\n"
    "Of these, 7 agreements worth $6 billion concern projects in Almaty region."
)
FORUM_RU = (
    "В Астане состоялся Казахстанско-китайский бизнес-форум.\n"
    "По итогам форума подписано 58 документов на общую сумму почти 25 млрд долларов."
)


def test_one_forum_in_two_languages_is_one_group_with_two_sources() -> None:
    """The ru text's total has no place in its own sentence: its forum (Astana, China) anchors
    it to the en text's. The part (7 agreements, $6 billion) stays apart from the total."""
    user = coordinator()
    en = document_ingest(actor=None, item=item(FORUM_EN, dt.date(2031, 9, 2), "en")).document
    ru = document_ingest(actor=None, item=item(FORUM_RU, dt.date(2031, 9, 3), "ru")).document
    groups = {g.kind: g for g in fact_groups(user=user)}
    assert {"event", "agreement_count", "agreement_value"} <= set(groups)
    for kind in ("event", "agreement_count", "agreement_value"):
        assert {f.document_id for f in groups[kind].facts} == {en.pk, ru.pk}
    values = groups["agreement_value"]
    assert sorted(f.value for f in values.facts) == [24_000_000_000, 25_000_000_000]
    assert values.in_conflict
    assert sorted(f.value for f in groups["agreement_count"].facts) == [58, 58]
    part = Fact.objects.get(document=en, kind="agreement_count", value=7)
    chosen = next(f for f in groups["agreement_count"].facts if f.document_id == en.pk)
    fact_accept(actor=user, fact=chosen, target=AcceptTarget())
    part.refresh_from_db()
    other = Fact.objects.get(document=ru, kind="agreement_count")
    assert other.status == Fact.Status.SUPERSEDED and part.status == Fact.Status.PROPOSED
