"""A signal for writes that send no ``post_save``: ``bulk_create``, ``QuerySet.update`` and ``delete``.

An app that writes in bulk sends ``bulk_written`` with the model as sender, so that an app above it
that keeps results computed from those rows (fulfillment/inputs.py) can forget them, without the
writer importing it. Cache invalidation only; no domain logic listens here.
"""

from __future__ import annotations

from django.db.models import Model
from django.dispatch import Signal

bulk_written = Signal()


def written(*models: type[Model]) -> None:
    """Tells the listeners that rows of ``models`` were written without ``post_save``."""
    for model in models:
        bulk_written.send(sender=model)
