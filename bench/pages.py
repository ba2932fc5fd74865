"""The pages the benchmark measures, found by their URL names; pages not built yet are listed as such.

Pages that other work adds (the cascade, the committee page, the public site) are looked
up by name patterns when the run starts, so the benchmark measures them as soon as they
exist, without a change here. docs/benchmark.md lists the patterns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch

from bench.hostile import HOSTILE_SLUG
from followups.models import FollowUp
from fulfillment.models import FulfillmentReport
from goals.models import EmployerInitiative, Goal
from portal.models import Committee, ReportingPeriod


@dataclass(frozen=True)
class PageSpec:
    key: str
    label: str
    user: str | None  # a key of bench.generator.USERS; None: not signed in
    url: str | None  # None: not built
    url_name: str = ""


def url_names() -> list[str]:
    """Every named URL of the current URLconf, with its namespaces ("goals:overview")."""

    def walk(patterns: Iterable[URLPattern | URLResolver], prefix: str) -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                yield from walk(pattern.url_patterns, namespace)
            elif pattern.name:
                yield prefix + pattern.name

    return sorted(set(walk(get_resolver().url_patterns, "")))


def _first(names: list[str], pattern: str, kwargs_options: list[dict[str, object]]) -> tuple[str, str] | None:
    """The first URL name matching ``pattern`` that reverses with one of ``kwargs_options``: (name, url)."""
    for name in names:
        if not re.search(pattern, name):
            continue
        for kwargs in kwargs_options:
            try:
                return name, reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                continue
    return None


def page_specs(*, year: int) -> list[PageSpec]:
    """Every page of issue 10's list, with its URL in the synthetic data, or None where it is not built."""
    names = url_names()
    committee = Committee.objects.exclude(kind=Committee.Kind.COUNCIL).order_by("sort_order").first()
    assert committee is not None, "no synthetic data: run the generator first"
    goal = Goal.objects.council().order_by("sort_order", "pk").first()
    period = ReportingPeriod.objects.open().order_by("-figures_date").first()
    followup = FollowUp.objects.filter(committee=committee, period=period).first()
    report = FulfillmentReport.objects.filter(year=year, as_of=None).order_by("-version").first()
    hostile = EmployerInitiative.objects.public().filter(slug=HOSTILE_SLUG).exists()
    by_committee: list[dict[str, object]] = [
        {"slug": committee.slug},
        {"committee": committee.slug},
        {"pk": committee.pk},
        {"committee": committee.pk},
        {"committee_id": committee.pk},
    ]
    by_goal: list[dict[str, object]] = [{"pk": goal.pk}, {"goal": goal.pk}] if goal else []

    def found(key: str, label: str, user: str | None, pattern: str, kwargs: list[dict[str, object]]) -> PageSpec:
        hit = _first(names, pattern, kwargs)
        return PageSpec(key, label, user, hit[1] if hit else None, hit[0] if hit else pattern)

    def named(key: str, label: str, user: str | None, name: str, kwargs: dict[str, object] | None) -> PageSpec:
        if kwargs is None:
            return PageSpec(key, label, user, None, name)
        return PageSpec(key, label, user, reverse(name, kwargs=kwargs), name)

    specs = [
        PageSpec(f"dashboard_{role}", f"Min sida ({role})", role, reverse("portal:dashboard"), "portal:dashboard")
        for role in ("strategist", "reporter", "approver", "manager", "hr_editor", "viewer")
    ]
    cascade = found("cascade", "Kaskaden, överst", "manager", r"(^|:)cascade(_index|_tree)?$", [{}])
    specs.append(cascade)
    # The cascade filtered to one committee (its filter parameter is "namnd").
    cascade_committee = PageSpec(
        "cascade_committee",
        "Kaskaden, öppnad vid en nämnd",
        "manager",
        f"{cascade.url}?namnd={committee.slug}" if cascade.url is not None else None,
        f"{cascade.url_name}?namnd=",
    )
    specs.append(cascade_committee)
    specs += [
        found(
            "committee",
            "Nämndsida",
            "manager",
            r"^(goals|portal|budgets):(cascade_)?committee(_detail|_page)?$",
            by_committee,
        ),
        named(
            "followup_editor",
            "Uppföljning, redigera",
            "reporter",
            "followups:followup_edit",
            {"followup": followup.pk} if followup else None,
        ),
        named(
            "period_overview",
            "Periodöversikt",
            "strategist",
            "followups:period_overview",
            {"period": period.pk} if period else None,
        ),
        named("budget_document", "Budgetdokumentet", "strategist", "budgets:document", {}),
        named(
            "fulfillment_report",
            "Måluppfyllelse, rapport",
            "strategist",
            "fulfillment:report_detail",
            {"report": report.pk} if report else None,
        ),
        named("goal_overview", "Kommunfullmäktiges mål", "viewer", "goals:overview", {}),
        found("public_start", "Publik startsida", None, r"^public[^:]*:(home|start|index)$", [{}]),
        found("public_goal", "Publik målsida", None, r"^public[^:]*:goal(_detail)?$", by_goal),
        found("public_goals", "Publik mållista", None, r"^public[^:]*:goals$", [{}]),
        named(
            "public_initiative_hostile",
            "Publik satsning, fientlig Markdown",
            None,
            "public:initiative",
            {"initiative_slug": HOSTILE_SLUG} if hostile else None,
        ),
        named("api_goals", "API: mållistan", None, "api:goals", {}),
        named("portal_start", "Portalens startsida", None, "portal:home", {}),
    ]
    return specs
