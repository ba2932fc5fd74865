#!/usr/bin/env bash
# Runs the web server and a Celery worker side by side; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${PORT:-8000}"

.venv/bin/celery -A portal worker --loglevel=warning --concurrency=1 &
worker=$!
trap 'kill -TERM "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT

.venv/bin/python manage.py runserver "127.0.0.1:${port}"
