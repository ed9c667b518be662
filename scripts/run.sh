#!/usr/bin/env bash
# One command for a fresh machine: install, migrate, load demo data, serve on :8000,
# with a background-job worker (and the periodic-job scheduler) beside the server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.dev}
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py seed_demo
.venv/bin/python manage.py jobs_worker --scheduler --interval 2 &
WORKER=$!
trap 'kill "$WORKER" 2>/dev/null; wait "$WORKER" 2>/dev/null' EXIT INT TERM
echo "平台已启动：http://127.0.0.1:8000  （演示账号见 README）"
.venv/bin/python manage.py runserver "${HOST:-127.0.0.1}:${PORT:-8000}"
