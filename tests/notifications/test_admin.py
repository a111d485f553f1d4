"""The delivery log and the e-mails sent are shown to administrators, never edited."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from keruen.notifications.models import Email, Mode, Webhook, WebhookDelivery
from tests.accounts.factories import make_user

pytestmark = pytest.mark.django_db


def test_logs_show_every_field_read_only() -> None:
    user = make_user("admin", username="root")
    client = Client()
    client.force_login(user)
    hook = Webhook.objects.create(url="https://example.org/hook", secret="s", event="*")
    delivery = WebhookDelivery.objects.create(webhook=hook, event="project.updated", body="{}")
    email = Email.objects.create(user=user, mode=Mode.DAILY, address="root@example.org")
    for name, obj in (("webhookdelivery", delivery), ("email", email)):
        response = client.get(reverse(f"admin:notifications_{name}_change", args=[obj.pk]))
        assert response.status_code == 200
        form = response.context["adminform"].form
        assert list(form.fields) == []
        assert set(response.context["adminform"].readonly_fields) == {
            f.name for f in type(obj)._meta.fields
        }
