"""The goal cascade: the tree with its filters (htmx opens and closes a node, one partial per level),
its gaps as a list, the strategy map, and a committee's page.

Goals are internal reading for every role (``goals.view_goals``); a committee's page is for internal
readers and the committee's own members (``portal.view_committee``, 404 for the rest), and the overdue
follow-ups among the gaps are only those the user may read. Statuses: fulfillment.cascade.load_statuses.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_htmx.http import push_url

from budgets.models import Basis as BudgetBasis
from budgets.models import InvestmentBudget, OperatingBudget
from followups.models import FollowUp
from fulfillment import cascade as domain
from fulfillment.charts import strategy_map, trend_line
from goals.models import Measurement, Vision
from goals.paging import GoalPage, page_number
from goals.status import Status
from planning.models import Assignment
from portal.access import get_committee_for_user, request_user, require_perm
from portal.http import is_htmx_swap
from portal.models import Committee, ReportingPeriod
from portal.querystring import FIRST_YEAR, LAST_YEAR, query_number, query_year

VIEW_GOALS = "goals.view_goals"


def _read_filters(
    request: HttpRequest, periods_by_year: dict[int, list[ReportingPeriod]], committees: list[Committee]
) -> tuple[domain.Filters, list[str]]:
    """The filters in the query string; a value that names nothing is dropped and said so."""
    query = request.GET
    problems = []
    year = timezone.localdate().year
    if query.get("ar"):
        year = query_year(request, year)
        if query_number(request, "ar", minimum=FIRST_YEAR, maximum=LAST_YEAR) is None:
            problems.append(
                _("Året ”%(value)s” är inte ett år. Visar %(year)d.") % {"value": query["ar"][:20], "year": year}
            )
    period = None
    if query.get("period"):
        period = next((p for p in periods_by_year.get(year, []) if str(p.pk) == query["period"]), None)
        if period is None:
            problems.append(_("Perioden finns inte för %(year)d. Visar hela året.") % {"year": year})
    committee = None
    if query.get("namnd"):
        committee = next((c for c in committees if c.slug == query["namnd"]), None)
        if committee is None:
            problems.append(_("Nämnden finns inte. Visar alla nämnder."))
    focus_area = None
    if query.get("fokusomrade"):
        try:
            focus_area = int(query["fokusomrade"])
        except ValueError:
            problems.append(_("Fokusområdet finns inte. Visar alla fokusområden."))
    status = query.get("status", "")
    if status and status not in Status.values:
        problems.append(_("Okänd måluppfyllelse. Visar alla."))
        status = ""
    return domain.Filters(year, period, committee, focus_area, status), problems


def _cascade_context(request: HttpRequest, toggle: str = "", *, whole: bool = False) -> dict[str, Any]:
    """Everything the cascade page and its partials show, with the node ``toggle`` opened or closed.
    Queries: the periods, the committees, the vision, then fulfillment.cascade.load_statuses (a fixed number)."""
    periods = list(ReportingPeriod.objects.order_by("year", "figures_date", "pk"))
    periods_by_year: dict[int, list[ReportingPeriod]] = {}
    for period in periods:
        periods_by_year.setdefault(period.year, []).append(period)
    committees = list(Committee.objects.active().order_by("sort_order", "name"))
    filters, problems = _read_filters(request, periods_by_year, committees)
    year_periods = periods_by_year.get(filters.year, [])
    statuses = domain.load_statuses(
        user=request_user(request), year=filters.year, period=filters.period, periods=year_periods
    )
    state = domain.TreeState.from_query(
        dict(request.GET.lists()),
        large=len(statuses.fulfillment.goals) > domain.OPEN_LIMIT,
        focus_area_keys=[f"f{area.id}" for area in statuses.fulfillment.focus_areas],
    )
    if toggle:
        state = state.toggled(toggle)
    if whole:  # the strategy map draws every goal, whatever the tree shows open
        state = domain.TreeState()
    tree = domain.build_cascade(
        statuses=statuses, committees={c.name: c for c in committees}, filters=filters, state=state
    )
    return {
        "vision": Vision.objects.current(),
        "tree": tree,
        "statuses": statuses,
        "filters": filters,
        "problems": problems,
        "periods": year_periods,
        "committees": committees,
        "focus_areas": statuses.fulfillment.focus_areas,
        "status_choices": Status.choices,
        "collapsed_query": urlencode([*filters.query(), ("fallt", "1")]),
        "state": state,
        "page_query": urlencode(filters.query() + state.query()),
    }


@require_GET
@login_required
def cascade(request: HttpRequest) -> HttpResponse:
    require_perm(request, VIEW_GOALS)
    context = _cascade_context(request)
    today = timezone.localdate()
    context["gaps"] = domain.find_gaps(
        year=context["filters"].year, user=request_user(request), today=today, committee=context["filters"].committee
    )
    template = "fulfillment/cascade.html#body" if is_htmx_swap(request) else "fulfillment/cascade.html"
    return render(request, template, context)


def _node(request: HttpRequest, key: str) -> HttpResponse:
    """One node opened or closed (``?toggle=<key>``, with the tree's state and filters that htmx sends
    from the page's #cascade-state form): the node's partial for its level, the state form out of band,
    and the page's address with the new state pushed to the browser's history."""
    require_perm(request, VIEW_GOALS)
    toggle = request.GET.get("toggle", "")
    context = _cascade_context(request, toggle=toggle if toggle == key else "")
    page_url = f"{reverse('fulfillment:cascade')}?{context['page_query']}"
    if not is_htmx_swap(request):
        # Every toggle's href is the whole page; this address answers htmx, and sends the rest there.
        return redirect(page_url)
    node = context["tree"].find(key)
    if node is None:
        raise Http404
    if isinstance(node, domain.FocusAreaNode):
        partial = "focus_area_node"
    elif node.is_council_goal:
        partial = "council_goal_node"
    else:
        partial = "committee_goal_node"
    context |= {"node": node, "oob": True}
    html = render_to_string(f"fulfillment/cascade.html#{partial}", context, request) + render_to_string(
        "fulfillment/cascade.html#state_form", context, request
    )
    return push_url(HttpResponse(html), page_url)


@require_GET
@login_required
def cascade_focus_area(request: HttpRequest, focus_area: int) -> HttpResponse:
    return _node(request, f"f{focus_area}")


@require_GET
@login_required
def cascade_goal(request: HttpRequest, pk: int) -> HttpResponse:
    return _node(request, f"g{pk}")


@require_GET
@login_required
def cascade_gaps(request: HttpRequest) -> HttpResponse:
    require_perm(request, VIEW_GOALS)
    year = query_year(request, timezone.localdate().year)
    gaps = domain.find_gaps(year=year, user=request_user(request), today=timezone.localdate())
    return render(request, "fulfillment/cascade_gaps.html", {"gaps": gaps, "year": year})


@require_GET
@login_required
def cascade_map(request: HttpRequest) -> HttpResponse:
    require_perm(request, VIEW_GOALS)
    context = _cascade_context(request, whole=True)
    context["map"] = strategy_map(context["tree"])
    return render(request, "fulfillment/cascade_map.html", context)


COMMITTEE_GOALS_PER_PAGE = 10


@require_GET
@login_required
def committee_list(request: HttpRequest) -> HttpResponse:
    """The committees the user may open: every one for internal readers, their own for members.
    One query for the committees (the roles are read once per request)."""
    require_perm(request, VIEW_GOALS)
    committees = [
        committee
        for committee in Committee.objects.active().order_by("sort_order", "name")
        if request.user.has_perm("portal.view_committee", committee)
    ]
    return render(request, "fulfillment/committee_list.html", {"committees": committees})


@require_GET
@login_required
def cascade_committee(request: HttpRequest, slug: str) -> HttpResponse:
    """A committee's goals with trend charts (COMMITTEE_GOALS_PER_PAGE at a time), its budget against
    outcome and forecast, its assignments, its follow-ups.
    Queries: the committee, the periods, compute_year and the reports (load_statuses), the measurements,
    the budgets (two), the follow-ups with their outcomes, the assignments."""
    committee = get_committee_for_user(request, slug, "portal.view_committee")
    year = query_year(request, timezone.localdate().year)
    periods = list(ReportingPeriod.objects.for_year(year))
    statuses = domain.load_statuses(user=request_user(request), year=year, period=None, periods=periods)
    every = [goal for goal in statuses.fulfillment.goals if goal.committee == committee.name]
    page = GoalPage.of(page_number(request), len(every), COMMITTEE_GOALS_PER_PAGE)
    goals = page.slice(every)
    indicator_ids = [item.id for goal in goals for item in goal.indicators]
    history: dict[int, dict[int, Any]] = {}
    for measurement in Measurement.objects.filter(
        indicator_id__in=indicator_ids,
        period=Measurement.Period.YEAR,
        basis=Measurement.Basis.OUTCOME,
        value__isnull=False,
        year__gte=year - 5,
        year__lte=year,
    ).only("indicator_id", "year", "value"):
        history.setdefault(measurement.indicator_id, {})[measurement.year] = measurement.value
    years = list(range(year - 4, year + 1))
    goal_rows = []
    for goal in goals:
        indicators = []
        for item in goal.indicators:
            points = [(y, history.get(item.id, {}).get(y)) for y in years]
            indicators.append(
                {
                    "item": item,
                    "status": statuses.status(domain.INDICATOR, item.id),
                    "trend": statuses.trend(domain.INDICATOR, item.id),
                    "chart": trend_line(points),
                    "points": points,
                    "unit": item.inputs.get("unit", ""),
                }
            )
        goal_rows.append(
            {
                "goal": goal,
                "status": statuses.status(domain.GOAL, goal.id),
                "trend": statuses.trend(domain.GOAL, goal.id),
                "indicators": indicators,
            }
        )
    operating = _sum(
        OperatingBudget.objects.filter(committee=committee, year=year, basis=BudgetBasis.BUDGET).values_list(
            "amount", flat=True
        )
    )
    investment = _sum(InvestmentBudget.objects.filter(committee=committee, year=year).values_list("amount", flat=True))
    followups = list(
        FollowUp.objects.filter(committee=committee)
        .select_related("period", "financial_outcome", "investment_outcome")
        .order_by("-period__year", "-period__figures_date", "-pk")
    )
    this_year = [followup for followup in followups if followup.period.year == year]
    return render(
        request,
        "fulfillment/cascade_committee.html",
        {
            "committee": committee,
            "year": year,
            "goal_rows": goal_rows,
            "page": page,
            "page_prefix": f"ar={year}&",
            "statuses": statuses,
            "operating_budget": operating,
            "investment_budget": investment,
            "finance_rows": [_finance_row(followup) for followup in this_year],
            "followups": followups,
            "assignments": list(Assignment.objects.for_year(year).filter(owner=committee).order_by("title")),
            "gaps": domain.find_gaps(
                year=year, user=request_user(request), today=timezone.localdate(), committee=committee
            ),
        },
    )


def _sum(values: Any) -> Any:
    values = list(values)
    return sum(values) if values else None


def _finance_row(followup: FollowUp) -> dict[str, Any]:
    financial = getattr(followup, "financial_outcome", None)
    investment = getattr(followup, "investment_outcome", None)

    def deviation(budget: Any, forecast: Any) -> Any:
        return budget - forecast if budget is not None and forecast is not None else None

    return {
        "followup": followup,
        "financial": financial,
        "financial_deviation": deviation(financial.budget, financial.forecast) if financial else None,
        "investment": investment,
        "investment_deviation": deviation(investment.budget, investment.forecast) if investment else None,
    }
