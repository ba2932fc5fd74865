"""The control results as a section of the quarterly follow-up (followups/sections.py), registered by
``InternalcontrolConfig.ready``: each control of the committee's adopted plan for the year, with its result
in this follow-up; a control without one is a gap that stops the submit."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from followups.completeness import Gap
from followups.models import FollowUp
from internalcontrol.forms import ResultForm
from internalcontrol.models import Control, ControlResult
from internalcontrol.services import planned_controls


def rows(followup: FollowUp, controls: list[Control]) -> list[tuple[Control, ControlResult | None]]:
    """Each control with its result in the follow-up, or None (one query)."""
    results = {result.control_id: result for result in ControlResult.objects.filter(followup=followup)}
    return [(control, results.get(control.pk)) for control in controls]


def context(followup: FollowUp, editable: bool) -> dict[str, Any] | None:
    """The section's context; None when the committee has no adopted plan for the year. Two queries."""
    controls = planned_controls(followup)
    if not controls:
        return None
    found = rows(followup, controls)
    if editable:
        return {
            "rows": [
                (control, result, ResultForm(instance=result, prefix=f"c{control.pk}")) for control, result in found
            ]
        }
    return {"rows": [(control, result, None) for control, result in found]}


def gaps(followup: FollowUp) -> list[Gap]:
    """A gap for each planned control without a result in the follow-up. Two queries."""
    controls = planned_controls(followup)
    if not controls:
        return []
    return [
        Gap(
            f"control-{control.pk}",
            _("Kontrollmomentet ”%(control)s” har inget resultat.") % {"control": control.title},
        )
        for control, result in rows(followup, controls)
        if result is None
    ]
