"""Settings shared by every environment, read from the environment with django-environ.

With nothing set, the platform runs on its embedded default: SQLite (WAL mode) and the
in-memory channel layer. DATABASE_URL and REDIS_URL switch it to PostgreSQL and Redis.
"""

import datetime
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

# ------------------------------------------------------------------------------
# General
# ------------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SITE_ID = 1

# ------------------------------------------------------------------------------
# Apps
# ------------------------------------------------------------------------------
DJANGO_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]
THIRD_PARTY_APPS = [
    "channels",
    "crispy_forms",
    "crispy_bootstrap5",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "health_check",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
]
LOCAL_APPS = [
    "common",
    "jobs",
    "accounts",
    "enterprises",
    "courses",
    "enrollment",
    "exams",
    "certificates",
    "reports",
    "portal",
    "demo",
    "deploy",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out username+IP before any password check.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# ------------------------------------------------------------------------------
# Middleware and templates
# ------------------------------------------------------------------------------
MIDDLEWARE = [
    "common.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "common.middleware.SiteCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "common.middleware.ChineseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Rule tables and plan lines record who changed them (规则变更记录).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.IdleTimeoutMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "common.middleware.RejectNulMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so it turns a lockout raised anywhere into the lockout page.
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "portal.context_processors.navigation",
            ],
        },
    }
]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# ------------------------------------------------------------------------------
# Database, cache, channel layer
# ------------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL", default="")
if DATABASE_URL:
    DATABASES = {"default": env.db_url("DATABASE_URL")}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("SQLITE_PATH", default=str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                # WAL lets readers go on while one writer writes; IMMEDIATE takes the
                # write lock at BEGIN so concurrent writers queue instead of failing.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }


def use_connection_pool(*, enabled: bool) -> None:
    """psycopg 3's pool on PostgreSQL: each process keeps up to
    DJANGO_DB_POOL_MAX_SIZE connections open and lends one to each request (or
    consumer call) for its duration, instead of opening one per request; size it as
    threads per process (processes × size < max_connections). A connection the
    server dropped (PostgreSQL restarted) is replaced on the next request."""
    if not enabled or DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return
    DATABASES["default"]["CONN_MAX_AGE"] = (
        0  # the pool and persistence exclude each other
    )
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DJANGO_DB_POOL_MIN_SIZE", default=2),
        "max_size": env.int("DJANGO_DB_POOL_MAX_SIZE", default=10),
        "timeout": env.float("DJANGO_DB_POOL_TIMEOUT", default=20),
    }
    # Test a lent connection first (one round trip), so one that a database restart
    # broke is replaced instead of failing the request.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True


use_connection_pool(enabled=env.bool("DJANGO_DB_POOL", default=False))

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "capacity": 1500, "expiry": 30},
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="xyxf"),
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# ------------------------------------------------------------------------------
# Background jobs (issue 19): django-tasks on the database queue, see jobs/
# ------------------------------------------------------------------------------
# JOBS_RUN_INLINE runs every job at once inside the caller (the tests do; never in
# production, where `manage.py jobs_worker` processes run them).
JOBS_RUN_INLINE = env.bool("JOBS_RUN_INLINE", default=False)


def tasks_setting(*, inline: bool) -> dict:
    """TASKS: the database queue, or every job run inside its caller."""
    backend = (
        "django_tasks.backends.immediate.ImmediateBackend"
        if inline
        else "django_tasks_db.DatabaseBackend"
    )
    return {"default": {"BACKEND": backend, "QUEUES": ["default", "mail"]}}


TASKS = tasks_setting(inline=JOBS_RUN_INLINE)
# A worker refreshes its lease every JOBS_HEARTBEAT_SECONDS; one silent for
# JOBS_LEASE_SECONDS is dead and its running job goes back to the queue, at most
# JOBS_MAX_ATTEMPTS times.
JOBS_HEARTBEAT_SECONDS = env.float("JOBS_HEARTBEAT_SECONDS", default=5)
JOBS_LEASE_SECONDS = env.float("JOBS_LEASE_SECONDS", default=30)
JOBS_MAX_ATTEMPTS = env.int("JOBS_MAX_ATTEMPTS", default=3)
JOBS_SCHEDULER_TICK_SECONDS = env.float("JOBS_SCHEDULER_TICK_SECONDS", default=10)

