"""Valmo settings, read from the environment.

``VALMO_ENV`` is ``development`` (default: safe local defaults, embedded PostgreSQL when
``DATABASE_URL`` is unset) or ``production`` (secrets and hosts are required, no defaults).
"""

from __future__ import annotations

from pathlib import Path

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from .embedded_db import embedded_database_settings, var_dir
from .env import database_from_url, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = var_dir()
VALMO_ENV = env_str("VALMO_ENV", "development")
PRODUCTION = VALMO_ENV == "production"

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-never-in-production", required=PRODUCTION)
DEBUG = env_bool("DJANGO_DEBUG", default=not PRODUCTION)

# Tenants are served at <slug>.<base domain>; the bare base domain is the public site.
VALMO_BASE_DOMAIN = env_str("VALMO_BASE_DOMAIN", "localhost", required=PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [VALMO_BASE_DOMAIN, f".{VALMO_BASE_DOMAIN}"])
if not PRODUCTION:
    ALLOWED_HOSTS += ["127.0.0.1", "testserver", ".testserver"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# --- Applications -----------------------------------------------------------------------------
SHARED_APPS = [
    "django_tenants",  # schema routing; must be first
    "tenants",  # Municipality (tenant), Domain, Region: public metadata
    "benchmarking",  # participation, runs and disclosure-controlled snapshots (no personal data)
    "competence.frameworks",  # national qualification requirements, shared by all tenants
    "accounts",  # also public: platform operators and regional coordinators
    "django.contrib.contenttypes",  # needed by auth/admin in the public schema
    "django.contrib.auth",  # operator/coordinator permissions
    "django.contrib.sessions",  # operator sessions on the public host
    "django.contrib.messages",  # admin flash messages
    "django.contrib.staticfiles",  # static assets (no tables)
    "django.contrib.humanize",  # template filters allauth's pages load (no tables)
    "django.contrib.admin",  # operators' admin on the public host
    "allauth",  # sign-in for operators
    "allauth.account",  # e-mail addresses of operators
    "allauth.mfa",  # operators' TOTP/recovery codes
    "allauth.socialaccount",  # tables exist here too, so the public login page can list none
    "allauth.socialaccount.providers.openid_connect",  # OIDC provider (no tables)
    "rest_framework",  # API framework (no tables)
    "drf_spectacular",  # OpenAPI 3.1 schema of /api/v1/ (no tables)
    "drf_spectacular_sidecar",  # Swagger UI and Redoc files, served from this host (no tables)
    "onboarding",  # top layer: onboarding and demo commands over every app (no tables)
]

TENANT_APPS = [
    "django.contrib.contenttypes",  # per-tenant content types for tenant permissions
    "django.contrib.auth",  # per-tenant groups and permissions
    "django.contrib.sessions",  # staff sessions never cross tenants
    "django.contrib.admin",  # tenant admin's configuration screens and log
    "accounts",  # staff and trainee accounts belong to the municipality
    "allauth",  # per-tenant sign-in
    "allauth.account",  # per-tenant e-mail addresses and verification
    "allauth.mfa",  # per-tenant MFA authenticators
    "allauth.socialaccount",  # per-tenant single sign-on app and linked accounts
    "allauth.socialaccount.providers.openid_connect",  # the municipality's OIDC (e.g. Entra ID)
    "coaching",  # trainees, referrals, periods, task catalogue, daily log
    "competence",  # competence records, certificates, capacity indicator
    "competence.capacity",  # work and functional capacity instruments and assessments
    "competence.reports",  # final summaries, interim reports and their delivery to the referrer
    "privacy",  # audit log, support access, retention: next to the data it describes
    "django_htmx",  # request.htmx and the htmx script (no tables)
    "web",  # the staff web app: pages, forms and the design system (no tables)
    "api",  # the REST API's documentation templates and static files (no tables)
    "integrations",  # webhook subscriptions and their delivery log belong to the municipality
]

INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Municipality"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_URLCONF = "valmo.urls_public"
ROOT_URLCONF = "valmo.urls_tenants"
DEFAULT_NOT_FOUND_TENANT_VIEW = "valmo.views.UnknownHostView"

# New tenants are cloned from a migrated template schema (measured faster than running
# migrations, see docs/performance.md); "migrate" switches back to plain migrations.
VALMO_TENANT_CREATION = env_str("VALMO_TENANT_CREATION", "clone")
VALMO_TEMPLATE_SCHEMA = "valmo_template"
TENANT_CREATION_FAKES_MIGRATIONS = VALMO_TENANT_CREATION == "clone"
if TENANT_CREATION_FAKES_MIGRATIONS:
    TENANT_BASE_SCHEMA = VALMO_TEMPLATE_SCHEMA
TENANT_MULTIPROCESSING_MAX_PROCESSES = env_int("TENANT_MULTIPROCESSING_MAX_PROCESSES", 2)
# Schemas cloned ahead of time for onboarding (tenants.schema_pool); 0 switches the pool off.
# Off by default in development: `make run` need not clone schemas in the background.
VALMO_SCHEMA_POOL_SIZE = env_int("VALMO_SCHEMA_POOL_SIZE", 2 if PRODUCTION else 0)
# Seconds a host's municipality stays in the cache (valmo.middleware); 0 switches it off.
VALMO_TENANT_ROUTING_CACHE_SECONDS = env_int("VALMO_TENANT_ROUTING_CACHE_SECONDS", 300)
# In front of it, each process keeps a host's municipality this long (0 = off): other
# processes see a changed domain or a deactivated municipality at most this much later.
VALMO_TENANT_ROUTING_LOCAL_SECONDS = env_int("VALMO_TENANT_ROUTING_LOCAL_SECONDS", 5)

MIDDLEWARE = [
    "valmo.middleware.TenantMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files: whitenoise in production; runserver serves them in development.
    *(["whitenoise.middleware.WhiteNoiseMiddleware"] if PRODUCTION else []),
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "valmo.middleware.TenantLocaleMiddleware",  # cookie, browser, then the municipality
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "privacy.middleware.AuditContextMiddleware",  # who/IP/request id for the audit log
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",  # request.htmx for partial updates
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.SignInPolicyMiddleware",  # idle time-out, MFA and trainee policy
    "privacy.support.SupportAccessMiddleware",  # operators' /support/<municipality>/ access
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "platform" / "valmo" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "valmo.context_processors.tenant",
                "web.context_processors.navigation",
                "web.context_processors.brand",
            ],
        },
    },
]

