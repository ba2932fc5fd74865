"""Signals of the reporting app.

``report_published(sender=CompiledReport, report=<CompiledReport>)`` is sent once a compiled interim or annual
report is adopted and published, after the transaction commits: its PDF, workbook and content never change
from then on, so a receiver (the auditors' app) may keep a copy.
"""

from __future__ import annotations

from django.dispatch import Signal

report_published = Signal()
