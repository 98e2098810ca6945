"""Settings shared by every environment. Anything that differs between machines comes from
the environment (django-environ); the defaults give an embedded setup (SQLite, tasks run
in-process) so the service starts on a fresh machine with nothing configured."""

import datetime
from pathlib import Path

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "factcheck",
    "reviews",
    "webhooks",
    "outbox",
    "axes",
]

MIDDLEWARE = [
    # Outermost: every error answer under /api/ is problem details, whatever wrote it.
    "api.problems.ApiProblemMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last: it turns a locked-out login into the lockout answer (429).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

# --- Database: PostgreSQL through psycopg 3 when DATABASE_URL is set, SQLite otherwise.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Login brute force (django-axes; docs/security.md). Each failed login is recorded in the
# database (shared by every web process, kept across restarts, listed in the admin); after
# AXES_FAILURE_LIMIT failures for one user name, or from one address, logins from there are
# refused (429) for the cool-off time, whatever the password. A success resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]  # per address and, apart, per account
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = env.int("DJANGO_NUM_PROXIES", default=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# --- Content security policy (django-csp) on every answer: the admin, the API docs and the
# API. Scripts only from this site (no inline script, no eval), nothing may frame the pages,
# forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # The admin's and Swagger UI's templates carry a few inline styles.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"

# --- Cache: Redis when DJANGO_CACHE_URL is set (shared by every process: rate limits hold
# across gunicorn workers), memory otherwise.
_cache_url = env("DJANGO_CACHE_URL", default="")
CACHES = {
    "default": (
        {"BACKEND": "config.cache.ReusingRedisCache", "LOCATION": _cache_url}
        if _cache_url.startswith(("redis://", "rediss://", "unix://"))
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- Request limits. An article body is capped by FACTCHECK_ARTICLE_MAX_CHARS (validated per
# field); the raw request cap (413) sits well above it, so an over-long body gets a
# field-level 400 even when every character is sent as a JSON escape.
FACTCHECK_ARTICLE_MAX_CHARS = env.int("FACTCHECK_ARTICLE_MAX_CHARS", default=200_000)
FACTCHECK_CLAIM_MAX_CHARS = 2_000
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DJANGO_DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)

# --- REST framework
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "factcheck.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.SizeLimitedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["api.renderers.FastJSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.negotiation.QuickContentNegotiation",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.StandardPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "api.problems.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_SCHEMA_CLASS": "api.openapi.FactcheckAutoSchema",
    # \uXXXX escapes for non-ASCII: an error that echoes hostile input (a lone surrogate in
    # a field name) must still render.
    "UNICODE_JSON": False,
    # Per client (each API client is its own user) and per address for anonymous callers;
    # counted in the default cache, which is Redis wherever DJANGO_CACHE_URL is set.
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.ClientRateThrottle",
        "api.throttling.AnonymousRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": env("API_RATE_PER_CLIENT", default="1200/min"),
        "anon": env("API_RATE_ANONYMOUS", default="60/min"),
    },
    "NUM_PROXIES": env.int("DJANGO_NUM_PROXIES", default=0),
}

# How long what an API key stands for (client, user, roles) is cached: revoking a key applies at
# once; deactivating its user or changing the user's roles within this many seconds.
API_KEY_CACHE_SECONDS = env.int("API_KEY_CACHE_SECONDS", default=10)

SPECTACULAR_SETTINGS = {
    "TITLE": "Fact-check review API",
    "DESCRIPTION": (
        "Newsroom tools submit articles and claims; the service extracts checkable claims, "
        "flags contradictions between them, and publishes reviewed verdicts as schema.org "
        "ClaimReview. Errors are problem details (RFC 9457). Lists use cursor pagination "
        "(`next`/`previous` links) and accept `updated_since` for incremental sync."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SORT_OPERATIONS": True,
    "ENUM_NAME_OVERRIDES": {
        "ArticleStatusEnum": "factcheck.models.Article.Status",
        "ClaimStatusEnum": "factcheck.models.Claim.Status",
        "FlagStatusEnum": "factcheck.models.ContradictionFlag.Status",
        "FlagKindEnum": "factcheck.models.ContradictionFlag.Kind",
        "VerdictStatusEnum": "reviews.models.Verdict.Status",
        "VerdictRatingEnum": "reviews.models.Verdict.Rating",
    },
}

# --- Celery. Without a broker the tasks run in-process, right after the transaction commits.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://localhost/"  # never used while tasks run eagerly
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
# A task is acknowledged only once it has run, and handed back to the queue if its worker dies,
# so a killed worker loses nothing; tasks are idempotent, so a redelivery is harmless.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redelivery of a message whose worker vanished without a trace waits this long: longer than
# the longest task (CELERY_TASK_TIME_LIMIT), so a running task is never handed out twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=900),
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
# A request that queues work waits at most about a second for a broker that is down; the work
# is in the database and a sweep queues it later (see config/celery.py).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# The transactional outbox (outbox/): the relay sends stored tasks every
# OUTBOX_RELAY_INTERVAL seconds while the broker is up. A running task renews its lease every
# third of OUTBOX_LEASE_SECONDS; a task whose lease ran out (its worker died), or that was
# sent and did not start within it, is sent again.
OUTBOX_RELAY_INTERVAL = env.float("OUTBOX_RELAY_INTERVAL", default=1.0)
OUTBOX_LEASE_SECONDS = env.float("OUTBOX_LEASE_SECONDS", default=15.0)
OUTBOX_RELAY_BATCH = 200
# A poison article (one whose extraction raises) is tried this many times in all, waiting
# FACTCHECK_EXTRACTION_RETRY_DELAY seconds, then twice that, ..., before it is marked failed.
FACTCHECK_EXTRACTION_MAX_ATTEMPTS = env.int("FACTCHECK_EXTRACTION_MAX_ATTEMPTS", default=3)
FACTCHECK_EXTRACTION_RETRY_DELAY = env.float("FACTCHECK_EXTRACTION_RETRY_DELAY", default=30.0)
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "expire-idempotency-records": {
        "task": "factcheck.tasks.expire_idempotency_records",
        "schedule": 3600.0,
    },
    "requeue-stalled-articles": {
        "task": "factcheck.tasks.requeue_stalled_articles",
        "schedule": 300.0,
    },
    # Each overdue assignment is reminded once (the reminder marks it), whatever the interval.
    "remind-overdue-assignments": {
        "task": "reviews.tasks.remind_overdue_assignments",
        "schedule": env.float("FACTCHECK_OVERDUE_REMINDER_INTERVAL", default=900.0),
    },
    "requeue-due-webhook-deliveries": {
        "task": "factcheck.webhooks.tasks.requeue_due_webhook_deliveries",
        "schedule": 60.0,
    },
    "prune-webhook-log": {
        "task": "factcheck.webhooks.tasks.prune_webhook_log",
        "schedule": 86400.0,
    },
}

# --- Webhooks to newsroom tools (webhooks/, docs/webhooks.md). Short timeouts: a
# slow receiver holds a worker for seconds at most, and is retried later with backoff.
WEBHOOK_CONNECT_TIMEOUT = env.float("WEBHOOK_CONNECT_TIMEOUT", default=3.0)
WEBHOOK_READ_TIMEOUT = env.float("WEBHOOK_READ_TIMEOUT", default=10.0)
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=8)
WEBHOOK_MAX_SUBSCRIPTIONS_PER_CLIENT = env.int("WEBHOOK_MAX_SUBSCRIPTIONS_PER_CLIENT", default=10)
# Finished deliveries (and events no delivery needs) are kept this long, then pruned daily.
WEBHOOK_RETENTION_DAYS = env.int("WEBHOOK_RETENTION_DAYS", default=30)
# Receivers on private, loopback or link-local addresses (SSRF): only local development and
# tests allow them.
WEBHOOK_ALLOW_PRIVATE_TARGETS = False

# --- Review workflow and ClaimReview publishing
FACTCHECK_ORGANISATION_NAME = env("FACTCHECK_ORGANISATION_NAME", default="Fact-check desk")
FACTCHECK_ORGANISATION_URL = env(
    "FACTCHECK_ORGANISATION_URL", default="https://factcheck.example.org/"
)
# The organisation's page for one check; `{claim_id}` is replaced by the claim's id.
FACTCHECK_CLAIMREVIEW_URL_TEMPLATE = env(
    "FACTCHECK_CLAIMREVIEW_URL_TEMPLATE",
    default=FACTCHECK_ORGANISATION_URL.rstrip("/") + "/checks/{claim_id}/",
)
# Where this service is reached, for the links in e-mails to fact-checkers.
FACTCHECK_SITE_URL = env("FACTCHECK_SITE_URL", default="http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="factcheck@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}
