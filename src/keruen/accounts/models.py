"""Who a user is in Keruen: a role and, for editors and officers, the scope they act in."""

from __future__ import annotations

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from keruen.core.fields import choice_field, owner_link, record_link, record_links
from keruen.core.models import CreatedAtMixin, KeruenHistory


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("coordinator")
    REGIONAL_EDITOR = "regional_editor", _("regional editor")
    AGENCY_OFFICER = "agency_officer", _("agency officer")
    ANALYST = "analyst", _("analyst")
    ADMIN = "admin", _("administrator")


class Profile(models.Model):
    """The role of a user and its scope: regions (regional editor) or an organization (officer)."""

    user = owner_link("profile", _("user"), only_one=True)
    role = choice_field(_("role"), Role)
    regions = record_links("reference.Region", "editors", _("regions"))
    organization = record_link("parties.Organization", "officers", _("organization"))

    history = KeruenHistory(m2m_fields=[regions])

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class ApiToken(CreatedAtMixin):
    """A bearer token for the API. Only its SHA-256 digest is stored."""

    user = owner_link("api_tokens", _("user"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    digest = models.CharField(_("digest"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("prefix"), max_length=8, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def digest_of(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return secrets.token_urlsafe(32)