WSGI_APPLICATION = "valmo.wsgi.application"
ASGI_APPLICATION = "valmo.asgi.application"

# --- Database -------------------------------------------------------------------------------
_database_url = env_str("DATABASE_URL", required=PRODUCTION)
_db = database_from_url(_database_url) if _database_url else embedded_database_settings()
# Session-mode connections only: transaction-mode pooling would leak search_path between tenants.
DATABASES = {
    "default": {
        "ENGINE": "django_tenants.postgresql_backend",
        "CONN_MAX_AGE": env_int("CONN_MAX_AGE", 60 if PRODUCTION else 0),
        "CONN_HEALTH_CHECKS": True,
        **_db,
    }
}
DATABASE_ROUTERS = ("django_tenants.routers.TenantSyncRouter",)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
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
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"  # the public host redirects elsewhere (accounts.adapters)
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# Nobody signs in with an address that was never confirmed; accepting an invitation confirms it.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CHANGE_EMAIL = True  # one address per person: a change replaces it after confirmation
ACCOUNT_ALLOW_REGISTRATION = False  # staff are invited by the tenant admin
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
# Failed sign-ins: 10 a minute from one address, 5 per 5 minutes for one e-mail on one host.
ACCOUNT_RATE_LIMITS: dict[str, str] | bool = {"login_failed": "10/m/ip,5/5m/key"}
# Rate limits count per client address: behind the load balancer, read it from X-Forwarded-For.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if PRODUCTION else 0)
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_SESSION_REMEMBER = False  # no "remember me" on shared work-floor devices
ACCOUNT_PREVENT_ENUMERATION = True
VALMO_INVITATION_DAYS = env_int("VALMO_INVITATION_DAYS", 7)
# A trainee's one-time sign-in link (printed or shown by the coach) is valid this long.
VALMO_SIGN_IN_LINK_MINUTES = env_int("VALMO_SIGN_IN_LINK_MINUTES", 30)
# Importing staff and trainees from a spreadsheet (onboarding.imports): size and row caps.
VALMO_IMPORT_MAX_BYTES = env_int("VALMO_IMPORT_MAX_BYTES", 5_000_000)
VALMO_IMPORT_MAX_ROWS = env_int("VALMO_IMPORT_MAX_ROWS", 5000)
# A previewed import file never confirmed is deleted after this many hours.
VALMO_IMPORT_PREVIEW_HOURS = env_int("VALMO_IMPORT_PREVIEW_HOURS", 24)
VALMO_DEV_PORT = env_int("PORT", 8000)  # links in e-mails outside production
MFA_ADAPTER = "accounts.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True  # a passkey (WebAuthn with user verification) is two factors
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION  # http://<municipality>.localhost in dev
MFA_TRUST_ENABLED = False  # shared devices: never "trust this browser"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True  # match an existing account by a verified e-mail
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
# A tenant admin's issuer URL is fetched by the server: plain http only outside production.
VALMO_OIDC_ALLOW_HTTP_ISSUER = not PRODUCTION
# Shared work-floor devices: sessions end when the browser closes, after the schema's idle
# time-out (SecurityPolicy.session_idle_minutes, default 30) and after 8 h at most.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Rate-limit counters and used TOTP codes live in the cache; keys carry the schema name.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache"
        if env_str("REDIS_URL")
        else "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": env_str("REDIS_URL") or "valmo",
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
    }
}

