"""`KERUEN_EMAIL_URL` says where e-mail goes."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from keruen.settings import _email_url


def test_smtp_with_credentials_and_tls() -> None:
    got = _email_url("smtp://mailer:p%40ss@mail.example.kz:587?tls=1")
    assert got["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (got["EMAIL_HOST"], got["EMAIL_PORT"]) == ("mail.example.kz", 587)
    assert (got["EMAIL_HOST_USER"], got["EMAIL_HOST_PASSWORD"]) == ("mailer", "p@ss")
    assert got["EMAIL_USE_TLS"] and not got["EMAIL_USE_SSL"]


def test_smtps_console_and_file() -> None:
    assert _email_url("smtps://mail.example.kz")["EMAIL_PORT"] == 465
    assert _email_url("console:")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    assert _email_url("file:///var/mail/keruen") == {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": "/var/mail/keruen",
    }


def test_anything_else_is_refused_by_name() -> None:
    with pytest.raises(ImproperlyConfigured, match="KERUEN_EMAIL_URL"):
        _email_url("pigeon://loft")
