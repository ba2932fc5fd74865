"""The goal list's page, built from rows (tuples) instead of model instances and serializer fields.

A page of 50 goals carries about 250 indicators and 1 250 targets: as model instances
through the nested serializers that cost about 200 times the trivial view, almost all of
it Python, not the database. Here the same six queries read plain tuples (the four of the
page's related rows compiled once per process, ``rows_of``) and the page is written by
hand, in exactly the shape ``GoalSerializer`` declares (the schema stays its). Figures are
handed to the renderer as the floats DRF's encoder would have made of the serializer's
decimals, so the JSON is byte for byte the same; tests/api/test_goal_list_fast.py compares
the two for every kind of goal, indicator and target.
"""

from __future__ import annotations

import decimal
from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from django.db import connections, router
from django.db.models import Model, QuerySet
from django.utils.translation import get_language

from goals.models import Goal, Indicator, Target
from goals.targets import target_sentence

GOAL_FIELDS = (
    "pk",
    "level",
    "kind",
    "status",
    "title",
    "description",
    "first_year",
    "last_year",
    "committee_id",
    "committee__slug",
    "committee__abbreviation",
    "committee__name",
)

# The focus areas' order (the last key only breaks ties), shared with visible_goals' prefetch.
FOCUS_AREA_ORDER = ("sort_order", "name", "pk")

# GoalSerializer's figure(): four decimals, 18 digits, the context's rounding (as DRF quantizes).
_QUANTUM = decimal.Decimal(".1") ** 4


def _figure(value: decimal.Decimal | None) -> float | None:
    """What DRF's encoder makes of the serializer's figure: the decimal quantized to four places, as a float."""
    if value is None:
        return None
    context = decimal.getcontext().copy()
    context.prec = 18
    return float(value.quantize(_QUANTUM, context=context))


_NONE = object()  # not yet seen (None is a value)


@lru_cache(maxsize=4096)
def _sentence(language: str | None, comparator: str, value: decimal.Decimal | None, unit: str, reference: str) -> str:
    """target_sentence, kept per language: a page of 1 250 targets says a few hundred sentences, the next page too."""
    return target_sentence(comparator=comparator, value=value, unit=unit, reference=reference)


# A query of the page, compiled once per process for each number of goals: (SQL, where each parameter comes
# from: the goal id at an index, or a constant), and its columns' converters.
_COMPILED: dict[tuple[Any, ...], tuple[str, list[tuple[bool, Any]], dict[int, tuple[list[Any], Any]]]] = {}


def rows_of(name: str, model: type[Model], build: Callable[[list[int]], QuerySet[Any]], ids: list[int]) -> Rows:
    """The rows of ``build(ids)`` (a ``values_list`` queryset) as the database gives them, and, by column, what
    Django's converters would make of a value, each distinct value converted once (see ``Rows``).

    Building and compiling a small query with the ORM took five times as long as running it, so each query of
    the page is compiled once per process and number of goals, with stand-ins (negative numbers, never an id)
    for the goals' ids, and run after with the ids in their places: the same SQL the ORM would run.
    """
    database = router.db_for_read(model)
    key = (name, database, len(ids))
    compiled = _COMPILED.get(key)
    if compiled is None:
        stand_ins = [-number for number in range(1, len(ids) + 1)]
        queryset = build(stand_ins)
        compiler = queryset.query.get_compiler(database)
        sql, params = compiler.as_sql()
        place = {stand_in: index for index, stand_in in enumerate(stand_ins)}
        sources = [(True, place[param]) if param in place else (False, param) for param in params]
        if sorted(index for is_id, index in sources if is_id) != list(range(len(ids))):
            raise ValueError(f"{name}: the goals' ids are not each a parameter of the query")
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        compiled = _COMPILED[key] = (sql, sources, compiler.get_converters(fields))
    sql, sources, converters = compiled
    connection = connections[database]
    with connection.cursor() as cursor:
        cursor.execute(sql, [ids[value] if is_id else value for is_id, value in sources])
        rows = cursor.fetchall()
    return Rows(
        rows,
        {position: _converting(convs, expression, connection) for position, (convs, expression) in converters.items()},
    )


class Rows(NamedTuple):
    rows: list[tuple[Any, ...]]
    converters: dict[int, Callable[[Any], Any]]  # by column: a raw value -> what Django makes of it

    def converted(self, *, but: tuple[int, ...] = ()) -> list[tuple[Any, ...]]:
        """The rows with every column converted, but the columns ``but`` (the caller converts those itself)."""
        eager = {position: convert for position, convert in self.converters.items() if position not in but}
        if not eager:  # no backend converts ids and texts today
            return self.rows
        return [tuple(eager[i](v) if i in eager else v for i, v in enumerate(row)) for row in self.rows]


def _converting(converters: list[Any], expression: Any, connection: Any) -> Callable[[Any], Any]:
    seen: dict[Any, Any] = {}

    def convert(raw: Any) -> Any:
        try:
            return seen[raw]
        except KeyError:
            value = raw
            for converter in converters:
                value = converter(value, expression, connection)
            seen[raw] = value
            return value

    return convert


def _plain(value: Any) -> Any:
    return value


