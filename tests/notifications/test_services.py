"""Following an object, and what its changes become: inbox entries, e-mails, webhook posts."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import itertools
import json
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from keruen.core.models import Confidentiality
from keruen.notifications import services
from keruen.notifications.models import (
    Email,
    Mode,
    Notification,
    PendingChange,
    WebhookDelivery,
)
from keruen.notifications.tasks import notify_changes, send_daily_digests
from keruen.projects.services import project_update
from tests.accounts.factories import make_user
from tests.factories import ProjectFactory
from tests.notifications.conftest import Receiver

pytestmark = pytest.mark.django_db


def _stage(project: Any, stage: str, actor: Any, reason: str = "site visit") -> None:
    project_update(actor=actor, reason=reason, project=project, stage=stage)


def _user(role: str = "coordinator", **kwargs: Any) -> Any:
    user = make_user(role, **kwargs)
    user.email = f"{user.username}@example.org"
    user.save()
    return user


def test_a_follower_hears_of_a_stage_change_with_before_after_and_reason() -> None:
    project = ProjectFactory(stage="agreed")
    watcher, editor = _user(), _user()
    services.subscription_follow(
        user=watcher, kind="project", key=project.code, mode=Mode.IMMEDIATE, language="en"
    )
    _stage(project, "construction", editor)
    result = notify_changes.call()

    (note,) = Notification.objects.filter(user=watcher)
    assert note.event == "project.updated" and note.key == project.code
    assert "Stage: agreed → construction" in note.text
    assert "Reason: site visit" in note.text
    assert f"By: {editor.username}" in note.text
    assert note.url.endswith(project.get_absolute_url())
    assert not Notification.objects.filter(user=editor).exists()  # not told of one's own change
    assert result["emails_sent"] == 1
    (message,) = mail.outbox
    assert message.to == [watcher.email]
    assert "site visit" in message.body
    assert not PendingChange.objects.exists()


def test_the_notification_speaks_the_followers_language() -> None:
    project = ProjectFactory(stage="agreed")
    watcher = _user()
    services.subscription_follow(
        user=watcher, kind="project", key=project.code, mode=Mode.IMMEDIATE, language="ru"
    )
    _stage(project, "construction", _user(), reason="визит")
    notify_changes.call()
    note = Notification.objects.get(user=watcher)
    assert "Причина: визит" in note.text, note.text


def test_nobody_hears_of_a_restricted_project_outside_their_scope() -> None:
    project = ProjectFactory(
        stage="agreed", regions=["KZ-19"], confidentiality=Confidentiality.PUBLIC
    )
    outsider = _user("regional_editor", regions=["KZ-61"])
    insider = _user("regional_editor", regions=["KZ-19"])
    for user in (outsider, insider):
        services.subscription_follow(user=user, kind="project", key=project.code)
    coordinator = _user()
    project_update(
        actor=coordinator,
        reason="now secret",
        project=project,
        confidentiality=Confidentiality.RESTRICTED,
        stage="construction",
    )
    notify_changes.call()
    assert Notification.objects.filter(user=insider).count() == 1
    assert not Notification.objects.filter(user=outsider).exists()


def test_one_cannot_follow_what_one_may_not_see_or_what_does_not_exist() -> None:
    secret = ProjectFactory(regions=["KZ-19"], confidentiality=Confidentiality.RESTRICTED)
    outsider = _user("regional_editor", regions=["KZ-61"])
    with pytest.raises(ValidationError, match="No project"):
        services.subscription_follow(user=outsider, kind="project", key=secret.code)
    with pytest.raises(ValidationError, match="Unknown kind"):
        services.subscription_follow(user=outsider, kind="planet", key="mars")
    with pytest.raises(ValidationError, match="No project"):
        services.subscription_follow(user=outsider, kind="project", key="NOPE-1")


def test_a_daily_digest_is_one_email_listing_every_change_of_the_day() -> None:
    a, b = ProjectFactory(stage="agreed"), ProjectFactory(stage="agreed")
    watcher, editor = _user(), _user()
    for p in (a, b):
        services.subscription_follow(user=watcher, kind="project", key=p.code, mode=Mode.DAILY)
    _stage(a, "construction", editor)
    _stage(b, "preparation", editor)
    _stage(a, "operating", editor)
    notify_changes.call()
    assert Notification.objects.filter(user=watcher).count() == 3
    assert not mail.outbox  # nothing until the digest

    later = (timezone.now() + dt.timedelta(hours=1)).isoformat()
    assert send_daily_digests.call(now=later) == {"composed": 1, "sent": 1}
    (message,) = mail.outbox
    assert message.to == [watcher.email]
    assert message.body.count("site visit") == 3
    # Run again (the scheduler fired twice, a worker retried): nothing more goes out.
    assert send_daily_digests.call(now=later) == {"composed": 0, "sent": 0}
    assert len(mail.outbox) == 1


def test_an_email_the_server_refuses_stays_to_be_sent_once_later(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project = ProjectFactory(stage="agreed")
    watcher = _user()
    services.subscription_follow(
        user=watcher, kind="project", key=project.code, mode=Mode.IMMEDIATE
    )
    _stage(project, "construction", _user())

    def refuse(*args: Any, **kwargs: Any) -> int:
        raise ConnectionRefusedError("smtp down")

    with monkeypatch.context() as m:
        m.setattr("django.core.mail.EmailMessage.send", refuse)
        assert notify_changes.call()["emails_sent"] == 0
    assert Email.objects.get().sent_at is None
    assert services.emails_send() == 1
    assert services.emails_send() == 0
    assert len(mail.outbox) == 1


def _verify(secret: str, received: dict[str, Any]) -> bool:
    parts = dict(p.split("=", 1) for p in received["headers"]["X-Keruen-Signature"].split(","))
    want = hmac.new(
        secret.encode(), f"{parts['t']}.{received['body']}".encode(), hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(parts["v1"], want)


def _deliver_all() -> None:
    for d in WebhookDelivery.objects.filter(state="pending"):
        services.webhook_deliver(d.pk, retry=lambda pk, when: None)


def test_a_webhook_rule_posts_a_signed_body_when_its_condition_holds(receiver: Receiver) -> None:
    services.webhook_create(
        url=receiver.url,
        secret="s3cret",
        event="project.updated",
        condition={"stage": "operating", "regions": "KZ-19", "changed": "stage"},
    )
    in_19 = ProjectFactory(stage="construction", regions=["KZ-19"])
    in_61 = ProjectFactory(stage="construction", regions=["KZ-61"])
    editor = _user()
    _stage(in_61, "operating", editor)
    _stage(in_19, "preparation", editor)
    _stage(in_19, "operating", editor)
    notify_changes.call()
    _deliver_all()

    (got,) = receiver.received
    assert got["headers"]["X-Keruen-Event"] == "project.updated"
    assert _verify("s3cret", got)
    body = json.loads(got["body"])
    assert body["key"] == in_19.code and body["reason"] == "site visit"
    assert {"field": "stage", "before": "preparation", "after": "operating"} in body["changes"]
    assert WebhookDelivery.objects.get().status_code == 200


def test_a_failing_receiver_is_retried_with_backoff_and_logged(receiver: Receiver) -> None:
    receiver.status = 500
    services.webhook_create(url=receiver.url, secret="x", event="project.updated")
    project = ProjectFactory(stage="agreed")
    _stage(project, "construction", _user())
    notify_changes.call()
    delivery = WebhookDelivery.objects.get()
    waits: list[dt.timedelta] = []
    for _attempt in range(services.WEBHOOK_ATTEMPTS):
        services.webhook_deliver(delivery.pk, retry=lambda pk, when: waits.append(when))
    delivery.refresh_from_db()
    assert delivery.state == WebhookDelivery.State.FAILED
    assert delivery.attempts == services.WEBHOOK_ATTEMPTS and delivery.status_code == 500
    assert len(waits) == services.WEBHOOK_ATTEMPTS - 1
    gaps = [b - a for a, b in itertools.pairwise(waits)]
    assert all(a < b for a, b in itertools.pairwise(gaps))  # each wait longer than the last
    assert len(receiver.received) == services.WEBHOOK_ATTEMPTS


def test_a_rule_sees_only_what_its_owner_may_see(receiver: Receiver) -> None:
    owner = _user("regional_editor", regions=["KZ-61"])
    services.webhook_create(url=receiver.url, secret="x", event="project.updated", owner=owner)
    secret = ProjectFactory(regions=["KZ-19"], confidentiality=Confidentiality.RESTRICTED)
    _stage(secret, "construction", _user())
    notify_changes.call()
    assert not WebhookDelivery.objects.exists()


def test_a_save_with_no_follower_or_rule_writes_nothing_to_notify() -> None:
    project = ProjectFactory(stage="agreed")
    _stage(project, "construction", _user())
    assert not PendingChange.objects.exists()


def test_unknown_events_and_conditions_are_refused() -> None:
    with pytest.raises(ValidationError, match="Unknown event"):
        services.webhook_create(url="http://127.0.0.1/", secret="x", event="planet.updated")
    with pytest.raises(ValidationError, match="JSON object"):
        services.webhook_create(
            url="http://127.0.0.1/",
            secret="x",
            event="project.updated",
            condition=["stage"],  # type: ignore[arg-type]
        )


def test_followers_and_rules_hear_that_an_instruction_is_overdue(receiver: Receiver) -> None:
    from keruen.instructions.services import instruction_remind
    from tests.instructions.factories import instruction

    overdue = instruction(deadline=dt.date(2025, 9, 1))
    watcher = _user()
    services.subscription_follow(
        user=watcher, kind="instruction", key=overdue.number, mode=Mode.DAILY, language="ru"
    )
    services.webhook_create(url=receiver.url, secret="k", event="instruction.overdue")
    instruction_remind(today=dt.date(2025, 9, 10))
    instruction_remind(today=dt.date(2025, 9, 11))  # once, however often it runs

    (note,) = Notification.objects.filter(user=watcher)
    assert note.event == "instruction.overdue" and note.key == overdue.number
    assert overdue.number in note.title and "просроч" in note.title.lower(), note.title
    _deliver_all()
    (got,) = receiver.received
    assert got["headers"]["X-Keruen-Event"] == "instruction.overdue" and _verify("k", got)
    assert json.loads(got["body"])["key"] == overdue.number


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_save_only_records_the_change_and_enqueues_one_task_per_transaction() -> None:
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    services.webhook_create(url="http://127.0.0.1:9/down", secret="x", event="project.updated")
    projects = [ProjectFactory(stage="agreed") for _n in range(3)]
    editor = _user()
    PendingChange.objects.all().delete()
    DBTaskResult.objects.all().delete()
    with transaction.atomic():
        for p in projects:
            _stage(p, "construction", editor)
    # No delivery, no attempt, no connection to the receiver: only the record and one task.
    assert PendingChange.objects.count() == 3
    assert not WebhookDelivery.objects.exists()
    assert list(DBTaskResult.objects.values_list("task_path", flat=True)) == [
        "keruen.notifications.tasks.notify_changes"
    ]
    with pytest.raises(RuntimeError), transaction.atomic():  # rolled back: nothing is left
        _stage(projects[0], "operating", editor)
        raise RuntimeError
    assert PendingChange.objects.count() == 3 and DBTaskResult.objects.count() == 1


def test_projects_created_in_bulk_reach_the_rules_too(receiver: Receiver) -> None:
    from keruen.projects.services import ProjectDraft, project_bulk_create

    services.webhook_create(url=receiver.url, secret="k", event="project.created")
    drafts = [
        ProjectDraft(code=f"BULK-{n}", title=f"Bulk plant {n}", values={"regions": ["KZ-19"]})
        for n in range(2)
    ]
    projects, errors = project_bulk_create(actor=None, reason="import", drafts=drafts)
    assert not errors and len(projects) == 2
    notify_changes.call()
    _deliver_all()
    keys = sorted(json.loads(r["body"])["key"] for r in receiver.received)
    assert keys == ["BULK-0", "BULK-1"]
