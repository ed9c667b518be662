"""Production: refuses to start without a secret key and allowed hosts.

`manage.py check --deploy` is clean under these settings.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import LOGGING, STORAGES, env, use_connection_pool

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
# Staff sign in with a second factor (TOTP); OTP_REQUIRED_FOR_STAFF=False turns it off.
OTP_REQUIRED_FOR_STAFF = env.bool("OTP_REQUIRED_FOR_STAFF", default=True)
# WebSockets only from pages served over https (common.middleware.SiteOriginValidator).
WEBSOCKET_ORIGIN_SCHEMES = ["https"]
# nginx is the one proxy in front (deploy/nginx/xyxf.conf).
TRUSTED_PROXY_HOPS = env.int("TRUSTED_PROXY_HOPS", default=1)

STORAGES = {
    **STORAGES,  # media: local disk, or the bucket of MEDIA_S3_BUCKET (base)
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# psycopg's connection pool, on by default here (see base.use_connection_pool).
use_connection_pool(enabled=env.bool("DJANGO_DB_POOL", default=True))

# The signing key must be the operator's: never make a local CA in production.
DOCUMENT_SIGNING_AUTO_SETUP = env.bool("DOCUMENT_SIGNING_AUTO_SETUP", default=False)
