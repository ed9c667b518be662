"""Production: refuses to start without a secret key and allowed hosts.

`manage.py check --deploy` is clean under these settings.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, LOGGING, STORAGES, env

DEBUG = False
LOGGING["handlers"]["console"]["formatter"] = env("DJANGO_LOG_FORMAT", default="json")

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set in production.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

STORAGES = {
    **STORAGES,  # media: local disk, or the bucket of MEDIA_S3_BUCKET (base)
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# psycopg 3's connection pool: each process keeps up to DJANGO_DB_POOL_MAX_SIZE
# connections open and lends one to each request (or consumer call) for its
# duration, instead of opening a connection per request. Persistent connections
# (CONN_MAX_AGE) and the pool exclude each other. Size it as threads per process;
# processes × max size must stay under PostgreSQL's max_connections.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DJANGO_DB_POOL_MIN_SIZE", default=2),
        "max_size": env.int("DJANGO_DB_POOL_MAX_SIZE", default=10),
        "timeout": env.float("DJANGO_DB_POOL_TIMEOUT", default=20),
    }
