"""KS-ERP settings, driven by environment variables only (docs/design.md §2).

Modes:
- embedded (no REDIS_URL): SQLite under var/, in-memory channel layer, dramatiq StubBroker
  drained by a worker thread inside the daphne process (see config/asgi.py).
- services (REDIS_URL set, usually with DATABASE_URL): PostgreSQL, Redis broker
  (`manage.py rundramatiq`), channels-redis.

Environment: DATABASE_URL, REDIS_URL, PORT, SECRET_KEY, DJANGO_DEBUG, KSERP_DEMO_DATA,
KSERP_PRODUCTION (production hardening: secure cookies, HSTS, SSL redirect, masked errors),
ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS, KSERP_RATE_LIMIT_* and KSERP_WS_INIT_TIMEOUT (docs/security.md),
KSERP_DB_POOL (0: no connection pool), KSERP_DB_POOL_MIN/_MAX/_TIMEOUT (docs/performance.md).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


BACKEND_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = BACKEND_DIR.parent
VAR_DIR = Path(os.environ.get("KSERP_VAR_DIR", REPO_DIR / "var"))
FRONTEND_DIST = REPO_DIR / "frontend" / "dist"

DEBUG = env_bool("DJANGO_DEBUG", default=False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
PRODUCTION = env_bool("KSERP_PRODUCTION", default=False)
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("SECRET_KEY must be set in production")
    # Development and tests only: a fixed, obviously insecure key.
    SECRET_KEY = "kserp-insecure-development-key-do-not-use-in-production-0123456789"

REDIS_URL = os.environ.get("REDIS_URL", "")
SERVICES_MODE = bool(REDIS_URL)
DEMO_DATA = env_bool("KSERP_DEMO_DATA", default=False)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "http://localhost:5173,http://127.0.0.1:5173")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "channels",
    "django_dramatiq",
    "strawberry_django",
    "kserp.base",
    "kserp.identity",
    "kserp.crm",
    "kserp.rates",
    "kserp.orders",
    "kserp.billing",
    "kserp.payroll",
    "kserp.finance",
    "kserp.analytics",
    "kserp.configuration",
    "kserp.scheduling",
    "kserp.realtime",
    "kserp.demo",
    "kserp.webhooks",
    "kserp.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"
AUTH_USER_MODEL = "identity.User"

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
            ],
        },
    },
]

# --- database ------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'kserp.sqlite3'}",
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("KSERP_DB_POOL", default=True):
    # A psycopg connection pool per process (daphne and dramatiq workers alike), not persistent
    # connections: under ASGI every request runs in its own thread, and a thread's persistent
    # connection is never reused by the next request. Django takes a connection from the pool
    # when a request (or an actor) first queries and gives it back when it ends. See
    # docs/performance.md ("Connection pooling").
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("KSERP_DB_POOL_MIN", "2")),
        "max_size": int(os.environ.get("KSERP_DB_POOL_MAX", "20")),
        "timeout": float(os.environ.get("KSERP_DB_POOL_TIMEOUT", "10")),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Worker threads and the web process share the file: wait for locks instead of failing.
    DATABASES["default"]["OPTIONS"] = {"timeout": 30, "transaction_mode": "IMMEDIATE"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- background work (dramatiq) ------------------------------------------------------------
DRAMATIQ_MIDDLEWARE = [
    "dramatiq.middleware.AgeLimit",
    "dramatiq.middleware.TimeLimit",
    "dramatiq.middleware.Callbacks",
    "dramatiq.middleware.Retries",
    "django_dramatiq.middleware.DbConnectionsMiddleware",
    "kserp.base.jobs.JobWatch",  # stale long jobs (billing runs...) are found and resumed
]
# Long jobs that survive a dead worker (kserp/base/jobs.py, docs/billing.md).
KSERP_JOB_WATCH = env_bool("KSERP_JOB_WATCH", default=True)
KSERP_JOB_STALE_SECONDS = float(os.environ.get("KSERP_JOB_STALE_SECONDS", "300"))
KSERP_JOB_ALIVE_SECONDS = float(os.environ.get("KSERP_JOB_ALIVE_SECONDS", "30"))
KSERP_JOB_SWEEP_SECONDS = float(os.environ.get("KSERP_JOB_SWEEP_SECONDS", "60"))
KSERP_JOB_AUTO_RESUME = env_bool("KSERP_JOB_AUTO_RESUME", default=True)
KSERP_JOB_MAX_RESUMES = int(os.environ.get("KSERP_JOB_MAX_RESUMES", "5"))
if SERVICES_MODE:
    DRAMATIQ_BROKER = {
        "BROKER": "dramatiq.brokers.redis.RedisBroker",
        "OPTIONS": {
            "url": REDIS_URL,
            "namespace": os.environ.get("KSERP_DRAMATIQ_NAMESPACE", "kserp"),
            # A dead worker's unacked messages are requeued after this (ms); see docs/background-work.md.
            "heartbeat_timeout": int(os.environ.get("KSERP_DRAMATIQ_HEARTBEAT_MS", "15000")),
            # How many broker commands in a million also requeue dead workers' messages (dramatiq's
            # default, 1000, means ~17 minutes for an idle worker); see docs/billing.md.
            "maintenance_chance": int(os.environ.get("KSERP_DRAMATIQ_MAINTENANCE_CHANCE", "20000")),
            "dead_message_ttl": 86_400_000,
        },
        "MIDDLEWARE": DRAMATIQ_MIDDLEWARE,
    }
else:
    DRAMATIQ_BROKER = {
        "BROKER": "dramatiq.brokers.stub.StubBroker",
        "OPTIONS": {},
        "MIDDLEWARE": DRAMATIQ_MIDDLEWARE,
    }
DRAMATIQ_AUTODISCOVER_MODULES = ["actors"]
# Embedded mode: config/asgi.py starts a dramatiq worker thread inside the daphne process.
EMBEDDED_WORKER = not SERVICES_MODE and env_bool("KSERP_EMBEDDED_WORKER", default=True)
# The billing scheduler (kserp/scheduling): in-process with the embedded worker; in services mode
# `manage.py run_scheduler` (docker-compose's `scheduler`). Minutes between ticks.
EMBEDDED_SCHEDULER = EMBEDDED_WORKER and env_bool("KSERP_EMBEDDED_SCHEDULER", default=True)
KSERP_SCHEDULER_MINUTES = int(os.environ.get("KSERP_SCHEDULER_MINUTES", "5"))

# --- realtime (channels) -------------------------------------------------------------------
if SERVICES_MODE:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": "kserp:channels"},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# --- cache (rate limits) -------------------------------------------------------------------
if SERVICES_MODE:
    CACHES = {
        "default": {
            "BACKEND": "kserp.base.cache.SharedPoolRedisCache",  # one pool per process
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("KSERP_CACHE_PREFIX", "kserp"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kserp"}}

# --- access and security (docs/security.md) ------------------------------------------------
# "<count>/<seconds>", fixed windows; see kserp/api/core/ratelimit.py.
KSERP_RATE_LIMITS = {
    "graphql": os.environ.get("KSERP_RATE_LIMIT_GRAPHQL", "600/60"),
    "graphql_anonymous": os.environ.get("KSERP_RATE_LIMIT_GRAPHQL_ANONYMOUS", "120/60"),
    "login": os.environ.get("KSERP_RATE_LIMIT_LOGIN", "10/300"),
    "login_ip": os.environ.get("KSERP_RATE_LIMIT_LOGIN_IP", "50/300"),
    # messages per WebSocket connection (kserp/api/consumers.py): past it, closed with 4429
    "ws_messages": os.environ.get("KSERP_RATE_LIMIT_WS_MESSAGES", "120/60"),
}
# Webhooks (kserp/webhooks): seconds to wait after each failed attempt; one more attempt than
# entries, then the delivery fails and its endpoint is disabled. Default: 10 attempts over ~a day.
if os.environ.get("KSERP_WEBHOOK_RETRY_SCHEDULE"):
    KSERP_WEBHOOK_RETRY_SCHEDULE = [float(s) for s in os.environ["KSERP_WEBHOOK_RETRY_SCHEDULE"].split(",")]
# Seconds a WebSocket may wait before `connection_init` (then closed with 4408).
KSERP_WS_INIT_TIMEOUT = float(os.environ.get("KSERP_WS_INIT_TIMEOUT", "10"))
# Email (invoices, credit notes, statements, reminders: docs/finance.md, "Delivery"). SMTP when
# EMAIL_HOST is set, else the console backend (embedded mode prints messages to the log).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "accounts@ks-erp.invalid")
# Email each invoice of a completed billing run to its client's billing contacts.
KSERP_EMAIL_INVOICES_AFTER_RUN = env_bool("KSERP_EMAIL_INVOICES_AFTER_RUN", default=False)

# The currency group reports are consolidated in (docs/finance.md, "Consolidation").
KSERP_GROUP_CURRENCY = os.environ.get("KSERP_GROUP_CURRENCY", "AUD").upper()
# WebSockets open at once per user (or API token) and per address; past it, closed with 4429.
KSERP_WS_MAX_CONNECTIONS_PER_USER = int(os.environ.get("KSERP_WS_MAX_CONNECTIONS_PER_USER", "10"))
KSERP_WS_MAX_CONNECTIONS_PER_ADDRESS = int(os.environ.get("KSERP_WS_MAX_CONNECTIONS_PER_ADDRESS", "30"))
# Largest /graphql body (kserp/api/core/http_input.py): a 10 MB timesheet CSV and its JSON
# escaping fit; Django's own limit is the same, so no body gets Django's HTML 400.
KSERP_MAX_BODY_BYTES = int(os.environ.get("KSERP_MAX_BODY_BYTES", str(12 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = KSERP_MAX_BODY_BYTES

# --- auth, i18n, static --------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LANGUAGE_CODE = "en-au"
TIME_ZONE = "Australia/Sydney"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [FRONTEND_DIST] if FRONTEND_DIST.exists() else []
WHITENOISE_ROOT = FRONTEND_DIST if FRONTEND_DIST.exists() else None
WHITENOISE_INDEX_FILE = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

# --- GraphQL -------------------------------------------------------------------------------
STRAWBERRY_DJANGO = {
    "FIELD_DESCRIPTION_FROM_HELP_TEXT": True,
    "TYPE_DESCRIPTION_FROM_MODEL_DOCSTRING": True,
    "MUTATIONS_DEFAULT_HANDLE_ERRORS": True,
}
GRAPHIQL = DEBUG

# --- production hardening ------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the SPA reads it to send X-CSRFToken
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.channels.server": {"level": "WARNING"},
        "daphne": {"level": "WARNING"},
    },
}
