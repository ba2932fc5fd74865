"""The goal cascade: vision -> focus areas -> council goals -> committee goals -> indicators.

Statuses come from the latest compiled report for the year and period the
user may read (``FulfillmentReport``), and where a goal or indicator is not
in it (or there is no report) from ``compute_year``, computed live once per change of its inputs
(fulfillment.inputs). The trend
compares each node with the previous period of the year, or with the
previous year when the view is the whole year or its first period.

``load_statuses`` and ``find_gaps`` read the database with a fixed number of
queries; ``build_cascade`` and the rest are plain functions over what they read.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q

from followups.models import FollowUp
from fulfillment import inputs
from fulfillment.judging import (  # _: gettext kept per language (a tree asks for a few texts hundreds of times)
    Basis,
    _,
)
from fulfillment.models import FulfillmentReport, ReportRow
from fulfillment.results import YearFulfillment
from goals.models import Goal, Indicator, Measurement, Target
from goals.status import Status
from portal.models import Committee, ReportingPeriod, User

OPEN_LIMIT = 100  # goals; a larger tree opens at its focus areas (TreeState.from_query)

STATUSES, BASES = frozenset(Status.values), frozenset(Basis.values)  # (.values makes a new list each time)
STATUS_RANK = {Status.FULFILLED: 3, Status.PARTLY: 2, Status.NOT_FULFILLED: 1}

FOCUS_AREA = "focus_area"
GOAL = "goal"
INDICATOR = "indicator"


# --- Statuses and trends ------------------------------------------------------------


@dataclass(frozen=True)
class NodeStatus:
    status: str
    explanation: str
    basis: str = ""

    @property
    def label(self) -> str:
        return str(Status(self.status).label) if self.status in STATUSES else ""

    @property
    def basis_label(self) -> str:
        return str(Basis(self.basis).label) if self.basis in BASES else ""


UNKNOWN = NodeStatus(Status.NOT_ASSESSED, "")


@dataclass(frozen=True)
class Trend:
    direction: str  # "up", "down", "same" or "unknown"
    sentence: str


def trend(current: str, previous: str | None, previous_label: str) -> Trend:
    """How a status moved since the previous period, in words."""
    now = STATUS_RANK.get(Status(current)) if current in STATUSES else None
    before = STATUS_RANK.get(Status(previous)) if previous in STATUSES else None
    if now is None or before is None or previous is None:
        if previous is None:
            return Trend("unknown", _("Trend okänd: inget att jämföra med för %(when)s") % {"when": previous_label})
        return Trend("unknown", _("Trend okänd: ej bedömt nu eller för %(when)s") % {"when": previous_label})
    labels = {"now": Status(current).label.lower(), "before": Status(previous).label.lower(), "when": previous_label}
    if now > before:
        return Trend("up", _("Bättre än %(when)s (%(before)s, nu %(now)s)") % labels)
    if now < before:
        return Trend("down", _("Sämre än %(when)s (%(before)s, nu %(now)s)") % labels)
    return Trend("same", _("Oförändrat sedan %(when)s (%(now)s)") % labels)


def statuses_from_fulfillment(fulfillment: YearFulfillment) -> dict[tuple[str, int], NodeStatus]:
    statuses = {}
    for area in fulfillment.focus_areas:
        statuses[FOCUS_AREA, area.id] = NodeStatus(area.result.status, area.result.sentence, area.result.basis or "")
    for goal in fulfillment.goals:
        statuses[GOAL, goal.id] = NodeStatus(goal.result.status, goal.result.sentence, goal.result.basis or "")
        for item in goal.indicators:
            statuses[INDICATOR, item.id] = NodeStatus(item.result.status, item.result.sentence, item.result.basis or "")
    return statuses


def statuses_from_rows(rows: Iterable[tuple[str, int, str, str, str]]) -> dict[tuple[str, int], NodeStatus]:
    return {
        (kind, subject): NodeStatus(status, explanation, basis) for kind, subject, status, explanation, basis in rows
    }


@dataclass(frozen=True)
class Statuses:
    """Every node's status now and before, and where each came from."""

    fulfillment: YearFulfillment  # the structure (goals in force, links) and the live statuses
    current: dict[tuple[str, int], NodeStatus]
    previous: dict[tuple[str, int], NodeStatus]
    report: FulfillmentReport | None
    previous_label: str

    def status(self, kind: str, pk: int) -> NodeStatus:
        return self.current.get((kind, pk), UNKNOWN)

    def trend(self, kind: str, pk: int) -> Trend:
        before = self.previous.get((kind, pk))
        return trend(self.status(kind, pk).status, before.status if before else None, self.previous_label)


