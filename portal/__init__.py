"""Styrportal's project package: settings, URLs, the Celery app and the organisation."""

from __future__ import annotations

from portal.celery import app as celery_app

__all__ = ["celery_app"]
