#!/usr/bin/env bash
# One command for a fresh machine: install everything the tests need, then run them all.
# Honors DATABASE_URL and REDIS_URL; without them the suite runs on SQLite and the
# in-memory channel layer and skips the PostgreSQL/Redis-only tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
      || echo "chromium could not be installed; browser tests will be skipped" >&2
  else
    echo "chromium not found; browser tests will be skipped (apt-get install chromium)" >&2
  fi
fi
export DJANGO_SETTINGS_MODULE=config.settings.test
exec .venv/bin/python -m pytest "$@"