# --- I18N -----------------------------------------------------------------------------------
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "platform" / "valmo" / "static"]
# The design system's CSS comes from npm (package-lock.json, `npm ci`): a finder serves the
# few files the pages use straight from node_modules; whitenoise serves them in production.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "web.staticfiles.NodeModulesFinder",
]
VALMO_NODE_MODULES = BASE_DIR / "node_modules"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"

# Files live under a per-tenant key prefix: S3 (boto3) in production, local disk otherwise.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL") or None
AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME", "eu-north-1")
AWS_ACCESS_KEY_ID = env_str("AWS_ACCESS_KEY_ID") or None
AWS_SECRET_ACCESS_KEY = env_str("AWS_SECRET_ACCESS_KEY") or None
VALMO_STORAGE_PREFIX = env_str("VALMO_STORAGE_PREFIX", "tenants")
if AWS_STORAGE_BUCKET_NAME:
    _default_storage = {
        "BACKEND": "valmo.storage.TenantS3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": AWS_S3_ENDPOINT_URL,
            "region_name": AWS_S3_REGION_NAME,
            "access_key": AWS_ACCESS_KEY_ID,
            "secret_key": AWS_SECRET_ACCESS_KEY,
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
            # With AWS_S3_KMS_KEY_ID (production, infra/terraform) every object is encrypted
            # with that customer-managed key; otherwise with S3-managed keys.
            "object_parameters": (
                {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": env_str("AWS_S3_KMS_KEY_ID")}
                if env_str("AWS_S3_KMS_KEY_ID")
                else {"ServerSideEncryption": "AES256"}
            ),
        },
    }