def goal_rows(goals: QuerySet[Goal]) -> QuerySet[Any]:
    """The goals' own columns and their committee's, as tuples in ``GOAL_FIELDS``' order (paged by the caller)."""
    return goals.values_list(*GOAL_FIELDS)


def represent(rows: Sequence[tuple[Any, ...]], *, adopted_only: bool) -> list[dict[str, Any]]:
    """The page's goals as GoalSerializer says them; a caller who reads adopted goals only is shown only
    those as what a goal contributes to (as visible_goals' prefetch does)."""
    if not rows:
        return []
    ids = [row[0] for row in rows]

    areas: defaultdict[int, list[dict[str, Any]]] = defaultdict(list)
    area_links = Goal.focus_areas.through
    for goal_id, area_id, name, description in rows_of(
        "focus areas",
        area_links,
        lambda ids: (
            area_links.objects.filter(goal_id__in=ids)
            .order_by(*(f"focusarea__{key}" for key in FOCUS_AREA_ORDER))
            .values_list("goal_id", "focusarea_id", "focusarea__name", "focusarea__description")
        ),
        ids,
    ).converted():
        areas[goal_id].append({"id": area_id, "name": name, "description": description})

    contributes: defaultdict[int, list[int]] = defaultdict(list)
    goal_links = Goal.contributes_to.through

    def contributions(ids: list[int]) -> QuerySet[Any]:
        links = goal_links.objects.filter(from_goal_id__in=ids)
        if adopted_only:
            links = links.filter(to_goal__status=Goal.Status.ADOPTED)
        return links.order_by("to_goal__sort_order", "to_goal_id").values_list("from_goal_id", "to_goal_id")

    name = "adopted contributions" if adopted_only else "contributions"
    for from_id, to_id in rows_of(name, goal_links, contributions, ids).converted():
        contributes[from_id].append(to_id)

    indicators: defaultdict[int, list[dict[str, Any]]] = defaultdict(list)
    targets_of: dict[int, list[dict[str, Any]]] = {}
    for indicator_id, goal_id, name, unit, direction, decimals, source, ratio_key, external_id in rows_of(
        "indicators",
        Indicator,
        lambda ids: (
            Indicator.objects.filter(goal_id__in=ids)
            .order_by("sort_order", "pk")
            .values_list("pk", "goal_id", "name", "unit", "direction", "decimals", "source", "ratio_key", "external_id")
        ),
        ids,
    ).converted():
        targets: list[dict[str, Any]] = []
        targets_of[indicator_id] = targets
        indicators[goal_id].append(
            {
                "id": indicator_id,
                "name": name,
                "unit": unit,
                "direction": direction,
                "decimals": decimals,
                "source": source,
                "ratio_key": ratio_key,
                "external_id": external_id,
                "targets": targets,
            }
        )

    language = get_language()
    target_rows = rows_of(
        "targets",
        Target,
        lambda ids: (
            Target.objects.filter(indicator__goal_id__in=ids)
            .order_by("indicator_id", "year")
            .values_list(
                "indicator_id",
                "year",
                "comparator",
                "value",  # 3
                "reference_description",
                "reference_indicator_id",
                "reference_indicator__name",
                "tolerance",  # 7
                "indicator__unit",
            )
        ),
        ids,
    )
    value_of = target_rows.converters.get(3, _plain)
    tolerance_of = target_rows.converters.get(7, _plain)
    values: dict[Any, tuple[decimal.Decimal | None, float | None]] = {}  # raw value -> its decimal and figure
    tolerances: dict[Any, float | None] = {}
    for (
        indicator_id,
        year,
        comparator,
        raw,
        description,
        reference_id,
        reference_name,
        raw_tolerance,
        unit,
    ) in target_rows.converted(but=(3, 7)):
        value = values.get(raw)
        if value is None:
            number = value_of(raw)
            value = values[raw] = (number, _figure(number))
        tolerance = tolerances.get(raw_tolerance, _NONE)
        if tolerance is _NONE:
            tolerance = tolerances[raw_tolerance] = _figure(tolerance_of(raw_tolerance))
        reference = description or (reference_name if reference_id else "")
        targets_of[indicator_id].append(
            {
                "year": year,
                "comparator": comparator,
                "value": value[1],
                "reference_description": description,
                "reference_indicator": reference_id,
                "tolerance": tolerance,
                "sentence": _sentence(language, comparator, value[0], unit, reference),
            }
        )

    return [
        {
            "id": goal_id,
            "level": level,
            "kind": kind,
            "status": status,
            "committee": None
            if committee_id is None
            else {"id": committee_id, "slug": slug, "abbreviation": abbreviation, "name": committee_name},
            "title": title,
            "description": description,
            "first_year": first_year,
            "last_year": last_year,
            "focus_areas": areas.get(goal_id, []),
            "contributes_to": contributes.get(goal_id, []),
            "indicators": indicators.get(goal_id, []),
            "fulfillment": None,
        }
        for (
            goal_id,
            level,
            kind,
            status,
            title,
            description,
            first_year,
            last_year,
            committee_id,
            slug,
            abbreviation,
            committee_name,
        ) in rows
    ]
