"""Settings, all from the environment (see docs/configuration.md).

KERUEN_HOME        data directory (default ./var): the SQLite file, uploads, logs
DATABASE_URL       default sqlite:///$KERUEN_HOME/keruen.sqlite3; postgresql://... for PostgreSQL
KERUEN_ENV         "production" switches on the production settings below
KERUEN_SECRET_KEY  required in production
KERUEN_ALLOWED_HOSTS  comma-separated, required in production
DATABASE_REPLICA_URL  a streaming read replica of DATABASE_URL (docs/deploy.md)
KERUEN_METRICS_TOKEN  the bearer token of /metrics (404 when unset)
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


def env(name: str, default: str = "") -> str:
    """The environment variable `name` (each is in docs/configuration.md), or `default` when it
    is not set."""
    return os.environ.get(name, default)


def env_int(name: str, default: int) -> int:
    """`name` as a whole number, `default` when it is not set."""
    value = env(name, str(default))
    try:
        return int(value)
    except ValueError as e:
        raise ImproperlyConfigured(f"{name}: expected a whole number, got {value!r}") from e


def env_flag(name: str, default: bool) -> bool:
    """`name` as a switch: on when it is "1" (or, not set, when `default` is)."""
    return env(name, "1" if default else "") == "1"


def env_path(name: str, default: Path) -> Path:
    """`name` as a path, `default` when it is not set or empty."""
    return Path(env(name) or default)


BASE_DIR = Path(__file__).resolve().parent
KERUEN_HOME = Path(env("KERUEN_HOME", "var")).resolve()
KERUEN_HOME.mkdir(parents=True, exist_ok=True)
KERUEN_ENV = env("KERUEN_ENV", "development")
PRODUCTION = KERUEN_ENV == "production"

if PRODUCTION:
    SECRET_KEY = env("KERUEN_SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("KERUEN_SECRET_KEY must be set to 50 or more random characters")
    ALLOWED_HOSTS = [h.strip() for h in env("KERUEN_ALLOWED_HOSTS").split(",") if h]
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("KERUEN_ALLOWED_HOSTS must name the hosts Keruen serves")
    DEBUG = False
else:
    SECRET_KEY = env(
        "KERUEN_SECRET_KEY", "development-only-key-not-for-production-use-keruen-0123456789"
    )
    ALLOWED_HOSTS = ["*"]
    DEBUG = env_flag("KERUEN_DEBUG", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "simple_history",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "keruen.core",
    "keruen.reference",
    "keruen.parties",
    "keruen.projects",
    "keruen.agreements",
    "keruen.accounts",
    "keruen.web",
    "keruen.instructions",
    "keruen.targets",
    "keruen.regions",
    "keruen.blockers",
    "keruen.ingest",
    "keruen.imports",
    "keruen.reports",
    "keruen.demo",
    "keruen.api",
    "keruen.notifications",
    "keruen.savedviews",
    "keruen.ops",
    "keruen.portal",
]

MIDDLEWARE = [
    "keruen.ops.middleware.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "keruen.accounts.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "keruen.ops.middleware.ReplicaReadsMiddleware",
    "keruen.ops.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "keruen.urls"
WSGI_APPLICATION = "keruen.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{KERUEN_HOME / 'keruen.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,  # a connection the database dropped is replaced, not reused
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Kept open between requests like PostgreSQL's (60 s): opening one costs a request several
    # milliseconds (the WAL and synchronous pragmas), more than the API list's page query.
# Reads that tolerate a second of lag go to a streaming replica (keruen.ops.routers).
if env("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env("DATABASE_REPLICA_URL"), conn_max_age=60, conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["keruen.ops.routers.ReplicaRouter"]
#: After a write, how long a browser keeps reading from the primary (read-after-write).
KERUEN_REPLICA_PIN_SECONDS = env_int("KERUEN_REPLICA_PIN_SECONDS", 10)
KERUEN_METRICS_TOKEN = env("KERUEN_METRICS_TOKEN")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "reports:dashboard"
LOGOUT_REDIRECT_URL = "reports:dashboard"

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "en"
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Bootstrap is vendored (src/keruen/vendor/README.md says which release and from where).
STATICFILES_DIRS = [("bootstrap", BASE_DIR / "vendor" / "bootstrap")]
STATIC_ROOT = env_path("KERUEN_STATIC_ROOT", KERUEN_HOME / "static")
# Keruen serves its own assets (no CDN); outside production straight from the apps' folders.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
MEDIA_ROOT = KERUEN_HOME / "media"
MEDIA_URL = "/media/"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# `keruen scheduler`: job name -> (task, cron in TIME_ZONE); docs/deploy.md.
KERUEN_SCHEDULE = {
    "instruction-reminders": (
        "keruen.instructions.tasks.send_instruction_reminders",
        env("KERUEN_REMINDERS_CRON", "0 8 * * *"),
    ),
    # Rebuilds the open-data files when a public record changed since the last build.
    "open-data": (
        "keruen.portal.tasks.build_open_data",
        env("KERUEN_OPEN_DATA_CRON", "*/15 * * * *"),
    ),
    "daily-digest": (
        "keruen.notifications.tasks.send_daily_digests",
        env("KERUEN_DAILY_DIGEST_CRON", "0 8 * * *"),
    ),
    "weekly-digest": (
        "keruen.notifications.tasks.send_weekly_digests",
        env("KERUEN_WEEKLY_DIGEST_CRON", "0 8 * * mon"),
    ),
    "issue-escalation": (
        "keruen.blockers.tasks.escalate_issues",
        env("KERUEN_ESCALATION_CRON", "30 0 * * *"),
    ),
}
# The open-data portal (docs/portal.md): where its files are written
# and how many error reports one client address may send in a minute.
KERUEN_OPEN_DATA_DIR = env_path("KERUEN_OPEN_DATA_DIR", KERUEN_HOME / "open-data")
KERUEN_PUBLIC_REPORTS_PER_MINUTE = env_int("KERUEN_PUBLIC_REPORTS_PER_MINUTE", 10)
# Proxies in front of Keruen that append the client's address to X-Forwarded-For (0: none).
KERUEN_PROXY_HOPS = env_int("KERUEN_PROXY_HOPS", 0)

EMAIL_BACKEND = env("KERUEN_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")


def _email_url(url: str) -> dict[str, Any]:
    """`KERUEN_EMAIL_URL`: smtp://[user:password@]host:port[?tls=1|ssl=1], console:,
    file:///directory — Django's e-mail settings for it."""
    from urllib.parse import parse_qs, unquote, urlsplit

    u = urlsplit(url)
    if u.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if u.scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": unquote(u.path),
        }
    if u.scheme in ("smtp", "smtps"):
        query = {k: v[-1] for k, v in parse_qs(u.query).items()}
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": u.hostname or "localhost",
            "EMAIL_PORT": u.port or (465 if u.scheme == "smtps" else 25),
            "EMAIL_HOST_USER": unquote(u.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(u.password or ""),
            "EMAIL_USE_TLS": query.get("tls") == "1",
            "EMAIL_USE_SSL": u.scheme == "smtps" or query.get("ssl") == "1",
            "EMAIL_TIMEOUT": 30,
        }
    raise ImproperlyConfigured(
        f"KERUEN_EMAIL_URL: expected smtp://host:port, console: or file:///dir, not {url!r}"
    )


if env("KERUEN_EMAIL_URL"):
    globals().update(_email_url(env("KERUEN_EMAIL_URL")))
# Links in e-mails and webhooks start with this (the address users reach Keruen at).
KERUEN_BASE_URL = env("KERUEN_BASE_URL", "http://localhost:8000")
DEFAULT_FROM_EMAIL = env("KERUEN_FROM_EMAIL", "keruen@localhost")

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 12 * 60 * 60  # a working day; sign in again after
# Keruen serves every asset itself: scripts, styles, fonts and images come from Keruen alone.
# 'unsafe-eval' because Vega compiles chart expressions to functions in the browser.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_flag("KERUEN_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "utc": {
            "()": "keruen.core.logging.UTCJsonFormatter",
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "utc"}},
    "loggers": {
        "keruen": {"handlers": ["console"], "level": env("KERUEN_LOG_LEVEL", "INFO")},
        "django.security": {"handlers": ["console"], "level": "WARNING"},
        "axes": {"handlers": ["console"], "level": "WARNING"},
    },
}
