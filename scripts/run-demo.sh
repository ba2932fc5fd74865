#!/usr/bin/env bash
# Runs the web server and a Celery worker side by side; Ctrl-C stops both.
# The worker also runs beat (--beat): the follow-up reminders and the email outbox.
# Emails are written as files to var/mail (EMAIL_URL or EMAIL_BACKEND change that).
set -euo pipefail
cd "$(dirname "$0")/.."
port="${PORT:-8000}"
# Links in the emails lead to this demo, whichever port it runs on.
export PORTAL_URL="${PORTAL_URL:-http://127.0.0.1:${port}}"

.venv/bin/celery -A portal worker --beat --loglevel=warning --concurrency=1 &
worker=$!
trap 'kill -TERM "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT

.venv/bin/python manage.py runserver "127.0.0.1:${port}"
