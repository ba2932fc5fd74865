"""What ``compute_year`` gives: the year's verdict and every focus area, goal and indicator with its
result and the inputs it was judged from; and the canonical JSON and digest of those inputs."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fulfillment.judging import Result, Verdict
from goals.models import Goal


@dataclass(frozen=True)
class IndicatorFulfillment:
    id: int
    goal_id: int
    name: str
    target: str  # the target in words, or "" without one for the year
    judged: bool  # False for an indicator that only serves another's target ("not faster than")
    result: Result
    inputs: dict[str, Any]


@dataclass(frozen=True)
class GoalFulfillment:
    id: int
    title: str
    level: str
    kind: str
    committee: str
    rule: str  # the rule actually used: a council goal without indicators falls back to the cascade
    result: Result
    indicators: tuple[IndicatorFulfillment, ...]
    contributes_to: tuple[int, ...]
    focus_areas: tuple[int, ...]
    assessed_status: str | None = None
    assessed_in: str = ""  # the follow-up's period, e.g. "Helår 2026"
    difference: str | None = None
    inputs: dict[str, Any] = field(default_factory=dict)

    @property
    def is_council_goal(self) -> bool:
        return self.level == Goal.Level.COUNCIL


@dataclass(frozen=True)
class FocusAreaFulfillment:
    id: int
    name: str
    result: Result
    goal_ids: tuple[int, ...]


@dataclass(frozen=True)
class YearFulfillment:
    year: int
    as_of_id: int | None
    as_of_label: str
    counting: str
    verdict: Verdict
    goals: tuple[GoalFulfillment, ...]
    focus_areas: tuple[FocusAreaFulfillment, ...]
    inputs: dict[str, Any]
    digest: str

    @property
    def row_count(self) -> int:
        """How many report rows a snapshot of this has: focus areas, goals and indicators."""
        return len(self.focus_areas) + len(self.goals) + sum(len(goal.indicators) for goal in self.goals)


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spaces: the same inputs are always the same text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest(inputs: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(inputs).encode()).hexdigest()
