"""Background fetches from Kolada: nightly by beat, and on demand from the strategist's page.

The tasks take ids and call kolada/services.py, which the command and the tests call too.
"""

from __future__ import annotations

from celery import shared_task

from kolada import services
from kolada.models import FetchRun, KoladaBinding


@shared_task(name="kolada.fetch")
def fetch(run_id: int) -> str:
    """Runs a queued fetch, unless another worker has claimed it already (the task may run twice)."""
    if not services.claim(run_id=run_id):
        return "skipped"
    run = services.fetch_execute(run=FetchRun.objects.get(pk=run_id))
    return run.state


@shared_task(name="kolada.fetch_nightly")
def fetch_nightly() -> str:
    """The nightly fetch; does nothing without active bindings, or while another fetch is queued or running."""
    if not KoladaBinding.objects.active().exists():
        return "no-bindings"
    run = services.fetch_start(trigger=FetchRun.Trigger.NIGHTLY)
    if run is None:
        return "skipped"
    return services.fetch_execute(run=run).state
