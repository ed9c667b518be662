"""The production settings refuse to start half-configured and pass check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.smoke


def _manage(*args, **env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", **env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    result = _manage("check", DJANGO_ALLOWED_HOSTS="xy.example.cn")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _manage("check", DJANGO_SECRET_KEY="k" * 64)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_check_deploy_is_clean():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY="p9$x!" + "a1B2c3D4e5F6g7H8i9J0" * 3,
        DJANGO_ALLOWED_HOSTS="xy.example.cn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
