"""A fulfillment report read back from its rows, in the order the page, the PDF and the workbook show it:
the verdict, then focus area -> council goal -> committee goals, each goal with its indicators.

Plain functions over the rows a view has fetched; no queries here. ``report_rows`` fetches them: all of
them for the PDF, the workbook and the published page, or only those a page of the report shows (its
overview: the council goals with their indicators and the committee goals counted; or one council goal
with its committee goals in full).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext as _

from fulfillment.charts import STATUS_FILL, StatusChart, status_chart
from fulfillment.judging import Basis
from fulfillment.models import FulfillmentReport, ReportRow
from goals.models import Goal
from goals.status import GoalRule, Status

STATUSES, BASES, RULES = frozenset(Status.values), frozenset(Basis.values), frozenset(GoalRule.values)


@dataclass
class GoalNode:
    row: ReportRow
    indicators: list[ReportRow] = field(default_factory=list)
    contributions: list[GoalNode] = field(default_factory=list)
    repeated: bool = False  # in a listing: the goal is listed in full earlier (``ReportTree.listing``)

    @property
    def status_label(self) -> str:
        return status_label(self.row.status)

    @property
    def basis_label(self) -> str:
        return basis_label(self.row.basis)

    @property
    def rule_label(self) -> str:
        return str(GoalRule(self.row.rule).label) if self.row.rule in RULES else ""

    @property
    def assessed_label(self) -> str:
        return status_label(self.row.assessed_status) if self.row.assessed_status else ""

    @property
    def contribution_counts(self) -> list[tuple[str, str, int]]:
        """How many contributing committee goals have each status (only statuses some goal has)."""
        return [count for count in _status_group("", self.contributions).counts if count[2]]


@dataclass
class Section:
    """A focus area with its goals, or the council goals that serve no focus area."""

    heading: str
    row: ReportRow | None
    goals: list[GoalNode]

    @property
    def council_goals(self) -> list[GoalNode]:
        return [node for node in self.goals if node.row.level == Goal.Level.COUNCIL]

    @property
    def committee_goals(self) -> list[GoalNode]:
        """Committee goals that serve the focus area directly (not through a council goal in it)."""
        return [node for node in self.goals if node.row.level != Goal.Level.COUNCIL]

    @property
    def committee_counts(self) -> list[tuple[str, str, int]]:
        return [count for count in _status_group("", self.committee_goals).counts if count[2]]

    @property
    def focus(self) -> str:
        return f"{AREA}{self.row.subject_id}" if self.row else ""


@dataclass
class StatusGroup:
    """How many goals of one kind have each status: a bar of the report's chart and a row of its table."""

    label: str
    counts: list[tuple[str, str, int]]  # (status, label, count) in the order of Status
    total: int


@dataclass
class ReportTree:
    sections: list[Section]
    unlinked_committee_goals: list[GoalNode]  # committee goals that contribute to no council goal in the report
    differences: list[GoalNode]
    goal_count: int
    indicator_count: int
    status_groups: list[StatusGroup] = field(default_factory=list)
    not_assessed_count: int = 0  # goals not assessed

    @property
    def goal_counts(self) -> tuple[int, int]:
        """(goals, goals not assessed), as ``FulfillmentReport.caveat`` takes them."""
        return self.goal_count, self.not_assessed_count

    @property
    def unlinked_counts(self) -> list[tuple[str, str, int]]:
        return [count for count in _status_group("", self.unlinked_committee_goals).counts if count[2]]

    @cached_property
    def listing(self) -> tuple[list[Section], list[GoalNode]]:
        """The sections and the unlinked committee goals for a report read from start to end (the PDF, the
        published page): each goal in full once, where it first comes; where it comes again (a council goal in
        two focus areas, a committee goal serving two council goals) it is a reference to the first."""
        seen: set[int] = set()

        def entry(node: GoalNode) -> GoalNode:
            if node.row.subject_id in seen:
                return dataclasses.replace(node, indicators=[], contributions=[], repeated=True)
            seen.add(node.row.subject_id)
            return dataclasses.replace(node, contributions=[entry(other) for other in node.contributions])

        sections = [
            Section(section.heading, section.row, [entry(n) for n in section.goals]) for section in self.sections
        ]
        return sections, [entry(node) for node in self.unlinked_committee_goals]

    def council_goal(self, subject_id: int) -> GoalNode | None:
        nodes = (node for section in self.sections for node in section.council_goals)
        return next((node for node in nodes if node.row.subject_id == subject_id), None)

    def area(self, focus: str) -> Section | None:
        return next((section for section in self.sections if section.row and section.focus == focus), None)

    def focused(self, focus: str) -> tuple[GoalNode | None, Section | None]:
        """What ``?mal=`` names: a council goal, or a focus area's own committee goals; (None, None) if nothing."""
        if focus.isascii() and focus.isdigit():  # not "²", which int() refuses
            return self.council_goal(int(focus)), None
        return None, self.area(focus)

    @property
    def legend(self) -> list[tuple[str, str]]:
        return status_legend()

    @property
    def status_chart(self) -> StatusChart:
        return status_chart([(g.label, [(status, count) for status, _, count in g.counts]) for g in self.status_groups])