def latest_reports(*, user: User, wanted: list[tuple[int, ReportingPeriod | None]]) -> list[FulfillmentReport | None]:
    """For each (year, period), the latest compiled report the user may read (one query for all)."""
    matches = Q()
    for year, period in wanted:
        matches |= Q(year=year, as_of=period)
    found = list(
        FulfillmentReport.objects.for_user(user)
        .filter(matches, progress=FulfillmentReport.Progress.DONE)
        .select_related("as_of")
        .defer("inputs")  # the whole year's inputs: megabytes in a large municipality, and not shown here
        .order_by("-compiled_at", "-version", "-pk")
    )
    return [
        next((r for r in found if r.year == year and r.as_of_id == (period.pk if period else None)), None)
        for year, period in wanted
    ]


def _report_rows(report: FulfillmentReport, now: uuid.UUID | None) -> list[tuple[str, int, str, str, str]]:
    """(kind, subject, status, explanation, basis) of each row: not the rows' inputs, which the cascade never
    shows and which are most of a large report's bytes. A generation's rows never change: kept."""

    def read() -> list[tuple[str, int, str, str, str]]:
        rows = ReportRow.objects.filter(report=report, generation=report.generation)
        return list(rows.values_list("kind", "subject_id", "status", "explanation", "basis"))

    return inputs.kept(("report rows", report.pk, report.generation), read, now=now)


def previous_period(
    year: int, period: ReportingPeriod | None, periods: list[ReportingPeriod]
) -> tuple[int, ReportingPeriod | None]:
    """The year and period to compare with: the period before in the year, else the whole previous year."""
    if period is not None:
        earlier = [other for other in periods if other.figures_date < period.figures_date]
        if earlier:
            return year, earlier[-1]
    return year - 1, None


def load_statuses(*, user: User, year: int, period: ReportingPeriod | None, periods: list[ReportingPeriod]) -> Statuses:
    """Statuses now and before. A fixed number of queries whatever the number of goals: the inputs' version,
    the reports now and before (one query), and, only when not kept since the last change (fulfillment.inputs),
    compute_year's queries and the reports' rows. The statuses by node are kept too: a large municipality
    has thousands of nodes."""
    now = inputs.token()
    fulfillment = inputs.fulfillment(year=year, as_of=period, now=now)
    before_year, before_period = previous_period(year, period, periods)
    report, before_report = latest_reports(user=user, wanted=[(year, period), (before_year, before_period)])

    def by_node() -> tuple[dict[tuple[str, int], NodeStatus], dict[tuple[str, int], NodeStatus]]:
        current = statuses_from_fulfillment(fulfillment)
        if report is not None:
            current |= statuses_from_rows(_report_rows(report, now))  # goals added since the compilation stay live
        if before_report is not None:
            previous = statuses_from_rows(_report_rows(before_report, now))
        else:
            previous = statuses_from_fulfillment(inputs.fulfillment(year=before_year, as_of=before_period, now=now))
        return current, previous

    def version(item: FulfillmentReport | None) -> tuple[int, int] | None:
        return (item.pk, item.generation) if item is not None else None

    key = ("statuses", year, period.pk if period else None, version(report), version(before_report))
    current, previous = inputs.kept(key, by_node, now=now)
    label = str(before_period) if before_period is not None else str(before_year)
    return Statuses(fulfillment, current, previous, report, label)


# --- Open and closed nodes, in the URL ---------------------------------------------------


@dataclass(frozen=True)
class TreeState:
    """Which nodes are open. By default all are (the whole tree, as without JavaScript); ``keys`` then
    names the closed ones. Collapsed (``fallt=1``), ``keys`` names the open ones."""

    collapsed: bool = False
    keys: frozenset[str] = frozenset()

    large: bool = False  # a tree too large to show whole by default: its URLs always say which mode they use

    @classmethod
    def from_query(
        cls, query: Mapping[str, list[str]], *, large: bool = False, focus_area_keys: Iterable[str] = ()
    ) -> TreeState:
        """The state the URL names. Without one, the whole tree is open; a large tree (more than OPEN_LIMIT
        goals) opens only its focus areas, so that the page lists the council's goals and the user opens
        what they want to read (``fallt=0`` still asks for the whole tree)."""
        collapsed = query.get("fallt", [""])[-1]
        if large and not collapsed and not query.get("n"):
            return cls(collapsed=True, keys=frozenset(focus_area_keys), large=True)
        return cls(collapsed=collapsed == "1", keys=frozenset(query.get("n", [])), large=large)

    def is_open(self, key: str) -> bool:
        return (key in self.keys) if self.collapsed else (key not in self.keys)

    def toggled(self, key: str) -> TreeState:
        return TreeState(self.collapsed, self.keys ^ {key}, self.large)

    def query(self) -> list[tuple[str, str]]:
        mode = [("fallt", "1")] if self.collapsed else [("fallt", "0")] if self.large else []
        return mode + [("n", key) for key in sorted(self.keys)]