# ------------------------------------------------------------------------------
# Passwords and sessions
# ------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    # Django's checks with plain-Chinese guidance and messages.
    {"NAME": "accounts.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "accounts.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "accounts.password_validation.CommonPasswordValidator"},
    {"NAME": "accounts.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = 60 * 60 * 12
# Idle sessions end (accounts.middleware.IdleTimeoutMiddleware): staff (trainers,
# offices, administrators) after SESSION_IDLE_MINUTES_STAFF, representatives after
# SESSION_IDLE_MINUTES.
SESSION_IDLE_MINUTES_STAFF = env.int("SESSION_IDLE_MINUTES_STAFF", default=30)
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=120)

# Login protection (django-axes 8): 5 failures for one username from one IP lock
# that pair for 15 minutes, on every login (site, code login, password reset, Django
# admin, Wagtail admin). The lockout page is Chinese (accounts.lockout).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=env.int("AXES_COOLOFF_MINUTES", default=15)
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "common.audit.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_VERBOSE = False

# Second factor (django-otp TOTP) for city offices and administrators
# (accounts.middleware.SecondFactorMiddleware). On in production; off by default
# elsewhere so the demo logins work with a password alone.
OTP_REQUIRED_FOR_STAFF = env.bool("OTP_REQUIRED_FOR_STAFF", default=False)
OTP_TOTP_ISSUER = "信用修复培训考试平台"

# ------------------------------------------------------------------------------
# Security: client address, audit log, error pages
# ------------------------------------------------------------------------------
# How many proxies in front of the app append to X-Forwarded-For (nginx: 1). The
# client is that many entries from the right; 0 ignores the header (direct exposure).
TRUSTED_PROXY_HOPS = env.int("TRUSTED_PROXY_HOPS", default=0)
# Audit entries are kept at least this long; `manage.py audit_prune` (daily job)
# deletes older ones. Never below 180 days (GB/T 22239-2019 level 3).
AUDIT_RETENTION_DAYS = max(180, env.int("AUDIT_RETENTION_DAYS", default=365))
CSRF_FAILURE_VIEW = "common.views.csrf_failure"

