"""Background work of the annual fulfillment: compiling a report, and the nightly recompile of drafts.

The task names keep their "goals." prefix: they are what queued messages and the beat schedule name, so
a worker upgraded while messages wait still runs them.
"""

from __future__ import annotations

from celery import shared_task

from fulfillment import services


@shared_task(name="goals.compile_fulfillment")
def compile_fulfillment(report_id: int) -> bool:
    """Compiles a draft fulfillment report; does nothing if it is done, published, or running elsewhere."""
    return services.fulfillment_compile(report_id=report_id)


@shared_task(name="goals.recompile_fulfillment_drafts")
def recompile_fulfillment_drafts() -> int:
    """Queues every draft fulfillment report for a new compilation (nightly)."""
    return services.fulfillment_recompile_drafts()