# --- The tree ------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    year: int
    period: ReportingPeriod | None = None
    committee: Committee | None = None
    focus_area: int | None = None
    status: str = ""

    def query(self) -> list[tuple[str, str]]:
        pairs = [("ar", str(self.year))]
        if self.period is not None:
            pairs.append(("period", str(self.period.pk)))
        if self.committee is not None:
            pairs.append(("namnd", self.committee.slug))
        if self.focus_area is not None:
            pairs.append(("fokusomrade", str(self.focus_area)))
        if self.status:
            pairs.append(("status", self.status))
        return pairs


@dataclass
class IndicatorNode:
    id: int
    name: str
    target: str
    status: NodeStatus
    trend: Trend


@dataclass
class GoalNode:
    id: int
    title: str
    level: str
    committee: Committee | None
    status: NodeStatus
    trend: Trend
    indicators: list[IndicatorNode]
    contributions: list[GoalNode] = field(default_factory=list)
    is_open: bool = True
    toggle_query: str = ""

    @property
    def key(self) -> str:
        return f"g{self.id}"

    @property
    def is_council_goal(self) -> bool:
        return self.level == Goal.Level.COUNCIL


@dataclass
class FocusAreaNode:
    id: int
    name: str
    status: NodeStatus
    trend: Trend
    goals: list[GoalNode]
    is_open: bool = True
    toggle_query: str = ""

    @property
    def key(self) -> str:
        return f"f{self.id}"


@dataclass
class Cascade:
    focus_areas: list[FocusAreaNode]
    council_without_area: list[GoalNode]
    unlinked_committee_goals: list[GoalNode]

    def find(self, key: str) -> FocusAreaNode | GoalNode | None:
        """The first node with the key (a goal may sit under several parents; each shows the same)."""
        for area in self.focus_areas:
            if area.key == key:
                return area
            for goal in area.goals:
                found = _find_goal(goal, key)
                if found:
                    return found
        for goal in self.council_without_area + self.unlinked_committee_goals:
            found = _find_goal(goal, key)
            if found:
                return found
        return None

    @property
    def is_empty(self) -> bool:
        return not (self.focus_areas or self.council_without_area or self.unlinked_committee_goals)


def _find_goal(goal: GoalNode, key: str) -> GoalNode | None:
    if goal.key == key:
        return goal
    return next((child for child in goal.contributions if child.key == key), None)


def build_cascade(
    *, statuses: Statuses, committees: Mapping[str, Committee], filters: Filters, state: TreeState
) -> Cascade:
    """The filtered tree with each node's status, trend and toggle link; no queries."""
    fulfillment = statuses.fulfillment
    base_query = filters.query()

    def toggle(key: str) -> str:
        return urlencode(base_query + state.toggled(key).query())

    def goal_node(goal_id: int) -> GoalNode:
        """A goal's node, with its indicators when it is open."""
        goal = by_id[goal_id]
        is_open = state.is_open(f"g{goal.id}")
        node = GoalNode(
            id=goal.id,
            title=goal.title,
            level=goal.level,
            committee=committees.get(goal.committee),
            status=statuses.status(GOAL, goal.id),
            trend=statuses.trend(GOAL, goal.id),
            indicators=[
                IndicatorNode(
                    item.id,
                    item.name,
                    item.target,
                    statuses.status(INDICATOR, item.id),
                    statuses.trend(INDICATOR, item.id),
                )
                for item in goal.indicators
            ]
            if is_open
            else [],
            is_open=is_open,
        )
        node.toggle_query = toggle(node.key)
        return node

    def committee_goal_kept(goal_id: int) -> bool:
        goal = by_id[goal_id]
        if filters.committee is not None and goal.committee != filters.committee.name:
            return False
        return not filters.status or statuses.status(GOAL, goal_id).status == filters.status

    def council_node(goal_id: int) -> GoalNode | None:
        node = goal_node(goal_id)
        filtered = filters.committee is not None or bool(filters.status)
        # A closed node's committee goals are not shown: they are only looked at when a filter needs them.
        kept = (
            [pk for pk in contributions.get(goal_id, []) if committee_goal_kept(pk)] if node.is_open or filtered else []
        )
        if filters.committee is not None and not kept:
            return None
        if filters.status and node.status.status != filters.status and not kept:
            return None
        node.contributions = [goal_node(pk) for pk in kept] if node.is_open else []
        return node

    by_id = {goal.id: goal for goal in fulfillment.goals}
    contributions: dict[int, list[int]] = {}
    for goal in fulfillment.goals:
        for council_id in goal.contributes_to:
            if council_id in by_id:
                contributions.setdefault(council_id, []).append(goal.id)
    council = [goal for goal in fulfillment.goals if goal.is_council_goal]

    areas = []
    for area in fulfillment.focus_areas:
        if filters.focus_area is not None and area.id != filters.focus_area:
            continue
        goals = [node for goal in council if area.id in goal.focus_areas if (node := council_node(goal.id))]
        filtered = filters.committee is not None or filters.status
        if filtered and not goals:
            continue
        area_node = FocusAreaNode(
            area.id, area.name, statuses.status(FOCUS_AREA, area.id), statuses.trend(FOCUS_AREA, area.id), goals
        )
        area_node.is_open = state.is_open(area_node.key)
        area_node.toggle_query = toggle(area_node.key)
        areas.append(area_node)

    without_area = []
    unlinked = []
    if filters.focus_area is None:
        without_area = [node for goal in council if not goal.focus_areas if (node := council_node(goal.id))]
    for goal in fulfillment.goals:
        if goal.is_council_goal or any(pk in by_id for pk in goal.contributes_to):
            continue
        if filters.focus_area is not None and filters.focus_area not in goal.focus_areas:
            continue
        if committee_goal_kept(goal.id):
            unlinked.append(goal_node(goal.id))
    return Cascade(areas, without_area, unlinked)


