from __future__ import annotations

from django.urls import path

from goals import views, views_cascade, views_followups, views_initiatives, views_reports

app_name = "goals"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("<int:pk>/", views.goal_detail, name="goal"),
    # Follow-ups: the read view, the editor and its sections, the workflow steps.
    path("uppfoljningar/<int:followup>/", views_followups.followup_detail, name="followup_detail"),
    path("uppfoljningar/<int:followup>/redigera/", views_followups.followup_edit, name="followup_edit"),
    path(
        "uppfoljningar/<int:followup>/bedomningar/<int:assessment>/",
        views_followups.followup_save_assessment,
        name="followup_save_assessment",
    ),
    path(
        "uppfoljningar/<int:followup>/indikatorer/",
        views_followups.followup_save_indicators,
        name="followup_save_indicators",
    ),
    path(
        "uppfoljningar/<int:followup>/ekonomi/", views_followups.followup_save_financial, name="followup_save_financial"
    ),
    path(
        "uppfoljningar/<int:followup>/investeringar/",
        views_followups.followup_save_investments,
        name="followup_save_investments",
    ),
    path("uppfoljningar/<int:followup>/handelser/", views_followups.followup_save_events, name="followup_save_events"),
    path(
        "uppfoljningar/<int:followup>/lamna-in/",
        views_followups.followup_step,
        {"action": "submit"},
        name="followup_submit",
    ),
    path(
        "uppfoljningar/<int:followup>/godkann/",
        views_followups.followup_step,
        {"action": "approve"},
        name="followup_approve",
    ),
    path(
        "uppfoljningar/<int:followup>/skicka-tillbaka/",
        views_followups.followup_step,
        {"action": "return"},
        name="followup_return",
    ),
    path(
        "uppfoljningar/<int:followup>/acceptera/",
        views_followups.followup_step,
        {"action": "accept"},
        name="followup_accept",
    ),
    path(
        "uppfoljningar/<int:followup>/publicera/",
        views_followups.followup_step,
        {"action": "publish"},
        name="followup_publish",
    ),
    # Reporting periods: the strategist's overview, opening and closing, the Excel export.
    path("perioder/", views_followups.period_list, name="period_list"),
    path("perioder/ny/", views_followups.period_create, name="period_create"),
    path("perioder/<int:period>/", views_followups.period_overview, name="period_overview"),
    path("perioder/<int:period>/andra/", views_followups.period_edit, name="period_edit"),
    path("perioder/<int:period>/oppna/", views_followups.period_open, name="period_open"),
    path("perioder/<int:period>/stang/", views_followups.period_close, name="period_close"),
    path("perioder/<int:period>/excel/", views_followups.period_export, name="period_export"),
    # The annual fulfillment: reports, starting a compilation, its progress, publishing, Excel and PDF.
    path("maluppfyllelse/", views_reports.report_list, name="report_list"),
    path("maluppfyllelse/sammanstall/", views_reports.report_start, name="report_start"),
    path("maluppfyllelse/<int:report>/", views_reports.report_detail, name="report_detail"),
    path("maluppfyllelse/<int:report>/forlopp/", views_reports.report_progress, name="report_progress"),
    path("maluppfyllelse/<int:report>/publicera/", views_reports.report_publish, name="report_publish"),
    path("maluppfyllelse/<int:report>/excel/", views_reports.report_xlsx, name="report_xlsx"),
    path("maluppfyllelse/<int:report>/pdf/", views_reports.report_pdf, name="report_pdf"),
    # Employer initiatives: the HR editor's list, editor, preview and status steps (views_initiatives.py).
    path("arbetsgivarsatsningar/", views_initiatives.initiative_list, name="initiative_list"),
    path("arbetsgivarsatsningar/ny/", views_initiatives.initiative_create, name="initiative_create"),
    path("arbetsgivarsatsningar/<int:initiative>/", views_initiatives.initiative_detail, name="initiative_detail"),
    path("arbetsgivarsatsningar/<int:initiative>/andra/", views_initiatives.initiative_edit, name="initiative_edit"),
    path(
        "arbetsgivarsatsningar/<int:initiative>/publicera/",
        views_initiatives.initiative_publish,
        name="initiative_publish",
    ),
    path(
        "arbetsgivarsatsningar/<int:initiative>/schemalagg/",
        views_initiatives.initiative_schedule,
        name="initiative_schedule",
    ),
    path(
        "arbetsgivarsatsningar/<int:initiative>/avpublicera/",
        views_initiatives.initiative_unpublish,
        name="initiative_unpublish",
    ),
    path(
        "arbetsgivarsatsningar/<int:initiative>/arkivera/",
        views_initiatives.initiative_archive,
        name="initiative_archive",
    ),
    # The goal cascade: the tree and one node of it per level (htmx), its gaps, the strategy map, a committee.
    path("malkedja/", views_cascade.cascade, name="cascade"),
    path("malkedja/fokusomrade/<int:focus_area>/", views_cascade.cascade_focus_area, name="cascade_focus_area"),
    path("malkedja/mal/<int:pk>/", views_cascade.cascade_goal, name="cascade_goal"),
    path("malkedja/luckor/", views_cascade.cascade_gaps, name="cascade_gaps"),
    path("malkedja/karta/", views_cascade.cascade_map, name="cascade_map"),
    path("malkedja/namnd/<slug:slug>/", views_cascade.cascade_committee, name="cascade_committee"),
]
