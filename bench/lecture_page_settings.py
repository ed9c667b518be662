"""Settings for bench/lecture_page.py: DEBUG off, plus a trivial view."""

from config.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "bench-only-key-" + "x" * 50  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "lecture_page_urls"
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Persistent connections, as a deployment would run; Daphne serves sync views on one
# thread, so one connection is reused instead of opened per request.
DATABASES["default"]["CONN_MAX_AGE"] = 600  # noqa: F405