# --- Gaps -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Gaps:
    council_goals_not_broken_down: list[Goal]
    committee_goals_serving_none: list[Goal]
    indicators_without_target: list[Indicator]
    indicators_without_value: list[Indicator]
    overdue_followups: list[FollowUp]

    @property
    def count(self) -> int:
        return sum(
            len(items)
            for items in (
                self.council_goals_not_broken_down,
                self.committee_goals_serving_none,
                self.indicators_without_target,
                self.indicators_without_value,
                self.overdue_followups,
            )
        )


def find_gaps(*, year: int, user: User, today: datetime.date, committee: Committee | None = None) -> Gaps:
    """Where the chain is broken in the year, among adopted goals in force: the overdue follow-ups the user
    may read (one query), and the rest kept per change of the inputs (fulfillment.inputs: one query, or four
    more when they changed).

    A budget-ratio indicator counts as having a value when the year's adopted budget gives one,
    so it is left out of "without any value".
    """
    structure = inputs.kept(
        ("gaps", year, committee.pk if committee else None), lambda: _structural_gaps(year=year, committee=committee)
    )
    overdue = FollowUp.objects.for_user(user).filter(
        period__year=year, state=FollowUp.State.DRAFT, period__deadline__lt=today
    )
    if committee is not None:
        overdue = overdue.filter(committee=committee)
    return Gaps(
        *structure,
        overdue_followups=list(
            overdue.select_related("committee", "period").order_by("period__deadline", "committee__sort_order")
        ),
    )


def _structural_gaps(
    *, year: int, committee: Committee | None
) -> tuple[list[Goal], list[Goal], list[Indicator], list[Indicator]]:
    """The gaps that follow from the goals, indicators, targets and measurements alone: four queries."""
    in_force = Goal.objects.adopted().for_year(year)
    in_force_here = in_force.filter(committee=committee) if committee is not None else in_force
    breaking_down = in_force.filter(level=Goal.Level.COMMITTEE, contributes_to=OuterRef("pk"))
    council = (
        in_force.council().filter(~Exists(breaking_down)).order_by("sort_order", "pk")
        if committee is None
        else Goal.objects.none()
    )
    serving_none = (
        in_force_here.filter(level=Goal.Level.COMMITTEE)
        .filter(~Exists(Goal.contributes_to.through.objects.filter(from_goal=OuterRef("pk"))))
        .select_related("committee")
        .order_by("committee__sort_order", "sort_order", "pk")
    )
    indicators = Indicator.objects.filter(goal__in=in_force_here).select_related("goal__committee")
    without_target = indicators.filter(~Exists(Target.objects.filter(indicator=OuterRef("pk"), year=year)))
    without_value = indicators.exclude(source=Indicator.Source.BUDGET_RATIO).filter(
        ~Exists(Measurement.objects.filter(indicator=OuterRef("pk"), year=year, value__isnull=False))
    )
    return (
        list(council),
        list(serving_none),
        list(without_target.order_by("goal__sort_order", "sort_order", "pk")),
        list(without_value.order_by("goal__sort_order", "sort_order", "pk")),
    )


def status_summary(statuses: Statuses, committee_name: str) -> dict[str, int]:
    """How many of a committee's goals are in each status: {status: count}, every status present."""
    counts = dict.fromkeys(Status.values, 0)
    for goal in statuses.fulfillment.goals:
        if goal.committee == committee_name:
            counts[statuses.status(GOAL, goal.id).status] += 1
    return counts
