"""Django settings for Kinerja, read from environment variables only.

Every variable is listed with its meaning in .env.example. The embedded default
(no variables set) is a single-machine install: SQLite in DATA_DIR, tasks run
in-process. Production sets DATABASE_URL, CELERY_BROKER_URL and SECRET_KEY.
"""

from __future__ import annotations

import hashlib
import hmac
import sys
from pathlib import Path

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from kinerja.env import EnvError, database_from_url, from_os

env = from_os()

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = env.path("KINERJA_DATA_DIR", BASE_DIR / "data")
TESTING = "pytest" in sys.modules or env.flag("KINERJA_TESTING", False)

DEBUG = env.flag("DEBUG", False)
_DEV_SECRET = "django-insecure-development-key-set-SECRET_KEY-in-production"
SECRET_KEY = env.text("SECRET_KEY", _DEV_SECRET)
if (
    not DEBUG
    and not TESTING
    and SECRET_KEY == _DEV_SECRET
    and env.flag("KINERJA_REQUIRE_SECRET", False)
):
    raise EnvError("SECRET_KEY must be set when KINERJA_REQUIRE_SECRET is true")
ALLOWED_HOSTS = env.items("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.items("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Kinerja's templates (registration/*) come before the admin's, so they win.
    "kinerja.core",
    "kinerja.core.apps.KinerjaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "tree_queries",
    # django-ninja's bundled Swagger UI files, for the offline API docs page.
    "ninja",
    "kinerja.accounts",
    "kinerja.organisation",
    "kinerja.indicators",
    "kinerja.cycles",
    "kinerja.agreements",
    "kinerja.plans",
    "kinerja.measurements",
    "kinerja.imports",
    "kinerja.servicetimes",
    "kinerja.api",
    "kinerja.feedback",
    "kinerja.notifications",
    "kinerja.evaluations",
    "kinerja.dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "kinerja.urls"
WSGI_APPLICATION = "kinerja.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "kinerja.core.context_processors.navigation",
            ],
        },
    },
]

_database_url = env.url("DATABASE_URL", {"postgres", "postgresql", "sqlite"})
if _database_url:
    DATABASES = {"default": database_from_url(_database_url)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "kinerja.sqlite3",
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboards:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "kinerja" / "locale"]
TIME_ZONE = env.text("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", BASE_DIR / "staticfiles")
MEDIA_ROOT = env.path("MEDIA_ROOT", DATA_DIR / "media")
STORAGES = {
    # Evidence files are private: they are served only through a view that checks access.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING or env.flag("KINERJA_EMBEDDED", False)
EVIDENCE_MAX_BYTES = env.integer("EVIDENCE_MAX_MB", 10, minimum=1) * 1024 * 1024
IMPORT_MAX_BYTES = env.integer("IMPORT_MAX_MB", 200, minimum=1) * 1024 * 1024

# The API's rate limit counts requests in this cache: with several WSGI workers
# it must be shared (Redis), or each worker would count on its own.
CACHE_URL = env.url("CACHE_URL", {"redis", "rediss"})
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
API_RATE_LIMIT_PER_MINUTE = env.integer("API_RATE_LIMIT_PER_MINUTE", 120, minimum=1)
API_BATCH_MAX_ITEMS = env.integer("API_BATCH_MAX_ITEMS", 500, minimum=1)
# A queue ticket waiting or served longer than this is a clock or data error:
# flagged as an outlier and left out of the mean and median.
SERVICE_TIME_MAXIMUM_MINUTES = env.integer("SERVICE_TIME_MAXIMUM_MINUTES", 480, minimum=1)
# Anonymous peer input is shown to the penilai only from this many answers on.
PEER_INPUT_MIN_RESPONSES = env.integer("PEER_INPUT_MIN_RESPONSES", 3, minimum=1)
# Keys the hash that refuses a second peer answer (evaluations.peer.respondent_key); its own key
# so that SECRET_KEY can be rotated alone. Rotating it lets everyone answer once more.
PEER_INPUT_KEY = (
    env.text("PEER_INPUT_KEY", "")
    or hmac.new(SECRET_KEY.encode(), b"kinerja.peer-input-key", hashlib.sha256).hexdigest()
)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Background work: with no broker the embedded install runs tasks in-process.
CELERY_BROKER_URL = env.url("CELERY_BROKER_URL", {"redis", "rediss", "memory"})
CELERY_RESULT_BACKEND = env.url("CELERY_RESULT_BACKEND", {"redis", "rediss"}) or CELERY_BROKER_URL
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Periodic jobs, run by `celery -A kinerja.celery beat` (one per deployment).
CELERY_BEAT_SCHEDULE = {
    "notifications-collect": {"task": "notifications.collect", "schedule": 300.0},
    "notifications-digests": {
        "task": "notifications.send_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    # Before the digest, so the day's objection reminders go out in it.
    "evaluations-objection-reminders": {
        "task": "evaluations.objection_reminders",
        "schedule": crontab(hour=6, minute=30),
    },
}

SESSION_COOKIE_SECURE = env.flag("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env.flag("SECURE_SSL_REDIRECT", False)
# Load balancers probe /healthz over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.flag("BEHIND_HTTPS_PROXY", False) else None
)
SESSION_COOKIE_AGE = env.integer("SESSION_COOKIE_AGE", 8 * 3600, minimum=300)

EMAIL_BACKEND = env.text("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.text("DEFAULT_FROM_EMAIL", "kinerja@localhost")
# The address people open Kinerja at, for the links in the daily notification e-mail
# (a background job has no request to take it from); without it the links are paths.
SITE_URL = (env.url("SITE_URL", {"http", "https"}) or "").rstrip("/")
# The SMTP relay, read by the SMTP backend only (SKP reminders go out through it).
EMAIL_HOST = env.text("EMAIL_HOST", "localhost")
EMAIL_PORT = env.integer("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env.text("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.text("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.flag("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env.integer("EMAIL_TIMEOUT", 10, minimum=1)

LOG_LEVEL = env.choice("LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING", "ERROR"})
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}
