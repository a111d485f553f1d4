"""Writes of the portal: a reader's error report, and a coordinator's decision on it."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import URLValidator
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from keruen.accounts.policy import is_coordinator
from keruen.portal.models import PublicReport

WINDOW = dt.timedelta(minutes=1)


class RateLimited(Exception):
    """The address sent more reports in the last minute than the portal takes."""


@dataclass(frozen=True)
class ReportInput:
    page: str
    message: str
    field: str | None = None
    correct_value: str | None = None
    source_url: str | None = None
    email: str | None = None


def client_address(request: HttpRequest) -> str:
    """The sender's address: behind `KERUEN_PROXY_HOPS` proxies that each append to
    X-Forwarded-For (nginx's `$proxy_add_x_forwarded_for`), the entry the outermost one added;
    otherwise the address of the connection."""
    hops = settings.KERUEN_PROXY_HOPS
    if hops:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        chain = [a.strip() for a in forwarded if a.strip()]
        if len(chain) >= hops:
            return chain[-hops]
    return str(request.META.get("REMOTE_ADDR") or "")


def client_key(address: str) -> str:
    """A keyed hash of a client address: it tells repeat senders apart, and no more."""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def _check_url(value: str, name: str) -> None:
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError(
            {name: _("Enter a web address starting with http:// or https://.")}
        ) from None


def report_submit(data: ReportInput, *, address: str) -> PublicReport:
    """Take a reader's report, unless the address already sent its share this minute."""
    client = client_key(address)
    limit = settings.KERUEN_PUBLIC_REPORTS_PER_MINUTE
    with transaction.atomic():
        recent = PublicReport.objects.filter(
            client=client, created_at__gte=timezone.now() - WINDOW
        ).count()
        if recent >= limit:
            raise RateLimited
        if not data.message.strip():
            raise ValidationError({"message": _("Say what is wrong.")})
        _check_url(data.page, "page")
        if data.source_url:
            _check_url(data.source_url, "source_url")
        report = PublicReport(
            page=data.page,
            field=data.field or "",
            message=data.message.strip(),
            correct_value=data.correct_value or "",
            source_url=data.source_url or "",
            email=data.email or "",
            client=client,
        )
        report.full_clean()
        report.save()
    return report


def report_decide(report: PublicReport, *, actor: Any, status: str, outcome: str) -> PublicReport:
    """Accept or reject a report; the reader who left an address is told the outcome."""
    if not is_coordinator(actor):
        raise PermissionDenied(_("Only coordinators decide on error reports."))
    if status not in (PublicReport.Status.ACCEPTED, PublicReport.Status.REJECTED):
        raise ValidationError({"status": _("Choose accepted or rejected.")})
    report.status = status
    report.outcome = outcome.strip()
    report.decided_at = timezone.now()
    report.decided_by = actor
    report.save(update_fields=["status", "outcome", "decided_at", "decided_by"])
    if report.email:
        send_mail(
            _("Your report to Keruen: %(status)s") % {"status": report.get_status_display()},
            _("You reported an error on %(page)s.\n\n%(outcome)s")
            % {"page": report.page, "outcome": report.outcome},
            None,
            [report.email],
        )
    return report