else:
    _default_storage = {"BACKEND": "valmo.storage.TenantFileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Celery ---------------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
else:
    # A broker that needs no server, so the embedded run still uses a real worker.
    _broker_dir = VAR_DIR / "celery"
    for _sub in ("out", "processed", "results", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
        # kombu's default is ./control, which would litter the working directory.
        "control_folder": str(_broker_dir / "control"),
    }
    CELERY_RESULT_BACKEND = f"file://{_broker_dir / 'results'}"
CELERY_TASK_ACKS_LATE = True  # a worker that dies mid-task leaves the message for another
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_RESULT_EXPIRES = 24 * 60 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Periodic jobs run in the public schema and fan out one task per municipality.
CELERY_BEAT_SCHEDULE = {
    "privacy-retention": {
        "task": "privacy.retention_run_all",
        "schedule": crontab(hour=2, minute=30),  # nightly, CELERY_TIMEZONE
    },
    # Webhook deliveries left without an outcome by a dead worker are retried; old log rows go.
    "webhook-sweep": {
        "task": "integrations.webhook_sweep_all",
        "schedule": crontab(minute="*/10"),
    },
    # Import files previewed but never confirmed are deleted after VALMO_IMPORT_PREVIEW_HOURS.
    "import-previews-prune": {
        "task": "onboarding.import_previews_prune_all",
        "schedule": crontab(minute=15),
    },
    # Cross-municipality benchmarking: a new snapshot every week (docs/benchmarking.md).
    "benchmarking-run": {
        "task": "benchmarking.run_all",
        "schedule": crontab(hour=3, minute=30, day_of_week=1),
    },
}

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"Valmo <no-reply@{VALMO_BASE_DOMAIN}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- REST framework -------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_THROTTLE_CLASSES": ["accounts.api_keys.throttling.ApiKeyRateThrottle"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON and URL-encoded forms only, bounded in size and nesting (api.parsers).
    "DEFAULT_PARSER_CLASSES": ["api.parsers.BoundedJSONParser", "api.parsers.BoundedFormParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.BoundedCursorPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    # Whitelisted, validated filtering and ordering (api.filters).
    "DEFAULT_FILTER_BACKENDS": [
        "api.filters.WhitelistFilterBackend",
        "api.filters.WhitelistOrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "api.schema.ValmoAutoSchema",
}
# Authentication classes of the API, in order: integrations' API keys
# (docs/api-keys-webhooks.md), then the web app's session.
API_AUTHENTICATION_CLASSES = [
    "accounts.api_keys.authentication.ApiKeyAuthentication",
    "rest_framework.authentication.SessionAuthentication",
]
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = API_AUTHENTICATION_CLASSES

SPECTACULAR_SETTINGS = {
    "TITLE": "Valmo API",
    "DESCRIPTION": (
        "The REST API of one municipality's work-coaching environment. Errors are RFC 9457 "
        "problem details; lists page with a cursor; updates need If-Match. See docs/api.md."
    ),
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    # Choice sets whose field names collide get names of their own (no hashed suffixes).
    "ENUM_NAME_OVERRIDES": {
        "PartnerOrganisationKindEnum": "coaching.models.partners.PartnerOrganisation.Kind",
        "DeliveryStateEnum": ["open", "expired", "revoked", "locked"],
    },
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["api.schema.only_api_v1"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_problem_component",
        "api.schema.add_links",
    ],
    # Swagger UI and Redoc from drf-spectacular-sidecar's static files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- API keys and webhooks (docs/api-keys-webhooks.md) ----------------------------------------
# Requests per minute of a new API key (each key's own rate is set on the key).
VALMO_API_KEY_RATE_LIMIT_PER_MINUTE = env_int("VALMO_API_KEY_RATE_LIMIT_PER_MINUTE", 120)
# Reverse proxies of our own in front of Django: 0 trusts REMOTE_ADDR only; N takes the client
# address from the N-th X-Forwarded-For entry from the right (accounts.api_keys.network).
VALMO_TRUSTED_PROXY_COUNT = env_int("VALMO_TRUSTED_PROXY_COUNT", 0)
# Deliveries are tried this many times in all, waiting base * 2**(n-1) seconds before retry n.
VALMO_WEBHOOK_MAX_ATTEMPTS = env_int("VALMO_WEBHOOK_MAX_ATTEMPTS", 6)
VALMO_WEBHOOK_RETRY_BASE_SECONDS = env_int("VALMO_WEBHOOK_RETRY_BASE_SECONDS", 30)
VALMO_WEBHOOK_TIMEOUT_SECONDS = env_int("VALMO_WEBHOOK_TIMEOUT_SECONDS", 10)
# A delivery with no outcome this long after its attempt started (or its retry was due) had
# its worker die or its message lost: the sweep queues the next attempt.
VALMO_WEBHOOK_STALE_SECONDS = env_int("VALMO_WEBHOOK_STALE_SECONDS", 15 * 60)
# Finished deliveries (delivered or failed) stay in the log this many days.
VALMO_WEBHOOK_LOG_DAYS = env_int("VALMO_WEBHOOK_LOG_DAYS", 90)
# Tests only: also allow http://127.0.0.1 and http://localhost receivers. Off, only https URLs
# to public addresses are accepted (no private, loopback or link-local targets: SSRF).
VALMO_WEBHOOK_ALLOW_LOCAL_HTTP = env_bool("VALMO_WEBHOOK_ALLOW_LOCAL_HTTP", default=False)

# --- Security -------------------------------------------------------------------------------
# Form and API bodies (uploaded files not counted): larger requests get a 400/413, not a parse.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_HSTS_SECONDS = 31536000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_HOST = None
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Content-Security-Policy (django-csp): only this host's own scripts, styles and images; no
# inline script or style, no plugins, no framing. form-action is left open on purpose: the
# single sign-on button posts to this host, which then redirects to the municipality's
# identity provider, and browsers apply form-action to that redirect as well.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # data: for the TOTP QR code
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# One handler, on the root logger. Django's own "django" logger also has a console handler
# (when DEBUG), which printed every 404 and 403 twice: it gets none here and propagates.
# Client errors (4xx) are one line without a traceback (valmo.log_filters).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors": {"()": "valmo.log_filters.ClientErrorFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["client_errors"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.request": {"filters": ["client_errors"]},
        "django.db.backends": {"level": "WARNING"},
        "pgserver": {"level": "WARNING"},
    },
}
