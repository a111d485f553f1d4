import pytest

from keruen.projects.services import project_update
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_create_records_one_row_with_actor_and_reason() -> None:
    user = UserFactory()
    project = ProjectFactory(actor=user, regions=["KZ-19", "KZ-75"], sectors=["energy"])
    rows = list(project.history.all())
    assert len(rows) == 1
    assert rows[0].history_type == "+"
    assert rows[0].history_user == user
    assert rows[0].history_change_reason == "test"
    # the row snapshots the many-to-many relations too
    assert {r.region.code for r in rows[0].regions.all()} == {"KZ-19", "KZ-75"}


def test_update_records_one_row_with_before_and_after() -> None:
    user = UserFactory()
    project = ProjectFactory()
    project_update(
        actor=user,
        reason="stage moved after site visit",
        project=project,
        stage="construction",
        regions=["KZ-31"],
        jobs_planned=250,
    )
    rows = list(project.history.order_by("history_id"))
    assert len(rows) == 2
    delta = rows[1].diff_against(rows[0])
    assert {"stage", "jobs_planned", "regions"} <= set(delta.changed_fields)
    assert rows[1].history_user == user
    assert rows[1].history_change_reason == "stage moved after site visit"


def test_update_that_changes_nothing_records_nothing() -> None:
    project = ProjectFactory()
    _p, changed = project_update(
        actor=None, reason="re-import", project=project, title=project.title, regions=["KZ-19"]
    )
    assert changed is False
    assert project.history.count() == 1


def test_update_with_the_same_currency_record_changes_nothing() -> None:
    from keruen.reference.models import Currency

    project = ProjectFactory(total_investment_currency="KZT")
    _p, changed = project_update(
        actor=None,
        reason="re-import",
        project=project,
        total_investment_currency=Currency.objects.get(code="KZT"),
    )
    assert changed is False
    assert project.history.count() == 1
