"""WSGI entry point: plain HTTP on a threaded server (granian or gunicorn), where
sync views run on many threads with pooled connections. WebSockets (/ws/) stay on
the ASGI server (config.asgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()
