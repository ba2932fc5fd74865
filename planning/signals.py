"""What planning tells the apps above it, which it cannot import.

``adopted`` is sent inside the adopting transaction, after the adoption is
recorded, with ``goal`` and ``indicators`` (the indicators that were adopted
with it: all of the goal's, or the one added to an adopted goal) and ``actor``.
followups (followups/planned.py) adds them to the committee's open follow-ups.
"""

from __future__ import annotations

from django.dispatch import Signal

adopted = Signal()

# Sent when an assignment is created, with ``assignment`` and ``actor``: followups adds a report on it to
# the owner's draft follow-ups of the open periods.
assigned = Signal()
