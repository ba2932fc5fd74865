"""The year across committees, for the executive board's summary: each committee's adopted controls with their
results by period, the counts the summary's overview shows, and the committees without an adopted plan."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from internalcontrol.models import Control, ControlPlan, ControlResult, State
from portal.models import Committee


@dataclass
class CommitteeYear:
    committee: Committee
    controls: list[tuple[Control, list[ControlResult]]] = field(default_factory=list)

    @property
    def reported(self) -> int:
        """Controls with at least one result in the year's follow-ups."""
        return sum(1 for _control, results in self.controls if results)

    @property
    def performed(self) -> int:
        """Controls performed at least once."""
        return sum(1 for _control, results in self.controls if any(result.performed for result in results))

    @property
    def with_deviations(self) -> int:
        """Controls that found deviations at least once."""
        return sum(1 for _control, results in self.controls if any(result.deviations for result in results))


def committees_with_controls(year: int) -> list[CommitteeYear]:
    """Each committee with an adopted plan for the year, in the committees' order: its controls (with their
    risks) and each control's results by period. Two queries."""
    controls = list(
        Control.objects.filter(plan__year=year, plan__state=State.ADOPTED)
        .select_related("plan__committee", "risk")
        .order_by("plan__committee__sort_order", "plan__committee__name", "pk")
    )
    results: dict[int, list[ControlResult]] = defaultdict(list)
    for result in (
        ControlResult.objects.filter(control__in=controls)
        .select_related("followup__period")
        .order_by("followup__period__figures_date", "pk")
    ):
        results[result.control_id].append(result)
    by_committee: dict[int, CommitteeYear] = {}
    for control in controls:
        committee = control.plan.committee
        by_committee.setdefault(committee.pk, CommitteeYear(committee)).controls.append(
            (control, results.get(control.pk, []))
        )
    return list(by_committee.values())


def committees_without_plan(year: int) -> list[Committee]:
    """The active committees and executive boards with no adopted control plan for the year (one query)."""
    adopted = ControlPlan.objects.filter(year=year, state=State.ADOPTED).values("committee_id")
    return list(
        Committee.objects.active()
        .filter(kind__in=[Committee.Kind.COMMITTEE, Committee.Kind.EXECUTIVE_BOARD])
        .exclude(pk__in=adopted)
        .order_by("sort_order", "name")
    )