# Content-Security-Policy on every response (django-csp 4;
# common.middleware.SiteCSPMiddleware adds the site's WebSocket origin to
# connect-src and lets the two admin sites run their own inline scripts). Pages
# carry no inline script: behaviour lives in static/js.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Bootstrap components and a few templates set style attributes.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "media-src": ["'self'"],
        "connect-src": ["'self'"],
        # Lecture videos embedded from video sites (Wagtail embeds).
        "frame-src": ["'self'", "https:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
if env("MEDIA_S3_BUCKET", default=""):  # media served from the bucket's own origin
    _media_origin = env("MEDIA_S3_CUSTOM_DOMAIN", default="") or env(
        "MEDIA_S3_ENDPOINT_URL", default=""
    )
    if _media_origin:
        for _directive in ("img-src", "media-src"):
            CONTENT_SECURITY_POLICY["DIRECTIVES"][_directive].append(
                _media_origin if "://" in _media_origin else f"https://{_media_origin}"
            )
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Uploaded lists and question banks: at most this many data rows (common.spreadsheets
# also refuses a workbook whose declared dimension is wider than the template).
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=20_000)

# ------------------------------------------------------------------------------
# One-time codes and SMS (accounts.sms)
# ------------------------------------------------------------------------------
SMS_BACKEND = env("SMS_BACKEND", default="accounts.sms.OutboxBackend")
SMS_OUTBOX_PATH = env("SMS_OUTBOX_PATH", default=str(BASE_DIR / "sms-outbox.jsonl"))
SMS_SIGN_NAME = env("SMS_SIGN_NAME", default="信用修复培训")
SMS_TIMEOUT_SECONDS = env.float("SMS_TIMEOUT_SECONDS", default=5)
SMS_ALIYUN_ENDPOINT = env(
    "SMS_ALIYUN_ENDPOINT", default="https://dysmsapi.aliyuncs.com/"
)
SMS_ALIYUN_REGION = env("SMS_ALIYUN_REGION", default="cn-hangzhou")
SMS_ALIYUN_ACCESS_KEY_ID = env("SMS_ALIYUN_ACCESS_KEY_ID", default="")
SMS_ALIYUN_ACCESS_KEY_SECRET = env("SMS_ALIYUN_ACCESS_KEY_SECRET", default="")
SMS_ALIYUN_SIGN_NAME = env("SMS_ALIYUN_SIGN_NAME", default="")
SMS_ALIYUN_TEMPLATE_CODE = env("SMS_ALIYUN_TEMPLATE_CODE", default="")
OTP_TTL_SECONDS = env.int("OTP_TTL_SECONDS", default=300)
OTP_MAX_ATTEMPTS = env.int("OTP_MAX_ATTEMPTS", default=5)
OTP_RESEND_SECONDS = env.int("OTP_RESEND_SECONDS", default=60)
OTP_MAX_PER_DESTINATION_HOUR = env.int("OTP_MAX_PER_DESTINATION_HOUR", default=10)
OTP_MAX_PER_IP_HOUR = env.int("OTP_MAX_PER_IP_HOUR", default=30)

# ------------------------------------------------------------------------------
# Static and media files
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def s3_media_storage(
    *,
    bucket: str,
    endpoint_url: str | None = None,
    access_key: str | None = None,
    secret_key: str | None = None,
    region: str | None = None,
    addressing_style: str = "path",
    prefix: str = "media",
    signed_urls: bool = True,
    url_expire_seconds: int = 3600,
    custom_domain: str | None = None,
) -> dict:
    """STORAGES["default"] for an S3-compatible bucket (MinIO, Aliyun OSS, Tencent
    COS): private objects, reached through URLs signed for `url_expire_seconds`."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url,
            "access_key": access_key,
            "secret_key": secret_key,
            "region_name": region,
            "addressing_style": addressing_style,
            "signature_version": "s3v4",
            "location": prefix,
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": signed_urls,
            "querystring_expire": url_expire_seconds,
            "custom_domain": custom_domain,
        },
    }


# Media (seals, signatures, Wagtail images and documents) go to a bucket when
# MEDIA_S3_BUCKET is set, so several app hosts share them; local disk otherwise.
if env("MEDIA_S3_BUCKET", default=""):
    STORAGES["default"] = s3_media_storage(
        bucket=env("MEDIA_S3_BUCKET"),
        endpoint_url=env("MEDIA_S3_ENDPOINT_URL", default=None),
        access_key=env("MEDIA_S3_ACCESS_KEY_ID", default=None),
        secret_key=env("MEDIA_S3_SECRET_ACCESS_KEY", default=None),
        region=env("MEDIA_S3_REGION", default=None),
        addressing_style=env("MEDIA_S3_ADDRESSING_STYLE", default="path"),
        prefix=env("MEDIA_S3_PREFIX", default="media"),
        signed_urls=env.bool("MEDIA_S3_SIGNED_URLS", default=True),
        url_expire_seconds=env.int("MEDIA_S3_URL_EXPIRE_SECONDS", default=3600),
        custom_domain=env("MEDIA_S3_CUSTOM_DOMAIN", default=None),
    )
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# ------------------------------------------------------------------------------
# Email
# ------------------------------------------------------------------------------
# EMAIL_URL configures mail in one variable, e.g.
# smtp+tls://user:password@smtp.example.cn:587 or smtp+ssl://…:465 (django-environ).
if env("EMAIL_URL", default=""):
    globals().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = env(
        "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
    )
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="noreply@xyxf.example")

# ------------------------------------------------------------------------------
# Wagtail
# ------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "信用修复培训考试平台"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt"]
# Lecture videos are uploaded as documents (issue 4).
WAGTAILDOCS_EXTENSIONS += ["mp4", "webm"]

# ------------------------------------------------------------------------------
# Platform
# ------------------------------------------------------------------------------
# Public address printed on certificates and QR codes.
SITE_BASE_URL = env("SITE_BASE_URL", default="http://127.0.0.1:8000")
# The province this deployment serves; printed in letters (「被  省  市」) and used
# where an office profile needs it. Place names are never written in code.
PLATFORM_PROVINCE = env("PLATFORM_PROVINCE", default="江苏省")
# A CJK TrueType font shipped in the repository; see common/fonts/README.md.
PDF_FONT_PATH = env(
    "PDF_FONT_PATH", default=str(BASE_DIR / "common" / "fonts" / "XYSans.ttf")
)
# The serif (Ming/Song) face for the body text of official documents.
PDF_SERIF_FONT_PATH = env(
    "PDF_SERIF_FONT_PATH",
    default=str(BASE_DIR / "common" / "fonts" / "XYSerif.ttf"),
)
# Document signing (PAdES, common/signing.py). `manage.py signing_setup` makes a
# local CA and signing certificate in DOCUMENT_SIGNING_DIR; production points the
# paths at the operator's key and certificate (chain to DOCUMENT_SIGNING_CA_CERT).
DOCUMENT_SIGNING_ENABLED = env.bool("DOCUMENT_SIGNING_ENABLED", default=True)
DOCUMENT_SIGNING_DIR = Path(
    env("DOCUMENT_SIGNING_DIR", default=str(BASE_DIR / "var" / "signing"))
)
DOCUMENT_SIGNING_KEY = env(
    "DOCUMENT_SIGNING_KEY", default=str(DOCUMENT_SIGNING_DIR / "signing.key")
)
DOCUMENT_SIGNING_CERT = env(
    "DOCUMENT_SIGNING_CERT", default=str(DOCUMENT_SIGNING_DIR / "signing.crt")
)
DOCUMENT_SIGNING_CA_CERT = env(
    "DOCUMENT_SIGNING_CA_CERT", default=str(DOCUMENT_SIGNING_DIR / "ca.crt")
)
DOCUMENT_SIGNING_EXTRA_ROOTS = env.list("DOCUMENT_SIGNING_EXTRA_ROOTS", default=[])
DOCUMENT_SIGNING_KEY_PASSPHRASE = env("DOCUMENT_SIGNING_KEY_PASSPHRASE", default="")
# Make the local CA on first use when no key exists (dev and tests; off in production).
DOCUMENT_SIGNING_AUTO_SETUP = env.bool("DOCUMENT_SIGNING_AUTO_SETUP", default=True)
DOCUMENT_SIGNING_ORG = env("DOCUMENT_SIGNING_ORG", default="信用修复培训平台")
# An RFC 3161 timestamp authority, e.g. https://tsa.example.com/tsr (empty: none).
DOCUMENT_SIGNING_TSA_URL = env("DOCUMENT_SIGNING_TSA_URL", default="")

# Exams: seconds after an attempt's deadline during which answers still count.
EXAM_GRACE_SECONDS = env.int("EXAM_GRACE_SECONDS", default=5)

# Logs go to standard error (journald under systemd), as text or, with
# DJANGO_LOG_FORMAT=json (the production default), one JSON object per line; both
# carry the request ID (common.observability).
LOG_FORMAT = env("DJANGO_LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "common.observability.RequestIdFilter"}},
    "formatters": {
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
        },
        "json": {"()": "common.observability.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        # Wagtail's background tasks and page actions log every step at INFO.
        "django_tasks": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "xhtml2pdf": {"level": "ERROR"},
    },
}

# Errors go to Sentry (or a self-hosted GlitchTip) when SENTRY_DSN is set.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    from common.observability import init_sentry

    init_sentry(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# ------------------------------------------------------------------------------
# Live sessions (issue 6): code rotation, presence heartbeats, bench echo route
# ------------------------------------------------------------------------------
SIGNIN_CODE_WINDOW_SECONDS = env.int("SIGNIN_CODE_WINDOW_SECONDS", default=30)
SIGNIN_OPEN_EARLY_MINUTES = env.int("SIGNIN_OPEN_EARLY_MINUTES", default=30)
PRESENCE_HEARTBEAT_SECONDS = env.int("PRESENCE_HEARTBEAT_SECONDS", default=20)
LIVE_BENCH_ECHO = env.bool("LIVE_BENCH_ECHO", default=False)
