"""The Celery app: ``celery -A portal worker``.

Configured from Django's settings (the ``CELERY_`` names in settings.py);
tasks are found in each app's ``tasks.py``.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
