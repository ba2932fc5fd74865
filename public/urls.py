"""The public site (public/views.py), under /offentlig/; portal/urls.py includes it."""

from __future__ import annotations

from django.urls import path

from public import views, views_reporting

app_name = "public"

urlpatterns = [
    path("", views.start, name="start"),
    path("mal/", views.goals, name="goals"),
    path("mal/<int:goal>/", views.goal, name="goal"),
    path("namnder/", views.committees, name="committees"),
    path("namnder/<slug:committee>/", views.committee, name="committee"),
    path("budget/", views.budget, name="budget"),
    path("budget/<int:year>/", views.budget_year, name="budget_year"),
    path("uppfoljningar/", views.followups, name="followups"),
    path("uppfoljningar/<int:followup>/", views.followup, name="followup"),
    path("maluppfyllelse/", views.reports, name="reports"),
    path("maluppfyllelse/<int:report>/", views.report, name="report"),
    path("maluppfyllelse/<int:report>/pdf/", views.report_pdf, name="report_pdf"),
    path("delar-och-bokslut/", views_reporting.annual_reports, name="annual_reports"),
    path("delar-och-bokslut/<int:year>/<slug:kind>/", views_reporting.annual_report, name="annual_report"),
    path(
        "delar-och-bokslut/<int:year>/<slug:kind>/rapport.pdf",
        views_reporting.annual_report_pdf,
        name="annual_report_pdf",
    ),
    path(
        "delar-och-bokslut/<int:year>/<slug:kind>/rapport.xlsx",
        views_reporting.annual_report_xlsx,
        name="annual_report_xlsx",
    ),
    path("arbetsgivarsatsningar/", views.initiatives, name="initiatives"),
    path("arbetsgivarsatsningar/flode.atom", views.InitiativeFeed(), name="initiative_feed"),
    path("arbetsgivarsatsningar/<slug:initiative_slug>/", views.initiative, name="initiative"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
]