def status_legend() -> list[tuple[str, str]]:
    """(colour, label) for the chart's legend."""
    return [(STATUS_FILL[status], str(label)) for status, label in Status.choices]


def status_label(status: str) -> str:
    return str(Status(status).label) if status in STATUSES else ""


def basis_label(basis: str) -> str:
    return str(Basis(basis).label) if basis in BASES else ""


def _status_group(label: str, nodes: list[GoalNode]) -> StatusGroup:
    counts = [
        (status, str(status_label), sum(1 for n in nodes if n.row.status == status))
        for status, status_label in Status.choices
    ]
    return StatusGroup(label, counts, len(nodes))


def status_groups(council: list[GoalNode], committee: list[GoalNode]) -> list[StatusGroup]:
    """Council goals per kind, then all committee goals; kinds without goals are left out."""
    groups = []
    for kind, label in Goal.Kind.choices:
        nodes = [node for node in council if node.row.goal_kind == kind]
        if nodes:
            groups.append(_status_group(str(label), nodes))
    if committee:
        groups.append(_status_group(_("Nämndmål"), committee))
    return groups


UNLINKED = "fristaende"  # ?mal= for the committee goals that serve no council goal
AREA = "omrade-"  # ?mal=omrade-<id>: the committee goals that serve a focus area directly
DIFFERENCES = "skillnader"  # ?mal=skillnader: every difference from the committees' assessments
DIFFERENCES_SHOWN = 20  # on the overview


def report_rows(report: FulfillmentReport, *, indicators_of: str | None = "all") -> list[ReportRow]:
    """The rows of the report's current generation (never a compilation still under way), in order.

    ``indicators_of``: "all"; None (the overview: only the council goals' indicators); a council goal's id
    as text (that goal's and its committee goals'); or UNLINKED (the unlinked committee goals'). Two
    queries unless "all" (one)."""
    rows = ReportRow.objects.filter(report=report, generation=report.generation).order_by("position")
    if indicators_of == "all":
        return list(rows)
    goals = list(rows.exclude(kind=ReportRow.Kind.INDICATOR))
    tree = build_tree(goals)
    if indicators_of is None:
        wanted = {node.row.subject_id for section in tree.sections for node in section.council_goals}
    elif indicators_of == UNLINKED:
        wanted = {node.row.subject_id for node in tree.unlinked_committee_goals}
    else:
        node, area = tree.focused(indicators_of)
        shown = [node, *node.contributions] if node else area.committee_goals if area else []
        wanted = {other.row.subject_id for other in shown}
    indicators = list(rows.filter(kind=ReportRow.Kind.INDICATOR, parent_id__in=wanted)) if wanted else []
    return sorted(goals + indicators, key=lambda row: row.position)


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
        not_assessed_count=sum(1 for node in goals.values() if node.row.status == Status.NOT_ASSESSED),
        indicator_count=indicator_count,
        status_groups=status_groups(council, committee),
    )
