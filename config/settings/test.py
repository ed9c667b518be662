"""Tests: fast hashing, in-memory email; DATABASE_URL/REDIS_URL still honoured."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, env, tasks_setting

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY", default="test-only-key-" + "x" * 50)
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": env("SQLITE_TEST_PATH", default="")}
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Tests import config.asgi; they need no PDF warm-up thread (issue 8).
PDF_WARM_UP = False
# Tests sign with a throw-away local CA outside the repository.
DOCUMENT_SIGNING_DIR = Path(tempfile.gettempdir()) / f"xyxf-signing-{os.getuid()}"
DOCUMENT_SIGNING_KEY = str(DOCUMENT_SIGNING_DIR / "signing.key")
DOCUMENT_SIGNING_CERT = str(DOCUMENT_SIGNING_DIR / "signing.crt")
DOCUMENT_SIGNING_CA_CERT = str(DOCUMENT_SIGNING_DIR / "ca.crt")
DOCUMENT_SIGNING_TSA_URL = ""
# Jobs run inline in tests unless a test's child processes need the real queue
# (JOBS_RUN_INLINE=0 in their environment).
JOBS_RUN_INLINE = env.bool("JOBS_RUN_INLINE", default=True)
TASKS = tasks_setting(inline=JOBS_RUN_INLINE)
# Each test run keeps its cache keys under its own prefix and clears only those
# (conftest.cache_clear_own_keys), never the whole Redis database. Child servers a
# test starts inherit the prefix through the environment.
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    os.environ.setdefault("TEST_CACHE_KEY_PREFIX", f"xyxf-test-{os.getpid()}")
    CACHES["default"]["KEY_PREFIX"] = os.environ["TEST_CACHE_KEY_PREFIX"] + (
        os.environ.get("PYTEST_XDIST_WORKER", "")
    )
# SMS codes go to an outbox file of the run's own (tests read it; accounts.sms).
SMS_BACKEND = "accounts.sms.OutboxBackend"
# Set in the environment so the servers a test starts write to the same file.
SMS_OUTBOX_PATH = os.environ.setdefault(
    "SMS_OUTBOX_PATH",
    os.path.join(tempfile.gettempdir(), f"xyxf-sms-{os.getpid()}.jsonl"),
)
