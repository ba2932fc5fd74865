"""A fulfillment report read back from its rows, in the order the page, the PDF and the workbook show it:
the verdict, then focus area -> council goal -> committee goals, each goal with its indicators.

Plain functions over the rows a view has fetched (one query); no queries here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from goals.fulfillment import Basis, GoalRule, Status
from goals.models import Goal, ReportRow


@dataclass
class GoalNode:
    row: ReportRow
    indicators: list[ReportRow] = field(default_factory=list)
    contributions: list[GoalNode] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return status_label(self.row.status)

    @property
    def basis_label(self) -> str:
        return basis_label(self.row.basis)

    @property
    def rule_label(self) -> str:
        return str(GoalRule(self.row.rule).label) if self.row.rule in GoalRule.values else ""

    @property
    def assessed_label(self) -> str:
        return status_label(self.row.assessed_status) if self.row.assessed_status else ""


@dataclass
class Section:
    """A focus area with its goals, or the council goals that serve no focus area."""

    heading: str
    row: ReportRow | None
    goals: list[GoalNode]


@dataclass
class ReportTree:
    sections: list[Section]
    unlinked_committee_goals: list[GoalNode]  # committee goals that contribute to no council goal in the report
    differences: list[GoalNode]
    goal_count: int
    indicator_count: int


def status_label(status: str) -> str:
    return str(Status(status).label) if status in Status.values else ""


def basis_label(basis: str) -> str:
    return str(Basis(basis).label) if basis in Basis.values else ""


def build_tree(rows: Iterable[ReportRow]) -> ReportTree:
    rows = list(rows)
    areas = [row for row in rows if row.kind == ReportRow.Kind.FOCUS_AREA]
    goals = {row.subject_id: GoalNode(row) for row in rows if row.kind == ReportRow.Kind.GOAL}
    indicator_count = 0
    for row in rows:
        if row.kind == ReportRow.Kind.INDICATOR and row.parent_id in goals:
            goals[row.parent_id].indicators.append(row)
            indicator_count += 1
    council = [node for node in goals.values() if node.row.level == Goal.Level.COUNCIL]
    committee = [node for node in goals.values() if node.row.level == Goal.Level.COMMITTEE]
    placed: set[int] = set()
    for node in committee:
        for council_id in node.row.inputs.get("contributes_to", []):
            if council_id in goals:
                goals[council_id].contributions.append(node)
                placed.add(node.row.subject_id)

    sections = []
    in_an_area: set[int] = set()
    for area in areas:
        members = [goals[pk] for pk in area.inputs.get("goals", []) if pk in goals]
        in_an_area.update(node.row.subject_id for node in members)
        sections.append(Section(area.title, area, members))
    rest = [node for node in council if node.row.subject_id not in in_an_area]
    if rest:
        heading = _("Kommunfullmäktiges mål utan fokusområde") if areas else _("Kommunfullmäktiges mål")
        sections.append(Section(heading, None, rest))
    unlinked = [
        node for node in committee if node.row.subject_id not in placed and node.row.subject_id not in in_an_area
    ]
    return ReportTree(
        sections=sections,
        unlinked_committee_goals=unlinked,
        differences=[node for node in goals.values() if node.row.difference],
        goal_count=len(goals),
        indicator_count=indicator_count,
    )
