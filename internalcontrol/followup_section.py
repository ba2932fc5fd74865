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

CACHE = "_internalcontrol_rows"


def rows(followup: FollowUp) -> list[tuple[Control, ControlResult | None]]:
    """Each planned control with its result in the follow-up, or None. Read once per follow-up object (the
    editor asks for the section and for its gaps): one query without a plan, two with one."""
    cached = getattr(followup, CACHE, None)
    if cached is None:
        controls = planned_controls(followup)
        results = (
            {result.control_id: result for result in ControlResult.objects.filter(followup=followup)}
            if controls
            else {}
        )
        cached = [(control, results.get(control.pk)) for control in controls]
        setattr(followup, CACHE, cached)
    return cached


def context(followup: FollowUp, editable: bool) -> dict[str, Any] | None:
    """The section's context; None when the committee has no adopted plan for the follow-up's year."""
    found = rows(followup)
    if not found:
        return None
    return {
        "rows": [
            (control, result, ResultForm(instance=result, prefix=f"c{control.pk}") if editable else None)
            for control, result in found
        ]
    }


def gaps(followup: FollowUp) -> list[Gap]:
    """A gap for each planned control without a result in the follow-up."""
    return [
        Gap(
            f"control-{control.pk}",
            _("Kontrollmomentet ”%(control)s” har inget resultat.") % {"control": control.title},
        )
        for control, result in rows(followup)
        if result is None
    ]
