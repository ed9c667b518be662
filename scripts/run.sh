#!/usr/bin/env bash
# One command for a fresh machine: install, migrate, load demo data, serve, with a
# background-job worker (and the periodic-job scheduler) beside the server.
# HOST (default 127.0.0.1) and PORT (default 8000) choose the address; the public
# address printed on certificates and QR codes (SITE_BASE_URL) follows them unless
# it is set.
set -euo pipefail
cd "$(dirname "$0")/.."
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
# Listening on every interface: links and QR codes name this machine's address.
PUBLIC_HOST=$HOST
if [ "$HOST" = "0.0.0.0" ]; then
  PUBLIC_HOST=$(hostname -I 2>/dev/null | awk '{print $1}')
  PUBLIC_HOST=${PUBLIC_HOST:-127.0.0.1}
fi
export SITE_BASE_URL=${SITE_BASE_URL:-http://$PUBLIC_HOST:$PORT}
export WAGTAILADMIN_BASE_URL=${WAGTAILADMIN_BASE_URL:-$SITE_BASE_URL}
bash scripts/setup.sh
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.dev}
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py seed_demo
.venv/bin/python manage.py jobs_worker --scheduler --interval 2 &
WORKER=$!
trap 'kill "$WORKER" 2>/dev/null; wait "$WORKER" 2>/dev/null' EXIT INT TERM
echo "平台已启动：$SITE_BASE_URL （监听 $HOST:$PORT；演示账号见 README）"
.venv/bin/python manage.py runserver "$HOST:$PORT"
