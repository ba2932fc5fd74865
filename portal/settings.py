"""Styrportal's settings: one file, read from the environment.

The defaults give the embedded setup that ``make demo`` runs: SQLite under
``var/`` and a Celery broker on the file system, so nothing needs installing.
``DATABASE_URL`` switches to PostgreSQL, ``REDIS_URL`` makes Redis Celery's
broker and the cache. ``DJANGO_ENV=production`` refuses to start without a real
secret key, database and allowed hosts. docs/configuration.md lists every
variable.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from portal.env import Env, check_kolada_address, email_settings, redis_url_next_database, same_redis_database

env = Env()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.text("VAR_DIR", str(BASE_DIR / "var")))

DJANGO_ENV = env.choice("DJANGO_ENV", "development", ("development", "production"))
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env.flag("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG=true is not allowed with DJANGO_ENV=production. Remove DEBUG or set it to false.")

DEV_SECRET_KEY = "django-insecure-styrportal-development-only-never-use-in-production"
SECRET_KEY = env.text("SECRET_KEY", "" if PRODUCTION else DEV_SECRET_KEY)
if PRODUCTION and (not SECRET_KEY or SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "DJANGO_ENV=production needs a real secret key. Set SECRET_KEY (or SECRET_KEY_FILE) to a random "
        "string of at least 50 characters, for example the output of: "
        'python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )

ALLOWED_HOSTS = env.items("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ENV=production needs ALLOWED_HOSTS: set it to the portal's host names, comma-separated "
        "(for example ALLOWED_HOSTS=styrportal.kommun.se)."
    )
CSRF_TRUSTED_ORIGINS = env.items("CSRF_TRUSTED_ORIGINS")

# --- Database -------------------------------------------------------------------

DATABASE_URL = env.text("DATABASE_URL")
if PRODUCTION and not DATABASE_URL.startswith(("postgres://", "postgresql://")):
    raise ImproperlyConfigured(
        "DJANGO_ENV=production needs PostgreSQL: set DATABASE_URL, for example "
        "DATABASE_URL=postgres://styrportal:password@db.example.se:5432/styrportal."
    )
if DATABASE_URL:
    try:
        _database = dict(
            dj_database_url.parse(DATABASE_URL, conn_max_age=env.integer("DB_CONN_MAX_AGE", 60, minimum=0))
        )
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"DATABASE_URL cannot be read ({exc}). Set it as postgres://user:password@host:5432/name."
        ) from exc
    _database["CONN_HEALTH_CHECKS"] = True
else:
    _database = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "styrportal.sqlite3",
        # A file, not memory, so that a Celery worker process sees the test database too;
        # one per test run, so that two runs side by side don't share it.
        "TEST": {"NAME": VAR_DIR / f"test-styrportal-{os.getpid()}.sqlite3"},
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"},
    }
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Applications ---------------------------------------------------------------

INSTALLED_APPS = [
    "portal",
    "sso",
    "budgets",
    "goals",
    "planning",
    "followups",
    "internalcontrol",
    "fulfillment",
    "reporting",
    "public",
    "api",
    "kolada",
    "audit",
    "portal.admin_config.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "simple_history",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.ChosenLanguageMiddleware",
    "corsheaders.middleware.CorsMiddleware",  # before CommonMiddleware, as django-cors-headers asks
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "portal.middleware.IdleTimeoutMiddleware",
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # gunicorn serves the collected static files itself; runserver does it in development.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
AUTH_USER_MODEL = "portal.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
            "builtins": ["portal.templatetags.swedish"],
        },
    },
]

# --- Sign-in and sessions -------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "portal.backends.SignInBackend",
    "sso.backends.ProviderBackend",  # signs in no one by itself: sso.views does, after checking the ID token
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The portal's own passwords (the demo's users). With them on, local accounts may change theirs and reset
# it by email (/konto/losenord/, /konto/glomt-losenord/). A municipality that signs its staff in through
# its identity provider switches them off in production: the form is then neither shown nor accepted, and
# those pages answer 404.
LOCAL_PASSWORDS = env.flag("LOCAL_PASSWORDS", default=True)
# Requests for a password reset link per hour: per email address, and per client address.
PASSWORD_RESET_PER_ADDRESS = env.integer("PASSWORD_RESET_PER_ADDRESS", 3, minimum=1)
PASSWORD_RESET_PER_CLIENT = env.integer("PASSWORD_RESET_PER_CLIENT", 20, minimum=1)
# A reset link works once, for this long.
PASSWORD_RESET_TIMEOUT = 24 * 3600
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

# A session ends after this many minutes without a request (the editor's
# autosave counts as a request), and SESSION_MAX_HOURS after sign-in whatever
# happens (portal.middleware.IdleTimeoutMiddleware enforces both).
SESSION_IDLE_MINUTES = env.integer("SESSION_IDLE_MINUTES", 30, minimum=1)
SESSION_MAX_HOURS = env.integer("SESSION_MAX_HOURS", 12, minimum=1)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # htmx gets the token from the page, never from the cookie

# Brute-force protection: ten wrong passwords lock the account's sign-in.
AXES_FAILURE_LIMIT = env.integer("SIGNIN_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env.integer("SIGNIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username"]
# Lockout per account only: a municipality's staff reach the portal through a
# few shared addresses, and locking an address would lock out a whole office.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
# The lock lasts as long as the message says; attempts during it don't extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "portal.views.signin_locked_out"
AXES_VERBOSE = False

# --- Sign-in through the municipality's identity provider (sso/, docs/sso.md) -------

# OpenID Connect: set the issuer, the client id and the secret to offer it; nothing set, nothing offered.
OIDC_ISSUER = env.text("OIDC_ISSUER")  # exactly as the provider writes it in the token's "iss"
# Where the provider describes itself; by default the issuer's /.well-known/openid-configuration.
OIDC_DISCOVERY_URL = env.text(
    "OIDC_DISCOVERY_URL", f"{OIDC_ISSUER.rstrip('/')}/.well-known/openid-configuration" if OIDC_ISSUER else ""
)
OIDC_CLIENT_ID = env.text("OIDC_CLIENT_ID")
OIDC_CLIENT_SECRET = env.text("OIDC_CLIENT_SECRET")
OIDC_SCOPES = env.text("OIDC_SCOPES", "openid profile email")
# The claims the portal reads from the ID token: the stable subject, the name, the email, the groups.
OIDC_CLAIM_SUBJECT = env.text("OIDC_CLAIM_SUBJECT", "sub")
OIDC_CLAIM_USERNAME = env.text("OIDC_CLAIM_USERNAME", "preferred_username")
OIDC_CLAIM_NAME = env.text("OIDC_CLAIM_NAME", "name")
OIDC_CLAIM_EMAIL = env.text("OIDC_CLAIM_EMAIL", "email")
OIDC_CLAIM_GROUPS = env.text("OIDC_CLAIM_GROUPS", "groups")
# The name on the sign-in button: "Logga in med <OIDC_PROVIDER_NAME>".
OIDC_PROVIDER_NAME = env.text("OIDC_PROVIDER_NAME", "kommunens konto")
# Seconds of clock difference between the portal and the provider that the token's times may show.
OIDC_LEEWAY_SECONDS = env.integer("OIDC_LEEWAY_SECONDS", 60, minimum=0)
OIDC_TIMEOUT_SECONDS = env.integer("OIDC_TIMEOUT_SECONDS", 10, minimum=1)
_oidc = {"OIDC_ISSUER": OIDC_ISSUER, "OIDC_CLIENT_ID": OIDC_CLIENT_ID, "OIDC_CLIENT_SECRET": OIDC_CLIENT_SECRET}
if any(_oidc.values()) and not all(_oidc.values()):
    raise ImproperlyConfigured(
        "Sign-in through the identity provider needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together; "
        f"missing: {', '.join(name for name, value in _oidc.items() if not value)}. Set them, or remove all three."
    )
if OIDC_ISSUER and urlsplit(OIDC_ISSUER).scheme != "https" and PRODUCTION:
    raise ImproperlyConfigured(
        f"OIDC_ISSUER={OIDC_ISSUER!r} is not https. Set the provider's https:// issuer, for example "
        "OIDC_ISSUER=https://login.microsoftonline.com/<tenant id>/v2.0."
    )
# Whom a person should ask for access, shown when their groups give them no role in the portal.
SIGNIN_CONTACT = env.text("SIGNIN_CONTACT", "portalens administratör")

# --- Security headers -----------------------------------------------------------

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
if OIDC_ISSUER:
    # Sign-out posts a form whose answer sends the browser on to the provider's end_session_endpoint.
    _issuer = urlsplit(OIDC_ISSUER)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(f"{_issuer.scheme}://{_issuer.netloc}")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env.flag("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^halsa/$"]  # load balancers ask over plain HTTP
    if env.flag("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.flag("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- cookies are only sent over HTTPS, to this host, for the whole site.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_NAME = "__Host-language"
    LANGUAGE_COOKIE_SECURE = True
    LANGUAGE_COOKIE_HTTPONLY = True

# --- Language, time and formats -------------------------------------------------

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env.text("TIME_ZONE", "Europe/Stockholm")
USE_TZ = True

# --- Static files ---------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Uploaded files (a follow-up's attachments) go through Django's storage API (STORAGES["default"]): a
# FileSystemStorage under MEDIA_ROOT here; an S3-compatible backend works the same. They are never served
# from MEDIA_URL: every download passes the follow-up's access rules (followups/attachments.py).
MEDIA_ROOT = VAR_DIR / "media"
# An attachment larger than this is refused before it is stored.
ATTACHMENT_MAX_BYTES = env.integer("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)

# --- Budget import ---------------------------------------------------------------

# An uploaded budget file larger than this is refused before it is read.
BUDGET_IMPORT_MAX_BYTES = env.integer("BUDGET_IMPORT_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
# Uploads wait here between the preview and the confirmation (removed after a day).
BUDGET_IMPORT_DIR = VAR_DIR / "imports"

# --- Open data API (api/, docs/api.md) ------------------------------------------

# Requests per minute: per address without sign-in, per API key, per signed-in user.
API_RATE_ANONYMOUS = env.integer("API_RATE_ANONYMOUS", 60, minimum=1)
API_RATE_TOKEN = env.integer("API_RATE_TOKEN", 120, minimum=1)
API_RATE_USER = env.integer("API_RATE_USER", 120, minimum=1)
# Downloads of a public report's PDF per minute and client address (portal/throttling.py).
PUBLIC_PDF_RATE = env.integer("PUBLIC_PDF_RATE", 10, minimum=1)
# A write request larger than this is refused before it is read.
API_MAX_BODY_BYTES = env.integer("API_MAX_BODY_BYTES", 1024 * 1024, minimum=1024)
# Proxies in front of the portal that add X-Forwarded-For: the rate limit counts the address they saw.
# 0 counts the connecting address, so a client cannot dodge its limit with a made-up header.
API_TRUSTED_PROXIES = env.integer("API_TRUSTED_PROXIES", 0, minimum=0)
# Wrong API keys per client address before every key from it is refused (429) for the rest of the window,
# the right one too: guessing keys gets nowhere.
API_KEY_FAILURE_LIMIT = env.integer("API_KEY_FAILURE_LIMIT", 10, minimum=1)
API_KEY_FAILURE_WINDOW_MINUTES = env.integer("API_KEY_FAILURE_WINDOW_MINUTES", 15, minimum=1)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttles.AnonymousThrottle",
        "api.throttles.TokenThrottle",
        "api.throttles.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anonymous": f"{API_RATE_ANONYMOUS}/min",
        "token": f"{API_RATE_TOKEN}/min",
        "user": f"{API_RATE_USER}/min",
        "public_pdf": f"{PUBLIC_PDF_RATE}/min",
    },
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
    "URL_FORMAT_OVERRIDE": None,
    "NUM_PROXIES": API_TRUSTED_PROXIES,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Styrportal API",
    "DESCRIPTION": (
        "Öppna data om kommunens vision, mål och budget, och inläsning av indikatorvärden från andra system. "
        "Utan inloggning visas bara publicerade uppgifter."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from drf-spectacular-sidecar's static files: nothing from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
}

# CORS for the read API only: any site may read it from a browser, without cookies; no writes.
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/api/v1/(?!measurements/).*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False

# --- Cache and Celery -----------------------------------------------------------

REDIS_URL = env.text("REDIS_URL")
if PRODUCTION and not REDIS_URL:
    raise ImproperlyConfigured(
        "DJANGO_ENV=production needs Redis for Celery and the cache: set REDIS_URL, for example "
        "REDIS_URL=redis://redis.example.se:6379/0."
    )
# How long Redis waits for a connection or an answer. Without it a web request that queues a task
# waits forever on a Redis that accepts connections but does not answer; with it a Redis that is down
# or hung costs a request a few seconds at most, and the outbox sends the email later.
REDIS_TIMEOUT_SECONDS = 3
# The cache lives on a Redis database of its own, never the broker's: by default the next database of
# REDIS_URL's server (redis://…/0 -> redis://…/1). Its size is bounded by Redis (maxmemory, an eviction
# policy: docs/configuration.md), which must never evict the broker's queues.
CACHE_URL = env.text("CACHE_URL", redis_url_next_database(REDIS_URL) if REDIS_URL else "")
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"CACHE_URL={CACHE_URL!r} is not a Redis address. Set it as redis://host:6379/1, or leave it unset."
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "TIMEOUT": 300,  # every entry expires: what sets none gets five minutes
            "OPTIONS": {"socket_timeout": REDIS_TIMEOUT_SECONDS, "socket_connect_timeout": REDIS_TIMEOUT_SECONDS},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "TIMEOUT": 300}}
# How long a public page's body is kept at most; publishing forgets it at once (portal/publiccache.py).
PUBLIC_CACHE_SECONDS = env.integer("PUBLIC_CACHE_SECONDS", 600, minimum=0)
# Where the public reports accessibility problems; named in the accessibility statement.
ACCESSIBILITY_CONTACT_EMAIL = env.text("ACCESSIBILITY_CONTACT_EMAIL")

CELERY_BROKER_URL = env.text("CELERY_BROKER_URL", REDIS_URL or "filesystem://")
CELERY_RESULT_BACKEND = env.text("CELERY_RESULT_BACKEND", REDIS_URL or f"file://{VAR_DIR / 'celery' / 'results'}")
if CELERY_BROKER_URL == "filesystem://":
    # A broker that needs no server: the worker and the web process share a folder.
    _queue = VAR_DIR / "celery" / "queue"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue),
        "data_folder_out": str(_queue),
        "control_folder": str(VAR_DIR / "celery" / "control"),  # not the current folder
        "store_processed": False,
    }
    for _folder in (_queue, VAR_DIR / "celery" / "results"):
        _folder.mkdir(parents=True, exist_ok=True)
BROKER_VISIBILITY_TIMEOUT_SECONDS = 3600
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # A task taken but not acknowledged (acks_late: the worker died) goes back to the queue after
        # this long. No countdown, ETA or retry delay may be longer (tests/portal/test_celery_settings.py).
        "visibility_timeout": BROKER_VISIBILITY_TIMEOUT_SECONDS,
        "socket_timeout": REDIS_TIMEOUT_SECONDS,
        "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
    }
    # One new connection after a failed publish (a connection from before a Redis restart), not three.
    CELERY_TASK_PUBLISH_RETRY_POLICY = {
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.2,
    }
if CELERY_RESULT_BACKEND.startswith(("redis://", "rediss://")):
    CELERY_REDIS_SOCKET_TIMEOUT = REDIS_TIMEOUT_SECONDS
    CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_TIMEOUT_SECONDS
    # Celery's default tries to reconnect to the result store 20 times, a second apart, inside the web
    # request that queues a task (it subscribes to the task's result), and then gives up anyway.
    CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
        "retry_policy": {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
    }
# Nobody reads the outbox tasks' results: without a result, queueing one needs no result store at all.
CELERY_TASK_ANNOTATIONS = {
    name: {"ignore_result": True}
    for name in (
        "goals.send_notification",
        "goals.send_pending_notifications",
        "goals.send_deadline_notices",
        "audit.notify_question",
        "audit.notify_answer",
    )
}
CELERY_TASK_ALWAYS_EAGER = env.flag("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.integer("CELERY_TASK_TIME_LIMIT", 30 * 60, minimum=1)
if (
    CELERY_BROKER_URL.startswith(("redis://", "rediss://"))
    and CELERY_TASK_TIME_LIMIT >= BROKER_VISIBILITY_TIMEOUT_SECONDS
):
    raise ImproperlyConfigured(
        f"CELERY_TASK_TIME_LIMIT={CELERY_TASK_TIME_LIMIT} is not shorter than Redis's visibility timeout "
        f"({BROKER_VISIBILITY_TIMEOUT_SECONDS} s): Redis would give a long task to a second worker while the first "
        f"still runs it. Set CELERY_TASK_TIME_LIMIT to less than {BROKER_VISIBILITY_TIMEOUT_SECONDS}."
    )
if (
    CACHE_URL
    and CELERY_BROKER_URL.startswith(("redis://", "rediss://", "unix://"))
    and same_redis_database(CACHE_URL, CELERY_BROKER_URL)
):
    raise ImproperlyConfigured(
        "CACHE_URL names the same Redis database as Celery's broker (CELERY_BROKER_URL or REDIS_URL): clearing "
        "the cache would drop queued tasks. Give the cache a database of its own, for example "
        "CACHE_URL=redis://redis.example.se:6379/1, or leave CACHE_URL unset."
    )
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 60 if CELERY_TASK_TIME_LIMIT > 120 else CELERY_TASK_TIME_LIMIT
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Follow-ups and email (followups/notifications.py, docs/followups.md) -------------

# The periodic work of the follow-ups, in Celery's time zone (TIME_ZONE, Europe/Stockholm):
# reminders and overdue notices each morning, and the outbox swept for emails that could
# not be queued (the broker was down). Run a beat process (or a worker with --beat) for these.
CELERY_BEAT_SCHEDULE = {
    "followup-deadline-notices": {"task": "goals.send_deadline_notices", "schedule": crontab(hour=7, minute=0)},
    "followup-outbox": {"task": "goals.send_pending_notifications", "schedule": timedelta(minutes=5)},
    # Draft fulfillment reports compiled again each night from the day's figures (docs/fulfillment.md).
    "fulfillment-nightly-drafts": {"task": "goals.recompile_fulfillment_drafts", "schedule": crontab(hour=2, minute=0)},
    # Kolada's key figures once a night: Kolada revises published values without notice (docs/kolada.md).
    "kolada-nightly-fetch": {"task": "kolada.fetch_nightly", "schedule": crontab(hour=4, minute=30)},
    # The law's calendar: follow-up periods of report dates opened, reminders before deadlines (docs/reporting.md).
    "reporting-calendar": {"task": "reporting.run_calendar", "schedule": crontab(hour=6, minute=30)},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celery" / "beat-schedule")
(VAR_DIR / "celery").mkdir(parents=True, exist_ok=True)
# Reminders go out this many days before a period's deadline.
FOLLOWUP_REMINDER_DAYS = env.integer("FOLLOWUP_REMINDER_DAYS", 5, minimum=1)
# The law's calendar (reporting/calendar_tasks.py): strategists are reminded this many days before the law's
# deadlines; a report date's follow-up period opens this many days before its figures date, and a period the
# calendar makes has its deadline this many days after it.
REPORTING_REMINDER_DAYS = env.integer("REPORTING_REMINDER_DAYS", 14, minimum=1)
REPORTING_PERIOD_OPENS_DAYS_BEFORE = env.integer("REPORTING_PERIOD_OPENS_DAYS_BEFORE", 0, minimum=0)
REPORTING_FOLLOWUP_DAYS = env.integer("REPORTING_FOLLOWUP_DAYS", 21, minimum=1)
# The portal's address, for the links in emails.
PORTAL_URL = env.text(
    "PORTAL_URL", f"https://{ALLOWED_HOSTS[0]}" if PRODUCTION and ALLOWED_HOSTS else "http://127.0.0.1:8000"
)

DEFAULT_FROM_EMAIL = env.text("DEFAULT_FROM_EMAIL", "Styrportal <styrportal@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.integer("EMAIL_TIMEOUT", 30, minimum=1)
EMAIL_URL = env.text("EMAIL_URL")
EMAIL_BACKEND = env.text("EMAIL_BACKEND")
_email = email_settings(
    EMAIL_URL, EMAIL_BACKEND, production=PRODUCTION, file_path=VAR_DIR / "mail"
)  # the demo writes each email as a file in VAR_DIR/mail
EMAIL_BACKEND = _email.backend
EMAIL_FILE_PATH = _email.file_path
EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = _email.host, _email.port, _email.user, _email.password
EMAIL_USE_TLS, EMAIL_USE_SSL = _email.use_tls, _email.use_ssl

# --- Key figures from Kolada (kolada/, docs/kolada.md) -----------------------------

# The municipality's own id in Kolada (its four-digit municipality code). The development
# default is the example's municipality (Alingsås, 1489); production must set it to fetch.
KOLADA_MUNICIPALITY_ID = env.text("KOLADA_MUNICIPALITY_ID", "" if PRODUCTION else "1489")
# How many years back a fetch asks for: the years before the current one, the latest first.
KOLADA_YEARS = env.integer("KOLADA_YEARS", 3, minimum=1)
# Kolada's REST API, version 3. Another address is for a mirror or a test server; a fetch
# follows next-page links only on this address's scheme and host.
KOLADA_BASE_URL = env.text("KOLADA_BASE_URL", "https://api.kolada.se/v3/")
check_kolada_address(KOLADA_BASE_URL, production=PRODUCTION)

# --- Annual fulfillment (fulfillment/compilation.py, docs/fulfillment.md) ----------------

# How a majority of the goals for sound financial management is counted: per group
# (financial and operational goals each) or over both together. Shown with the verdict;
# the strategist may choose otherwise for a report.
FULFILLMENT_MAJORITY_COUNTING = env.choice("FULFILLMENT_MAJORITY_COUNTING", "per_group", ("per_group", "combined"))
# A compilation whose worker has not reported for this long is taken to have died, and may be taken over.
FULFILLMENT_STALE_SECONDS = env.integer("FULFILLMENT_STALE_SECONDS", 600, minimum=1)
# Report rows written per batch (the progress bar moves once per batch).
FULFILLMENT_ROW_BATCH_SIZE = env.integer("FULFILLMENT_ROW_BATCH_SIZE", 200, minimum=1)
# Only for the integration test that kills a worker mid-run: seconds to pause after each batch. Leave 0.
FULFILLMENT_TEST_PAUSE_SECONDS = env.integer("FULFILLMENT_TEST_PAUSE_SECONDS", 0, minimum=0)

# --- Logging --------------------------------------------------------------------

LOG_LEVEL = env.choice("LOG_LEVEL", "info", ("debug", "info", "warning", "error")).upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "portal": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
