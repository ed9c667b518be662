"""Local development: DEBUG on, a fixed insecure key, console email."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    default="dev-only-insecure-key-7c1f0b2e9d4a4f3c8e6b5a1d2c3e4f5a6b7c8d9e0f1a2b3c",
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["*"])
